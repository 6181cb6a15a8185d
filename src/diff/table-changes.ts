/**
 * Operations for one table that exists before and after (possibly under a new name: the caller
 * passes `previous` already renamed). Columns first, then their indexes and constraints.
 */
import type { CheckIR, ColumnIR, IndexIR, RetiredColumnIR, SchemaIssue, TableIR } from "../ir/types.js";
import { addedColumn, changedColumn } from "./columns.js";
import { matchColumns } from "./match-columns.js";
import { diffObjects, dropObjectsOfColumn, objectsUsing, splitByReusedNames, type TableObjects } from "./objects.js";
import type { Operation } from "./operations.js";
import { quoteIdent } from "../ir/sql-quote.js";
import { classifyTypeChange } from "./type-change.js";

/** Enum values a column no longer allows: destructive, so an acknowledgement is needed. */
export interface EnumRemoval {
  column: ColumnIR;
  removed: string[];
}

export interface ExistingTableDiff {
  operations: Operation[];
  issues: SchemaIssue[];
  /** Old columns kept alive by expand/contract renames, as the next snapshot records them. */
  retired: RetiredColumnIR[];
  /** Dropped and added columns of one type with no hint between them: maybe a rename. */
  lookalikes: { dropped: ColumnIR; added: ColumnIR }[];
  /** Every enum column that lost values, whether a `changeEnumValues` or a re-added CHECK carries the change. */
  enumRemovals: EnumRemoval[];
}

/**
 * The contract of an expand/contract column rename: the retired column's indexes and constraints
 * are dropped explicitly first (as for a dropped column), so `down` recreates them after the
 * column is back.
 *
 * @example
 * contractRetiredColumn(tickets, retiredTitle, subject).map((op) => op.kind) // ["dropIndex", "contractColumnRename"]
 */
export function contractRetiredColumn(table: TableIR, old: RetiredColumnIR, to: ColumnIR): Operation[] {
  return [...dropObjectsOfColumn(table, old), { kind: "contractColumnRename", table, from: old.column, to }];
}

/**
 * @example
 * diffExistingTable(ticketsBefore, ticketsAfter).operations.map((op) => op.kind) // ["addColumn", "addIndex"]
 */
export function diffExistingTable(previous: TableIR, next: TableIR): ExistingTableDiff {
  const operations: Operation[] = [];
  const issues: SchemaIssue[] = [];
  const retired: RetiredColumnIR[] = [];
  const { pairs, added, dropped } = matchColumns(previous, next);
  // Direct renames first: objects kept for an expand/contract rename name the other columns as
  // the database will have them.
  const renamedFields = new Map(
    pairs.filter((pair) => pair.rename !== "expand-contract" && pair.previous.field !== pair.next.field).map((pair) => [pair.previous.field, pair.next.field]),
  );
  // An object kept with a retired column but also over a column dropped now goes with the
  // dropped column (PostgreSQL would drop it with that column anyway).
  const droppedFields = new Set(dropped.map((column) => column.field));

  for (const old of previous.transition.columns) {
    const replacement = next.columns.find((column) => column.name === old.replacedBy);
    const stillHinted = replacement?.renamedFrom?.from === old.column.name && replacement.renamedFrom.strategy === "expand-contract";
    if (stillHinted) {
      // Dropped before this change's column renames run: in the terms it has now.
      const gone = objectsUsing(old, droppedFields);
      operations.push(...dropObjectsOfColumn(next, gone));
      retired.push({ ...old, ...mapFields(withoutObjects(old, gone), renamedFields) });
      continue;
    }
    const to = replacement ?? previous.columns.find((column) => column.name === old.replacedBy) ?? old.column;
    operations.push(...contractRetiredColumn(next, old, to));
  }

  const retiredFields = new Set<string>();
  const claimed = new Set<string>();
  const handledChecks = new Set<string>();
  const retyped = { previous: new Set<string>(), next: new Set<string>() };
  const enumRemovals: EnumRemoval[] = [];
  const changes: Operation[] = [];
  for (const pair of pairs) {
    if (pair.rename === "expand-contract") {
      const { previous: from, next: to } = pair;
      retiredFields.add(from.field);
      // An object of the old column whose name the new table reuses (a declared name) cannot wait
      // for the contract: it is dropped now and the new one added the safe way; down restores it.
      // An object over two retired columns is kept once, with the first of them.
      // Objects that also use a dropped column are dropped with it (below), not kept.
      const ownObjects = objectsUsing(previous, new Set([from.field]));
      const unclaimed = withoutNames(withoutObjects(ownObjects, objectsUsing(ownObjects, droppedFields)), claimed);
      const { kept, clashing } = splitByReusedNames(unclaimed, next);
      for (const item of [...unclaimed.indexes, ...unclaimed.checks, ...unclaimed.foreignKeys]) claimed.add(item.name);
      // Dropped before this change's column renames run (in their terms now); kept ones name the
      // other columns as the database will have them.
      operations.push(...dropObjectsOfColumn(next, clashing));
      retired.push({ column: from, replacedBy: to.name, ...mapFields(kept, renamedFields) });
      operations.push({ kind: "expandColumnRename", table: next, from, to });
      changes.push({ kind: "backfill", table: next, column: to, expression: quoteIdent(from.field) });
      if (!to.nullable) changes.push({ kind: "setNotNull", table: next, column: to });
      continue;
    }
    let before = pair.previous;
    if (before.field !== pair.next.field) {
      operations.push({ kind: "renameColumn", table: next, from: before, to: pair.next });
    }
    before = { ...before, name: pair.next.name, field: pair.next.field };
    const changed = changedColumn(next, before, pair.next);
    changes.push(...changed.operations);
    issues.push(...changed.issues);
    const removed = removedEnumValues(before, pair.next);
    if (removed.length > 0) enumRemovals.push({ column: pair.next, removed });
    if (classifyTypeChange(before.type, pair.next.type).kind !== "none") {
      // Its checks are re-added around the type change instead (enum values included).
      retyped.previous.add(pair.previous.field);
      retyped.next.add(pair.next.field);
      continue;
    }
    const enumChange = enumValuesChange(next, mapFields(previous, renamedFields), before, pair.next);
    if (enumChange !== null) {
      changes.push(enumChange, { kind: "validateConstraint", table: next, name: enumChange.to.name });
      handledChecks.add(enumChange.from.name).add(enumChange.to.name);
    }
  }
  operations.push(...changes);
  operations.push(...checksAroundTypeChanges(previous, next, retyped, new Set([...droppedFields, ...retiredFields]), handledChecks));
  for (const column of added) {
    const result = addedColumn(next, column);
    operations.push(...result.operations);
    issues.push(...result.issues);
  }
  if (previous.description !== next.description) {
    operations.push({ kind: "alterTableComment", table: next, from: previous.description, to: next.description });
  }
  operations.push(...primaryKeyChanges(previous, next, renamedFields, issues));
  operations.push(
    ...diffObjects({
      previous: mapFields(previous, renamedFields),
      beforeRenames: previous,
      next,
      droppedFields,
      retiredFields,
      handledChecks,
    }),
  );
  operations.push(...dropped.map((column): Operation => ({ kind: "dropColumn", table: next, column })));
  const lookalikes = dropped.flatMap((old) =>
    added.filter((column) => JSON.stringify(column.type) === JSON.stringify(old.type)).slice(0, 1).map((column) => ({ dropped: old, added: column })),
  );
  return { operations, issues, retired, lookalikes, enumRemovals };
}

/**
 * PostgreSQL re-parses a CHECK over a column whose type changes (an enum CHECK becomes
 * `ARRAY[('low'::character varying)::text, ...]`), so the catalog would no longer match what a
 * fresh CHECK looks like, in either direction. Every check over a retyped column is dropped before
 * the type change and added again after it, NOT VALID then validated; `down` mirrors that. Checks
 * that also use a dropped or retired column are left to those (`skip`). Marks the checks it
 * handles in `handled` so the object diff leaves them alone.
 */
function checksAroundTypeChanges(
  previous: TableIR,
  next: TableIR,
  retyped: { previous: ReadonlySet<string>; next: ReadonlySet<string> },
  skip: ReadonlySet<string>,
  handled: Set<string>,
): Operation[] {
  if (retyped.previous.size === 0) return [];
  const over = (check: CheckIR, fields: ReadonlySet<string>) => check.columns.some((column) => fields.has(column));
  const drops = previous.checks.filter((check) => over(check, retyped.previous) && !over(check, skip));
  const adds = next.checks.filter((check) => over(check, retyped.next));
  for (const check of [...drops, ...adds]) handled.add(check.name);
  return [
    ...drops.map((check): Operation => ({ kind: "dropCheck", table: next, check })),
    ...adds.flatMap((check): Operation[] => [
      { kind: "addCheck", table: next, check, notValid: true },
      { kind: "validateConstraint", table: next, name: check.name },
    ]),
  ];
}

function removedEnumValues(before: ColumnIR, after: ColumnIR): string[] {
  if (before.type.kind !== "enum" || after.type.kind !== "enum") return [];
  const kept = after.type.values;
  return before.type.values.filter((value) => !kept.includes(value));
}

function enumValuesChange(table: TableIR, previous: TableObjects, before: ColumnIR, after: ColumnIR): Extract<Operation, { kind: "changeEnumValues" }> | null {
  if (before.type.kind !== "enum" || after.type.kind !== "enum") return null;
  const oldValues = before.type.values;
  const newValues = after.type.values;
  if (JSON.stringify(oldValues) === JSON.stringify(newValues)) return null;
  const enumCheck = (checks: readonly CheckIR[]) => checks.find((check) => check.origin === "enum" && check.columns.length === 1 && check.columns[0] === after.field);
  const from = enumCheck(previous.checks);
  const to = enumCheck(table.checks);
  if (from === undefined || to === undefined) return null;
  return {
    kind: "changeEnumValues",
    table,
    column: after,
    from,
    to,
    added: newValues.filter((value) => !oldValues.includes(value)),
    removed: removedEnumValues(before, after),
  };
}

/** The table's objects as PostgreSQL shows them after direct column renames (it rewrites references itself). */
function withoutObjects(objects: TableObjects, removed: TableObjects): TableObjects {
  return withoutNames(objects, new Set([...removed.indexes, ...removed.checks, ...removed.foreignKeys].map((item) => item.name)));
}

function withoutNames(objects: TableObjects, names: ReadonlySet<string>): TableObjects {
  return {
    indexes: objects.indexes.filter((item) => !names.has(item.name)),
    checks: objects.checks.filter((item) => !names.has(item.name)),
    foreignKeys: objects.foreignKeys.filter((item) => !names.has(item.name)),
  };
}

function mapFields(table: TableObjects, renamed: ReadonlyMap<string, string>): TableObjects {
  if (renamed.size === 0) return table;
  const columns = (list: readonly string[]) => list.map((column) => renamed.get(column) ?? column);
  const text = (sql: string) => [...renamed].reduce((result, [from, to]) => result.split(quoteIdent(from)).join(quoteIdent(to)), sql);
  return {
    indexes: table.indexes.map((index): IndexIR => ({ ...index, columns: columns(index.columns), where: index.where === null ? null : text(index.where) })),
    checks: table.checks.map((check) => ({ ...check, columns: columns(check.columns), expression: text(check.expression) })),
    foreignKeys: table.foreignKeys.map((fk) => ({ ...fk, columns: columns(fk.columns) })),
  };
}

/**
 * A primary key renamed keeps its columns: RENAME CONSTRAINT. Any other change of the key (its
 * columns, or adding or dropping it) rebuilds a unique index under ACCESS EXCLUSIVE and is refused
 * with the way out.
 */
function primaryKeyChanges(previous: TableIR, next: TableIR, renamedFields: ReadonlyMap<string, string>, issues: SchemaIssue[]): Operation[] {
  const before = previous.primaryKey === null ? null : { ...previous.primaryKey, columns: previous.primaryKey.columns.map((c) => renamedFields.get(c) ?? c) };
  const after = next.primaryKey;
  if (before === null && after === null) return [];
  if (before !== null && after !== null && JSON.stringify(before.columns) === JSON.stringify(after.columns)) {
    return before.name === after.name ? [] : [{ kind: "renameConstraint", table: next, from: before.name, to: after.name }];
  }
  issues.push({
    code: "primary-key-change",
    message: `the primary key of table '${next.key}' changes from ${before === null ? "none" : `(${before.columns.join(", ")})`} to ${after === null ? "none" : `(${after.columns.join(", ")})`}: emit does not rebuild primary keys yet (it locks the table while a unique index is built); declare the key the table has, and change it with a hand-written migration`,
    table: next.key,
    source: next.source,
  });
  return [];
}
