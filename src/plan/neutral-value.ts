/**
 * What a `down` fills existing rows with when it re-adds a NOT NULL column whose data is gone (a
 * dropped column, the old column of a contracted rename). The structure comes back exactly as
 * declared; the values are placeholders (the doc says to restore the real ones from the backup).
 *
 * The fill is DISTINCT PER ROW wherever the type allows, so a unique index restored over the column
 * right after can be built: it is computed from `n`, the row's number in primary-key order (1, 2,
 * 3, …; a number works for integer and uuid primary keys alike, and stays small). Only types that
 * cannot hold distinct values get a constant: boolean (false), enum (its first value), jsonb ('{}').
 */
import { columnKind } from "../ir/column-types.js";
import type { ColumnTypeIR } from "../ir/types.js";

/**
 * The neutral constant of a type, as SQL: 0, '', false, the first enum value, the epoch for
 * timestamps and dates, the nil uuid, '{}'::jsonb, an empty array; null for a kind that has none
 * (a `custom` type, an empty `pgEnum`).
 *
 * @example
 * neutralValueSql({ kind: "integer" }) // "0"
 * neutralValueSql({ kind: "enum", values: ["low", "high"], length: 255 }) // "'low'"
 * neutralValueSql({ kind: "timestamp" }) // "'1970-01-01 00:00:00+00'"
 */
export function neutralValueSql(type: ColumnTypeIR): string | null {
  return columnKind(type).neutralSql(type);
}

/**
 * Whether rows of this type can be given distinct fill values (boolean, enum and jsonb cannot: a
 * unique index over such a restored column fails on a table with more rows than values).
 *
 * @example
 * fillIsDistinct({ kind: "text" }) // true
 * fillIsDistinct({ kind: "boolean" }) // false
 */
export function fillIsDistinct(type: ColumnTypeIR): boolean {
  return columnKind(type).fillSql(type, "1") !== null;
}

/**
 * The fill value of one row, as SQL over `n` (an SQL expression: the row's positive number).
 * Values stay inside the type: a DECIMAL(p, s) wraps at 10^p rows (mod), a VARCHAR(l) is cut to
 * l characters by its explicit cast; distinct below those counts. A CHECK declared over the column
 * may still reject the value (n is positive, so `> 0` style checks pass). Null: the kind has no
 * value to fill with (see `neutralValueSql`).
 *
 * @example
 * fillValueSql({ kind: "text" }, "n") // "n::text"
 * fillValueSql({ kind: "uuid" }, "n") // "md5(n::text)::uuid"
 * fillValueSql({ kind: "array", element: { kind: "integer" } }, "n") // "ARRAY[n::integer]"
 * fillValueSql({ kind: "boolean" }, "n") // "false"
 */
export function fillValueSql(type: ColumnTypeIR, n: string): string | null {
  return columnKind(type).fillSql(type, n) ?? neutralValueSql(type);
}
