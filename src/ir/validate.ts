import {
  builtInColumnMessage,
  duplicateAssociationMessage,
  duplicateColumnMessage,
  duplicateModelMessage,
  duplicateNameMessage,
  duplicateTableMessage,
  enumValuesMessage,
  foreignKeyArityMessage,
  foreignKeySetNullMessage,
  GLOBAL_REFERENCES_TENANT_MESSAGE,
  globalReasonMessage,
  REMAP_ENUM_ONLY_MESSAGE,
  remapKeptValueMessage,
  remapTargetMessage,
  referencedKeyMessage,
  reservedModelMessage,
  SET_NULL_MESSAGE,
  tenantRootMessage,
  unknownColumnMessage,
  unknownTargetMessage,
} from "./messages.js";
import { RESERVED_MODEL_NAMES } from "./naming.js";
import type { ColumnIR, SchemaIR, SchemaIssue, SourceLocation, TableIR } from "./types.js";
import { checkAdoptionColumns, checkDepartures, checkEnumTypes, checkTableShape } from "./validate-adoption.js";
import { defaultProblem } from "./validate-default.js";
import { checkAcknowledgements, checkColumnEvolution, checkTableRenames } from "./validate-evolution.js";
import { checkIdentifiers } from "./validate-identifiers.js";

type Report = (code: string, message: string, source: SourceLocation | null) => void;

const duplicates = <T>(items: readonly T[]): T[] => items.filter((item, index) => items.indexOf(item) !== index);

/** `.remap(...)`: an enum column, keys that are no longer values, targets that are. */
const checkRemap = (table: TableIR, column: ColumnIR, report: Report): void => {
  if (column.remap === undefined) return;
  const where = `Column '${column.name}' of table '${table.key}'`;
  if (column.type.kind !== "enum") {
    report("remap", `${where}: ${REMAP_ENUM_ONLY_MESSAGE}`, column.source);
    return;
  }
  const values = column.type.values;
  for (const [from, to] of Object.entries(column.remap)) {
    if (values.includes(from)) report("remap", `${where}: ${remapKeptValueMessage(from)}`, column.source);
    if (typeof to !== "string" || !values.includes(to)) report("remap", `${where}: ${remapTargetMessage(from, String(to))}`, column.source);
  }
};

/** The built-in attributes this table has: its options decide which (a table without timestamps may declare `createdAt`). */
const builtInsOf = (schema: SchemaIR, table: TableIR): string[] => [
  ...(table.columns.some((column) => column.role === "primaryKey") ? ["id"] : []),
  ...(table.timestamps ? ["createdAt", "updatedAt"] : []),
  ...(table.paranoid ? ["deletedAt"] : []),
  schema.tenant.attribute,
  "companyId",
];

const checkColumns = (schema: SchemaIR, table: TableIR, report: Report): void => {
  const builtIns = builtInsOf(schema, table);
  for (const column of table.columns) {
    if (column.role === "data" && builtIns.includes(column.name)) {
      report("builtin-column", builtInColumnMessage(column.name, table.key), column.source);
    }
    const problem = defaultProblem(column);
    if (problem !== null) report("default", `Column '${column.name}' of table '${table.key}': ${problem}`, column.source);
    if (column.type.kind === "enum") {
      const { values, length } = column.type;
      const bad = values.length === 0 || duplicates(values).length > 0 || values.some((v) => v === "" || v.length > length);
      if (bad) report("enum-values", enumValuesMessage(column.name), column.source);
    }
    checkRemap(table, column, report);
  }
  for (const name of new Set(duplicates(table.columns.map((c) => c.name)))) {
    const source = table.columns.filter((c) => c.name === name).at(-1)?.source ?? table.source;
    if (!builtIns.includes(name)) report("duplicate-column", duplicateColumnMessage(name, table.key), source);
  }
};

const checkReferences = (table: TableIR, report: Report): void => {
  const fields = new Set(table.columns.map((column) => column.field));
  for (const index of table.indexes) {
    const use = index.origin === "unique" ? "Unique" : "Index";
    for (const column of index.columns.filter((c) => !fields.has(c))) report("unknown-column", unknownColumnMessage(use, column, table.key), index.source);
  }
  for (const check of table.checks) {
    for (const column of check.columns.filter((c) => !fields.has(c))) report("unknown-column", unknownColumnMessage("Check", column, table.key), check.source);
  }
  for (const foreignKey of table.foreignKeys) {
    for (const column of foreignKey.columns.filter((c) => !fields.has(c))) report("unknown-column", unknownColumnMessage("Foreign key", column, table.key), foreignKey.source);
  }
};

const checkForeignKeys = (schema: SchemaIR, table: TableIR, report: Report): void => {
  for (const foreignKey of table.foreignKeys) {
    // `SET NULL (columns)` nulls only those: the others may be NOT NULL (a composite tenant key's tenant column).
    const nulled = foreignKey.onDeleteColumns ?? foreignKey.columns;
    const columns = table.columns.filter((column) => nulled.includes(column.field));
    const notNull = columns.find((column) => !column.nullable);
    if (foreignKey.onDelete === "SET NULL" && notNull !== undefined) {
      // A belongsTo's column says `nullable: true`; the columns of `.foreignKey(...)` are declared.
      const belongsTo = columns.length === 1 && notNull.role === "foreignKey";
      report("set-null-not-null", `Foreign key '${foreignKey.name}': ${belongsTo ? SET_NULL_MESSAGE : foreignKeySetNullMessage(notNull.name)}`, foreignKey.source);
    }
    if (foreignKey.columns.length !== foreignKey.referencedColumns.length || foreignKey.columns.length === 0) {
      report("foreign-key-arity", foreignKeyArityMessage(foreignKey.name, foreignKey.columns.length, foreignKey.referencedColumns.length), foreignKey.source);
      continue;
    }
    if (foreignKey.referencedTable === schema.tenant.tableName) continue;
    const target = schema.tables.find((candidate) => candidate.tableName === foreignKey.referencedTable);
    const unknown = target === undefined ? [] : foreignKey.referencedColumns.filter((field) => !target.columns.some((column) => column.field === field));
    if (target === undefined) report("relation-target", unknownTargetMessage(foreignKey.referencedTable), foreignKey.source);
    else if (target.scope.kind === "tenant" && table.scope.kind === "global" && !table.departures.includes("globalUnreviewed")) {
      // An adopted global table not reviewed yet is declared as it is; the audit reports its missing tenant column.
      report("global-references-tenant", `${GLOBAL_REFERENCES_TENANT_MESSAGE}: '${target.key}' is a tenant table`, foreignKey.source);
    } else if (unknown.length > 0) {
      for (const field of unknown) report("unknown-column", unknownColumnMessage("Referenced", field, target.key), foreignKey.source);
    } else if (!referencesKey(target, foreignKey.referencedColumns)) {
      report("referenced-key", referencedKeyMessage(foreignKey.name, target.key), foreignKey.source);
    }
  }
  for (const name of new Set(duplicates(table.associations.map((association) => association.as)))) {
    report("duplicate-association", duplicateAssociationMessage(name, table.key), table.source);
  }
};

/**
 * A foreign key references the target's primary key or a plain unique key of it (a UNIQUE constraint
 * or a unique index without a predicate or expressions): exactly those columns, in any order, as
 * PostgreSQL requires.
 */
const referencesKey = (target: TableIR, columns: readonly string[]): boolean => {
  const same = (key: readonly string[]) => key.length === columns.length && new Set(columns).size === columns.length && key.every((column) => columns.includes(column));
  const uniques = target.indexes.filter((index) => index.unique && index.where === null && index.expression === null).map((index) => index.columns);
  return [target.primaryKey?.columns ?? [], ...uniques].some(same);
};

const checkNames = (schema: SchemaIR, report: Report): void => {
  const named = schema.tables.flatMap((table) => [
    { name: table.tableName, source: table.source },
    // The primary key's index shares the namespace with tables, indexes and constraints.
    ...(table.primaryKey === null ? [] : [{ name: table.primaryKey.name, source: table.source }]),
    ...[...table.indexes, ...table.checks, ...table.foreignKeys].map((object) => ({ name: object.name, source: object.source ?? table.source })),
  ]);
  const seen = new Set<string>();
  for (const { name, source } of named) {
    if (seen.has(name)) report("duplicate-name", duplicateNameMessage(name), source);
    seen.add(name);
  }
};

/** One model class per table, in one file named after it: names must be distinct and free. */
const checkModelNames = (schema: SchemaIR, report: (code: string, message: string, table: TableIR) => void): void => {
  const taken = [...RESERVED_MODEL_NAMES, ...(schema.tenant.model === null ? [] : [schema.tenant.model.name])];
  for (const table of schema.tables) {
    if (taken.includes(table.modelName)) report("model-name", reservedModelMessage(table.modelName, table.key), table);
  }
  for (const model of new Set(duplicates(schema.tables.map((table) => table.modelName)))) {
    const tables = schema.tables.filter((table) => table.modelName === model);
    // One key declared twice is reported as such (duplicate-table).
    const keys = [...new Set(tables.map((table) => table.key))];
    if (keys.length > 1) report("duplicate-model", duplicateModelMessage(model, keys), tables.at(-1)!);
  }
};

/**
 * Every rule the DSL's types enforce, and the ones only the whole schema can tell, checked on the
 * IR for JavaScript users and `as any` escapes. Pure; returns issues, never throws.
 *
 * @example
 * validateSchema(toSchemaIR(tables, config)).map((issue) => issue.message)
 * // ["Index column 'foo' is not declared on table 'notifications'"]
 */
export function validateSchema(ir: SchemaIR): SchemaIssue[] {
  const issues: SchemaIssue[] = [];
  const keys = ir.tables.map((table) => table.key);
  for (const key of new Set(duplicates(keys))) {
    issues.push({ code: "duplicate-table", message: duplicateTableMessage(key), table: key, source: ir.tables.filter((t) => t.key === key).at(-1)?.source ?? null });
  }
  for (const table of ir.tables) {
    const report: Report = (code, message, source) => issues.push({ code, message, table: table.key, source: source ?? table.source });
    if (table.key === ir.tenant.tableName || table.tableName === ir.tenant.tableName) report("tenant-root", tenantRootMessage(ir.tenant.tableName), table.source);
    const unreviewed = table.departures.includes("globalUnreviewed");
    if (table.scope.kind === "global" && table.scope.reason.trim() === "" && !unreviewed) report("global-reason", globalReasonMessage(table.key), table.source);
    checkColumns(ir, table, report);
    checkTableShape(table, report);
    checkDepartures(ir, table, report);
    checkAdoptionColumns(table, report);
    checkReferences(table, report);
    checkForeignKeys(ir, table, report);
    checkColumnEvolution(ir, table, report);
  }
  checkIdentifiers(ir, (code, message, source, table) => issues.push({ code, message, table, source }));
  checkNames(ir, (code, message, source) => issues.push({ code, message, table: null, source }));
  checkModelNames(ir, (code, message, table) => issues.push({ code, message, table: table.key, source: table.source }));
  return [...issues, ...checkEnumTypes(ir), ...checkTableRenames(ir), ...checkAcknowledgements(ir)];
}
