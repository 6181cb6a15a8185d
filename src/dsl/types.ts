import type { ColumnKind, ReferentialAction, ScalarTypeIR, TenantDeparture } from "../ir/types.js";
import type { ColumnRef, SqlFragment } from "./sql.js";

/**
 * Compile-time state of the DSL. Kept deliberately small for type-checking speed: one phantom
 * field per column (`~state`), one object map of columns per table, the table key as the only
 * name. Error messages are string-literal types spelled like src/ir/messages.ts.
 */

/** Everything the types know about a column. */
export interface ColumnState {
  kind: ColumnKind;
  /** Type of the attribute in a row read from the database. */
  ts: unknown;
  /** What a default or a create may pass (e.g. decimal accepts numbers, reads strings). */
  input: unknown;
  nullable: boolean;
  hasDefault: boolean;
}

export type ScalarKind = ScalarTypeIR["kind"];

export type ColumnStates = Record<string, ColumnState>;

export type TableScopeKind = "tenant" | "global";

/**
 * The phantom state of a table: its key (for messages and default foreign keys), scope, declared
 * columns, and the built-in columns it has (which the table options decide).
 */
export interface TableState<N extends string = string, Scope extends TableScopeKind = TableScopeKind, S = ColumnStates, B = ColumnStates> {
  key: N;
  scope: Scope;
  columns: S;
  builtIns: B;
}

export type TenantBuiltIn = "id" | "companyId" | "createdAt" | "updatedAt" | "deletedAt";
export type GlobalBuiltIn = "id" | "createdAt" | "updatedAt" | "deletedAt";
export type BuiltInOf<Scope extends TableScopeKind> = Scope extends "tenant" ? TenantBuiltIn : GlobalBuiltIn;

// ---- table options ----

/** Database names of the built-in columns, where they differ from the naming profile's. */
export interface BuiltInFieldsOption {
  id?: string;
  createdAt?: string;
  updatedAt?: string;
  deletedAt?: string;
}

/** Options every table takes: what an adopted table has that a designed one would not. */
export interface TableOptions {
  /** false: no built-in createdAt/updatedAt (declare them as data columns if the table has them). Default true. */
  timestamps?: boolean;
  /** false: no soft delete and no built-in deletedAt. Default true (needs timestamps). */
  paranoid?: boolean;
  /** false: no built-in `id`: declare the key columns (`id` may be one) and `.primaryKey(...)`, or none. Default true. */
  id?: boolean;
  /** Database names of the built-in columns (`{ createdAt: "created_at" }` in a camelCase database). */
  fields?: BuiltInFieldsOption;
}

/** The declared departures of a tenant table from the tenant rules (the audit reports each). */
export type TenantTableDeparture = Exclude<TenantDeparture, "globalUnreviewed">;

export interface TenantTableOptions extends TableOptions {
  /**
   * How the live table breaks the tenant rules, written out so it is never accepted silently:
   * "tenantNullable" (the tenant column allows NULL), "tenantWithoutForeignKey", "tenantWithoutIndex".
   */
  departures?: readonly TenantTableDeparture[];
  /** The tenant foreign key's name (verbatim) and actions; `onDelete` defaults to the config's. */
  tenantForeignKey?: { constraintName?: string; onDelete?: ReferentialAction; onUpdate?: ReferentialAction };
}

export interface GlobalTableOptions extends TableOptions {
  /** Why the table is shared by every tenant (printed in the doc); required unless "globalUnreviewed". */
  reason?: string;
  /** "globalUnreviewed": an adopted table without the tenant column whose reason is not written yet. */
  departures?: readonly "globalUnreviewed"[];
}

type Off<O, K extends string> = O extends { [P in K]: false } ? true : false;
type Departs<O, D extends string> = O extends { departures: readonly (infer L)[] } ? (D extends L ? true : false) : false;

/** The built-in attributes a table of this scope has under these options. */
export type BuiltInKeys<Scope extends TableScopeKind, O> =
  | (Off<O, "id"> extends true ? never : "id")
  | (Scope extends "tenant" ? "companyId" : never)
  | (Off<O, "timestamps"> extends true ? never : "createdAt" | "updatedAt")
  | (Off<O, "paranoid"> extends true ? never : "deletedAt");

interface TimestampState<Nullable extends boolean, HasDefault extends boolean> {
  kind: "timestamp";
  ts: Date;
  input: Date;
  nullable: Nullable;
  hasDefault: HasDefault;
}

/** Every built-in column's state; `companyId` is nullable only with the "tenantNullable" departure. */
interface AllBuiltIns<O> {
  id: { kind: RegisteredKey<"primaryKey">; ts: PrimaryKeyTs; input: KeyInput<RegisteredKey<"primaryKey">>; nullable: false; hasDefault: true };
  companyId: {
    kind: RegisteredKey<"tenantKey">;
    ts: TenantKeyTs;
    input: KeyInput<RegisteredKey<"tenantKey">>;
    nullable: Departs<O, "tenantNullable">;
    hasDefault: false;
  };
  createdAt: TimestampState<false, true>;
  updatedAt: TimestampState<false, true>;
  deletedAt: TimestampState<true, false>;
}

/** The built-in columns' states of a table of this scope under these options. */
export type BuiltInStates<Scope extends TableScopeKind, O> = Pick<AllBuiltIns<O>, BuiltInKeys<Scope, O>>;

export type ParanoidMessage = "Soft delete needs timestamps: pass paranoid: false with timestamps: false";
export type TenantSetNullMessage = `onDelete 'SET NULL' on the tenant foreign key needs a nullable tenant column: add departures: ["tenantNullable"]`;

/** Rules over the options of any table: soft delete needs timestamps. */
export type TableOptionsCheck<O> = O extends { timestamps: false } ? (O extends { paranoid: false } ? unknown : { paranoid: ParanoidMessage }) : unknown;

/** Rules over a tenant table's options: SET NULL on the tenant foreign key needs a nullable tenant column. */
export type TenantOptionsCheck<O> = TableOptionsCheck<O> &
  (O extends { tenantForeignKey: { onDelete: "SET NULL" } }
    ? Departs<O, "tenantNullable"> extends true
      ? unknown
      : { tenantForeignKey: { onDelete: TenantSetNullMessage } }
    : unknown);

/** Rules over a global table's options: a written reason, unless declared unreviewed. */
export type GlobalOptionsCheck<N extends string, O> = TableOptionsCheck<O> &
  (Departs<O, "globalUnreviewed"> extends true
    ? unknown
    : O extends { reason: infer R extends string }
      ? R extends ""
        ? { reason: GlobalReasonMessage<N> }
        : unknown
      : { reason: GlobalReasonMessage<N> });

// ---- messages (same words as src/ir/messages.ts) ----
export type BuiltInColumnMessage<C extends string, T extends string> =
  `'${C}' is a built-in column and cannot be declared on table '${T}'`;
export type UnknownColumnMessage<Use extends "Index" | "Unique" | "Check" | "Using" | "Backfill" | "Primary key", C extends string, T extends string> =
  `${Use} column '${C}' is not declared on table '${T}'`;
export type EnumDefaultMessage<V extends string> = `Default '${V}' is not one of the enum values`;
export type DefaultTypeMessage<K extends string> = `Default value does not match the column type '${K}'`;
export type SetNullMessage = "onDelete 'SET NULL' needs a nullable foreign key: pass nullable: true";
export type GlobalReferencesTenantMessage = "A global table can only reference global tables: a shared row cannot point at one tenant's data";
export type BuiltInPrimaryKeyMessage = "The built-in 'id' is this table's primary key: pass id: false in the table options to declare another";
export type NotATableMessage = "Relation target must be a table";
export type GlobalReasonMessage<T extends string> = `Global table '${T}' needs a written reason`;
export type NotSchemaTableMessage = "Only tables made with defineTenantTable or defineGlobalTable can be emitted";
export type RenameBuiltInMessage<C extends string> = `'${C}' is a built-in column and cannot be renamed`;
export type AcknowledgementReasonMessage = "acknowledgeDataLoss needs a written reason";

// ---- schema evolution ----
/**
 * The parameter of a column's `.renamedFrom(from)`: built-in columns cannot be renamed. The
 * column does not know its table's scope yet, so every built-in name of a tenant table is refused.
 */
export type RenameFromCheck<F extends string> = F extends TenantBuiltIn ? RenameBuiltInMessage<F> : F;

/** A written reason: a non-empty string literal (a plain `string` could be empty at run time). */
export type ReasonCheck<R extends string> = string extends R ? AcknowledgementReasonMessage : R extends "" ? AcknowledgementReasonMessage : R;

/** Data columns of a table: what `.using(column, ...)` and `.backfill(column, ...)` may name. */
export type DataColumnName<T extends TableState> = Exclude<keyof T["columns"] & string, keyof T["builtIns"]>;

// ---- column rules ----
// A custom type's literals are not ours to spell: its defaults are raw SQL.
type AllowedDefault<S extends ColumnState> = (S["kind"] extends "custom" ? never : S["input"]) | SqlFragment | (S["nullable"] extends true ? null : never);

/** The parameter type of `.default(v)`: `V` itself when allowed, else the message. */
export type DefaultCheck<S extends ColumnState, V> = [V] extends [AllowedDefault<S>]
  ? V
  : S["kind"] extends "enum" | "pgEnum"
    ? V extends string
      ? EnumDefaultMessage<V>
      : DefaultTypeMessage<S["kind"]>
    : DefaultTypeMessage<S["kind"]>;

/** Columns map of `defineTenantTable`/`defineGlobalTable`: the table's built-ins may not appear in it. */
export type ColumnsInput<C, N extends string, BuiltIns extends string> = {
  [K in keyof C]: K extends BuiltIns ? BuiltInColumnMessage<K, N> : AnyColumnLike;
};

/** Structural shape of any column builder (see src/dsl/columns.ts). */
export interface AnyColumnLike {
  readonly "~state": ColumnState;
}

export type StatesOf<C> = { [K in keyof C]: C[K] extends AnyColumnLike ? C[K]["~state"] : never };

/** Attribute names usable in indexes, checks and predicates: declared, foreign keys, built-ins. */
export type ColumnName<T extends TableState> = (keyof T["columns"] & string) | (keyof T["builtIns"] & string);

/** Each listed column, or the message naming the one that is not declared. */
export type CheckColumns<Cols extends readonly string[], T extends TableState, Use extends "Index" | "Unique" | "Primary key"> = {
  [I in keyof Cols]: Cols[I] extends ColumnName<T> ? Cols[I] : UnknownColumnMessage<Use, Cols[I], T["key"]>;
};

/** The columns of `.primaryKey(columns)`: declared ones, or only `["id"]` while the built-in id exists. */
export type PrimaryKeyColumns<Cols extends readonly string[], T extends TableState> = "id" extends keyof T["builtIns"]
  ? Cols extends readonly ["id"]
    ? Cols
    : BuiltInPrimaryKeyMessage
  : CheckColumns<Cols, T, "Primary key">;

/** The `c` of `.check(name, (c) => sql\`...\`)` and `where: (c) => ...`: only declared columns. */
export type ColumnRefs<T extends TableState> = { readonly [K in ColumnName<T>]: ColumnRef };

// ---- relations ----
/** A tenant table may reference tenant and global tables. */
export type TargetCheck<Tgt> = Tgt extends { readonly "~table": { scope: "tenant" | "global" } } ? Tgt : NotATableMessage;

/** A global table may reference global tables only. */
export type GlobalTargetCheck<Tgt> = Tgt extends { readonly "~table": { scope: "global" } }
  ? Tgt
  : Tgt extends { readonly "~table": { scope: "tenant" } }
    ? GlobalReferencesTenantMessage
    : NotATableMessage;

export type SetNullCheck<O> = O extends { onDelete: "SET NULL" }
  ? O extends { nullable: true }
    ? unknown
    : { nullable: SetNullMessage }
  : unknown;

/** Mirrors `referenceSingular` in src/ir/naming.ts: "users" → "user", "categories" → "category". */
export type SingularKey<K extends string> = K extends `${infer B}ies`
  ? `${B}y`
  : K extends `${infer B}sses`
    ? `${B}ss`
    : K extends `${infer B}shes`
      ? `${B}sh`
      : K extends `${infer B}ches`
        ? `${B}ch`
        : K extends `${infer B}xes`
          ? `${B}x`
          : K extends `${infer B}uses`
            ? `${B}us`
            : K extends `${string}ss`
              ? K
              : K extends `${infer B}s`
                ? B
                : K;

type TargetKey<Tgt> = Tgt extends { readonly "~table": { key: infer K extends string } } ? K : string;

export type ForeignKeyName<Tgt, O> = O extends { foreignKey: infer F extends string }
  ? F
  : O extends { as: infer A extends string }
    ? `${A}Id`
    : `${SingularKey<TargetKey<Tgt>>}Id`;

// ---- key types ----

/**
 * The key types of your project, declared once so row types match the config: without it, `id`,
 * foreign keys and `companyId` are `number` (the default SERIAL keys). `defineConfig` then checks
 * that the config says the same. A BIGINT key reads as a string, as in the emitted models.
 *
 * @example
 * declare module "tenant-schema" {
 *   interface Register {
 *     primaryKey: "uuid";
 *     tenantKey: "bigint";
 *   }
 * }
 */
export interface Register {}

export type KeyKind = "integer" | "bigint" | "uuid";

/** The kind `Register` declares under `name`, or "integer". */
export type RegisteredKey<Name extends "primaryKey" | "tenantKey"> = Register extends { [P in Name]: infer K extends KeyKind } ? K : "integer";

type KeyTs<K extends KeyKind> = K extends "integer" ? number : string;
/** A create may pass a BIGINT key as a number too, as for `t.bigint()`. */
type KeyInput<K extends KeyKind> = K extends "bigint" ? string | number : KeyTs<K>;
type PrimaryKeyTs = KeyTs<RegisteredKey<"primaryKey">>;
type TenantKeyTs = KeyTs<RegisteredKey<"tenantKey">>;

export interface ForeignKeyState<Nullable extends boolean, Key extends Pick<ColumnState, "kind" | "ts" | "input"> = DefaultKeyState> {
  kind: Key["kind"];
  ts: Key["ts"];
  input: Key["input"];
  nullable: Nullable;
  hasDefault: false;
}

interface DefaultKeyState {
  kind: RegisteredKey<"primaryKey">;
  ts: PrimaryKeyTs;
  input: KeyInput<RegisteredKey<"primaryKey">>;
}

/** The key a foreign key to `Tgt` has the type of: its `id` (built-in or declared), else the configured key type. */
type TargetKeyState<Tgt> = Tgt extends { readonly "~table": { builtIns: infer B; columns: infer S } }
  ? B extends { id: infer I extends ColumnState }
    ? I
    : S extends { id: infer I extends ColumnState }
      ? I
      : DefaultKeyState
  : DefaultKeyState;

export type NullableOption<O> = O extends { nullable: true } ? true : false;

/** The columns after `belongsTo`: the foreign key is resolved to its name and its target's key type, the target is not kept. */
export type WithForeignKey<S, K extends string, Nullable extends boolean, Tgt = unknown> = S & { [P in K]: ForeignKeyState<Nullable, TargetKeyState<Tgt>> };

// ---- row types ----
type Flatten<X> = { [K in keyof X]: X[K] };

type ValueOf<S extends ColumnState> = S["nullable"] extends true ? S["ts"] | null : S["ts"];

type TableStateOf<T> = T extends { readonly "~table": infer State extends TableState } ? State : never;

/** Built-in and declared columns of a table, in one map (built-ins are columns like any other here). */
type AllStates<T> = TableStateOf<T>["builtIns"] & TableStateOf<T>["columns"];

type RowOf<S> = Flatten<{ [K in keyof S]: S[K] extends ColumnState ? ValueOf<S[K]> : never }>;

/**
 * A row as Sequelize returns it (`raw: true`): built-ins, declared and foreign-key columns.
 *
 * @example
 * type Notification = InferRow<typeof notifications>; // { id: number; companyId: number; title: string; ... }
 */
export type InferRow<T extends { readonly "~table": TableState }> = RowOf<AllStates<T>>;

type Optional<S> = { [K in keyof S as S[K] extends { nullable: true } | { hasDefault: true } ? K : never]: S[K] };
type Required_<S> = { [K in keyof S as S[K] extends { nullable: true } | { hasDefault: true } ? never : K]: S[K] };
// A create accepts the input form (e.g. an ISO string for a timestamp) and what a row holds (a Date).
type InputOf<S> = S extends ColumnState ? (S["nullable"] extends true ? S["input"] | S["ts"] | null : S["input"] | S["ts"]) : never;

type CreateOf<S> = Flatten<{ [K in keyof Required_<S>]: InputOf<S[K]> } & { [K in keyof Optional<S>]?: InputOf<S[K]> }>;

/**
 * What a create accepts: id, timestamps and defaulted or nullable columns are optional.
 *
 * @example
 * const input: InferCreate<typeof notifications> = { companyId: 1, userId: 2, title: "Hi" };
 */
export type InferCreate<T extends { readonly "~table": TableState }> = CreateOf<AllStates<T>>;
