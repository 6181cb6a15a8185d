import { columnKind } from "../../ir/column-types.js";
import type { ColumnTypeIR, DefaultIR } from "../../ir/types.js";
import { defaultValueSql } from "../default-sql.js";


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
 * A column default as the doc prints it: exactly the SQL the migration sends for it (`sql` defaults
 * as written, literals escaped by Sequelize for the column type), so the doc and the migration agree.
 *
 * @example
 * defaultText({ kind: "literal", value: "open" }, { kind: "text" }) // "'open'"
 * defaultText({ kind: "literal", value: ["a", "b"] }, { kind: "array", element: { kind: "text" } }) // "ARRAY['a','b']::TEXT[]"
 */
export function defaultText(value: DefaultIR, type: ColumnTypeIR): string {
  return defaultValueSql(value, type);
}
