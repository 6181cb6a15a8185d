import type { AssociationIR, SchemaIR, TableIR } from "../../ir/types.js";
import type { EmittedFile } from "../types.js";
import { associationDecorator, associationMember, RELATION_ALIAS, tenantAssociation, usesRelationAlias } from "./associations.js";
import { attributeInterfaces } from "./attributes.js";
import { docComment, GENERATED_HEADER, objectLiteral, stringLiteral, type Property } from "./code.js";
import { columnMember, foreignKeyTarget } from "./column.js";
import { guardImports, guardInstall } from "./guard.js";
import { generatedClassName, generatedFilePath, modelImport, tenantModelImport, type ModelContext } from "./layout.js";
import { noPrimaryKeyImports, noPrimaryKeyMembers } from "./no-primary-key.js";
import { SEQUELIZE5_TYPE_IMPORT, sequelize5Statics } from "./sequelize5-statics.js";
import { timestampDecorator } from "./timestamps.js";

/**
 * The generated file of one table: the attribute interfaces and the decorated sequelize-typescript
 * class, which is the model (`"single"` layout) or the abstract base the team's class extends.
 *
 * @example
 * emitModelFile(schema, schema.tables[0], modelContext({ sequelize: 6 })).path // "Currency.ts"
 */
export function emitModelFile(schema: SchemaIR, table: TableIR, context: ModelContext): EmittedFile {
  const tenant = tenantAssociation(schema, table);
  const associations: AssociationIR[] = [...(tenant === null ? [] : [tenant]), ...table.associations];
  const className = generatedClassName(table, context);
  const lines = [
    ...GENERATED_HEADER,
    ...importLines(schema, table, associations, context),
    "",
    ...(usesRelationAlias(associations, context) ? [...RELATION_ALIAS, ""] : []),
    ...attributeInterfaces(table, context),
    "",
    ...classComment(table, context),
    `@Table(${tableOptions(schema, table)})`,
    `${classKeywords(context)} ${className} extends ${modelBase(table, className, context)} {`,
    ...joinMembers([
      ...(context.target === 5 ? [sequelize5Statics(className, table.modelName)] : []),
      ...table.columns.map((column) => columnMember(schema, table, column)),
      ...associations.map((association) => associationMember(association, context)),
      ...(table.primaryKey === null ? [noPrimaryKeyMembers(table, context)] : []),
    ]),
    "}",
    ...guardInstall(table, className, context),
    "",
  ];
  return { path: generatedFilePath(table, context), contents: lines.join("\n") };
}

function classKeywords(context: ModelContext): string {
  if (context.layout === "base-and-user") return "export abstract class";
  return context.exports === "default" ? "export default class" : "export class";
}

function classComment(table: TableIR, context: ModelContext): string[] {
  if (context.layout === "single") return docComment(table.description);
  const base = `The generated columns, associations and table options of \`${table.modelName}\`, which extends this class in ../${table.modelName}.ts.`;
  return docComment(table.description === null ? base : `${table.description}\n\n${base}`);
}

function modelBase(table: TableIR, className: string, context: ModelContext): string {
  // sequelize-typescript 1.x only knows the self-referencing `Model<X>` idiom.
  return context.target === 6 ? `Model<${table.modelName}Attributes, ${table.modelName}CreationAttributes>` : `Model<${className}>`;
}

function tableOptions(schema: SchemaIR, table: TableIR): string {
  const properties: Property[] = [
    ["tableName", stringLiteral(table.tableName)],
    // Always written: in the "base-and-user" layout the class that carries @Table is not the model.
    ["modelName", stringLiteral(table.modelName)],
    ["underscored", String(schema.naming === "snake_case")],
    ["paranoid", String(table.paranoid)],
    ["timestamps", String(table.timestamps)],
  ];
  if (table.description !== null) properties.push(["comment", stringLiteral(table.description)]);
  return objectLiteral(properties);
}

function joinMembers(members: string[][]): string[] {
  return members.flatMap((member, index) => (index === 0 ? member : ["", ...member]));
}

function importLines(schema: SchemaIR, table: TableIR, associations: AssociationIR[], context: ModelContext): string[] {
  const usesForeignKey = table.columns.some((column) => foreignKeyTarget(schema, table, column) !== null);
  // Timestamp members are decorated (@CreatedAt...) and never render their default.
  const usesLiteral = table.columns.some((column) => column.default?.kind === "sql" && timestampDecorator(table, column) === null);
  // Every value a model uses comes from sequelize-typescript; sequelize gives types only.
  const named = new Set<string>(["Column", "DataType", "Model", "Table"]);
  if (usesLiteral) named.add("Sequelize");
  if (usesForeignKey) named.add("ForeignKey");
  for (const association of associations) named.add(associationDecorator(association));
  for (const column of table.columns) {
    const timestamp = timestampDecorator(table, column);
    if (timestamp !== null) named.add(timestamp);
  }

  const tenantModel = schema.tenant.model;
  const referenced = new Set<string>();
  for (const column of table.columns) {
    const model = foreignKeyTarget(schema, table, column);
    if (model !== null) referenced.add(model);
  }
  for (const association of associations) {
    referenced.add(association.targetModel);
    if (association.kind === "belongsToMany") referenced.add(association.throughModel);
  }
  // A single-layout model refers to itself by its own class; a base refers to the team's class.
  if (context.layout === "single") referenced.delete(table.modelName);
  if (tenantModel !== null) referenced.delete(tenantModel.name);
  const from = context.layout === "single" ? "top" : "generated";

  return [
    ...(context.target === 6 ? ['import type { Optional } from "sequelize";'] : [SEQUELIZE5_TYPE_IMPORT]),
    `import { ${[...named].sort().join(", ")} } from "sequelize-typescript";`,
    ...guardImports(table, context),
    ...(tenantModel !== null && referencedTenant(schema, table) ? [tenantModelImport(tenantModel, from, context)] : []),
    ...[...referenced].sort().map((model) => modelImport(model, from, context)),
    ...noPrimaryKeyImports(table, context),
  ];
}

function referencedTenant(schema: SchemaIR, table: TableIR): boolean {
  return schema.tenant.model !== null && table.columns.some((column) => column.role === "tenant");
}
