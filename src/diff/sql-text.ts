/**
 * The few bits of SQL text the diff itself must write: a column type for `USING "col"::<type>` in
 * a down migration, and a literal default as the expression of a backfill. Everything else is
 * printed by the migration emitter.
 */
import { match } from "ts-pattern";
import type { ColumnTypeIR, JsonValue, ScalarTypeIR } from "../ir/types.js";

/**
 * PostgreSQL type of a column type, as the migration emitter creates it.
 *
 * @example
 * sqlType({ kind: "string", length: 20 }) // "VARCHAR(20)"
 */
export function sqlType(type: ColumnTypeIR): string {
  return match(type)
    .with({ kind: "jsonb" }, () => "JSONB")
    .with({ kind: "enum" }, ({ length }) => `VARCHAR(${length})`)
    .with({ kind: "array" }, ({ element }) => `${scalarSqlType(element)}[]`)
    .otherwise((scalar) => scalarSqlType(scalar));
}

function scalarSqlType(type: ScalarTypeIR): string {
  return match(type)
    .with({ kind: "integer" }, () => "INTEGER")
    .with({ kind: "bigint" }, () => "BIGINT")
    .with({ kind: "string" }, ({ length }) => `VARCHAR(${length})`)
    .with({ kind: "text" }, () => "TEXT")
    .with({ kind: "boolean" }, () => "BOOLEAN")
    .with({ kind: "timestamp" }, () => "TIMESTAMP WITH TIME ZONE")
    .with({ kind: "date" }, () => "DATE")
    .with({ kind: "decimal" }, ({ precision, scale }) => `DECIMAL(${precision},${scale})`)
    .with({ kind: "double" }, () => "DOUBLE PRECISION")
    .with({ kind: "uuid" }, () => "UUID")
    .exhaustive();
}

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
