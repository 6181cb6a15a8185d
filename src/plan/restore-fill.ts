/**
 * How a `down` fills the rows of a column it re-adds (a dropped column, the old column of a
 * contracted rename): shared by the migration emitter, which writes the SQL, and the doc, which
 * states it. The values are placeholders; the doc sends the real ones to the backup.
 */
import type { Operation } from "../diff/operations.js";
import type { ColumnIR } from "../ir/types.js";
import { fillValueSql } from "./neutral-value.js";

/**
 * `table.field` of every column a unique index dropped by these operations covers: their down
 * rebuilds that index right after restoring the column, so one value in every row (a default, a
 * neutral constant) cannot stay there.
 *
 * @example
 * restoredUniqueFields([{ kind: "dropIndex", table: users, index: emailKey, concurrently: false }]) // Set { "users.company_id", "users.email" }
 */
export function restoredUniqueFields(operations: readonly Operation[]): Set<string> {
  return new Set(
    operations.flatMap((op) => (op.kind === "dropIndex" && op.index.unique ? op.index.columns.map((field) => `${op.table.tableName}.${field}`) : [])),
  );
}

/**
 * Whether the down re-adds `column` with its own default in place (existing rows hold the
 * default: no scan, and the value a CHECK over it accepts). Not when a restored unique index covers
 * it: then it is added without one (set afterwards, for new rows), rows NULL or filled per row.
 *
 * @example
 * restoreKeepsDefault({ ...priority, default: { kind: "literal", value: 0 } }, false) // true
 */
export function restoreKeepsDefault(column: ColumnIR, unique: boolean): boolean {
  return column.default !== null && !unique;
}

/**
 * Whether the down fills the rows with fillValueSql: NOT NULL, and not by its default.
 *
 * @example
 * restoreFillsRows({ ...code, nullable: false, default: null }, false) // true
 */
export function restoreFillsRows(column: ColumnIR, unique: boolean): boolean {
  return !column.nullable && !restoreKeepsDefault(column, unique);
}

/**
 * Whether a down restoring `column` (after copying `copyFrom` back, for a contracted rename) must
 * first refuse to run on a table with rows: a NOT NULL foreign-key column filled per row has no
 * valid reference to fill them with, and re-adding its foreign key would fail after the table was
 * altered. Rows of a NOT NULL `copyFrom` all get their value back: no guard then.
 *
 * @example
 * restoreIsGuarded({ ...assigneeId, nullable: false, default: null }, null, false) // true
 */
export function restoreIsGuarded(column: ColumnIR, copyFrom: ColumnIR | null, unique: boolean): boolean {
  // A kind with no fill value (a `custom` type) has nothing valid to fill rows with either.
  const unfillable = column.role === "foreignKey" || fillValueSql(column.type, "1") === null;
  return unfillable && restoreFillsRows(column, unique) && (copyFrom === null || copyFrom.nullable);
}
