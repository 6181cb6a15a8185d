import { match } from "ts-pattern";
import { columnKind } from "../../ir/column-types.js";
import type { ColumnTypeIR, DefaultIR, JsonValue } from "../../ir/types.js";


/**
 * A short type word for a Mermaid erDiagram attribute (no spaces or commas allowed there), from the
 * column-kind registry.
 *
 * @example
 * mermaidType({ kind: "timestamp" }) // "timestamptz"
 */
export function mermaidType(type: ColumnTypeIR): string {
  return columnKind(type).mermaid(type);
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
