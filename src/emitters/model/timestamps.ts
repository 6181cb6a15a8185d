import type { ColumnIR, NamingProfile, TableIR } from "../../ir/types.js";
import { docComment, objectLiteral, stringLiteral } from "./code.js";
import { attributeType, dataTypeCode } from "./data-type.js";

/** The sequelize-typescript decorator of each timestamp role. */
const DECORATORS = { createdAt: "CreatedAt", updatedAt: "UpdatedAt", deletedAt: "DeletedAt" } as const;

export type TimestampDecorator = (typeof DECORATORS)[keyof typeof DECORATORS];

/**
 * The decorator for a timestamp column, or null when the column is not one Sequelize manages.
 * `deletedAt` only counts on paranoid tables: `@DeletedAt` switches paranoid on.
 *
 * @example
 * timestampDecorator(notifications, createdAtColumn) // "CreatedAt"
 */
export function timestampDecorator(table: TableIR, column: ColumnIR): TimestampDecorator | null {
  if (column.role === "createdAt" || column.role === "updatedAt") return DECORATORS[column.role];
  if (column.role === "deletedAt" && table.paranoid) return DECORATORS.deletedAt;
  return null;
}

/**
 * The database column Sequelize derives for an attribute it names itself (`underscored`).
 *
 * @example
 * derivedField("createdAt", "snake_case") // "created_at"
 */
export function derivedField(attribute: string, naming: NamingProfile): string {
  return naming === "snake_case" ? attribute.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toLowerCase() : attribute;
}

/**
 * A timestamp attribute. Left to Sequelize (`@CreatedAt` without `@Column`) whenever `underscored`
 * derives the right column: a declared NOT NULL timestamp breaks `bulkCreate({ validate: true })`
 * and so every belongsToMany `add`, because bulkCreate validates before it fills timestamps
 * (sequelize#7861). Only a column named against the profile gets `@Column`, without `allowNull`.
 *
 * @example
 * timestampMember("snake_case", "CreatedAt", createdAtColumn) // ["  @CreatedAt", "  createdAt!: Date;"]
 */
export function timestampMember(naming: NamingProfile, decorator: TimestampDecorator, column: ColumnIR): string[] {
  const declared =
    column.field === derivedField(column.name, naming)
      ? []
      : [`  @Column(${objectLiteral([["type", dataTypeCode(column.type)], ["field", stringLiteral(column.field)]])})`];
  return [
    ...docComment(column.comment, "  "),
    `  @${decorator}`,
    ...declared,
    `  ${column.name}!: ${attributeType(column)};`,
  ];
}
