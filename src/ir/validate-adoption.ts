/**
 * Rules over what adopted tables may have: table options (timestamps, soft delete, primary key),
 * declared departures from the tenant rules (each must match the table, both ways: never accepted
 * silently), the adoption column kinds and UNIQUE constraints / expression indexes. The DSL's types
 * enforce the same where they can (src/dsl/types.ts); the words are src/ir/messages.ts'.
 */
import { isScalar } from "./column-types.js";
import {
  autoIncrementMessage,
  BUILT_IN_PRIMARY_KEY_MESSAGE,
  customTypeMessage,
  departureMismatchMessage,
  departureScopeMessage,
  expressionIndexMessage,
  PARANOID_MESSAGE,
  pgEnumConflictMessage,
  pgEnumNameMessage,
  pgEnumValuesMessage,
  primaryKeyMessage,
  tableMessage,
  TENANT_SET_NULL_MESSAGE,
  undeclaredDepartureMessage,
  uniqueConstraintMessage,
  unknownColumnMessage,
} from "./messages.js";
import type { ColumnTypeIR, SchemaIR, SchemaIssue, SourceLocation, TableIR, TenantDeparture } from "./types.js";

type Report = (code: string, message: string, source: SourceLocation | null) => void;

const TENANT_DEPARTURES: readonly TenantDeparture[] = ["tenantNullable", "tenantWithoutForeignKey", "tenantWithoutIndex"];
const GLOBAL_DEPARTURES: readonly TenantDeparture[] = ["globalUnreviewed"];

const sameSet = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((item) => b.includes(item));

/**
 * Soft delete needs timestamps; the primary key and its columns' flags say the same; key columns are NOT NULL.
 *
 * @example
 * checkTableShape({ ...contacts, timestamps: false, paranoid: true }, report) // reports PARANOID_MESSAGE
 */
export function checkTableShape(table: TableIR, report: Report): void {
  if (table.paranoid && !table.timestamps) report("paranoid-timestamps", tableMessage(table.key, PARANOID_MESSAGE), table.source);
  const flagged = table.columns.filter((column) => column.primaryKey).map((column) => column.field);
  const declared = table.primaryKey?.columns ?? [];
  const unknown = declared.filter((name) => !table.columns.some((column) => column.field === name));
  for (const field of unknown) report("unknown-column", unknownColumnMessage("Primary key", field, table.key), table.source);
  if (unknown.length === 0 && !sameSet(flagged, declared)) {
    report("primary-key", primaryKeyMessage(table.key, `it lists (${declared.join(", ")}) but the columns flagged primaryKey are (${flagged.join(", ")})`), table.source);
  }
  if (table.primaryKey !== null && table.primaryKey.name.trim() === "") report("primary-key", primaryKeyMessage(table.key, "its name is empty"), table.source);
  for (const column of table.columns.filter((c) => c.primaryKey && c.nullable)) {
    report("primary-key", primaryKeyMessage(table.key, `column '${column.name}' is nullable`), column.source ?? table.source);
  }
  const builtInId = table.columns.find((column) => column.role === "primaryKey");
  if (builtInId !== undefined && !(declared.length === 1 && declared[0] === builtInId.field)) {
    report("primary-key", primaryKeyMessage(table.key, BUILT_IN_PRIMARY_KEY_MESSAGE), table.source);
  }
}

/** What the table shows about each tenant rule, for the departures to agree with. */
function tenantFacts(table: TableIR, schema: SchemaIR): Record<Exclude<TenantDeparture, "globalUnreviewed">, string | null> {
  const { field, tableName, key } = schema.tenant;
  const column = table.columns.find((c) => c.role === "tenant");
  const foreignKey = table.foreignKeys.find((fk) => fk.columns.length === 1 && fk.columns[0] === field && fk.referencedTable === tableName);
  const index = table.indexes.find((i) => i.method === "btree" && i.where === null && i.expression === null && i.columns[0] === field);
  return {
    tenantNullable: column?.nullable ? "its tenant column is nullable" : null,
    tenantWithoutForeignKey: foreignKey === undefined ? `it has no foreign key ${field} → ${tableName}.${key}` : null,
    tenantWithoutIndex: index === undefined ? `no index leads with ${field}` : null,
  };
}

const FACT_WHEN_COMPLIANT: Record<Exclude<TenantDeparture, "globalUnreviewed">, string> = {
  tenantNullable: "its tenant column is NOT NULL",
  tenantWithoutForeignKey: "it has the tenant foreign key",
  tenantWithoutIndex: "an index leads with the tenant column",
};

/**
 * Declared departures apply to the table's scope and match the table exactly: a departure the
 * table does not have is refused, and a broken rule without its departure too.
 *
 * @example
 * checkDepartures(schema, contactsWithNullableTenantButNoDeparture, report) // reports undeclaredDepartureMessage
 */
export function checkDepartures(schema: SchemaIR, table: TableIR, report: Report): void {
  const allowed = table.scope.kind === "tenant" ? TENANT_DEPARTURES : GLOBAL_DEPARTURES;
  for (const departure of table.departures.filter((d) => !allowed.includes(d))) {
    report("departure-scope", departureScopeMessage(String(departure), table.key, table.scope.kind), table.source);
  }
  // A tenant table without its tenant column at all is malformed, not adopted: nothing to agree with.
  if (table.scope.kind !== "tenant" || !table.columns.some((c) => c.role === "tenant")) return;
  const facts = tenantFacts(table, schema);
  for (const departure of TENANT_DEPARTURES) {
    const rule = departure as Exclude<TenantDeparture, "globalUnreviewed">;
    const broken = facts[rule];
    const declared = table.departures.includes(rule);
    if (declared && broken === null) report("departure-mismatch", departureMismatchMessage(rule, table.key, FACT_WHEN_COMPLIANT[rule]), table.source);
    if (!declared && broken !== null) report("departure-undeclared", undeclaredDepartureMessage(rule, table.key, broken), table.source);
  }
  const tenantForeignKey = table.foreignKeys.find((fk) => fk.referencedTable === schema.tenant.tableName && fk.columns[0] === schema.tenant.field);
  const tenantColumn = table.columns.find((c) => c.role === "tenant");
  if (tenantForeignKey?.onDelete === "SET NULL" && tenantColumn !== undefined && !tenantColumn.nullable) {
    report("set-null-not-null", tableMessage(table.key, TENANT_SET_NULL_MESSAGE), table.source);
  }
}

/**
 * autoIncrement on integer/bigint only; PostgreSQL ENUM columns name a type and list distinct
 * values; custom columns carry their SQL type and TypeScript type; UNIQUE constraints are plain.
 *
 * @example
 * checkAdoptionColumns(table, report)
 */
export function checkAdoptionColumns(table: TableIR, report: Report): void {
  for (const column of table.columns) {
    const where = column.source ?? table.source;
    if (column.autoIncrement && column.type.kind !== "integer" && column.type.kind !== "bigint") {
      report("auto-increment", autoIncrementMessage(column.name, table.key, column.type.kind), where);
    }
    const { type } = column;
    if (type.kind === "pgEnum" && (type.name.trim() === "" || new Set(type.values).size !== type.values.length)) {
      report("enum-values", pgEnumValuesMessage(column.name), where);
    }
    if (type.kind === "custom" && (type.sql.trim() === "" || type.tsType.trim() === "")) report("custom-type", customTypeMessage(column.name), where);
    // The types allow scalar elements only; a JavaScript caller may pass anything.
    const element: ColumnTypeIR | null = type.kind === "array" ? type.element : null;
    if (element !== null && !isScalar(element)) report("array-element", `Array column '${column.name}' of table '${table.key}' has a ${(element as ColumnTypeIR).kind} element: only scalar kinds`, where);
  }
  for (const index of table.indexes) {
    if (index.expression !== null && (index.name.trim() === "" || index.expression.trim() === "")) report("expression-index", expressionIndexMessage(index.name), index.source);
    if (index.constraint && (!index.unique || index.expression !== null || index.where !== null || index.method !== "btree")) {
      report("unique-constraint", uniqueConstraintMessage(index.name), index.source);
    }
  }
}

/**
 * One PostgreSQL ENUM type has one list of values wherever a column uses it, and its name is not a
 * table's (every table has a row type of its own name).
 *
 * @example
 * checkEnumTypes(schema) // [{ code: "enum-type-conflict", ... }]
 */
export function checkEnumTypes(schema: SchemaIR): SchemaIssue[] {
  const issues: SchemaIssue[] = [];
  const seen = new Map<string, { values: string[]; where: string }>();
  const tableNames = new Set(schema.tables.map((table) => table.tableName));
  for (const table of schema.tables) {
    for (const column of table.columns) {
      if (column.type.kind !== "pgEnum") continue;
      const { name, values } = column.type;
      const where = `${table.key}.${column.name}`;
      const first = seen.get(name);
      if (first === undefined) {
        seen.set(name, { values, where });
        if (tableNames.has(name)) issues.push({ code: "enum-type-name", message: pgEnumNameMessage(name), table: table.key, source: column.source ?? table.source });
      } else if (JSON.stringify(first.values) !== JSON.stringify(values)) {
        issues.push({ code: "enum-type-conflict", message: pgEnumConflictMessage(name, first.where, where), table: table.key, source: column.source ?? table.source });
      }
    }
  }
  return issues;
}
