import type { IndexMethod, ReferentialAction } from "../ir/types.js";
import type { AnyColumn } from "./columns.js";
import type { RenameOptions } from "./columns.js";
import { DEFAULT_TABLE_OPTIONS, type ColumnDef, type TableDef, type TableOptionsDef, type UniqueScope } from "./definitions.js";
import { TIMESTAMP_DEFAULT_MESSAGE } from "../ir/messages.js";
import { captureSource } from "./source.js";
import { isSqlFragment, type SqlFragment } from "./sql.js";
import { TABLE_BRAND, TableBuilder } from "./table-builder.js";
import type {
  BuiltInKeys,
  BuiltInStates,
  CheckColumns,
  ColumnRefs,
  ColumnsInput,
  ColumnStates,
  DatabaseNameCheck,
  DataColumnName,
  FeatureCheck,
  GlobalOptionsCheck,
  GlobalTableOptions,
  GlobalTargetCheck,
  MemberNameCheck,
  NotSchemaTableMessage,
  PrimaryKeyColumns,
  SetNullCheck,
  StatesOf,
  TableScopeKind,
  TableKeyCheck,
  TableState,
  TargetCheck,
  TenantOptionsCheck,
  TenantTableOptions,
  WithForeignKey,
  TargetKeyState,
  ForeignKeyName,
  NullableOption,
  ForeignKeyFieldCheck,
  ForeignKeySetNullCheck,
  ForeignKeyTargetCheck,
  ReferencedColumns,
  SelfForeignKeyName,
  SelfTarget,
  Departs,
} from "./types.js";

export interface IndexOptions<T extends TableState> {
  unique?: boolean;
  /** Partial-index predicate, e.g. `(c) => sql\`${c.deletedAt} IS NULL\``. */
  where?: (columns: ColumnRefs<T>) => SqlFragment;
  method?: IndexMethod;
  /** Overrides the generated `{table}_{columns}_idx`. */
  name?: string;
  /** One sentence for the schema-change doc: which queries this index serves. */
  reason?: string;
}

export interface UniqueOptions {
  /** "tenant" (default) prepends the tenant column; "global" is unique across all tenants. */
  scope?: UniqueScope;
  /** Verbatim, instead of `{table}_{columns}_key`. */
  name?: string;
  reason?: string;
  /** A UNIQUE constraint (ALTER TABLE ... ADD CONSTRAINT ... UNIQUE) rather than a unique index. */
  constraint?: boolean;
}

export interface ExpressionIndexOptions<T extends TableState> {
  unique?: boolean;
  /** Partial-index predicate, e.g. `(c) => sql\`${c.deletedAt} IS NULL\``. */
  where?: (columns: ColumnRefs<T>) => SqlFragment;
  method?: IndexMethod;
  /** One sentence for the schema-change doc: which queries this index serves. */
  reason?: string;
}

export interface CheckOptions {
  /** The constraint's name verbatim (an adopted database's own), instead of `{table}_{name}_check`. */
  constraintName?: string;
}

export interface PrimaryKeyOptions {
  /** The constraint's name verbatim, instead of PostgreSQL's `{table}_pkey`. */
  name?: string;
}

export interface BelongsToOptions {
  /** Association name; the foreign key defaults to `${as}Id`. */
  as?: string;
  foreignKey?: string;
  nullable?: boolean;
  onDelete?: ReferentialAction;
  onUpdate?: ReferentialAction;
  /** The association added on the target (default "hasMany"). */
  inverse?: "hasMany" | "hasOne";
  inverseAs?: string;
  /** The foreign key's name verbatim, instead of `{table}_{column}_fkey`. */
  constraintName?: string;
  /** false: no built-in index on the foreign-key column (an adopted table without one; the audit reports it). */
  index?: boolean;
  /** The foreign-key column's database name, instead of the naming profile's (`"webhook_id"` in a camelCase database). */
  field?: string;
}

export interface ForeignKeyOptions {
  /** The constraint's name verbatim, instead of `{table}_{columns}_fkey`. */
  constraintName?: string;
  /** Default "RESTRICT", as for belongsTo. */
  onDelete?: ReferentialAction;
  /** Default "CASCADE", as for belongsTo. */
  onUpdate?: ReferentialAction;
}

export interface BelongsToManyOptions {
  /** Key of the generated junction table, e.g. "ticketTags". */
  through: string;
  as?: string;
  inverseAs?: string;
}

/** Methods every table has, whatever its scope. */
interface TableMethods<T extends TableState, Self> {
  /** Type-only: never set at run time. */
  readonly "~table": T;
  readonly [TABLE_BRAND]: true;
  readonly def: TableDef;
  index<const Cols extends readonly string[]>(columns: CheckColumns<Cols, T, "Index">, options?: IndexOptions<T>): Self;
  unique<const Cols extends readonly string[]>(columns: CheckColumns<Cols, T, "Unique">, options?: UniqueOptions): Self;
  /**
   * An index over expressions (`lower(email)`, `"created_at" DESC`, an operator class): `name` is
   * required, since PostgreSQL would invent one otherwise; `build` writes the key list.
   */
  indexOn(name: string, build: (columns: ColumnRefs<T>) => SqlFragment, options?: ExpressionIndexOptions<T>): Self;
  check(name: string, build: (columns: ColumnRefs<T>) => SqlFragment, options?: CheckOptions): Self;
  /**
   * The primary key: composite or over declared columns (with `id: false` in the table options), or
   * `["id"]` to name the built-in one's constraint.
   */
  primaryKey<const Cols extends readonly string[]>(columns: PrimaryKeyColumns<Cols, T>, options?: PrimaryKeyOptions): Self;
  describe(text: string): Self;
  /** Database table name, instead of the naming profile's (no `.` or `"`; at most 63 bytes). */
  tableName<const Name extends string>(name: DatabaseNameCheck<"Table name", Name, T["key"]>): Self;
  /**
   * Groups tables into one migration and doc; defaults to the defining file's name. It is part of
   * the doc's file name: letters, digits, `-`, `_` and single inner dots.
   */
  feature<const F extends string>(name: FeatureCheck<F, T["key"]>): Self;
  /** Schema evolution: this table is the existing table declared under the key `from`, renamed. */
  renamedFrom(from: string, options?: RenameOptions): Self;
  /**
   * Schema evolution: how existing values of `column` convert when a type change rewrites it,
   * e.g. `.using("amount", (c) => sql\`round(${c.amount})::integer\`)`. Names are checked.
   */
  using(column: DataColumnName<T>, build: (columns: ColumnRefs<T>) => SqlFragment): Self;
  /** Schema evolution: the value of existing rows when `column` becomes NOT NULL. Names are checked. */
  backfill(column: DataColumnName<T>, build: (columns: ColumnRefs<T>) => SqlFragment): Self;
}

/** What belongsToSelf adds: the foreign-key column (the type of the table's own key). */
type WithSelfKey<S, B, O> = WithForeignKey<S, SelfForeignKeyName<O>, NullableOption<O>, TargetKeyState<SelfTarget<S, B>>>;

type DefaultTenantBuiltIns = BuiltInStates<"tenant", object>;
type DefaultGlobalBuiltIns = BuiltInStates<"global", object>;

/** A table whose rows belong to one tenant: it carries the tenant column. */
export interface TenantTable<N extends string, S extends ColumnStates, B extends ColumnStates = DefaultTenantBuiltIns>
  extends TableMethods<TableState<N, "tenant", S, B>, TenantTable<N, S, B>> {
  /** A foreign key to a tenant or a global table. */
  belongsTo<Tgt, const O extends BelongsToOptions>(
    target: TargetCheck<Tgt>,
    options?: O & SetNullCheck<O> & MemberNameCheck<O, N> & ForeignKeyFieldCheck<O, N>,
  ): TenantTable<N, WithForeignKey<S, ForeignKeyName<Tgt, O>, NullableOption<O>, TargetKeyState<Tgt>>, B>;
  /**
   * A foreign key to this table itself (a parent row): `parentId`, a `parent` belongsTo and its
   * inverse (`parentTickets`) on the same model; the options of belongsTo.
   */
  belongsToSelf<const O extends BelongsToOptions>(
    options?: O & SetNullCheck<O> & MemberNameCheck<O, N> & ForeignKeyFieldCheck<O, N>,
  ): TenantTable<N, WithSelfKey<S, B, O>, B>;
  /**
   * A foreign key over columns this table declares, to the target's primary key or a unique key of
   * it: a composite key (`["companyId", "ticketId"]` → tickets `["companyId", "id"]`) or a key that
   * is not a belongsTo. No column, index or association is added. `target` is a table, or its key
   * as a string where importing it would make a cycle.
   */
  foreignKey<const Cols extends readonly string[], Tgt, const Refs extends readonly string[], const O extends ForeignKeyOptions = object>(
    columns: CheckColumns<Cols, TableState<N, "tenant", S, B>, "Foreign key">,
    target: ForeignKeyTargetCheck<Tgt, true>,
    targetColumns: ReferencedColumns<Refs, Tgt, Cols>,
    options?: O & ForeignKeySetNullCheck<O, Cols, TableState<N, "tenant", S, B>>,
  ): TenantTable<N, S, B>;
  belongsToMany<Tgt>(target: TargetCheck<Tgt>, options: BelongsToManyOptions): TenantTable<N, S, B>;
}

/**
 * A table shared by every tenant (no tenant column); it must say why. `Unreviewed`: declared
 * `departures: ["globalUnreviewed"]`, an adopted table that may still reference tenant tables as
 * the live one does (the audit reports its missing tenant column).
 */
export interface GlobalTable<N extends string, S extends ColumnStates, B extends ColumnStates = DefaultGlobalBuiltIns, Unreviewed extends boolean = false>
  extends TableMethods<TableState<N, "global", S, B>, GlobalTable<N, S, B, Unreviewed>> {
  /** A foreign key to another global table (shared rows never point at one tenant's data). */
  belongsTo<Tgt, const O extends BelongsToOptions>(
    target: Unreviewed extends true ? TargetCheck<Tgt> : GlobalTargetCheck<Tgt>,
    options?: O & SetNullCheck<O> & MemberNameCheck<O, N> & ForeignKeyFieldCheck<O, N>,
  ): GlobalTable<N, WithForeignKey<S, ForeignKeyName<Tgt, O>, NullableOption<O>, TargetKeyState<Tgt>>, B, Unreviewed>;
  /** A foreign key to this table itself (a parent row); see the tenant table's. */
  belongsToSelf<const O extends BelongsToOptions>(
    options?: O & SetNullCheck<O> & MemberNameCheck<O, N> & ForeignKeyFieldCheck<O, N>,
  ): GlobalTable<N, WithSelfKey<S, B, O>, B, Unreviewed>;
  /** A foreign key over declared columns, to a global table (or any, while unreviewed); see the tenant table's. */
  foreignKey<const Cols extends readonly string[], Tgt, const Refs extends readonly string[], const O extends ForeignKeyOptions = object>(
    columns: CheckColumns<Cols, TableState<N, "global", S, B>, "Foreign key">,
    target: ForeignKeyTargetCheck<Tgt, Unreviewed>,
    targetColumns: ReferencedColumns<Refs, Tgt, Cols>,
    options?: O & ForeignKeySetNullCheck<O, Cols, TableState<N, "global", S, B>>,
  ): GlobalTable<N, S, B, Unreviewed>;
}

// `any` keeps these assignable from every concrete table without expanding their column maps.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyTenantTable = TenantTable<string, any, any>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyGlobalTable = GlobalTable<string, any, any, any>;
/** What the emit pipeline accepts: tenant tables and global tables (which carry a reason). */
export type SchemaTable = AnyTenantTable | AnyGlobalTable;
export type AnySchemaTable = SchemaTable;

// Like a target that is not a table, a default that is no SQL fails where it is written.
const timestampDefaultOf = (value: unknown): TableOptionsDef["timestampDefault"] => {
  if (value === undefined) return DEFAULT_TABLE_OPTIONS.timestampDefault;
  if (typeof value === "boolean" || isSqlFragment(value)) return value;
  throw new Error(`${TIMESTAMP_DEFAULT_MESSAGE}, got ${JSON.stringify(value) ?? String(value)}`);
};

/** The runtime options of a table, from what the caller passed (JavaScript callers may pass anything). */
const optionsDef = (options: TenantTableOptions | GlobalTableOptions | undefined): TableOptionsDef => {
  const given = (options ?? {}) as TenantTableOptions & GlobalTableOptions;
  const tenantForeignKey = given.tenantForeignKey ?? {};
  return Object.freeze({
    timestamps: given.timestamps ?? DEFAULT_TABLE_OPTIONS.timestamps,
    timestampDefault: timestampDefaultOf(given.timestampDefault),
    comments: Object.freeze({ ...(given.comments ?? {}) }),
    paranoid: given.paranoid ?? DEFAULT_TABLE_OPTIONS.paranoid,
    id: given.id ?? DEFAULT_TABLE_OPTIONS.id,
    fields: Object.freeze({ ...(given.fields ?? {}) }),
    departures: Object.freeze([...((given.departures ?? []) as TableOptionsDef["departures"])]),
    tenantForeignKey: Object.freeze({
      constraintName: tenantForeignKey.constraintName ?? null,
      onDelete: tenantForeignKey.onDelete ?? null,
      onUpdate: tenantForeignKey.onUpdate ?? DEFAULT_TABLE_OPTIONS.tenantForeignKey.onUpdate,
    }),
  });
};

const tableDef = (key: string, scope: TableDef["scope"], columns: Record<string, AnyColumn>, options: TableOptionsDef): TableDef =>
  Object.freeze({
    key,
    scope: Object.freeze(scope),
    columns: Object.freeze(
      Object.entries(columns).map(([name, column]) => Object.freeze([name, (column as { def: ColumnDef }).def] as const)),
    ),
    relations: Object.freeze([]),
    foreignKeys: Object.freeze([]),
    indexes: Object.freeze([]),
    checks: Object.freeze([]),
    description: null,
    tableName: null,
    feature: null,
    renamedFrom: null,
    options,
    primaryKey: null,
    source: captureSource(),
  });

/**
 * Declares a tenant table: `id`, `companyId` (FK to the tenant root, indexed), timestamps and
 * `deletedAt` are built in; `columns` holds the rest, in order. `options` describe an adopted table
 * as it is: no timestamps or soft delete, its own primary key, the built-ins' database names, its
 * declared departures from the tenant rules, the tenant foreign key's name and actions.
 *
 * @example
 * export const notifications = defineTenantTable("notifications", { title: t.string(255) })
 *   .belongsTo(users, { onDelete: "CASCADE" });
 * export const contacts = defineTenantTable("contacts", { name: t.string(120) }, { paranoid: false, departures: ["tenantNullable"] });
 */
export function defineTenantTable<N extends string, C extends ColumnsInput<C, N, BuiltInKeys<"tenant", O>>, const O extends TenantTableOptions = object>(
  key: TableKeyCheck<N>,
  columns: C,
  options?: O & TenantOptionsCheck<O>,
): TenantTable<N, StatesOf<C>, BuiltInStates<"tenant", O>> {
  const def = tableDef(key, { kind: "tenant" }, columns as unknown as Record<string, AnyColumn>, optionsDef(options));
  return new TableBuilder(def) as unknown as TenantTable<N, StatesOf<C>, BuiltInStates<"tenant", O>>;
}

/**
 * Declares a table shared by all tenants. Exceptional in a multi-tenant schema, so it needs a
 * written reason (printed in the schema-change doc), unless an adopted table is declared
 * `departures: ["globalUnreviewed"]`. Takes the table options of `defineTenantTable` too.
 *
 * @example
 * export const plans = defineGlobalTable("plans", { name: t.string(80) }, { reason: "Plans are sold to every tenant alike" });
 */
export function defineGlobalTable<N extends string, C extends ColumnsInput<C, N, BuiltInKeys<"global", O>>, const O extends GlobalTableOptions>(
  key: TableKeyCheck<N>,
  columns: C,
  options: O & GlobalOptionsCheck<N, O>,
): GlobalTable<N, StatesOf<C>, BuiltInStates<"global", O>, Departs<O, "globalUnreviewed">> {
  const reason = String((options as GlobalTableOptions | undefined)?.reason ?? "");
  const def = tableDef(key, { kind: "global", reason }, columns as unknown as Record<string, AnyColumn>, optionsDef(options));
  return new TableBuilder(def) as unknown as GlobalTable<N, StatesOf<C>, BuiltInStates<"global", O>, Departs<O, "globalUnreviewed">>;
}

/**
 * Recognises a table among a schema module's exports, whichever copy of this library made it.
 *
 * @example
 * Object.values(await import("./schema/tickets.ts")).filter(isSchemaTable)
 */
export function isSchemaTable(value: unknown): value is AnySchemaTable {
  return (
    typeof value === "object" &&
    value !== null &&
    (value as Record<symbol, unknown>)[TABLE_BRAND] === true &&
    typeof (value as { def?: unknown }).def === "object"
  );
}

/**
 * Lists the tables to emit; anything that is not a tenant table or a global table is a type error.
 *
 * @example
 * export default defineSchema([users, notifications]);
 */
export function defineSchema<const Tables extends readonly unknown[]>(tables: {
  [I in keyof Tables]: Tables[I] extends AnySchemaTable ? Tables[I] : NotSchemaTableMessage;
}): Tables {
  return Object.freeze([...tables]) as unknown as Tables;
}

export type { TableScopeKind };
