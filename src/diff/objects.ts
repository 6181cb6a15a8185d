/**
 * Indexes, checks and foreign keys of a table that exists before and after: matched by name, a
 * same definition under a new name is a rename, and anything new is added without blocking writes
 * (indexes CONCURRENTLY, constraints NOT VALID then validated).
 */
import type { CheckIR, ForeignKeyIR, IndexIR, TableIR } from "../ir/types.js";
import { canonicalJson } from "./canonical-json.js";
import type { Operation } from "./operations.js";

/** What the database compares; names, reasons and sources are not part of an object's definition. */
export const indexDefinition = (index: IndexIR) =>
  canonicalJson([index.columns, index.unique, index.where, index.method, ...(index.expression === null && !index.constraint ? [] : [index.expression, index.constraint])]);
export const checkDefinition = (check: CheckIR) => canonicalJson([check.expression]);
export const foreignKeyDefinition = (fk: ForeignKeyIR) =>
  canonicalJson([fk.columns, fk.referencedTable, fk.referencedColumns, fk.onDelete, fk.onUpdate, ...(fk.onDeleteColumns === undefined ? [] : [fk.onDeleteColumns])]);

export interface TableObjects {
  indexes: IndexIR[];
  checks: CheckIR[];
  foreignKeys: ForeignKeyIR[];
}

/**
 * The objects of `table` that use any of `fields`.
 *
 * @example
 * objectsUsing(tickets, new Set(["title"])).indexes.map((i) => i.name) // ["tickets_title_idx"]
 */
export function objectsUsing(table: TableObjects, fields: ReadonlySet<string>): TableObjects {
  const uses = (columns: readonly string[]) => columns.some((column) => fields.has(column));
  return {
    indexes: table.indexes.filter((index) => uses(index.columns)),
    checks: table.checks.filter((check) => uses(check.columns)),
    foreignKeys: table.foreignKeys.filter((fk) => uses(fk.columns)),
  };
}

/**
 * Splits `objects` into those whose name `table` uses for one of its own objects (`clashing`) and
 * the rest (`kept`). PostgreSQL names share one namespace per schema, so an old object cannot stay
 * alive beside a new one of the same name.
 *
 * @example
 * splitByReusedNames(objectsUsing(before, new Set(["title"])), after).clashing.checks.map((c) => c.name)
 * // ["tickets_bounds_check"]: a declared check that kept its name across the rename
 */
export function splitByReusedNames(objects: TableObjects, table: TableObjects): { kept: TableObjects; clashing: TableObjects } {
  const names = new Set([...table.indexes, ...table.checks, ...table.foreignKeys].map((item) => item.name));
  const part = (clashing: boolean): TableObjects => ({
    indexes: objects.indexes.filter((item) => names.has(item.name) === clashing),
    checks: objects.checks.filter((item) => names.has(item.name) === clashing),
    foreignKeys: objects.foreignKeys.filter((item) => names.has(item.name) === clashing),
  });
  return { kept: part(false), clashing: part(true) };
}

/**
 * Explicit drops of the objects of a column about to go (dropped, or retired by a contract), in
 * the transactional migration: PostgreSQL would drop them with the column anyway, but only an
 * explicit drop gives `down` the operation that recreates them once the column is back.
 *
 * @example
 * dropObjectsOfColumn(tickets, objectsUsing(tickets, new Set(["code"]))).map((op) => op.kind) // ["dropCheck", "dropIndex"]
 */
export function dropObjectsOfColumn(table: TableIR, objects: TableObjects): Operation[] {
  return [
    ...objects.foreignKeys.map((foreignKey): Operation => ({ kind: "dropForeignKey", table, foreignKey })),
    ...objects.checks.map((check): Operation => ({ kind: "dropCheck", table, check })),
    ...objects.indexes.map((index): Operation => ({ kind: "dropIndex", table, index, concurrently: false })),
  ];
}

export interface ObjectDiffInput {
  /** The table before, already in the database's terms after earlier renames in the same change. */
  previous: TableObjects;
  /**
   * The same objects in the terms they have before this change's column renames: what a drop in
   * the transactional migration carries, since it runs before the renames and its down recreates
   * the object after they are undone.
   */
  beforeRenames: TableObjects;
  next: TableIR;
  /** Previous columns being dropped: their objects go first, in the transactional migration. */
  droppedFields: ReadonlySet<string>;
  /** Previous columns kept until a contract: their objects stay with them. */
  retiredFields: ReadonlySet<string>;
  /** Check names already handled (enum CHECKs replaced by `changeEnumValues`), before or after. */
  handledChecks: ReadonlySet<string>;
}

/**
 * Operations for the indexes, checks and foreign keys of one table.
 *
 * @example
 * diffObjects({ previous: tickets, next: { ...tickets, indexes: [...tickets.indexes, byTitle] }, ... })
 * // [{ kind: "addIndex", table, index: byTitle, concurrently: true }]
 */
export function diffObjects(input: ObjectDiffInput): Operation[] {
  const { next } = input;
  const excluded = new Set([...input.droppedFields, ...input.retiredFields]);
  const uses = (columns: readonly string[], fields: ReadonlySet<string>) => columns.some((column) => fields.has(column));
  const operations: Operation[] = [];

  const asBefore = <T extends { name: string }>(item: T, list: readonly T[]): T => list.find((old) => old.name === item.name) ?? item;
  operations.push(...dropObjectsOfColumn(next, objectsUsing(input.beforeRenames, input.droppedFields)));

  const live = <T extends { columns: string[] }>(items: readonly T[]) => items.filter((item) => !uses(item.columns, excluded));
  operations.push(
    ...diffNamed(live(input.previous.indexes), next.indexes, indexDefinition, {
      add: (index) => [{ kind: "addIndex", table: next, index, concurrently: true }],
      drop: (index) => [{ kind: "dropIndex", table: next, index, concurrently: true }],
      rename: (from, to) => [{ kind: "renameIndex", table: next, from: from.name, to: to.name }],
    }),
  );
  const handled = (checks: readonly CheckIR[]) => checks.filter((check) => !input.handledChecks.has(check.name));
  operations.push(
    ...diffNamed(handled(live(input.previous.checks)), handled(next.checks), checkDefinition, {
      add: (check) => [
        { kind: "addCheck", table: next, check, notValid: true },
        { kind: "validateConstraint", table: next, name: check.name },
      ],
      drop: (check) => [{ kind: "dropCheck", table: next, check: asBefore(check, input.beforeRenames.checks) }],
      rename: (from, to) => [{ kind: "renameConstraint", table: next, from: from.name, to: to.name }],
    }),
  );
  operations.push(
    ...diffNamed(live(input.previous.foreignKeys), next.foreignKeys, foreignKeyDefinition, {
      add: (foreignKey) => [
        { kind: "addForeignKey", table: next, foreignKey, notValid: true },
        { kind: "validateConstraint", table: next, name: foreignKey.name },
      ],
      drop: (foreignKey) => [{ kind: "dropForeignKey", table: next, foreignKey: asBefore(foreignKey, input.beforeRenames.foreignKeys) }],
      rename: (from, to) => [{ kind: "renameConstraint", table: next, from: from.name, to: to.name }],
    }),
  );
  return operations;
}

interface NamedOperations<T> {
  add: (item: T) => Operation[];
  drop: (item: T) => Operation[];
  rename: (from: T, to: T) => Operation[];
}

/** Drops first, then renames, then adds: a changed definition under one name is a drop and an add. */
function diffNamed<T extends { name: string }>(previous: readonly T[], next: readonly T[], definition: (item: T) => string, ops: NamedOperations<T>): Operation[] {
  const nextByName = new Map(next.map((item) => [item.name, item]));
  const previousByName = new Map(previous.map((item) => [item.name, item]));
  const drops: Operation[] = [];
  const renames: Operation[] = [];
  const adds: Operation[] = [];
  const added = next.filter((item) => {
    const old = previousByName.get(item.name);
    return old === undefined || definition(old) !== definition(item);
  });
  const renamedTo = new Set<string>();
  for (const old of previous) {
    const same = nextByName.get(old.name);
    if (same !== undefined && definition(same) === definition(old)) continue;
    const target = same === undefined ? added.find((item) => !previousByName.has(item.name) && !renamedTo.has(item.name) && definition(item) === definition(old)) : undefined;
    if (target !== undefined) {
      renamedTo.add(target.name);
      renames.push(...ops.rename(old, target));
    } else {
      drops.push(...ops.drop(old));
    }
  }
  for (const item of added) if (!renamedTo.has(item.name)) adds.push(...ops.add(item));
  return [...drops, ...renames, ...adds];
}
