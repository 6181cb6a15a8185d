/**
 * The few bits of SQL text the diff itself must write: a literal default as the expression of a
 * backfill. Column types and quoting come from src/ir; everything else is
 * printed by the migration emitter.
 */
import type { ColumnTypeIR, JsonValue } from "../ir/types.js";
import { quoteLiteral } from "../ir/sql-quote.js";
import { sqlType } from "../ir/sql-type.js";


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
  if (type.kind === "jsonb") return `${quoteLiteral(JSON.stringify(value))}::jsonb`;
  if (type.kind === "array" && Array.isArray(value)) {
    return `ARRAY[${value.map((item) => literalSql(item, type.element)).join(", ")}]::${sqlType(type)}`;
  }
  if (typeof value === "boolean") return value ? "TRUE" : "FALSE";
  if (typeof value === "number") return String(value);
  if (typeof value === "string") return quoteLiteral(value);
  return quoteLiteral(JSON.stringify(value));
}

