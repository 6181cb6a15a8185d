/**
 * The few bits of SQL text the diff itself must write: a literal default as the expression of a
 * backfill. How each kind spells a literal is the column-kind registry's (src/ir/column-types.ts).
 */
import { columnKind } from "../ir/column-types.js";
import type { ColumnTypeIR, JsonValue } from "../ir/types.js";

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
  return columnKind(type).literalSql(type, value);
}
