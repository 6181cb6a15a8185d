/**
 * Operations → change sets: one per feature, each with up to three migrations (transactional;
 * backfills and validations; concurrent indexes), features ordered so that a table exists before
 * a foreign key points at it and outlives every foreign key pointing at it.
 */
import type { ColumnIR, SchemaIssue, TableIR } from "../ir/types.js";
import { describeChange } from "./describe.js";
import type { ChangeSet, MigrationPlan, Operation } from "./operations.js";
import { phaseOf, rankOf, topologicalOrder, type Phase } from "./order.js";
import { addSeconds, isMigrationTimestamp } from "./timestamp.js";

const PHASE_SUFFIX: Record<Phase, (ops: readonly Operation[]) => string> = {
  0: () => "",
  1: (ops) => (ops.some((op) => op.kind === "backfill" || op.kind === "remapEnumValues") ? "-backfill" : "-validate"),
  2: () => "-indexes",
};

/**
 * Table names an operation needs to exist under their new names: foreign keys it creates, and
 * those its down re-creates (a dropped foreign key or table names a table renamed by the same emit
 * by its new name, so the rename runs first and is undone after that down).
 */
function referencedTables(op: Operation): string[] {
  if (op.kind === "createTable") return [...op.table.foreignKeys.map((fk) => fk.referencedTable), ...enumTypesOf(op.table.columns)];
  if (op.kind === "dropTable") return op.table.foreignKeys.map((fk) => fk.referencedTable);
  // A reference to a key the same emit adds waits for the feature that builds it.
  if (op.kind === "addForeignKey" && op.afterKey === true) return [op.foreignKey.referencedTable, `key:${op.foreignKey.referencedTable}`];
  if (op.kind === "addForeignKey" || op.kind === "dropForeignKey") return [op.foreignKey.referencedTable];
  if (op.kind === "addColumn") return enumTypesOf([op.column]);
  if (op.kind === "alterColumnType") return enumTypesOf([op.to]);
  return [];
}

/**
 * PostgreSQL ENUM types are ordered like tables: under a name of their own (`type:<name>`), so the
 * feature that creates one runs before those that use it, and the one that drops it after them.
 */
const enumTypesOf = (columns: readonly ColumnIR[]): string[] =>
  columns.flatMap((column) => (column.type.kind === "pgEnum" ? [`type:${column.type.name}`] : []));

/** Table (and type) names whose foreign keys (columns) an operation removes. */
function releasedTables(op: Operation): string[] {
  if (op.kind === "dropForeignKey") return [op.foreignKey.referencedTable];
  if (op.kind === "dropTable") return [...op.table.foreignKeys.map((fk) => fk.referencedTable), ...enumTypesOf(op.table.columns)];
  if (op.kind === "dropColumn") return enumTypesOf([op.column]);
  if (op.kind === "alterColumnType") return enumTypesOf([op.from]);
  return [];
}

/** Table (and type) names an operation makes exist under their final name. */
function providedTables(op: Operation): string[] {
  if (op.kind === "createEnumType") return [`type:${op.name}`];
  if (op.kind === "addIndex" && op.concurrently && op.index.unique) return [`key:${op.table.tableName}`];
  return op.kind === "createTable" || op.kind === "renameTable" ? [op.table.tableName] : [];
}

/** Table (and type) names an operation drops. */
function droppedTables(op: Operation): string[] {
  if (op.kind === "dropEnumType") return [`type:${op.name}`];
  return op.kind === "dropTable" ? [op.table.tableName] : [];
}

export interface SplitResult {
  /** In the order they must run; timestamps strictly increase across all migrations. */
  changeSets: ChangeSet[];
  /** Orders no migration sequence can satisfy. */
  issues: SchemaIssue[];
}

/**
 * @example
 * splitChangeSets(diff.operations, "20261125093000", null).changeSets.map((c) => c.migrations.map((m) => m.description))
 * // [["add-priority-to-tickets", "add-priority-to-tickets-indexes"]]
 */
export function splitChangeSets(operations: readonly Operation[], now: string, lastTimestamp: string | null): SplitResult {
  if (!isMigrationTimestamp(now)) throw new Error(`now must be YYYYMMDDHHMMSS, got ${JSON.stringify(now)}`);
  if (lastTimestamp !== null && !isMigrationTimestamp(lastTimestamp)) {
    throw new Error(`lastTimestamp must be YYYYMMDDHHMMSS, got ${JSON.stringify(lastTimestamp)}`);
  }
  const issues: SchemaIssue[] = [];
  const features = [...new Set(operations.map((op) => op.table.feature))];
  const opsOf = (feature: string) => operations.filter((op) => op.table.feature === feature);
  const providers = new Map<string, string>();
  const droppers = new Map<string, string>();
  for (const op of operations) {
    for (const name of providedTables(op)) providers.set(name, op.table.feature);
    for (const name of droppedTables(op)) droppers.set(name, op.table.feature);
  }
  const dependencies = new Map<string, Set<string>>(features.map((feature) => [feature, new Set<string>()]));
  for (const op of operations) {
    const feature = op.table.feature;
    for (const name of referencedTables(op)) {
      const provider = providers.get(name);
      if (provider !== undefined && provider !== feature) dependencies.get(feature)!.add(provider);
    }
    for (const name of releasedTables(op)) {
      const dropper = droppers.get(name);
      if (dropper !== undefined && dropper !== feature) dependencies.get(dropper)!.add(feature);
    }
  }
  const featureOrder = topologicalOrder(features, (feature) => [...dependencies.get(feature)!]);
  if (featureOrder.cyclic.length > 0) {
    const first = opsOf(featureOrder.cyclic[0]!)[0]?.table;
    issues.push({
      code: "feature-cycle",
      message: `features ${featureOrder.cyclic.map((f) => `'${f}'`).join(", ")} reference each other's new tables, so no migration order works; move the tables into one feature`,
      table: first?.key ?? null,
      source: first?.source ?? null,
    });
  }

  let timestamp = lastTimestamp !== null && addSeconds(lastTimestamp, 1) > now ? addSeconds(lastTimestamp, 1) : now;
  const changeSets = featureOrder.order.map((feature): ChangeSet => {
    const ops = opsOf(feature);
    const phases = ([0, 1, 2] as const)
      .map((phase) => ({ phase, operations: orderWithin(ops.filter((op) => phaseOf(op) === phase), issues) }))
      .filter(({ operations: inPhase }) => inPhase.length > 0);
    const description = describeChange(phases.flatMap((phase) => phase.operations));
    const migrations = phases.map(({ phase, operations: inPhase }): MigrationPlan => {
      const plan = { feature, description: `${description}${PHASE_SUFFIX[phase](inPhase)}`, timestamp, transaction: phase === 0, operations: inPhase };
      timestamp = addSeconds(timestamp, 1);
      return plan;
    });
    return { feature, migrations };
  });
  return { changeSets, issues };
}

/** Stable by rank; new tables in foreign-key order, dropped tables in the reverse one. */
function orderWithin(operations: readonly Operation[], issues: SchemaIssue[]): Operation[] {
  const ranked = operations.map((op, index) => ({ op, index })).sort((a, b) => rankOf(a.op) - rankOf(b.op) || a.index - b.index).map(({ op }) => op);
  const created = ranked.filter((op): op is Extract<Operation, { kind: "createTable" }> => op.kind === "createTable").map((op) => op.table);
  const dropped = ranked.filter((op): op is Extract<Operation, { kind: "dropTable" }> => op.kind === "dropTable").map((op) => op.table);
  const createOrder = tableOrder(created, issues, true);
  const dropOrder = tableOrder(dropped, issues, false).reverse();
  let createIndex = 0;
  let dropIndex = 0;
  return ranked.map((op): Operation => {
    if (op.kind === "createTable") return { kind: "createTable", table: createOrder[createIndex++]! };
    if (op.kind === "dropTable") return { kind: "dropTable", table: dropOrder[dropIndex++]! };
    return op;
  });
}

/** Referenced tables first; a cycle among new tables is reported (dropping one is fine: the drops go first). */
function tableOrder(tables: readonly TableIR[], issues: SchemaIssue[], reportCycles: boolean): TableIR[] {
  const byName = new Map(tables.map((table) => [table.tableName, table]));
  const byKey = new Map(tables.map((table) => [table.key, table]));
  const references = (key: string) =>
    byKey
      .get(key)!
      .foreignKeys.map((fk) => byName.get(fk.referencedTable)?.key)
      .filter((other): other is string => other !== undefined && other !== key);
  const order = topologicalOrder(
    tables.map((table) => table.key),
    references,
  );
  if (order.cyclic.length > 0 && reportCycles) {
    const first = byKey.get(order.cyclic[0]!);
    issues.push({
      code: "table-cycle",
      message: `new tables ${order.cyclic.map((k) => `'${k}'`).join(", ")} reference each other, so no creation order works; make one reference nullable and add it in a later change`,
      table: first?.key ?? null,
      source: first?.source ?? null,
    });
  }
  return order.order.map((key) => byKey.get(key)!);
}
