/**
 * The words of every schema rule, shared by the runtime validator and (as string-literal types,
 * in src/dsl/types.ts) by the DSL's compile-time errors, so a TypeScript user and a JavaScript
 * user read the same sentence. test-d/rules.test-d.ts pins the compile-time words and
 * test/dsl/naming.test.ts and test/dsl/validate.test.ts pin the runtime ones to the same text.
 */

/** @example builtInColumnMessage("id", "notifications") // "'id' is a built-in column and cannot be declared on table 'notifications'" */
export const builtInColumnMessage = (column: string, table: string): string =>
  `'${column}' is a built-in column and cannot be declared on table '${table}'`;

export type ColumnUse = "Index" | "Unique" | "Check" | "Using" | "Backfill" | "Primary key";

/** @example unknownColumnMessage("Index", "foo", "notifications") // "Index column 'foo' is not declared on table 'notifications'" */
export const unknownColumnMessage = (use: ColumnUse, column: string, table: string): string =>
  `${use} column '${column}' is not declared on table '${table}'`;

/** @example enumDefaultMessage("archived") // "Default 'archived' is not one of the enum values" */
export const enumDefaultMessage = (value: string): string => `Default '${value}' is not one of the enum values`;

/** @example defaultTypeMessage("integer") // "Default value does not match the column type 'integer'" */
export const defaultTypeMessage = (kind: string): string => `Default value does not match the column type '${kind}'`;

export const SET_NULL_MESSAGE = "onDelete 'SET NULL' needs a nullable foreign key: pass nullable: true";

export const GLOBAL_REFERENCES_TENANT_MESSAGE = "A global table can only reference global tables: a shared row cannot point at one tenant's data";

export const NOT_A_TABLE_MESSAGE = "Relation target must be a table";

/** @example globalReasonMessage("plans") // "Global table 'plans' needs a written reason" */
export const globalReasonMessage = (table: string): string => `Global table '${table}' needs a written reason`;

export const NOT_SCHEMA_TABLE_MESSAGE = "Only tables made with defineTenantTable or defineGlobalTable can be emitted";

/** @example duplicateTableMessage("users") // "Table 'users' is declared more than once" */
export const duplicateTableMessage = (key: string): string => `Table '${key}' is declared more than once`;

/** @example tenantRootMessage("companies") // "Table 'companies' is the tenant root: it is configured, not declared" */
export const tenantRootMessage = (table: string): string => `Table '${table}' is the tenant root: it is configured, not declared`;

/** @example duplicateNameMessage("users_email_key") // "Name 'users_email_key' is used more than once (PostgreSQL tables, indexes and constraints share one namespace)" */
export const duplicateNameMessage = (name: string): string =>
  `Name '${name}' is used more than once (PostgreSQL tables, indexes and constraints share one namespace)`;

/** @example nameTooLongMessage("x") // "Name 'x' is longer than 63 bytes" */
export const nameTooLongMessage = (name: string): string => `Name '${name}' is longer than 63 bytes`;

/** @example duplicateColumnMessage("email", "users") // "Column 'email' is declared more than once on table 'users'" */
export const duplicateColumnMessage = (column: string, table: string): string =>
  `Column '${column}' is declared more than once on table '${table}'`;

/** @example duplicateAssociationMessage("tickets", "users") // "Association 'tickets' is declared more than once on table 'users'" */
export const duplicateAssociationMessage = (name: string, table: string): string =>
  `Association '${name}' is declared more than once on table '${table}'`;

/** @example enumValuesMessage("status") // "Enum column 'status' needs distinct, non-empty values that fit its length" */
export const enumValuesMessage = (column: string): string =>
  `Enum column '${column}' needs distinct, non-empty values that fit its length`;

/** @example notATableMessage("belongsTo", 'the string "users"') // "Relation target must be a table: belongsTo got the string \"users\"; pass the table itself (import it)" */
export const notATableMessage = (call: string, got: string): string => `${NOT_A_TABLE_MESSAGE}: ${call} got ${got}; pass the table itself (import it)`;

/** @example unknownTargetMessage("users") // "Relation target must be a table: 'users' is not in the schema" */
export const unknownTargetMessage = (target: string): string => `${NOT_A_TABLE_MESSAGE}: '${target}' is not in the schema`;

/** @example duplicateModelMessage("Person", ["person", "people"]) // "Tables 'person' and 'people' both make model 'Person': ..." */
export const duplicateModelMessage = (model: string, tables: readonly string[]): string =>
  `Tables ${tables.map((table) => `'${table}'`).join(" and ")} both make model '${model}': give one of them another key (keep its database name with .tableName(...))`;

/** @example reservedModelMessage("Model", "models") // "Table 'models' makes model 'Model', a name the generated models import: ..." */
export const reservedModelMessage = (model: string, table: string): string =>
  `Table '${table}' makes model '${model}', a name the generated models import: give it another key (keep its database name with .tableName(...))`;

// ---- schema evolution ----

/** @example renameBuiltInMessage("createdAt") // "'createdAt' is a built-in column and cannot be renamed" */
export const renameBuiltInMessage = (column: string): string => `'${column}' is a built-in column and cannot be renamed`;

/** @example renamedFromDeclaredMessage("title", "name", "tickets") // "Column 'title' of table 'tickets' is renamed from 'name', which is still declared" */
export const renamedFromDeclaredMessage = (column: string, from: string, table: string): string =>
  `Column '${column}' of table '${table}' is renamed from '${from}', which is still declared`;

/** @example tableRenamedFromDeclaredMessage("issues", "tickets") // "Table 'issues' is renamed from 'tickets', which is still declared" */
export const tableRenamedFromDeclaredMessage = (table: string, from: string): string =>
  `Table '${table}' is renamed from '${from}', which is still declared`;

/** @example renamedTwiceMessage("name", "tickets") // "Two columns of table 'tickets' are renamed from 'name'" */
export const renamedTwiceMessage = (from: string, table: string): string => `Two columns of table '${table}' are renamed from '${from}'`;

/** @example tableRenamedTwiceMessage("tickets") // "Two tables are renamed from 'tickets'" */
export const tableRenamedTwiceMessage = (from: string): string => `Two tables are renamed from '${from}'`;

export const ACKNOWLEDGEMENT_REASON_MESSAGE = "acknowledgeDataLoss needs a written reason";

/** @example acknowledgementTargetMessage("tickets") // "Acknowledged column 'tickets' must be written as 'table.column'" */
export const acknowledgementTargetMessage = (target: string): string => `Acknowledged column '${target}' must be written as 'table.column'`;

/** @example acknowledgementValuesMessage("tickets.status") // "Acknowledged removal of enum values of 'tickets.status' needs the values" */
export const acknowledgementValuesMessage = (target: string): string =>
  `Acknowledged removal of enum values of '${target}' needs the values`;

/** @example duplicateAcknowledgementMessage("dropTable 'legacyItems'") // "Data loss is acknowledged more than once for dropTable 'legacyItems'" */
export const duplicateAcknowledgementMessage = (what: string): string => `Data loss is acknowledged more than once for ${what}`;

/** @example renameStrategyMessage("sideways") // "Rename strategy 'sideways' is not 'expand-contract' or 'direct'" */
export const renameStrategyMessage = (strategy: string): string => `Rename strategy '${strategy}' is not 'expand-contract' or 'direct'`;

// ---- adopted databases ----

export const PARANOID_MESSAGE = "Soft delete needs timestamps: pass paranoid: false with timestamps: false";

export const TENANT_SET_NULL_MESSAGE = `onDelete 'SET NULL' on the tenant foreign key needs a nullable tenant column: add departures: ["tenantNullable"]`;

export const BUILT_IN_PRIMARY_KEY_MESSAGE = "The built-in 'id' is this table's primary key: pass id: false in the table options to declare another";

/** @example paranoidTableMessage("contacts") // "Table 'contacts': Soft delete needs timestamps: ..." */
export const tableMessage = (table: string, message: string): string => `Table '${table}': ${message}`;

/** @example departureScopeMessage("tenantNullable", "plans") // "Departure 'tenantNullable' does not apply to table 'plans' (a global table)" */
export const departureScopeMessage = (departure: string, table: string, scope: "tenant" | "global"): string =>
  `Departure '${departure}' does not apply to table '${table}' (a ${scope} table)`;

/** @example departureMismatchMessage("tenantWithoutIndex", "contacts", "index 'contacts_company_id_name_idx' leads with company_id") */
export const departureMismatchMessage = (departure: string, table: string, fact: string): string =>
  `Table '${table}' declares the departure '${departure}', but ${fact}: remove the departure or the object`;

/** @example undeclaredDepartureMessage("tenantNullable", "contacts", "its tenant column is nullable") */
export const undeclaredDepartureMessage = (departure: string, table: string, fact: string): string =>
  `Table '${table}' breaks a tenant rule (${fact}) without declaring it: add departures: ["${departure}"]`;

/** @example primaryKeyMessage("contacts", "its primary key lists 'id' but the column is not flagged primaryKey") */
export const primaryKeyMessage = (table: string, problem: string): string => `Primary key of table '${table}': ${problem}`;

/** @example autoIncrementMessage("code", "notes", "text") // "Column 'code' of table 'notes' is text: autoIncrement needs an integer or bigint column" */
export const autoIncrementMessage = (column: string, table: string, kind: string): string =>
  `Column '${column}' of table '${table}' is ${kind}: autoIncrement needs an integer or bigint column`;

/** @example pgEnumValuesMessage("status") // "PostgreSQL ENUM column 'status' needs distinct values" */
export const pgEnumValuesMessage = (column: string): string => `PostgreSQL ENUM column '${column}' needs distinct values and a type name`;

/** @example pgEnumConflictMessage("mood", "a.x", "b.y") */
export const pgEnumConflictMessage = (type: string, first: string, second: string): string =>
  `PostgreSQL ENUM type '${type}' has different values on ${first} and ${second}: one type has one list of values`;

/** @example pgEnumNameMessage("tickets") // "PostgreSQL ENUM type 'tickets' has the name of a table (PostgreSQL types and tables share one namespace)" */
export const pgEnumNameMessage = (type: string): string =>
  `PostgreSQL ENUM type '${type}' has the name of a table (PostgreSQL types and tables share one namespace)`;

/** @example customTypeMessage("code") // "Custom column 'code' needs its SQL type and its tsType" */
export const customTypeMessage = (column: string): string => `Custom column '${column}' needs its SQL type and its tsType`;

/** @example referencedKeyMessage("fk", "users") */
export const referencedKeyMessage = (foreignKey: string, target: string): string =>
  `Foreign key '${foreignKey}' must reference the primary key (or a unique key) of '${target}', one column to one column`;

/** @example expressionIndexMessage("users_lower_email_idx") */
export const expressionIndexMessage = (index: string): string => `Expression index '${index}' needs a name and a key list`;

/** @example uniqueConstraintMessage("users_email_key") */
export const uniqueConstraintMessage = (index: string): string =>
  `UNIQUE constraint '${index}' must be unique, over plain columns, without a where predicate`;
