/**
 * A structural diff of two versions of one table. Today the planner turns database-relevant
 * changes into issues ("not supported yet"); schema evolution will turn each change kind into
 * operations, so the diff is data keyed the way the database sees it (columns by attribute,
 * constraints by name), not a text comparison.
 */
import { match } from "ts-pattern";
import type { AssociationIR, CheckIR, ColumnIR, ForeignKeyIR, IndexIR, TableIR } from "../ir/types.js";
import { sameIgnoringSource } from "./canonical-json.js";

/** Table-level fields compared one by one; lists are diffed element by element instead. */
export const TABLE_PROPERTIES = [
  "tableName",
  "modelName",
  "feature",
  "scope",
  "description",
  "paranoid",
  "junction",
  "renamedFrom",
] as const satisfies readonly (keyof TableIR)[];

export type TableProperty = (typeof TABLE_PROPERTIES)[number];

export type TableChange =
  | { kind: "tablePropertyChanged"; property: TableProperty; previous: unknown; next: unknown }
  | { kind: "columnAdded"; column: ColumnIR }
  | { kind: "columnRemoved"; column: ColumnIR }
  | { kind: "columnChanged"; previous: ColumnIR; next: ColumnIR; properties: string[] }
  | { kind: "indexAdded"; index: IndexIR }
  | { kind: "indexRemoved"; index: IndexIR }
  | { kind: "indexChanged"; previous: IndexIR; next: IndexIR; properties: string[] }
  | { kind: "checkAdded"; check: CheckIR }
  | { kind: "checkRemoved"; check: CheckIR }
  | { kind: "checkChanged"; previous: CheckIR; next: CheckIR; properties: string[] }
  | { kind: "foreignKeyAdded"; foreignKey: ForeignKeyIR }
  | { kind: "foreignKeyRemoved"; foreignKey: ForeignKeyIR }
  | { kind: "foreignKeyChanged"; previous: ForeignKeyIR; next: ForeignKeyIR; properties: string[] }
  | { kind: "associationAdded"; association: AssociationIR }
  | { kind: "associationRemoved"; association: AssociationIR }
  | { kind: "associationChanged"; previous: AssociationIR; next: AssociationIR; properties: string[] };

export type TableChangeKind = TableChange["kind"];

interface ListDiff<T> {
  added: T[];
  removed: T[];
  changed: { previous: T; next: T; properties: string[] }[];
}

/** Keyed list diff; order changes alone are not changes (the database does not see them). */
function diffList<T extends object>(previous: readonly T[], next: readonly T[], keyOf: (item: T) => string): ListDiff<T> {
  const before = new Map(previous.map((item) => [keyOf(item), item]));
  const after = new Map(next.map((item) => [keyOf(item), item]));
  const result: ListDiff<T> = { added: [], removed: [], changed: [] };
  for (const [key, item] of before) if (!after.has(key)) result.removed.push(item);
  for (const [key, item] of after) {
    const old = before.get(key);
    if (old === undefined) {
      result.added.push(item);
      continue;
    }
    const properties = changedProperties(old, item);
    if (properties.length > 0) result.changed.push({ previous: old, next: item, properties });
  }
  return result;
}

function changedProperties(previous: object, next: object): string[] {
  const keys = [...new Set([...Object.keys(previous), ...Object.keys(next)])].filter((key) => key !== "source").sort();
  return keys.filter(
    (key) => !sameIgnoringSource((previous as Record<string, unknown>)[key], (next as Record<string, unknown>)[key]),
  );
}

/**
 * Every difference between two versions of a table, ignoring `source` locations.
 *
 * @example
 * diffTable(before, { ...before, columns: [...before.columns, priority] })
 * // [{ kind: "columnAdded", column: priority }]
 */
export function diffTable(previous: TableIR, next: TableIR): TableChange[] {
  const changes: TableChange[] = [];
  for (const property of TABLE_PROPERTIES) {
    if (!sameIgnoringSource(previous[property], next[property])) {
      changes.push({ kind: "tablePropertyChanged", property, previous: previous[property], next: next[property] });
    }
  }
  const columns = diffList(previous.columns, next.columns, (column) => column.name);
  changes.push(...columns.added.map((column) => ({ kind: "columnAdded" as const, column })));
  changes.push(...columns.removed.map((column) => ({ kind: "columnRemoved" as const, column })));
  changes.push(...columns.changed.map((change) => ({ kind: "columnChanged" as const, ...change })));
  const indexes = diffList(previous.indexes, next.indexes, (index) => index.name);
  changes.push(...indexes.added.map((index) => ({ kind: "indexAdded" as const, index })));
  changes.push(...indexes.removed.map((index) => ({ kind: "indexRemoved" as const, index })));
  changes.push(...indexes.changed.map((change) => ({ kind: "indexChanged" as const, ...change })));
  const checks = diffList(previous.checks, next.checks, (check) => check.name);
  changes.push(...checks.added.map((check) => ({ kind: "checkAdded" as const, check })));
  changes.push(...checks.removed.map((check) => ({ kind: "checkRemoved" as const, check })));
  changes.push(...checks.changed.map((change) => ({ kind: "checkChanged" as const, ...change })));
  const foreignKeys = diffList(previous.foreignKeys, next.foreignKeys, (foreignKey) => foreignKey.name);
  changes.push(...foreignKeys.added.map((foreignKey) => ({ kind: "foreignKeyAdded" as const, foreignKey })));
  changes.push(...foreignKeys.removed.map((foreignKey) => ({ kind: "foreignKeyRemoved" as const, foreignKey })));
  changes.push(...foreignKeys.changed.map((change) => ({ kind: "foreignKeyChanged" as const, ...change })));
  const associations = diffList(previous.associations, next.associations, (association) => association.as);
  changes.push(...associations.added.map((association) => ({ kind: "associationAdded" as const, association })));
  changes.push(...associations.removed.map((association) => ({ kind: "associationRemoved" as const, association })));
  changes.push(...associations.changed.map((change) => ({ kind: "associationChanged" as const, ...change })));
  return changes;
}

/**
 * Whether a change needs a migration. Associations and class/feature names live only in the
 * models (re-emitted on every run) and docs, so they never need one: a new table's `belongsTo`
 * adds a `hasMany` to an existing table without changing that table in the database.
 *
 * @example
 * affectsDatabase({ kind: "associationAdded", association }) // false
 */
export function affectsDatabase(change: TableChange): boolean {
  return match(change)
    .with({ kind: "tablePropertyChanged" }, ({ property }) => property !== "modelName" && property !== "feature")
    .with({ kind: "associationAdded" }, { kind: "associationRemoved" }, { kind: "associationChanged" }, () => false)
    .with(
      { kind: "columnAdded" },
      { kind: "columnRemoved" },
      { kind: "columnChanged" },
      { kind: "indexAdded" },
      { kind: "indexRemoved" },
      { kind: "indexChanged" },
      { kind: "checkAdded" },
      { kind: "checkRemoved" },
      { kind: "checkChanged" },
      { kind: "foreignKeyAdded" },
      { kind: "foreignKeyRemoved" },
      { kind: "foreignKeyChanged" },
      () => true,
    )
    .exhaustive();
}

/**
 * One short English phrase per change, for error messages.
 *
 * @example
 * describeTableChange({ kind: "columnAdded", column: priority }) // "column 'priority' added"
 */
export function describeTableChange(change: TableChange): string {
  const props = (properties: string[]) => properties.join(", ");
  return match(change)
    .with({ kind: "tablePropertyChanged" }, (c) => `${c.property} changed from ${JSON.stringify(c.previous)} to ${JSON.stringify(c.next)}`)
    .with({ kind: "columnAdded" }, (c) => `column '${c.column.name}' added`)
    .with({ kind: "columnRemoved" }, (c) => `column '${c.column.name}' removed`)
    .with({ kind: "columnChanged" }, (c) => `column '${c.next.name}' changed (${props(c.properties)})`)
    .with({ kind: "indexAdded" }, (c) => `index '${c.index.name}' added`)
    .with({ kind: "indexRemoved" }, (c) => `index '${c.index.name}' removed`)
    .with({ kind: "indexChanged" }, (c) => `index '${c.next.name}' changed (${props(c.properties)})`)
    .with({ kind: "checkAdded" }, (c) => `check '${c.check.name}' added`)
    .with({ kind: "checkRemoved" }, (c) => `check '${c.check.name}' removed`)
    .with({ kind: "checkChanged" }, (c) => `check '${c.next.name}' changed (${props(c.properties)})`)
    .with({ kind: "foreignKeyAdded" }, (c) => `foreign key '${c.foreignKey.name}' added`)
    .with({ kind: "foreignKeyRemoved" }, (c) => `foreign key '${c.foreignKey.name}' removed`)
    .with({ kind: "foreignKeyChanged" }, (c) => `foreign key '${c.next.name}' changed (${props(c.properties)})`)
    .with({ kind: "associationAdded" }, (c) => `association '${c.association.as}' added`)
    .with({ kind: "associationRemoved" }, (c) => `association '${c.association.as}' removed`)
    .with({ kind: "associationChanged" }, (c) => `association '${c.next.as}' changed (${props(c.properties)})`)
    .exhaustive();
}
