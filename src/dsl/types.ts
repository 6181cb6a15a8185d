import type { MODEL_MEMBER_NAMES } from "../ir/naming.js";
import type { ColumnKind, ReferentialAction, ScalarTypeIR, TenantDeparture } from "../ir/types.js";
import type { KeyKind, RegisteredKey } from "../ir/register.js";
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

/** Comments of the built-in columns. */
export interface BuiltInCommentsOption {
  id?: string;
  companyId?: string;
  createdAt?: string;
  updatedAt?: string;
  deletedAt?: string;
}

/** Options every table takes: what an adopted table has that a designed one would not. */
export interface TableOptions {
  /** false: no built-in createdAt/updatedAt (declare them as data columns if the table has them). Default true. */
  timestamps?: boolean;
  /**
   * The built-in createdAt/updatedAt's database default. true (default): DEFAULT now(); false: none
   * (Sequelize's own createTable makes them so; Sequelize still fills them); a `sql` fragment: that
   * expression, e.g. sql`CURRENT_TIMESTAMP`.
   */
  timestampDefault?: boolean | SqlFragment;
  /** Comments of the built-in columns (`{ companyId: "No foreign key on purpose" }`). */
  comments?: BuiltInCommentsOption;
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
/** Whether the options declare the departure `D`. */
export type Departs<O, D extends string> = O extends { departures: readonly (infer L)[] } ? (D extends L ? true : false) : false;

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
/** Where a column is named (src/ir/messages.ts `ColumnUse`). */
export type ColumnUseName = "Index" | "Unique" | "Check" | "Using" | "Backfill" | "Primary key" | "Foreign key" | "Referenced";
export type UnknownColumnMessage<Use extends ColumnUseName, C extends string, T extends string> =
  `${Use} column '${C}' is not declared on table '${T}'`;
export type EnumDefaultMessage<V extends string> = `Default '${V}' is not one of the enum values`;
export type DefaultTypeMessage<K extends string> = `Default value does not match the column type '${K}'`;
export type SetNullMessage = "onDelete 'SET NULL' needs a nullable foreign key: pass nullable: true";
export type SetNullColumnMessage<C extends string> = `onDelete 'SET NULL' needs nullable columns: '${C}' is NOT NULL`;
export type ForeignKeyArityMessage = "A foreign key references as many columns as it has";
export type GlobalReferencesTenantMessage = "A global table can only reference global tables: a shared row cannot point at one tenant's data";
export type BuiltInPrimaryKeyMessage = "The built-in 'id' is this table's primary key: pass id: false in the table options to declare another";
export type NotATableMessage = "Relation target must be a table";
export type GlobalReasonMessage<T extends string> = `Global table '${T}' needs a written reason`;
export type NotSchemaTableMessage = "Only tables made with defineTenantTable or defineGlobalTable can be emitted";
export type RenameBuiltInMessage<C extends string> = `'${C}' is a built-in column and cannot be renamed`;
export type AcknowledgementReasonMessage = "acknowledgeDataLoss needs a written reason";
export type InvalidTableKeyMessage<K extends string> =
  `Table key '${K}' is not a valid key: use letters, digits and '_', starting with a letter (keep any database name with .tableName(...))`;
export type InvalidAttributeMessage<C extends string, T extends string> =
  `Column '${C}' of table '${T}' is not a valid attribute name: use letters, digits and '_', starting with a letter or '_' (keep any database name with .field(...))`;
export type MemberColumnMessage<C extends string, T extends string> =
  `Column '${C}' of table '${T}' collides with the model member '${C}' (every Sequelize model has it): rename the attribute and keep the database column with .field("${C}"), e.g. declare it as '${C}Value' with .field("${C}")`;
export type MemberAssociationMessage<A extends string, T extends string> =
  `Association '${A}' of table '${T}' collides with the model member '${A}' (every Sequelize model has it): pass another name with 'as' (or 'inverseAs' on the other side)`;
export type FeatureNameMessage<F extends string, T extends string> =
  `Feature '${F}' of table '${T}' is not a safe file name: use letters, digits, '-', '_' and single inner dots, at most 100 characters, no path separators or '..' (a table's feature is its file's name unless .feature(...) says otherwise)`;
/** Without a table when the types do not know it (a column's `.field(...)`); the runtime message names it. */
export type DatabaseNameMessage<Use extends string, Name extends string, T extends string | null, Problem extends string> =
  `${Use} '${Name}'${T extends string ? ` of table '${T}'` : ""} ${Problem}: database names may not contain '.', '"', NUL or control characters and must fit PostgreSQL's 63 bytes (in UTF-8, after the naming profile)`;

// ---- identifiers: what the types can tell from a literal (the validator checks the full rules) ----

/** Instance members of every generated model (src/ir/naming.ts): no attribute or association may take one. */
export type ModelMemberName = (typeof MODEL_MEMBER_NAMES)[number];

type Digit = "0" | "1" | "2" | "3" | "4" | "5" | "6" | "7" | "8" | "9";
/** Characters that are never part of an identifier and that people do type into names. */
type NameBreaker = "-" | " " | "." | '"' | "'" | "/" | "\\";

/** True when the literal `K` is certainly no identifier (a plain `string` passes: the validator decides). */
type NotIdentifier<K extends string> = string extends K ? false : K extends "" | `${Digit}${string}` | `${string}${NameBreaker}${string}` ? true : false;

/** The parameter of `defineTenantTable(key, ...)`: the key itself, or the message. */
export type TableKeyCheck<K extends string> = NotIdentifier<K> extends true ? InvalidTableKeyMessage<K> : K;

/** What the types can tell is wrong with a database name, or never. */
type DatabaseNameProblem<Name extends string> = string extends Name
  ? never
  : Name extends "" ? "is empty"
  : Name extends `${string}.${string}` ? "contains '.'"
  : Name extends `${string}"${string}` ? `contains '"'`
  : Name extends `${string}\u0000${string}` ? "contains the control character U+0000"
  : never;

/** The parameter of `.tableName(name)` / `.field(name)`: the name itself, or the message. */
export type DatabaseNameCheck<Use extends string, Name extends string, T extends string | null> = [DatabaseNameProblem<Name>] extends [never]
  ? Name
  : DatabaseNameMessage<Use, Name, T, DatabaseNameProblem<Name>>;

/** The parameter of `.feature(name)`: separators, `..`, spaces and leading dots are refused. */
export type FeatureCheck<F extends string, T extends string> = string extends F
  ? F
  : F extends "" | `.${string}` | `${string}${"/" | "\\" | " " | ":"}${string}` | `${string}..${string}`
    ? FeatureNameMessage<F, T>
    : F;

/**
 * belongsTo's `as` and `foreignKey` may not take a model member's name. The options already hold the
 * name, so the rule asks for a property they cannot have, typed as the message: the compiler prints it.
 */
export type MemberNameCheck<O, T extends string> = (O extends { as: infer A extends ModelMemberName } ? { "~as": MemberAssociationMessage<A, T> } : unknown) &
  (O extends { foreignKey: infer F extends ModelMemberName } ? { "~foreignKey": MemberColumnMessage<F, T> } : unknown);

// ---- schema evolution ----
/**
 * The parameter of a column's `.renamedFrom(from)`: built-in columns cannot be renamed. The
 * column does not know its table's scope yet, so every built-in name of a tenant table is refused.
 */
export type RenameFromCheck<F extends string> = F extends TenantBuiltIn ? RenameBuiltInMessage<F> : F;

/**
 * The parameter of an enum column's `.remap(map)`: every target one of the values the column keeps.
 * Only the row type is read (a conditional over the column's kind would make `Column` invariant),
 * so a target outside the list reads as the values' union in the error
 * (`Type '"bogus"' is not assignable to type '"open" | "solved"'`); the emit refuses a key that is
 * still a value, and a remap on a column that is not an enum.
 */
export type RemapCheck<S extends ColumnState> = { readonly [removed: string]: S["ts"] & string };

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

/**
 * Columns map of `defineTenantTable`/`defineGlobalTable`: the table's built-ins, model members and
 * keys that are no identifier may not appear in it.
 */
export type ColumnsInput<C, N extends string, BuiltIns extends string> = {
  [K in keyof C]: K extends BuiltIns
    ? BuiltInColumnMessage<K, N>
    : K extends ModelMemberName
      ? MemberColumnMessage<K, N>
      : K extends string
        ? NotIdentifier<K> extends true
          ? InvalidAttributeMessage<K, N>
          : AnyColumnLike
        : AnyColumnLike;
};

/** Structural shape of any column builder (see src/dsl/columns.ts). */
export interface AnyColumnLike {
  readonly "~state": ColumnState;
}

export type StatesOf<C> = { [K in keyof C]: C[K] extends AnyColumnLike ? C[K]["~state"] : never };

/** Attribute names usable in indexes, checks and predicates: declared, foreign keys, built-ins. */
export type ColumnName<T extends TableState> = (keyof T["columns"] & string) | (keyof T["builtIns"] & string);

/** Each listed column, or the message naming the one that is not declared. */
export type CheckColumns<Cols extends readonly string[], T extends TableState, Use extends "Index" | "Unique" | "Primary key" | "Foreign key" | "Referenced"> = {
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

/**
 * belongsTo's `field` is a database name: the rule asks for a property the options cannot have,
 * typed as the message, like `MemberNameCheck`.
 */
export type ForeignKeyFieldCheck<O, T extends string> = O extends { field: infer F extends string }
  ? [DatabaseNameProblem<F>] extends [never]
    ? unknown
    : { "~field": DatabaseNameMessage<"Column name", F, T, DatabaseNameProblem<F>> }
  : unknown;

/**
 * The target of `.foreignKey(...)`: a table (a tenant table may reference tenant and global tables,
 * a global one global tables, as for belongsTo), or its key as a string where importing the table
 * would make a cycle (the validator checks it then).
 */
export type ForeignKeyTargetCheck<Tgt, AnyScope extends boolean> = Tgt extends string ? Tgt : AnyScope extends true ? TargetCheck<Tgt> : GlobalTargetCheck<Tgt>;

/** The referenced columns of `.foreignKey(...)`: as many as its columns and, for a table target, declared on it. */
export type ReferencedColumns<Refs extends readonly string[], Tgt, Cols extends readonly string[]> = Refs["length"] extends Cols["length"]
  ? Tgt extends { readonly "~table": infer State extends TableState }
    ? CheckColumns<Refs, State, "Referenced">
    : Refs
  : ForeignKeyArityMessage;

/** The listed columns that cannot be NULL. */
type NotNullColumn<C, T extends TableState> = C extends keyof T["columns"] | keyof T["builtIns"]
  ? (T["columns"] & T["builtIns"])[C] extends { nullable: true }
    ? never
    : C
  : never;

/** `.foreignKey(...)` with onDelete SET NULL: every column nullable. */
export type ForeignKeySetNullCheck<O, Cols extends readonly string[], T extends TableState> = O extends { onDelete: "SET NULL" }
  ? [NotNullColumn<Cols[number], T>] extends [never]
    ? unknown
    : { "~onDelete": SetNullColumnMessage<NotNullColumn<Cols[number], T> & string> }
  : unknown;

/** belongsToSelf's foreign key: `${as}Id`, `parentId` by default. */
export type SelfForeignKeyName<O> = O extends { foreignKey: infer F extends string } ? F : O extends { as: infer A extends string } ? `${A}Id` : "parentId";

/** The table itself as a relation target, for the foreign key's type (its own `id`). */
export interface SelfTarget<S, B> {
  readonly "~table": { builtIns: B; columns: S };
}

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

type KeyTs<K extends KeyKind> = K extends "integer" ? number : string;
/** A create may pass a BIGINT key as a number too, as for `t.bigint()`. */
type KeyInput<K extends KeyKind> = K extends "bigint" ? string | number : KeyTs<K>;
type PrimaryKeyTs = KeyTs<RegisteredKey<"primaryKey">>;
type TenantKeyTs = KeyTs<RegisteredKey<"tenantKey">>;

/** What a foreign key takes of its target's key column. */
export type KeyState = Pick<ColumnState, "kind" | "ts" | "input">;

export interface ForeignKeyState<Nullable extends boolean, Key extends KeyState = DefaultKeyState> {
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
export type TargetKeyState<Tgt> = Tgt extends { readonly "~table": { builtIns: infer B; columns: infer S } }
  ? B extends { id: infer I extends ColumnState }
    ? I
    : S extends { id: infer I extends ColumnState }
      ? I
      : DefaultKeyState
  : DefaultKeyState;

export type NullableOption<O> = O extends { nullable: true } ? true : false;

/**
 * The columns after `belongsTo`: the foreign key is resolved to its name and its target's key type
 * (`Key`, from `TargetKeyState<Tgt>` at the call). The target itself must not be a type argument
 * here: an alias keeps its arguments, so every table of a belongsTo chain would carry the whole
 * chain, and instantiating one would instantiate them all (TS2589 past ~30 tables, quadratic cost).
 */
export type WithForeignKey<S, K extends string, Nullable extends boolean, Key extends KeyState = DefaultKeyState> = S & { [P in K]: ForeignKeyState<Nullable, Key> };

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
