import { match } from "ts-pattern";
import { defaultTypeMessage, enumDefaultMessage } from "./messages.js";
import type { ColumnIR, ColumnTypeIR, JsonValue, ScalarTypeIR } from "./types.js";

const isNumeric = (value: JsonValue): boolean =>
  (typeof value === "number" && Number.isFinite(value)) || (typeof value === "string" && /^-?\d+(\.\d+)?$/.test(value));

const isInteger = (value: JsonValue): boolean =>
  (typeof value === "number" && Number.isInteger(value)) || (typeof value === "string" && /^-?\d+$/.test(value));

const fitsType = (type: ColumnTypeIR | ScalarTypeIR, value: JsonValue): boolean =>
  match(type)
    .with({ kind: "integer" }, () => typeof value === "number" && Number.isInteger(value))
    .with({ kind: "bigint" }, () => isInteger(value))
    .with({ kind: "string" }, (string) => typeof value === "string" && value.length <= string.length)
    .with({ kind: "text" }, { kind: "uuid" }, { kind: "timestamp" }, { kind: "date" }, () => typeof value === "string")
    .with({ kind: "boolean" }, () => typeof value === "boolean")
    .with({ kind: "decimal" }, () => isNumeric(value))
    .with({ kind: "double" }, () => typeof value === "number")
    .with({ kind: "jsonb" }, () => true)
    .with({ kind: "enum" }, (enumType) => typeof value === "string" && enumType.values.includes(value))
    .with({ kind: "array" }, (array) => Array.isArray(value) && value.every((element) => fitsType(array.element, element)))
    .exhaustive();

/**
 * Why a column's literal default does not fit its type, or null when it does. Uses the words of
 * the DSL's compile-time error.
 *
 * @example
 * defaultProblem(statusColumnWithDefault("archived")) // "Default 'archived' is not one of the enum values"
 */
export function defaultProblem(column: ColumnIR): string | null {
  const value = column.default;
  if (value === null || value.kind === "sql") return null;
  if (value.value === null) return column.nullable ? null : defaultTypeMessage(column.type.kind);
  if (fitsType(column.type, value.value)) return null;
  return column.type.kind === "enum" && typeof value.value === "string"
    ? enumDefaultMessage(value.value)
    : defaultTypeMessage(column.type.kind);
}
