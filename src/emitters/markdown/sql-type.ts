import { match } from "ts-pattern";
import type { ColumnTypeIR, DefaultIR, JsonValue, ScalarTypeIR } from "../../ir/types.js";

/**
 * The PostgreSQL type a column is created with, as `\d table` would show it (enums are VARCHAR).
 *
 * @example
 * sqlType({ kind: "decimal", precision: 12, scale: 2 }) // "NUMERIC(12,2)"
 */
export function sqlType(type: ColumnTypeIR): string {
  return match(type)
    .with({ kind: "jsonb" }, () => "JSONB")
    .with({ kind: "enum" }, (t) => `VARCHAR(${t.length})`)
    .with({ kind: "array" }, (t) => `${scalarSqlType(t.element)}[]`)
    .otherwise((t) => scalarSqlType(t));
}

function scalarSqlType(type: ScalarTypeIR): string {
  return match(type)
    .with({ kind: "integer" }, () => "INTEGER")
    .with({ kind: "bigint" }, () => "BIGINT")
    .with({ kind: "string" }, (t) => `VARCHAR(${t.length})`)
    .with({ kind: "text" }, () => "TEXT")
    .with({ kind: "boolean" }, () => "BOOLEAN")
    .with({ kind: "timestamp" }, () => "TIMESTAMP WITH TIME ZONE")
    .with({ kind: "date" }, () => "DATE")
    .with({ kind: "decimal" }, (t) => `NUMERIC(${t.precision},${t.scale})`)
    .with({ kind: "double" }, () => "DOUBLE PRECISION")
    .with({ kind: "uuid" }, () => "UUID")
    .exhaustive();
}

/**
 * A short type word for a Mermaid erDiagram attribute (no spaces or commas allowed there).
 *
 * @example
 * mermaidType({ kind: "timestamp" }) // "timestamptz"
 */
export function mermaidType(type: ColumnTypeIR): string {
  return match(type)
    .with({ kind: "jsonb" }, () => "jsonb")
    .with({ kind: "enum" }, () => "varchar")
    .with({ kind: "array" }, (t) => `${mermaidScalar(t.element)}[]`)
    .otherwise((t) => mermaidScalar(t));
}

function mermaidScalar(type: ScalarTypeIR): string {
  return match(type)
    .with({ kind: "integer" }, () => "integer")
    .with({ kind: "bigint" }, () => "bigint")
    .with({ kind: "string" }, () => "varchar")
    .with({ kind: "text" }, () => "text")
    .with({ kind: "boolean" }, () => "boolean")
    .with({ kind: "timestamp" }, () => "timestamptz")
    .with({ kind: "date" }, () => "date")
    .with({ kind: "decimal" }, () => "numeric")
    .with({ kind: "double" }, () => "double")
    .with({ kind: "uuid" }, () => "uuid")
    .exhaustive();
}

/**
 * A column default as SQL-ish text for the doc: literals quoted like SQL, expressions verbatim.
 *
 * @example
 * defaultText({ kind: "literal", value: "open" }) // "'open'"
 */
export function defaultText(value: DefaultIR): string {
  return match(value)
    .with({ kind: "sql" }, (d) => d.sql)
    .with({ kind: "literal" }, (d) => literalText(d.value))
    .exhaustive();
}

function literalText(value: JsonValue): string {
  if (value === null) return "NULL";
  if (typeof value === "string") return `'${value.replace(/'/g, "''")}'`;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return `'${JSON.stringify(value)}'`;
}
