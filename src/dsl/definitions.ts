import type { ColumnTypeIR, IndexMethod, IndexReason, ReferentialAction, SourceLocation, TenantDeparture } from "../ir/types.js";
import type { ColumnRef, SqlFragment } from "./sql.js";

/**
 * What the builders record at run time: plain frozen data, read only by `toSchemaIR`. Names stay
 * as the user wrote them (attributes, keys); the naming profile is applied at IR time.
 */

export type UniqueScope = "tenant" | "global";

export type DefaultDef = { kind: "literal"; value: unknown } | { kind: "sql"; fragment: SqlFragment };

export interface CheckDef {
  /** Null for a column check without a name: the column's field names it. */
  name: string | null;
  /** The constraint's name verbatim (an adopted database's own), instead of `{table}_{name}_check`. */
  constraintName: string | null;
  fragment: SqlFragment;
  source: SourceLocation | null;
}

export type RenameStrategy = "expand-contract" | "direct";

export interface RenameDef {
  from: string;
  strategy: RenameStrategy;
}

/**
 * A `using`/`backfill` expression: a fragment, or a callback given the column itself (like a
 * column check). A column does not know its siblings: expressions over other columns use the
 * table's `.using(column, (c) => ...)` / `.backfill(column, (c) => ...)`, whose names are checked.
 */
export type ColumnHint = SqlFragment | ((column: ColumnRef) => SqlFragment);

export interface ColumnDef {
  type: ColumnTypeIR;
  nullable: boolean;
  default: DefaultDef | null;
  unique: { scope: UniqueScope; constraint: boolean; name: string | null; source: SourceLocation | null } | null;
  /** SERIAL / BIGSERIAL (integer and bigint only). */
  autoIncrement: boolean;
  checks: readonly CheckDef[];
  comment: string | null;
  field: string | null;
  renamedFrom: RenameDef | null;
  using: ColumnHint | null;
  backfill: ColumnHint | null;
  /** Removed enum value → the kept value its rows become (schema evolution). */
  remap: Readonly<Record<string, string>> | null;
  source: SourceLocation | null;
}

/** A relation target as the DSL saw it (anything but a table is refused where it is written). */
export interface TargetRef {
  key: string;
  scope: "tenant" | "global";
}

export interface BelongsToDef {
  kind: "belongsTo";
  target: TargetRef;
  as: string;
  foreignKey: string;
  nullable: boolean;
  onDelete: ReferentialAction;
  onUpdate: ReferentialAction;
  inverse: "hasMany" | "hasOne";
  inverseAs: string | null;
  /** The foreign key's name verbatim, instead of `{table}_{column}_fkey`. */
  constraintName: string | null;
  /** false: no built-in index on the foreign-key column (an adopted table without one). */
  index: boolean;
  /** The foreign-key column's database name, instead of the naming profile's. */
  field: string | null;
  source: SourceLocation | null;
}

export interface BelongsToManyDef {
  kind: "belongsToMany";
  target: TargetRef;
  through: string;
  as: string | null;
  inverseAs: string | null;
  source: SourceLocation | null;
}

export type RelationDef = BelongsToDef | BelongsToManyDef;

/**
 * `.foreignKey(columns, target, targetColumns, options)`: a foreign key over columns the table
 * declares (no column, index or association of its own), e.g. a composite key that pairs the
 * tenant column. Attributes as written (unknown ones kept, for the validator).
 */
export interface ForeignKeyDef {
  columns: readonly string[];
  /** The target's table key (a table passed in, or its key as a string, for cycles). */
  target: string;
  /** The target's attributes, in the order of `columns`. */
  targetColumns: readonly string[];
  constraintName: string | null;
  onDelete: ReferentialAction;
  onUpdate: ReferentialAction;
  source: SourceLocation | null;
}

export interface IndexDef {
  /** `.unique()` (column or table) or `.index()`. */
  origin: "unique" | "declared";
  /** Attributes as written (unknown ones kept, for the validator). */
  columns: readonly string[];
  unique: boolean;
  /** For unique indexes: tenant-scoped ones get the tenant column prepended. */
  scope: UniqueScope;
  where: SqlFragment | null;
  method: "btree" | IndexMethod;
  name: string | null;
  /** The user's written reason, or one the DSL derives (a junction's); null: derived from the origin. */
  reason: IndexReason | null;
  /** A UNIQUE constraint rather than a unique index. */
  constraint: boolean;
  /** The key list of an expression index (`lower(${c.email})`), or null for plain columns. */
  expression: SqlFragment | null;
  source: SourceLocation | null;
}

/** The database names of the built-in columns, where they differ from the naming profile's. */
export interface BuiltInFields {
  id?: string;
  createdAt?: string;
  updatedAt?: string;
  deletedAt?: string;
}

/** Comments of the built-in columns (the tenant column under the DSL's name, `companyId`). */
export interface BuiltInComments {
  id?: string;
  companyId?: string;
  createdAt?: string;
  updatedAt?: string;
  deletedAt?: string;
}

/** Table options: what an adopted table has that a designed one would not (defaults: as designed). */
export interface TableOptionsDef {
  timestamps: boolean;
  /**
   * The built-in timestamps' database default: true, DEFAULT now(); false, none (Sequelize's own
   * createTable makes them so); a `sql` fragment, that expression (`CURRENT_TIMESTAMP`).
   */
  timestampDefault: boolean | SqlFragment;
  comments: BuiltInComments;
  paranoid: boolean;
  /** The built-in `id` primary key; false: the table declares its own key columns, or has none. */
  id: boolean;
  fields: BuiltInFields;
  departures: readonly TenantDeparture[];
  tenantForeignKey: { constraintName: string | null; onDelete: ReferentialAction | null; onUpdate: ReferentialAction };
}

/** `.primaryKey(columns, { name })`: attributes as written (unknown ones kept, for the validator). */
export interface PrimaryKeyDef {
  columns: readonly string[];
  name: string | null;
  source: SourceLocation | null;
}

export type TableScopeDef = { kind: "tenant" } | { kind: "global"; reason: string };

export interface TableDef {
  key: string;
  scope: TableScopeDef;
  columns: readonly (readonly [string, ColumnDef])[];
  relations: readonly RelationDef[];
  foreignKeys: readonly ForeignKeyDef[];
  indexes: readonly IndexDef[];
  checks: readonly CheckDef[];
  description: string | null;
  tableName: string | null;
  feature: string | null;
  renamedFrom: RenameDef | null;
  options: TableOptionsDef;
  primaryKey: PrimaryKeyDef | null;
  source: SourceLocation | null;
}

/** Options of a table designed with tenant-schema. */
export const DEFAULT_TABLE_OPTIONS: TableOptionsDef = Object.freeze({
  timestamps: true,
  timestampDefault: true,
  comments: Object.freeze({}),
  paranoid: true,
  id: true,
  fields: Object.freeze({}),
  departures: Object.freeze([]),
  tenantForeignKey: Object.freeze({ constraintName: null, onDelete: null, onUpdate: "CASCADE" }),
});

/** The DSL's name for the tenant column; toSchemaIR maps it to the configured attribute. */
export const TENANT_ATTRIBUTE = "companyId";

/**
 * Built-in attributes of a table of the given scope, in IR order.
 *
 * @example
 * builtInAttributes("global") // ["id", "createdAt", "updatedAt", "deletedAt"]
 */
export function builtInAttributes(scope: TableScopeDef["kind"], options: Pick<TableOptionsDef, "id" | "timestamps" | "paranoid"> = DEFAULT_TABLE_OPTIONS): string[] {
  return [
    ...(options.id ? ["id"] : []),
    ...(scope === "tenant" ? [TENANT_ATTRIBUTE] : []),
    ...(options.timestamps ? ["createdAt", "updatedAt"] : []),
    ...(options.paranoid ? ["deletedAt"] : []),
  ];
}
