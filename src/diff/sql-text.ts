/**
 * The few bits of SQL text the diff itself must write: a literal default as the expression of a
 * backfill, and quoted identifiers. Column types come from src/ir/sql-type.ts; everything else is
 * printed by the migration emitter.
 */
import type { ColumnTypeIR, JsonValue } from "../ir/types.js";
import { sqlType } from "../ir/sql-type.js";

const quoteString = (value: string) => `'${value.replace(/'/g, "''")}'`;

/**
 * A literal default as a SQL expression of the column's type, so a backfill can write it into
 * existing rows the way the default fills new ones.
 *
 * @example
 * literalSql("low", { kind: "enum", values: ["low", "high"], length: 4 }) // "'low'"
 * literalSql({ a: 1 }, { kind: "jsonb", tsType: "unknown" }) // "'{\"a\":1}'::jsonb"
 */
export function literalSql(value: JsonValue, type: ColumnTypeIR): string {
  if (value === null) return "NULL";
  if (type.kind === "jsonb") return `${quoteString(JSON.stringify(value))}::jsonb`;
  if (type.kind === "array" && Array.isArray(value)) {
    return `ARRAY[${value.map((item) => literalSql(item, type.element)).join(", ")}]::${sqlType(type)}`;
  }
  if (typeof value === "boolean") return value ? "TRUE" : "FALSE";
  if (typeof value === "number") return String(value);
  if (typeof value === "string") return quoteString(value);
  return quoteString(JSON.stringify(value));
}

/**
 * `"field"`, for expressions over database columns.
 *
 * @example
 * quoteIdentifier("company_id") // '"company_id"'
 */
export function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
