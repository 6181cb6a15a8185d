/**
 * The diff of tenant isolation (issue 9): the isolation objects of a table (immutable-tenant
 * trigger, row-level security) added and dropped like any other object, and the safe order of
 * switching composite keys on for an existing schema.
 */
import type { SchemaIssue, TableIR } from "../ir/types.js";
import { canonicalJson } from "./canonical-json.js";
import type { IsolationObject, Operation } from "./operations.js";

/**
 * Operations that take a table's isolation objects from `previous` to `next` (null: the table is
 * created, or dropped). A changed object is dropped under its old name and created again.
 *
 * @example
 * isolationChanges(null, tickets).map((op) => op.kind) // ["addIsolation"] (the immutable tenant)
 */
export function isolationChanges(previous: TableIR | null, next: TableIR | null): Operation[] {
  const before = objectsOf(previous);
  const after = objectsOf(next);
  const same = (a: IsolationObject, b: IsolationObject) => canonicalJson(a) === canonicalJson(b);
  return [
    ...before.filter((old) => !after.some((item) => same(item, old))).map((object): Operation => ({ kind: "dropIsolation", table: (next ?? previous)!, object })),
    ...after.filter((item) => !before.some((old) => same(item, old))).map((object): Operation => ({ kind: "addIsolation", table: next!, object })),
  ];
}

function objectsOf(table: TableIR | null): IsolationObject[] {
  const isolation = table?.isolation;
  if (isolation === undefined) return [];
  return [
    ...(isolation.immutableTenant === null ? [] : [{ kind: "immutableTenant" as const, immutable: isolation.immutableTenant }]),
    ...(isolation.rowLevelSecurity === null ? [] : [{ kind: "rowLevelSecurity" as const, rls: isolation.rowLevelSecurity }]),
  ];
}

const keyOf = (table: string, columns: readonly string[]) => canonicalJson([table, columns]);

/** The unique keys this change builds CONCURRENTLY on existing tables. */
const newKeysOf = (operations: readonly Operation[]): Set<string> =>
  new Set(operations.flatMap((op) => (op.kind === "addIndex" && op.concurrently && op.index.unique ? [keyOf(op.table.tableName, op.index.columns)] : [])));

/**
 * A table created by this change whose reference needs a key the same change builds on an existing
 * table (switching isolation keys on while adding the table): created in the transactional
 * migration, it would run before the key exists. Two emits make it work; the issue says so.
 *
 * @example
 * newKeyIssues(ops)[0]?.code // "reference-to-new-key"
 */
export function newKeyIssues(operations: readonly Operation[]): SchemaIssue[] {
  const newKeys = newKeysOf(operations);
  return operations.flatMap((op) =>
    op.kind !== "createTable"
      ? []
      : op.table.foreignKeys
          .filter((fk) => newKeys.has(keyOf(fk.referencedTable, fk.referencedColumns)))
          .map((fk): SchemaIssue => ({
            code: "reference-to-new-key",
            message: `new table '${op.table.key}' references ${fk.referencedTable} (${fk.referencedColumns.join(", ")}), a key this same change adds to an existing table (built concurrently, after the table is created): emit the key first (without the new table, or with isolation keys already on), then add the table`,
            table: op.table.key,
            source: fk.source ?? op.table.source,
          })),
  );
}

/**
 * A foreign key can only point at a key that exists. A unique key added to an existing table is
 * built CONCURRENTLY in the last migration of its change set, so every foreign key this change
 * adds to it (`afterKey`) runs there after it: added NOT VALID, validated, and only then is the
 * reference it replaces (same table, same referencing column, same target) dropped, so the table
 * is never without one. Down, in reverse: the old reference back (validated), the new one and the
 * key dropped.
 *
 * @example
 * orderAfterNewKeys(ops).filter((op) => "afterKey" in op).map((op) => op.kind)
 * // ["addForeignKey", "validateConstraint", "dropForeignKey"]
 */
export function orderAfterNewKeys(operations: readonly Operation[]): Operation[] {
  const newKeys = newKeysOf(operations);
  const late = operations.flatMap((op) =>
    op.kind === "addForeignKey" && newKeys.has(keyOf(op.foreignKey.referencedTable, op.foreignKey.referencedColumns)) ? [op] : [],
  );
  const lateNames = new Set(late.map((op) => keyOf(op.table.tableName, [op.foreignKey.name])));
  const replaced = (op: Extract<Operation, { kind: "dropForeignKey" }>) =>
    late.some(
      (add) =>
        add.table.tableName === op.table.tableName &&
        add.foreignKey.referencedTable === op.foreignKey.referencedTable &&
        op.foreignKey.columns.length === 1 &&
        add.foreignKey.columns.at(-1) === op.foreignKey.columns[0],
    );
  return operations.map((op): Operation => {
    if (op.kind === "addForeignKey" && late.includes(op)) return { ...op, notValid: true, afterKey: true };
    if (op.kind === "validateConstraint" && lateNames.has(keyOf(op.table.tableName, [op.name]))) return { ...op, afterKey: true };
    if (op.kind === "dropForeignKey" && replaced(op)) return { ...op, afterKey: true };
    return op;
  });
}
