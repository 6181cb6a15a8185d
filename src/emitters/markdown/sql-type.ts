import { match } from "ts-pattern";
import type { ColumnTypeIR, DefaultIR, JsonValue, ScalarTypeIR } from "../../ir/types.js";


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
