/**
 * The neutral value of a column type: what a `down` fills existing rows with when it must re-add a
 * NOT NULL column that has no default (a dropped column, the old column of a contracted rename).
 * The data is gone (the doc says so); the structure comes back exactly as declared: the column is
 * added with this value as a temporary DEFAULT, which is dropped right after.
 */
import { match } from "ts-pattern";
import type { ColumnTypeIR } from "../../ir/types.js";
import { quoteLiteral } from "./sql-text.js";

/**
 * The neutral value of a type, as SQL: 0, '', false, the first enum value, the epoch for
 * timestamps and dates, the nil uuid, '{}'::jsonb, an empty array.
 *
 * @example
 * neutralValueSql({ kind: "integer" }) // "0"
 * neutralValueSql({ kind: "enum", values: ["low", "high"], length: 255 }) // "'low'"
 * neutralValueSql({ kind: "timestamp" }) // "'1970-01-01 00:00:00+00'"
 */
export function neutralValueSql(type: ColumnTypeIR): string {
  return match(type)
    .returnType<string>()
    .with({ kind: "integer" }, { kind: "bigint" }, { kind: "decimal" }, { kind: "double" }, () => "0")
    .with({ kind: "string" }, { kind: "text" }, () => "''")
    .with({ kind: "enum" }, ({ values }) => quoteLiteral(values[0] ?? ""))
    .with({ kind: "boolean" }, () => "false")
    .with({ kind: "timestamp" }, () => "'1970-01-01 00:00:00+00'")
    .with({ kind: "date" }, () => "'1970-01-01'")
    .with({ kind: "uuid" }, () => "'00000000-0000-0000-0000-000000000000'")
    .with({ kind: "jsonb" }, () => "'{}'::jsonb")
    // Typed by the column it is the default of.
    .with({ kind: "array" }, () => "'{}'")
    .exhaustive();
}
