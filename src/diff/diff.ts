/**
 * Declared schema vs last snapshot → the operations that take the database from one to the other,
 * the problems that stop an emit, and the next snapshot (the declared schema plus what
 * expand/contract renames keep alive in the database).
 */
import type { ForeignKeyIR, SchemaIR, SchemaIssue, TableIR, TransitionIR } from "../ir/types.js";
import { possibleRenames, unacknowledgedDataLoss, unacknowledgedEnumRemovals, type DestructiveContext } from "./acknowledgements.js";
import { checkDefinition, foreignKeyDefinition, indexDefinition } from "./objects.js";
import { matchTables, type TablePair } from "./match-tables.js";
import type { Operation } from "./operations.js";
import { contractRetiredColumn, diffExistingTable } from "./table-changes.js";
import { enumTypeChanges } from "./enum-types.js";
import { isolationChanges, newKeyIssues, orderAfterNewKeys } from "./isolation.js";
import { primaryKeyName } from "../ir/naming.js";

export interface DiffOptions {
  /** `--allow-destructive`: acknowledges every data loss except likely renames. */
  allowDestructive: boolean;
}

export interface SchemaDiff {
  /** Grouped by table, in no migration order yet: `splitChangeSets` orders and splits them. */
  operations: Operation[];
  issues: SchemaIssue[];
  /** What the database looks like once every operation ran: the next snapshot. */
  snapshot: SchemaIR;
}

const NO_TRANSITION: TransitionIR = { view: null, columns: [] };

/**
 * @example
 * const { operations, issues, snapshot } = diffSchemas(lastSnapshot, declared, { allowDestructive: false });
 * operations.map((op) => op.kind) // ["addColumn", "addIndex"]
 */
export function diffSchemas(previous: SchemaIR, next: SchemaIR, options: DiffOptions): SchemaDiff {
  const { pairs, created, dropped } = matchTables(previous, next);
  const renamedTables = new Map(pairs.filter((pair) => pair.rename !== null).map((pair) => [pair.previous.tableName, pair.next.tableName]));
  // PostgreSQL follows a renamed table in the foreign keys that point at it: those of tables kept,
  // of tables dropped (their down recreates them while the rename holds) and of retired columns.
  const followRenames = (fk: ForeignKeyIR): ForeignKeyIR => ({ ...fk, referencedTable: renamedTables.get(fk.referencedTable) ?? fk.referencedTable });
  const asRenamed = (table: TableIR): TableIR => ({
    ...table,
    foreignKeys: table.foreignKeys.map(followRenames),
    transition: { ...table.transition, columns: table.transition.columns.map((old) => ({ ...old, foreignKeys: old.foreignKeys.map(followRenames) })) },
  });
  const previousKeys = new Map(pairs.map((pair) => [pair.next.key, pair.previous.key]));
  const context: DestructiveContext = {
    acknowledgements: next.acknowledgements,
    allowDestructive: options.allowDestructive,
    previousKey: (table) => previousKeys.get(table.key) ?? table.key,
  };

  const operations: Operation[] = [];
  const issues: SchemaIssue[] = [];
  const transitions = new Map<string, TransitionIR>();
  for (const pair of pairs) {
    const before = asRenamed(pair.previous);
    let view = before.transition.view;
    let base = before;
    if (pair.rename !== null) {
      base = renamedTable(before, pair.next);
      operations.push({ kind: "renameTable", from: pair.previous, table: base, strategy: pair.rename });
      if (pair.rename === "expand-contract") view = pair.previous.tableName;
    } else if (view !== null && pair.next.renamedFrom?.strategy !== "expand-contract") {
      operations.push({ kind: "dropCompatibilityView", table: pair.next, view });
      view = null;
    }
    const result = diffExistingTable(base, pair.next);
    if (view !== null) issues.push(...blockedByView(pair.next, view, result.operations));
    operations.push(...result.operations, ...isolationChanges(base, pair.next));
    issues.push(...result.issues, ...possibleRenames(pair.next, result.lookalikes, context), ...unacknowledgedEnumRemovals(pair.next, result.enumRemovals, context));
    transitions.set(pair.next.key, { view, columns: result.retired });
  }
  operations.push(...created.flatMap((table): Operation[] => [{ kind: "createTable", table }, ...isolationChanges(null, table)]));
  for (const table of dropped.map(asRenamed)) {
    // The view and the sync triggers' functions would outlive the table (or block its drop).
    if (table.transition.view !== null) operations.push({ kind: "dropCompatibilityView", table, view: table.transition.view });
    for (const old of table.transition.columns) {
      const to = table.columns.find((column) => column.name === old.replacedBy) ?? old.column;
      operations.push(...contractRetiredColumn(table, old, to));
    }
    operations.push(...isolationChanges(table, null), { kind: "dropTable", table });
  }
  const enums = enumTypeChanges(previous, next);
  operations.push(...enums.operations);
  issues.push(...enums.issues, ...unacknowledgedDataLoss(operations, context));
  const ordered = orderAfterNewKeys(operations);
  issues.push(...newKeyIssues(operations));

  const snapshot: SchemaIR = {
    ...next,
    tables: next.tables.map((table) => ({ ...table, transition: transitions.get(table.key) ?? NO_TRANSITION })),
  };
  return { operations: ordered, issues, snapshot };
}

/**
 * The previous table as the rename leaves it: new table name, and every object whose generated name
 * embeds the table name given the name the declaration now has (paired by definition).
 */
function renamedTable(previous: TableIR, next: TableIR): TableIR {
  const prefix = `${previous.tableName}_`;
  const rename = <T extends { name: string }>(items: readonly T[], candidates: readonly T[], definition: (item: T) => string): T[] => {
    const taken = new Set(items.map((item) => item.name));
    return items.map((item) => {
      if (!item.name.startsWith(prefix)) return item;
      const target = candidates.find((candidate) => !taken.has(candidate.name) && definition(candidate) === definition(item));
      if (target === undefined) return item;
      taken.add(target.name);
      return { ...item, name: target.name };
    });
  };
  const base: TablePair["previous"] = {
    ...previous,
    key: next.key,
    tableName: next.tableName,
    modelName: next.modelName,
    feature: next.feature,
    renamedFrom: next.renamedFrom,
    source: next.source,
    foreignKeys: previous.foreignKeys.map((fk) => (fk.referencedTable === previous.tableName ? { ...fk, referencedTable: next.tableName } : fk)),
    // PostgreSQL's name for the primary key follows the table (the rename renames it); a name of the database's own stays.
    primaryKey:
      previous.primaryKey !== null && previous.primaryKey.name === primaryKeyName(previous.tableName)
        ? { ...previous.primaryKey, name: primaryKeyName(next.tableName) }
        : previous.primaryKey,
  };
  return {
    ...base,
    indexes: rename(base.indexes, next.indexes, indexDefinition),
    checks: rename(base.checks, next.checks, checkDefinition),
    foreignKeys: rename(base.foreignKeys, next.foreignKeys, foreignKeyDefinition),
  };
}

/**
 * The compatibility view of a table rename in progress selects every column as it was: PostgreSQL
 * refuses to drop or retype a column the view uses. Such changes wait for the contract.
 */
function blockedByView(table: TableIR, view: string, operations: readonly Operation[]): SchemaIssue[] {
  const blocked = operations.flatMap((op) =>
    op.kind === "dropColumn" ? [op.column.name] : op.kind === "alterColumnType" || op.kind === "contractColumnRename" ? [op.from.name] : [],
  );
  if (blocked.length === 0) return [];
  return [
    {
      code: "blocked-by-compatibility-view",
      message: `table '${table.key}' still answers to its old name '${view}' through a compatibility view (its expand/contract rename is not contracted), and the view uses column${blocked.length > 1 ? "s" : ""} ${blocked.map((name) => `'${name}'`).join(", ")}: finish the rename first (remove .renamedFrom(...) from the table and emit), then drop or retype the column${blocked.length > 1 ? "s" : ""}`,
      table: table.key,
      source: table.source,
    },
  ];
}
