/**
 * Every name that reaches a file name, a TypeScript member or a SQL identifier, checked before
 * anything is emitted: feature names (doc file names), table keys (model classes and files),
 * attributes and associations (class members), database names (quoted SQL identifiers), and the
 * jsonb `tsType` text pasted into models. What passes here emits, formats and compiles.
 */
import {
  associationColumnMessage,
  builtInModelMessage,
  databaseNameMessage,
  duplicateFieldMessage,
  featureNameMessage,
  invalidAssociationMessage,
  invalidAttributeMessage,
  invalidTableKeyMessage,
  memberAssociationMessage,
  memberColumnMessage,
  tsTypeMessage,
  type DatabaseNameUse,
} from "./messages.js";
import { attributeNameProblem, BUILT_IN_MODEL_NAMES, databaseNameProblem, isFeatureName, isTableKey } from "./naming.js";
import { tsTypeProblem } from "./ts-type.js";
import type { SchemaIR, SourceLocation, TableIR } from "./types.js";

type Report = (code: string, message: string, source: SourceLocation | null) => void;

const checkDatabaseName = (use: DatabaseNameUse, name: string, table: string | null, source: SourceLocation | null, report: Report): void => {
  const found = databaseNameProblem(name);
  if (found !== null) report(found.code, databaseNameMessage(use, name, table, found.problem), source);
};

const checkColumnNames = (table: TableIR, report: Report): void => {
  for (const column of table.columns) {
    // Built-ins come from the config (checked there); foreign keys and data columns from the DSL.
    if (column.role === "data" || column.role === "foreignKey") {
      const problem = attributeNameProblem(column.name);
      if (problem === "invalid") report("attribute-name", invalidAttributeMessage(column.name, table.key), column.source);
      if (problem === "member") report("model-member", memberColumnMessage(column.name, table.key), column.source);
    }
    checkDatabaseName("Column name", column.field, table.key, column.source, report);
    if (column.type.kind === "jsonb") {
      const problem = tsTypeProblem(column.type.tsType);
      if (problem !== null) report("ts-type", tsTypeMessage(column.name, table.key, problem), column.source);
    }
  }
  const byField = new Map<string, string[]>();
  for (const column of table.columns) byField.set(column.field, [...(byField.get(column.field) ?? []), column.name]);
  for (const [field, names] of byField) {
    // The same attribute twice is reported as a duplicate column.
    const distinct = [...new Set(names)];
    if (distinct.length > 1) {
      // The declaration that made the clash: the last of them written in the schema (built-ins have no source).
      const source = table.columns.filter((column) => column.field === field && column.source !== null).at(-1)?.source ?? table.source;
      report("duplicate-field", duplicateFieldMessage(field, table.key, distinct), source);
    }
  }
};

const checkAssociationNames = (table: TableIR, report: Report): void => {
  const columns = new Set(table.columns.map((column) => column.name));
  for (const association of new Set(table.associations.map((a) => a.as))) {
    const problem = attributeNameProblem(association);
    if (problem === "invalid") report("association-name", invalidAssociationMessage(association, table.key), table.source);
    else if (problem === "member") report("model-member", memberAssociationMessage(association, table.key), table.source);
    else if (columns.has(association)) report("association-column", associationColumnMessage(association, table.key), table.source);
  }
};

/**
 * Reports every identifier problem of the schema through `report` (the table key, or null for
 * schema-wide names, is given with each).
 *
 * @example
 * checkIdentifiers(schema, (code, message, source, table) => issues.push({ code, message, source, table }))
 */
export function checkIdentifiers(schema: SchemaIR, report: (code: string, message: string, source: SourceLocation | null, table: string | null) => void): void {
  checkDatabaseName("Tenant table", schema.tenant.tableName, null, null, (code, message) => report(code, message, null, null));
  checkDatabaseName("Tenant column", schema.tenant.field, null, null, (code, message) => report(code, message, null, null));
  for (const table of schema.tables) {
    const tableReport: Report = (code, message, source) => report(code, message, source ?? table.source, table.key);
    if (!isTableKey(table.key)) tableReport("table-key", invalidTableKeyMessage(table.key), table.source);
    else if (BUILT_IN_MODEL_NAMES.includes(table.modelName)) tableReport("model-name", builtInModelMessage(table.modelName, table.key), table.source);
    if (!isFeatureName(table.feature)) tableReport("feature-name", featureNameMessage(table.feature, table.key), table.source);
    checkDatabaseName("Table name", table.tableName, table.key, table.source, tableReport);
    // Generated index and constraint names repeat the table and column names: a bad one is reported once, as itself.
    const bad = [table.tableName, ...table.columns.map((column) => column.field)].filter((name) => databaseNameProblem(name)?.code === "database-name");
    const inherits = (name: string) => bad.some((part) => name.includes(part));
    for (const index of table.indexes.filter((i) => !inherits(i.name))) checkDatabaseName("Index name", index.name, table.key, index.source, tableReport);
    for (const constraint of [...table.checks, ...table.foreignKeys].filter((c) => !inherits(c.name))) {
      checkDatabaseName("Constraint name", constraint.name, table.key, constraint.source, tableReport);
    }
    checkColumnNames(table, tableReport);
    checkAssociationNames(table, tableReport);
  }
}
