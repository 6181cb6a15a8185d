import type { ModelModuleFormat, SequelizeTarget } from "../../config/define-config.js";
import type { AssociationIR, SchemaIR, TableIR } from "../../ir/types.js";
import type { EmittedFile } from "../types.js";
import { associationDecorator, associationMember, RELATION_ALIAS, tenantAssociation, usesRelationAlias } from "./associations.js";
import { attributeInterfaces } from "./attributes.js";
import { docComment, GENERATED_HEADER, objectLiteral, siblingImport, stringLiteral, type Property } from "./code.js";
import { columnMember, foreignKeyTarget } from "./column.js";
import { noPrimaryKeyImports, noPrimaryKeyMembers } from "./no-primary-key.js";
import { timestampDecorator } from "./timestamps.js";

/**
 * One `${modelName}.ts`: the attribute interfaces and the decorated sequelize-typescript class.
 *
 * @example
 * emitModelFile(schema, schema.tables[0], 6, "commonjs").path // "Currency.ts"
 */
export function emitModelFile(schema: SchemaIR, table: TableIR, target: SequelizeTarget, module: ModelModuleFormat): EmittedFile {
  const tenant = tenantAssociation(schema, table);
  const associations: AssociationIR[] = [...(tenant === null ? [] : [tenant]), ...table.associations];
  const lines = [
    ...GENERATED_HEADER,
    ...importLines(schema, table, associations, target, module),
    "",
    ...(usesRelationAlias(associations, module) ? [...RELATION_ALIAS, ""] : []),
    ...attributeInterfaces(table, target),
    "",
    ...docComment(table.description),
    `@Table(${tableOptions(schema, table)})`,
    `export class ${table.modelName} extends ${modelBase(table, target)} {`,
    ...joinMembers([
      ...table.columns.map((column) => columnMember(schema, table, column)),
      ...associations.map((association) => associationMember(association, module)),
      ...(table.primaryKey === null ? [noPrimaryKeyMembers(table, target)] : []),
    ]),
    "}",
    "",
  ];
  return { path: `${table.modelName}.ts`, contents: lines.join("\n") };
}

function modelBase(table: TableIR, target: SequelizeTarget): string {
  // sequelize-typescript 1.x only knows the self-referencing `Model<X>` idiom.
  return target === 6
    ? `Model<${table.modelName}Attributes, ${table.modelName}CreationAttributes>`
    : `Model<${table.modelName}>`;
}

function tableOptions(schema: SchemaIR, table: TableIR): string {
  const properties: Property[] = [
    ["tableName", stringLiteral(table.tableName)],
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

function importLines(schema: SchemaIR, table: TableIR, associations: AssociationIR[], target: SequelizeTarget, module: ModelModuleFormat): string[] {
  const usesForeignKey = table.columns.some((column) => foreignKeyTarget(schema, table, column) !== null);
  const usesLiteral = table.columns.some((column) => column.default?.kind === "sql");
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
  referenced.delete(table.modelName);
  if (tenantModel !== null) referenced.delete(tenantModel.name);

  return [
    ...(target === 6 ? ['import type { Optional } from "sequelize";'] : []),
    `import { ${[...named].sort().join(", ")} } from "sequelize-typescript";`,
    ...(tenantModel !== null && referencedTenant(schema, table)
      ? [`import { ${tenantModel.name} } from ${stringLiteral(tenantModel.importPath)};`]
      : []),
    ...[...referenced].sort().map((model) => `import { ${model} } from ${siblingImport(model, module)};`),
    ...noPrimaryKeyImports(table, target),
  ];
}

function referencedTenant(schema: SchemaIR, table: TableIR): boolean {
  return schema.tenant.model !== null && table.columns.some((column) => column.role === "tenant");
}
