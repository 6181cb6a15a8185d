import type { IndexMethod, ReferentialAction } from "../ir/types.js";
import type { AnyColumn } from "./columns.js";
import type { RenameOptions } from "./columns.js";
import type { ColumnDef, TableDef, UniqueScope } from "./definitions.js";
import { captureSource } from "./source.js";
import type { SqlFragment } from "./sql.js";
import { TABLE_BRAND, TableBuilder } from "./table-builder.js";
import type {
  CheckColumns,
  ColumnRefs,
  ColumnsInput,
  ColumnStates,
  DatabaseNameCheck,
  DataColumnName,
  FeatureCheck,
  GlobalReasonMessage,
  MemberNameCheck,
  NotSchemaTableMessage,
  SetNullCheck,
  StatesOf,
  TableScopeKind,
  TableKeyCheck,
  TableState,
  TargetCheck,
  WithForeignKey,
  ForeignKeyName,
  NullableOption,
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
  name?: string;
  reason?: string;
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
  check(name: string, build: (columns: ColumnRefs<T>) => SqlFragment): Self;
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

/** A table whose rows belong to one tenant: it carries the tenant column. */
export interface TenantTable<N extends string, S extends ColumnStates>
  extends TableMethods<TableState<N, "tenant", S>, TenantTable<N, S>> {
  belongsTo<Tgt, const O extends BelongsToOptions>(
    target: TargetCheck<Tgt>,
    options?: O & SetNullCheck<O> & MemberNameCheck<O, N>,
  ): TenantTable<N, WithForeignKey<S, ForeignKeyName<Tgt, O>, NullableOption<O>>>;
  belongsToMany<Tgt>(target: TargetCheck<Tgt>, options: BelongsToManyOptions): TenantTable<N, S>;
}

/** A table shared by every tenant (no tenant column); it must say why. */
export interface GlobalTable<N extends string, S extends ColumnStates>
  extends TableMethods<TableState<N, "global", S>, GlobalTable<N, S>> {}

// `any` keeps these assignable from every concrete table without expanding their column maps.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyTenantTable = TenantTable<string, any>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyGlobalTable = GlobalTable<string, any>;
/** What the emit pipeline accepts: tenant tables and global tables (which carry a reason). */
export type SchemaTable = AnyTenantTable | AnyGlobalTable;
export type AnySchemaTable = SchemaTable;

const tableDef = (key: string, scope: TableDef["scope"], columns: Record<string, AnyColumn>): TableDef =>
  Object.freeze({
    key,
    scope: Object.freeze(scope),
    columns: Object.freeze(
      Object.entries(columns).map(([name, column]) => Object.freeze([name, (column as { def: ColumnDef }).def] as const)),
    ),
    relations: Object.freeze([]),
    indexes: Object.freeze([]),
    checks: Object.freeze([]),
    description: null,
    tableName: null,
    feature: null,
    renamedFrom: null,
    source: captureSource(),
  });

/**
 * Declares a tenant table: `id`, `companyId` (FK to the tenant root, indexed), timestamps and
 * `deletedAt` are built in; `columns` holds the rest, in order.
 *
 * @example
 * export const notifications = defineTenantTable("notifications", { title: t.string(255) })
 *   .belongsTo(users, { onDelete: "CASCADE" });
 */
export function defineTenantTable<N extends string, C extends ColumnsInput<C, N, "tenant">>(
  key: TableKeyCheck<N>,
  columns: C,
): TenantTable<N, StatesOf<C>> {
  return new TableBuilder(tableDef(key, { kind: "tenant" }, columns as unknown as Record<string, AnyColumn>)) as unknown as TenantTable<
    N,
    StatesOf<C>
  >;
}

/**
 * Declares a table shared by all tenants. Exceptional in a multi-tenant schema, so it needs a
 * written reason (printed in the schema-change doc).
 *
 * @example
 * export const plans = defineGlobalTable("plans", { name: t.string(80) }, { reason: "Plans are sold to every tenant alike" });
 */
export function defineGlobalTable<N extends string, C extends ColumnsInput<C, N, "global">, R extends string>(
  key: TableKeyCheck<N>,
  columns: C,
  options: { reason: R extends "" ? GlobalReasonMessage<N> : R },
): GlobalTable<N, StatesOf<C>> {
  return new TableBuilder(
    tableDef(key, { kind: "global", reason: String(options?.reason ?? "") }, columns as unknown as Record<string, AnyColumn>),
  ) as unknown as GlobalTable<N, StatesOf<C>>;
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
