import { columnKind } from "./column-types.js";
import { defaultTypeMessage, enumDefaultMessage } from "./messages.js";
import type { ColumnIR } from "./types.js";

/**
 * Why a column's literal default does not fit its type, or null when it does. Uses the words of
 * the DSL's compile-time error; which literals a kind takes is the column-kind registry's.
 *
 * @example
 * defaultProblem(statusColumnWithDefault("archived")) // "Default 'archived' is not one of the enum values"
 */
export function defaultProblem(column: ColumnIR): string | null {
  const value = column.default;
  if (value === null || value.kind === "sql") return null;
  if (value.value === null) return column.nullable ? null : defaultTypeMessage(column.type.kind);
  if (columnKind(column.type).acceptsLiteral(column.type, value.value)) return null;
  return (column.type.kind === "enum" || column.type.kind === "pgEnum") && typeof value.value === "string"
    ? enumDefaultMessage(value.value)
    : defaultTypeMessage(column.type.kind);
}
