import { match, P } from "ts-pattern";
import type { ColumnIR, ColumnTypeIR, ScalarTypeIR } from "../../ir/types.js";
import { stringLiteral } from "./code.js";

/** Matches every scalar kind, so the outer matches stay exhaustive over ColumnTypeIR. */
const SCALAR_KINDS = P.union("integer", "bigint", "string", "text", "boolean", "timestamp", "date", "decimal", "double", "uuid");

/**
 * The sequelize-typescript `DataType.X` expression for a column type. Always explicit: inference from
 * `design:type` metadata cannot tell VARCHAR(120) from TEXT, or DATE from DATEONLY.
 *
 * @example
 * dataTypeCode({ kind: "decimal", precision: 12, scale: 2 }) // "DataType.DECIMAL(12, 2)"
 */
export function dataTypeCode(type: ColumnTypeIR): string {
  return match(type)
    .with({ kind: "jsonb" }, () => "DataType.JSONB")
    // Enums are VARCHAR + CHECK in the database; the model validates the values itself.
    .with({ kind: "enum" }, (t) => `DataType.STRING(${t.length})`)
    .with({ kind: "array" }, (t) => `DataType.ARRAY(${scalarDataTypeCode(t.element)})`)
    .with({ kind: SCALAR_KINDS }, (t) => scalarDataTypeCode(t))
    .exhaustive();
}

function scalarDataTypeCode(type: ScalarTypeIR): string {
  return match(type)
    .with({ kind: "integer" }, () => "DataType.INTEGER")
    .with({ kind: "bigint" }, () => "DataType.BIGINT")
    .with({ kind: "string" }, (t) => `DataType.STRING(${t.length})`)
    .with({ kind: "text" }, () => "DataType.TEXT")
    .with({ kind: "boolean" }, () => "DataType.BOOLEAN")
    .with({ kind: "timestamp" }, () => "DataType.DATE")
    .with({ kind: "date" }, () => "DataType.DATEONLY")
    .with({ kind: "decimal" }, (t) => `DataType.DECIMAL(${t.precision}, ${t.scale})`)
    .with({ kind: "double" }, () => "DataType.DOUBLE")
    .with({ kind: "uuid" }, () => "DataType.UUID")
    .exhaustive();
}

/**
 * The TypeScript type of a column's attribute, as node-postgres returns it: BIGINT and DECIMAL come
 * back as strings (they can exceed a double), DATE as a "YYYY-MM-DD" string.
 *
 * @example
 * attributeType({ ...column, type: { kind: "enum", values: ["read", "unread"], length: 255 }, nullable: true })
 * // '"read" | "unread" | null'
 */
export function attributeType(column: Pick<ColumnIR, "type" | "nullable">): string {
  const base = columnTsType(column.type);
  return column.nullable ? `${base} | null` : base;
}

function columnTsType(type: ColumnTypeIR): string {
  return match(type)
    .with({ kind: "jsonb" }, (t) => t.tsType)
    .with({ kind: "enum" }, (t) => (t.values.length === 0 ? "never" : t.values.map(stringLiteral).join(" | ")))
    .with({ kind: "array" }, (t) => `${scalarTsType(t.element)}[]`)
    .with({ kind: SCALAR_KINDS }, (t) => scalarTsType(t))
    .exhaustive();
}

function scalarTsType(type: ScalarTypeIR): string {
  return match(type)
    .with({ kind: "integer" }, { kind: "double" }, () => "number")
    .with({ kind: "bigint" }, { kind: "decimal" }, { kind: "date" }, () => "string")
    .with({ kind: "string" }, { kind: "text" }, { kind: "uuid" }, () => "string")
    .with({ kind: "boolean" }, () => "boolean")
    .with({ kind: "timestamp" }, () => "Date")
    .exhaustive();
}
