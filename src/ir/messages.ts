/**
 * The words of every schema rule, shared by the runtime validator and (as string-literal types,
 * in src/dsl/types.ts) by the DSL's compile-time errors, so a TypeScript user and a JavaScript
 * user read the same sentence. test-d/rules.test-d.ts pins the compile-time words and
 * test/dsl/naming.test.ts and test/dsl/validate.test.ts pin the runtime ones to the same text.
 */

/** @example builtInColumnMessage("id", "notifications") // "'id' is a built-in column and cannot be declared on table 'notifications'" */
export const builtInColumnMessage = (column: string, table: string): string =>
  `'${column}' is a built-in column and cannot be declared on table '${table}'`;

export type ColumnUse = "Index" | "Unique" | "Check" | "Using" | "Backfill" | "Primary key" | "Foreign key" | "Referenced";

/** @example unknownColumnMessage("Index", "foo", "notifications") // "Index column 'foo' is not declared on table 'notifications'" */
export const unknownColumnMessage = (use: ColumnUse, column: string, table: string): string =>
  `${use} column '${column}' is not declared on table '${table}'`;

/** @example enumDefaultMessage("archived") // "Default 'archived' is not one of the enum values" */
export const enumDefaultMessage = (value: string): string => `Default '${value}' is not one of the enum values`;

/** @example defaultTypeMessage("integer") // "Default value does not match the column type 'integer'" */
export const defaultTypeMessage = (kind: string): string => `Default value does not match the column type '${kind}'`;

export const SET_NULL_MESSAGE = "onDelete 'SET NULL' needs a nullable foreign key: pass nullable: true";

/** @example foreignKeySetNullMessage("companyId") // "onDelete 'SET NULL' needs nullable columns: 'companyId' is NOT NULL" */
export const foreignKeySetNullMessage = (column: string): string => `onDelete 'SET NULL' needs nullable columns: '${column}' is NOT NULL`;

export const GLOBAL_REFERENCES_TENANT_MESSAGE = "A global table can only reference global tables: a shared row cannot point at one tenant's data";

export const NOT_A_TABLE_MESSAGE = "Relation target must be a table";

/** @example globalReasonMessage("plans") // "Global table 'plans' needs a written reason" */
export const globalReasonMessage = (table: string): string => `Global table '${table}' needs a written reason`;

/** @example duplicateTableMessage("users") // "Table 'users' is declared more than once" */
export const duplicateTableMessage = (key: string): string => `Table '${key}' is declared more than once`;

/** @example tenantRootMessage("companies") // "Table 'companies' is the tenant root: it is configured, not declared" */
export const tenantRootMessage = (table: string): string => `Table '${table}' is the tenant root: it is configured, not declared`;

/** @example duplicateNameMessage("users_email_key") // "Name 'users_email_key' is used more than once (PostgreSQL tables, indexes and constraints share one namespace)" */
export const duplicateNameMessage = (name: string): string =>
  `Name '${name}' is used more than once (PostgreSQL tables, indexes and constraints share one namespace)`;

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

export const REMAP_ENUM_ONLY_MESSAGE = "remap(...) applies to enum columns only";

/** @example remapKeptValueMessage("open") // "'open' is still one of the enum values: only removed values can be remapped" */
export const remapKeptValueMessage = (value: string): string => `'${value}' is still one of the enum values: only removed values can be remapped`;

/** @example remapTargetMessage("pending", "bogus") // "remap of 'pending': 'bogus' is not one of the enum values" */
export const remapTargetMessage = (from: string, to: string): string => `remap of '${from}': '${to}' is not one of the enum values`;

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

/** @example tableMessage("contacts", PARANOID_MESSAGE) // "Table 'contacts': Soft delete needs timestamps: ..." */
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

/** @example referencedKeyMessage("fk", "users") // "Foreign key 'fk' must reference the primary key or a unique key of 'users' (PostgreSQL requires one over exactly the referenced columns)" */
export const referencedKeyMessage = (foreignKey: string, target: string): string =>
  `Foreign key '${foreignKey}' must reference the primary key or a unique key of '${target}' (PostgreSQL requires one over exactly the referenced columns)`;

export const TIMESTAMP_DEFAULT_MESSAGE = "timestampDefault is true, false or sql`...`";

export const FOREIGN_KEY_ARITY_MESSAGE = "A foreign key references as many columns as it has";

/** @example foreignKeyArityMessage("ratings_ticket_fkey", 2, 1) // "Foreign key 'ratings_ticket_fkey': A foreign key references as many columns as it has (2 columns, 1 referenced)" */
export const foreignKeyArityMessage = (foreignKey: string, columns: number, referenced: number): string =>
  `Foreign key '${foreignKey}': ${FOREIGN_KEY_ARITY_MESSAGE} (${columns} column${columns === 1 ? "" : "s"}, ${referenced} referenced)`;

/** @example expressionIndexMessage("users_lower_email_idx") */
export const expressionIndexMessage = (index: string): string => `Expression index '${index}' needs a name and a key list`;

/** @example uniqueConstraintMessage("users_email_key") */
export const uniqueConstraintMessage = (index: string): string =>
  `UNIQUE constraint '${index}' must be unique, over plain columns, without a where predicate`;

// ---- identifiers (file names, TypeScript members, SQL identifiers) ----

/** @example invalidTableKeyMessage("1st-things") // "Table key '1st-things' is not a valid key: ..." */
export const invalidTableKeyMessage = (key: string): string =>
  `Table key '${key}' is not a valid key: use letters, digits and '_', starting with a letter (keep any database name with .tableName(...))`;

/** @example invalidAttributeMessage("first-name", "users") // "Column 'first-name' of table 'users' is not a valid attribute name: ..." */
export const invalidAttributeMessage = (column: string, table: string): string =>
  `Column '${column}' of table '${table}' is not a valid attribute name: use letters, digits and '_', starting with a letter or '_' (keep any database name with .field(...))`;

/** @example memberColumnMessage("save", "notes") // "Column 'save' of table 'notes' collides with the model member 'save': ..." */
export const memberColumnMessage = (column: string, table: string): string =>
  `Column '${column}' of table '${table}' collides with the model member '${column}' (every Sequelize model has it): rename the attribute and keep the database column with .field("${column}"), e.g. declare it as '${column}Value' with .field("${column}")`;

/** @example memberAssociationMessage("update", "notes") // "Association 'update' of table 'notes' collides with the model member 'update': ..." */
export const memberAssociationMessage = (name: string, table: string): string =>
  `Association '${name}' of table '${table}' collides with the model member '${name}' (every Sequelize model has it): pass another name with 'as' (or 'inverseAs' on the other side)`;

/** @example invalidAssociationMessage("my-user", "notes") // "Association 'my-user' of table 'notes' is not a valid name: ..." */
export const invalidAssociationMessage = (name: string, table: string): string =>
  `Association '${name}' of table '${table}' is not a valid name: use letters, digits and '_', starting with a letter or '_'`;

/** @example associationColumnMessage("user", "notes") // "Association 'user' of table 'notes' has the name of one of its columns: ..." */
export const associationColumnMessage = (name: string, table: string): string =>
  `Association '${name}' of table '${table}' has the name of one of its columns: pass another name with 'as' (or 'inverseAs' on the other side)`;

/** @example featureNameMessage("../x", "notes") // "Feature '../x' of table 'notes' is not a safe file name: ..." */
export const featureNameMessage = (feature: string, table: string): string =>
  `Feature '${feature}' of table '${table}' is not a safe file name: use letters, digits, '-', '_' and single inner dots, at most 100 characters, no path separators or '..' (a table's feature is its file's name unless .feature(...) says otherwise)`;

export type DatabaseNameUse = "Table name" | "Column name" | "Index name" | "Constraint name" | "Tenant table" | "Tenant column";

/** @example databaseNameMessage("Table name", "pg_temp.things", "things", "contains '.'") // "Table name 'pg_temp.things' of table 'things' contains '.': ..." */
export const databaseNameMessage = (use: DatabaseNameUse, name: string, table: string | null, problem: string): string =>
  `${use} '${name}'${table === null ? "" : ` of table '${table}'`} ${problem}: database names may not contain '.', '"', NUL or control characters and must fit PostgreSQL's 63 bytes (in UTF-8, after the naming profile)`;

/** @example duplicateFieldMessage("user_id", "notes", ["userId", "user_id"]) // "Columns 'userId' and 'user_id' of table 'notes' are both database column 'user_id': ..." */
export const duplicateFieldMessage = (field: string, table: string, columns: readonly string[]): string =>
  `Columns ${columns.map((column) => `'${column}'`).join(" and ")} of table '${table}' are both database column '${field}' (after the naming profile): rename one, or give it another .field(...)`;

/** @example builtInModelMessage("Date", "dates") // "Table 'dates' makes model 'Date', a JavaScript built-in the generated models use: ..." */
export const builtInModelMessage = (model: string, table: string): string =>
  `Table '${table}' makes model '${model}', a JavaScript built-in the generated models use: give it another key (keep its database name with .tableName(...))`;

/** @example tsTypeMessage("payload", "events", "unexpected \";\"") // "Column 'payload' of table 'events': tsType is not a TypeScript type expression (...)..." */
export const tsTypeMessage = (column: string, table: string, problem: string): string =>
  `Column '${column}' of table '${table}': tsType is not a TypeScript type expression tenant-schema can write into the model (${problem}): write a type such as '{ url: string; retries?: number }' or 'Record<string, unknown>'`;
