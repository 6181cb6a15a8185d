import type { ColumnIR, TableIR } from "../../ir/types.js";
import { docComment, stringLiteral, withArticle } from "./code.js";
import { attributeType } from "./data-type.js";
import type { ModelContext } from "./layout.js";

/**
 * Whether `create()` may leave the attribute out: the database (or Sequelize) fills it in.
 *
 * @example
 * isOptionalOnCreate(idColumn) // true
 */
export function isOptionalOnCreate(column: ColumnIR): boolean {
  const generated = column.role === "createdAt" || column.role === "updatedAt" || column.role === "deletedAt";
  return generated || column.autoIncrement || column.default !== null || column.nullable;
}

/**
 * The exported `XAttributes` interface (a row as read) and `XCreationAttributes` (what `create()`
 * needs). Sequelize 6 takes both as `Model<A, C>` generics; Sequelize 5 types ignore them, but the
 * team's services still get typed DTOs, so they are written for both targets (v5 has no `Optional`).
 *
 * @example
 * attributeInterfaces(notifications, { target: 6, ... })
 * // ["export interface NotificationAttributes {", "  id: number;", ..., "}", "", "export interface NotificationCreationAttributes extends Optional<...> {}"]
 */
export function attributeInterfaces(table: TableIR, context: ModelContext): string[] {
  const name = table.modelName;
  const optionalKeys = table.columns.filter(isOptionalOnCreate).map((column) => stringLiteral(column.name));
  const keys = optionalKeys.length === 0 ? "never" : optionalKeys.join(" | ");
  const creation =
    context.target === 6
      ? `export interface ${name}CreationAttributes extends Optional<${name}Attributes, ${keys}> {}`
      : `export type ${name}CreationAttributes = Omit<${name}Attributes, ${keys}> & Partial<Pick<${name}Attributes, ${keys}>>;`;
  return [
    `/** ${capitalized(withArticle(name))} row as Sequelize returns it. */`,
    `export interface ${name}Attributes {`,
    ...table.columns.flatMap((column) => [...docComment(column.comment, "  "), `  ${column.name}: ${attributeType(column)};`]),
    "}",
    "",
    `/** What \`${name}.create()\` needs: generated, defaulted and nullable attributes may be left out. */`,
    creation,
  ];
}

const capitalized = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
