import { columnKind, sequelizeTypeSource } from "../../ir/column-types.js";
import type { ColumnIR, ColumnTypeIR } from "../../ir/types.js";

/**
 * The sequelize-typescript `DataType.X` expression for a column type. Always explicit: inference from
 * `design:type` metadata cannot tell VARCHAR(120) from TEXT, or DATE from DATEONLY. From the
 * column-kind registry: enums are `STRING(length)` (the model validates the values), a `pgEnum` is
 * `ENUM(...values)`, a `custom` type its SQL text.
 *
 * @example
 * dataTypeCode({ kind: "decimal", precision: 12, scale: 2 }) // "DataType.DECIMAL(12, 2)"
 */
export function dataTypeCode(type: ColumnTypeIR): string {
  return sequelizeTypeSource(columnKind(type).modelType(type), "DataType");
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
  const base = columnKind(column.type).tsType(column.type);
  return column.nullable ? `${base} | null` : base;
}
