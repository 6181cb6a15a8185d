/**
 * Variants of the fixture schema for the model emitter tests: the "sequelize" naming profile
 * (PascalCase plural tables, camelCase columns) and a configured tenant model.
 */
import type { ModelExportStyle, SequelizeTarget } from "../../../src/emitters/types.js";
import type { EmittedFile } from "../../../src/emitters/types.js";
import type { SchemaIR } from "../../../src/ir/types.js";
import { fixtureSchema } from "../../fixtures/schema-ir.js";

const pascal = (snake: string) =>
  snake
    .split("_")
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join("");

/**
 * The fixture under the "sequelize" profile: tables "Notifications", "TicketTags"...; every field is
 * the attribute name. Indexes, checks and foreign keys are renamed too, so the IR stays coherent.
 */
export function sequelizeProfileSchema(): SchemaIR {
  const schema = fixtureSchema();
  const tableNames = new Map(schema.tables.map((table) => [table.tableName, pascal(table.tableName)]));
  const renameTable = (name: string) => tableNames.get(name) ?? name;
  schema.naming = "sequelize";
  schema.tenant.field = schema.tenant.attribute;
  for (const table of schema.tables) {
    const fields = new Map(table.columns.map((column) => [column.field, column.name]));
    const renameField = (field: string) => fields.get(field) ?? field;
    const renameSql = (sql: string) => sql.replace(/"([^"]+)"/g, (_, field: string) => `"${renameField(field)}"`);
    table.tableName = renameTable(table.tableName);
    for (const column of table.columns) column.field = column.name;
    for (const index of table.indexes) {
      index.columns = index.columns.map(renameField);
      index.where = index.where === null ? null : renameSql(index.where);
    }
    for (const check of table.checks) {
      check.columns = check.columns.map(renameField);
      check.expression = renameSql(check.expression);
    }
    for (const foreignKey of table.foreignKeys) {
      foreignKey.columns = foreignKey.columns.map(renameField);
      foreignKey.referencedTable = renameTable(foreignKey.referencedTable);
    }
  }
  return schema;
}

/** The import path the variant's tenant model is written to, next to the generated models. */
export const TENANT_MODEL = { name: "Company", importPath: "./Company" } as const;

/** A schema whose tenant column belongs to the team's own `Company` model (`./Company.js` for ESM). */
export function withTenantModel(schema: SchemaIR, importPath: string = TENANT_MODEL.importPath): SchemaIR {
  return { ...schema, tenant: { ...schema.tenant, model: { ...TENANT_MODEL, importPath } } };
}

/** The team's hand-written tenant model, as it would exist in their codebase, exported their way. */
export function companyModelFile(target: SequelizeTarget, style: ModelExportStyle = "named"): EmittedFile {
  const base = target === 6 ? "Model" : "Model<Company>";
  return {
    path: "Company.ts",
    contents: [
      'import { Column, DataType, Model, Table } from "sequelize-typescript";',
      "",
      '@Table({ tableName: "companies", timestamps: false })',
      `${style === "default" ? "export default class" : "export class"} Company extends ${base} {`,
      '  @Column({ type: DataType.TEXT, allowNull: true, field: "name" })',
      "  name!: string | null;",
      "}",
      "",
    ].join("\n"),
  };
}

/**
 * The fixture with the tenant attribute named otherwise (a team whose tenant is not `companyId`):
 * the tenant column of every tenant table, the indexes and foreign keys on it, and the schema's
 * tenant description all say `attribute` / `field`.
 */
export function withTenantAttribute(schema: SchemaIR, attribute: string, field: string): SchemaIR {
  const renamed = structuredClone(schema);
  const oldField = renamed.tenant.field;
  const renameField = (name: string) => (name === oldField ? field : name);
  renamed.tenant = { ...renamed.tenant, attribute, field };
  for (const table of renamed.tables) {
    for (const column of table.columns) {
      if (column.role !== "tenant") continue;
      column.name = attribute;
      column.field = field;
    }
    for (const index of table.indexes) index.columns = index.columns.map(renameField);
    for (const foreignKey of table.foreignKeys) foreignKey.columns = foreignKey.columns.map(renameField);
  }
  return renamed;
}
