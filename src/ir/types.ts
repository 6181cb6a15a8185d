/**
 * The schema description every emitter reads: plain, serialisable data with no classes and no
 * generics. The DSL's only bridge to it is `toSchemaIR` (src/dsl/to-ir.ts); the emit state
 * (snapshot) stores it as JSON, so every field here must survive `JSON.parse(JSON.stringify(x))`.
 *
 * Conventions:
 * - `name` on a column is the model attribute (camelCase); `field` is the database column.
 * - Indexes, checks and foreign keys refer to database columns (`field`s), because they are
 *   database objects; emitters map back to attributes through the table's columns when needed.
 * - Every list is in a deterministic order chosen by `toSchemaIR` (tables by key, columns in
 *   declaration order framed by the built-in columns), so emitters never sort.
 */

/** Where a declaration was written, for error messages (`schema/notifications.ts:12`). */
export interface SourceLocation {
  file: string;
  line: number;
}

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** Column types that can also be array elements. */
export type ScalarTypeIR =
  | { kind: "integer" }
  | { kind: "bigint" }
  | { kind: "string"; length: number }
  | { kind: "text" }
  | { kind: "boolean" }
  /** TIMESTAMP WITH TIME ZONE */
  | { kind: "timestamp" }
  /** DATE (no time of day) */
  | { kind: "date" }
  | { kind: "decimal"; precision: number; scale: number }
  | { kind: "double" }
  | { kind: "uuid" };

export type ColumnTypeIR =
  | ScalarTypeIR
  /** `tsType` is the TypeScript type text the model emitter writes for the attribute. */
  | { kind: "jsonb"; tsType: string }
  /** JSON (text, not JSONB: kept for tables that have it; new tables should use jsonb). */
  | { kind: "json"; tsType: string }
  /** Stored as VARCHAR(length) plus a CHECK (never a PostgreSQL ENUM type). */
  | { kind: "enum"; values: string[]; length: number }
  /**
   * A PostgreSQL ENUM type, for tables that have one (new tables use `enum`). `name` is the type's
   * name (e.g. Sequelize's `enum_Tickets_status`); columns sharing a type carry the same name and
   * values, in the type's order. The type is created with its first column and evolves by ADD VALUE.
   */
  | { kind: "pgEnum"; name: string; values: string[] }
  | { kind: "array"; element: ScalarTypeIR }
  /**
   * Any other PostgreSQL type, written as `format_type` prints it (`smallint`, `tsvector`,
   * `timestamp without time zone`, `character(2)`): the explicit escape hatch, never an approximation.
   * `tsType` is the attribute's TypeScript type text.
   */
  | { kind: "custom"; sql: string; tsType: string };

export type ColumnKind = ColumnTypeIR["kind"];

export type DefaultIR =
  /** A JSON literal, escaped by Sequelize for the column type. */
  | { kind: "literal"; value: JsonValue }
  /** A raw SQL expression written with the `sql` tag, e.g. `now()`. */
  | { kind: "sql"; sql: string };

/** Why a column exists: built-in columns cannot be dropped, retyped or redeclared. */
export type ColumnRole =
  | "primaryKey"
  | "tenant"
  | "foreignKey"
  | "createdAt"
  | "updatedAt"
  | "deletedAt"
  | "data";

export interface ColumnIR {
  /** Model attribute name (camelCase). */
  name: string;
  /** Database column name. */
  field: string;
  type: ColumnTypeIR;
  nullable: boolean;
  default: DefaultIR | null;
  primaryKey: boolean;
  /** SERIAL / BIGSERIAL primary keys. */
  autoIncrement: boolean;
  role: ColumnRole;
  comment: string | null;
  /** Declared rename of an existing column (schema evolution); the attribute name it had. */
  renamedFrom: RenameIR | null;
  /**
   * SQL expression (over database columns) that converts existing values when a type change
   * rewrites the column: `ALTER COLUMN ... TYPE ... USING <using>`. Only read by the diff.
   */
  using: string | null;
  /**
   * SQL expression that fills existing rows when this column becomes NOT NULL on an existing
   * table (added, or changed from nullable) and has no default to fill them. Only read by the diff.
   */
  backfill: string | null;
  /**
   * Enum values this column no longer allows, each with the kept value existing rows holding it
   * become (`.remap({ pending: "open" })`). Present only when declared. Only read by the diff.
   */
  remap?: Record<string, string>;
  source: SourceLocation | null;
}

/**
 * A declared rename. "expand-contract" (the default) keeps the old name working until the hint is
 * removed from the DSL; "direct" renames in place, for teams that deploy code and schema together.
 */
export interface RenameIR {
  from: string;
  strategy: "expand-contract" | "direct";
}

export type IndexMethod = "btree" | "gin" | "gist" | "hash";

/** Why an index exists; the doc prints the rationale, the diff keeps built-ins stable. */
export type IndexOrigin = "tenant" | "foreignKey" | "unique" | "declared" | "junction";

export interface IndexIR {
  /** Deterministic, at most 63 bytes, unique in the schema. */
  name: string;
  /** Database columns, in index order (for an expression index: the columns its expression names, in order). */
  columns: string[];
  /**
   * Raw SQL of the key list, as `pg_get_indexdef` prints it between the parentheses, when the keys
   * are not plain columns (`lower("email")`, `"companyId", "name" DESC`, operator classes); null for
   * plain column keys.
   */
  expression: string | null;
  unique: boolean;
  /**
   * A UNIQUE constraint (`ALTER TABLE ... ADD CONSTRAINT ... UNIQUE`, owning its index) rather than a
   * unique index; only with `unique`, plain columns and no `where`.
   */
  constraint: boolean;
  /** Partial-index predicate (raw SQL over database columns), or null. */
  where: string | null;
  method: IndexMethod;
  origin: IndexOrigin;
  /** Why the index exists, as data: the doc words it per language (a written reason is kept as written). */
  reason: IndexReason;
  source: SourceLocation | null;
}

/**
 * Why an index exists, free of any language: derived from its origin, or the user's own words
 * (`written`). Snapshots of older versions stored an English sentence; it loads as `written`.
 */
export type IndexReason =
  | { kind: "tenantFilter"; field: string }
  | { kind: "foreignKeyLookup"; field: string }
  | { kind: "unique"; columns: string[]; perTenant: boolean }
  | { kind: "declared"; columns: string[] }
  | { kind: "tenantKey"; tenantField: string; key: string }
  | { kind: "junction"; left: string; right: string; target: string }
  | { kind: "existing" }
  | { kind: "written"; text: string };

export type CheckOrigin = "enum" | "declared";

export interface CheckIR {
  name: string;
  /** Raw SQL boolean expression over database columns (quoted identifiers). */
  expression: string;
  /** Database columns the expression refers to. */
  columns: string[];
  origin: CheckOrigin;
  source: SourceLocation | null;
}

export type ReferentialAction = "CASCADE" | "SET NULL" | "RESTRICT" | "NO ACTION" | "SET DEFAULT";

export interface ForeignKeyIR {
  name: string;
  /** Database columns of this table. */
  columns: string[];
  /** Database table name of the referenced table. */
  referencedTable: string;
  referencedColumns: string[];
  onDelete: ReferentialAction;
  onUpdate: ReferentialAction;
  /**
   * `ON DELETE SET NULL (columns)` (PostgreSQL 15): only these columns are nulled, e.g. the reference
   * of a composite tenant key and not its tenant column. Absent: every column of the key.
   */
  onDeleteColumns?: string[];
  source: SourceLocation | null;
}

/** Associations for the model emitter; `target` is a table key, `targetModel` its class name. */
export type AssociationIR =
  | { kind: "belongsTo"; as: string; target: string; targetModel: string; foreignKey: string }
  | { kind: "hasMany"; as: string; target: string; targetModel: string; foreignKey: string }
  | { kind: "hasOne"; as: string; target: string; targetModel: string; foreignKey: string }
  | {
      kind: "belongsToMany";
      as: string;
      target: string;
      targetModel: string;
      /** Table key of the junction table. */
      through: string;
      throughModel: string;
      /** Attribute on the junction pointing at this table. */
      foreignKey: string;
      /** Attribute on the junction pointing at the target. */
      otherKey: string;
    };

export type TableScope = { kind: "tenant" } | { kind: "global"; reason: string };

export interface TableIR {
  /** The DSL name, unique in the schema (e.g. "notifications"). */
  key: string;
  /** Database table name after the naming profile and overrides. */
  tableName: string;
  /** Model class name (e.g. "Notification"). */
  modelName: string;
  /** Tables of one feature share one migration and one doc per change. */
  feature: string;
  scope: TableScope;
  description: string | null;
  /** Soft delete through `deletedAt`. */
  paranoid: boolean;
  /** Sequelize-managed `createdAt`/`updatedAt` columns (`timestamps: true` on the model). */
  timestamps: boolean;
  /**
   * The primary key constraint: its name and database columns in key order; null for a table without
   * one. The columns' `primaryKey` flags say the same (the validator keeps them in step).
   */
  primaryKey: PrimaryKeyIR | null;
  /**
   * Declared departures from the tenant rules that an adopted table has in the live database; empty
   * for tables designed with tenant-schema. The audit reports each one until it is fixed.
   */
  departures: TenantDeparture[];
  /** Set on junction tables generated for belongsToMany: the two table keys. */
  junction: { left: string; right: string } | null;
  /** Declared rename of an existing table (schema evolution); the key it had. */
  renamedFrom: RenameIR | null;
  /**
   * What an expand/contract rename keeps in the database until it is contracted: empty in IR built
   * from the DSL; the diff fills it in the snapshot after an expand, and empties it on contract.
   */
  transition: TransitionIR;
  columns: ColumnIR[];
  indexes: IndexIR[];
  checks: CheckIR[];
  foreignKeys: ForeignKeyIR[];
  associations: AssociationIR[];
  /** Tenant isolation beyond keys (src/isolation/apply.ts); absent: none. */
  isolation?: TableIsolationIR;
  source: SourceLocation | null;
}

/**
 * The isolation objects of a tenant table that are not keys: carried with their names, so the diff
 * drops exactly what an earlier emit created (under a renamed table too).
 */
export interface TableIsolationIR {
  /** An AFTER UPDATE trigger (and its function) refusing a change of the tenant column; null: none. */
  immutableTenant: ImmutableTenantIR | null;
  /** ENABLE + FORCE ROW LEVEL SECURITY and one tenant policy; null: row-level security off. */
  rowLevelSecurity: RowLevelSecurityIR | null;
}

export interface ImmutableTenantIR {
  trigger: string;
  function: string;
  /** Database columns: the tenant column, and the key the error message names the row by. */
  tenantColumn: string;
  key: string;
}

export interface RowLevelSecurityIR {
  policy: string;
  tenantColumn: string;
  keyType: "integer" | "bigint" | "uuid";
  /** The session setting holding the current tenant (what `withTenant` sets). */
  setting: string;
}

export interface PrimaryKeyIR {
  /** Constraint name, `{table}_pkey` unless the database says otherwise. */
  name: string;
  /** Database columns, in key order. */
  columns: string[];
}

/**
 * Ways an adopted table breaks the tenant rules, declared explicitly (never accepted silently):
 * - `tenantNullable`: the tenant column allows NULL;
 * - `tenantWithoutForeignKey`: no foreign key from the tenant column to the tenant root;
 * - `tenantWithoutIndex`: no index leads with the tenant column;
 * - `globalUnreviewed`: a table without the tenant column whose reason to be shared is not written yet.
 */
export type TenantDeparture = "tenantNullable" | "tenantWithoutForeignKey" | "tenantWithoutIndex" | "globalUnreviewed";

/**
 * Database objects kept alive between the expand and the contract phase of renames, so code that
 * still uses the old names keeps working while the new code rolls out.
 */
export interface TransitionIR {
  /** The old table name, kept as an automatically updatable view over the renamed table. */
  view: string | null;
  /** Old columns, kept in sync with their replacements by a trigger, with their own indexes and constraints. */
  columns: RetiredColumnIR[];
}

export interface RetiredColumnIR {
  column: ColumnIR;
  /** Attribute name of the column that replaces it. */
  replacedBy: string;
  indexes: IndexIR[];
  checks: CheckIR[];
  foreignKeys: ForeignKeyIR[];
}

/**
 * An explicit, written acknowledgement that a destructive change may lose data. Declared in the DSL
 * (`acknowledgeDataLoss`) or given on the command line (`--allow-destructive`).
 */
export type AcknowledgementIR =
  | { kind: "dropTable"; table: string; reason: string; source: SourceLocation | null }
  | { kind: "dropColumn"; table: string; column: string; reason: string; source: SourceLocation | null }
  | { kind: "removeEnumValues"; table: string; column: string; values: string[]; reason: string; source: SourceLocation | null };

export type NamingProfile = "snake_case" | "sequelize";

/** The tenant root table is configured, not declared: emitters reference it, never create it. */
export interface TenantIR {
  /** Database table name of the tenant root, e.g. "companies". */
  tableName: string;
  /** Its key column, e.g. "id". */
  key: string;
  keyType: "integer" | "bigint" | "uuid";
  /** Tenant column attribute on every tenant table, e.g. "companyId". */
  attribute: string;
  /** Its database column, e.g. "company_id" (snake_case) or "companyId" (sequelize). */
  field: string;
  onDelete: ReferentialAction;
  /** The team's existing model for the tenant root, for associations; null: no association. */
  model: { name: string; importPath: string } | null;
}

export interface SchemaIR {
  /** Bumped when the IR shape changes, so old snapshots are migrated or refused. */
  version: 1;
  naming: NamingProfile;
  tenant: TenantIR;
  tables: TableIR[];
  /** Table keys refer to the DSL keys (before a rename: the old key); columns to attribute names. */
  acknowledgements: AcknowledgementIR[];
}

/** A problem found by `validateSchema`: data, not a throw. */
export interface SchemaIssue {
  code: string;
  message: string;
  table: string | null;
  source: SourceLocation | null;
}
