import { match } from "ts-pattern";
import type { ColumnIR, DefaultIR, SchemaIR, TableIR } from "../../ir/types.js";
import { docComment, objectLiteral, stringLiteral, type Property } from "./code.js";
import { attributeType, dataTypeCode } from "./data-type.js";
import { timestampDecorator, timestampMember } from "./timestamps.js";

/**
 * The `@Column` options of one attribute. `field` is always written: it is what the database column
 * is really called, and it stays right whether or not `underscored` would have derived it.
 *
 * @example
 * columnOptions(notifications.columns[5]) // '{ type: DataType.DATE, allowNull: true, field: "read_at" }'
 */
export function columnOptions(column: ColumnIR): string {
  const properties: Property[] = [
    ["type", dataTypeCode(column.type)],
    ["allowNull", String(column.nullable)],
  ];
  if (column.default !== null) properties.push(["defaultValue", defaultValueCode(column.default)]);
  properties.push(["field", stringLiteral(column.field)]);
  if (column.primaryKey) properties.push(["primaryKey", "true"]);
  if (column.autoIncrement) properties.push(["autoIncrement", "true"]);
  if (column.comment !== null) properties.push(["comment", stringLiteral(column.comment)]);
  if (column.type.kind === "enum") {
    // isIn takes a list of argument lists, hence the double brackets.
    properties.push(["validate", objectLiteral([["isIn", `[[${column.type.values.map(stringLiteral).join(", ")}]]`]])]);
  }
  return objectLiteral(properties);
}

/**
 * A default as a Sequelize `defaultValue`: JSON literals as they are, SQL through
 * `Sequelize.literal(...)`. `Sequelize` comes from sequelize-typescript, so models import values from
 * that one package: sequelize 5 has no named `literal` export that Node ESM could import.
 *
 * @example
 * defaultValueCode({ kind: "sql", sql: "now()" }) // 'Sequelize.literal("now()")'
 */
export function defaultValueCode(value: DefaultIR): string {
  return match(value)
    .with({ kind: "literal" }, (d) => JSON.stringify(d.value))
    .with({ kind: "sql" }, (d) => `Sequelize.literal(${stringLiteral(d.sql)})`)
    .exhaustive();
}

/**
 * The model class a column points at, for `@ForeignKey`: the tenant model for the tenant column
 * (when configured), else the target of a belongsTo on it. Null otherwise: the columns of a
 * `.foreignKey(...)` (a composite key, or one that is no association) stay plain attributes, since
 * an association over part of a key would let Sequelize join on one column alone.
 *
 * @example
 * foreignKeyTarget(schema, notifications, userIdColumn) // "User"
 */
export function foreignKeyTarget(schema: SchemaIR, table: TableIR, column: ColumnIR): string | null {
  if (column.role === "tenant") return schema.tenant.model?.name ?? null;
  const belongsTo = table.associations.find((a) => a.kind === "belongsTo" && a.foreignKey === column.name);
  return belongsTo?.targetModel ?? null;
}

/**
 * The decorated property of one column, as indented class-body lines; timestamps are Sequelize's.
 *
 * @example
 * columnMember(schema, notifications, userIdColumn)
 * // ["  @ForeignKey(() => User)", '  @Column({ type: DataType.INTEGER, ... })', "  userId!: number;"]
 */
export function columnMember(schema: SchemaIR, table: TableIR, column: ColumnIR): string[] {
  const timestamp = timestampDecorator(table, column);
  if (timestamp !== null) return timestampMember(schema.naming, timestamp, column);
  const target = foreignKeyTarget(schema, table, column);
  return [
    ...docComment(column.comment, "  "),
    ...(target === null ? [] : [`  @ForeignKey(() => ${target})`]),
    `  @Column(${columnOptions(column)})`,
    `  ${column.name}!: ${attributeType(column)};`,
  ];
}
