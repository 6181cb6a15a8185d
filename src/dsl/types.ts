import type { MODEL_MEMBER_NAMES } from "../ir/naming.js";
import type { ColumnKind, ScalarTypeIR } from "../ir/types.js";
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

/** The phantom state of a table: its key (for messages and default foreign keys), scope, columns. */
export interface TableState<N extends string = string, Scope extends TableScopeKind = TableScopeKind, S = ColumnStates> {
  key: N;
  scope: Scope;
  columns: S;
}

export type TenantBuiltIn = "id" | "companyId" | "createdAt" | "updatedAt" | "deletedAt";
export type GlobalBuiltIn = "id" | "createdAt" | "updatedAt" | "deletedAt";
export type BuiltInOf<Scope extends TableScopeKind> = Scope extends "tenant" ? TenantBuiltIn : GlobalBuiltIn;

// ---- messages (same words as src/ir/messages.ts) ----
export type BuiltInColumnMessage<C extends string, T extends string> =
  `'${C}' is a built-in column and cannot be declared on table '${T}'`;
export type UnknownColumnMessage<Use extends "Index" | "Unique" | "Check" | "Using" | "Backfill", C extends string, T extends string> =
  `${Use} column '${C}' is not declared on table '${T}'`;
export type EnumDefaultMessage<V extends string> = `Default '${V}' is not one of the enum values`;
export type DefaultTypeMessage<K extends string> = `Default value does not match the column type '${K}'`;
export type SetNullMessage = "onDelete 'SET NULL' needs a nullable foreign key: pass nullable: true";
export type GlobalTargetMessage = "Relation target must be a tenant table, not a global table";
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

/** A written reason: a non-empty string literal (a plain `string` could be empty at run time). */
export type ReasonCheck<R extends string> = string extends R ? AcknowledgementReasonMessage : R extends "" ? AcknowledgementReasonMessage : R;

/** Data columns of a table: what `.using(column, ...)` and `.backfill(column, ...)` may name. */
export type DataColumnName<T extends TableState> = Exclude<keyof T["columns"] & string, BuiltInOf<T["scope"]>>;

// ---- column rules ----
type AllowedDefault<S extends ColumnState> = S["input"] | SqlFragment | (S["nullable"] extends true ? null : never);

/** The parameter type of `.default(v)`: `V` itself when allowed, else the message. */
export type DefaultCheck<S extends ColumnState, V> = [V] extends [AllowedDefault<S>]
  ? V
  : S["kind"] extends "enum"
    ? V extends string
      ? EnumDefaultMessage<V>
      : DefaultTypeMessage<S["kind"]>
    : DefaultTypeMessage<S["kind"]>;

/**
 * Columns map of `defineTenantTable`/`defineGlobalTable`: built-ins, model members and keys that are
 * no identifier may not appear in it.
 */
export type ColumnsInput<C, N extends string, Scope extends TableScopeKind> = {
  [K in keyof C]: K extends BuiltInOf<Scope>
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
export type ColumnName<T extends TableState> = (keyof T["columns"] & string) | BuiltInOf<T["scope"]>;

/** Each listed column, or the message naming the one that is not declared. */
export type CheckColumns<Cols extends readonly string[], T extends TableState, Use extends "Index" | "Unique"> = {
  [I in keyof Cols]: Cols[I] extends ColumnName<T> ? Cols[I] : UnknownColumnMessage<Use, Cols[I], T["key"]>;
};

/** The `c` of `.check(name, (c) => sql\`...\`)` and `where: (c) => ...`: only declared columns. */
export type ColumnRefs<T extends TableState> = { readonly [K in ColumnName<T>]: ColumnRef };

// ---- relations ----
export type TargetCheck<Tgt> = Tgt extends { readonly "~table": { scope: "tenant" } }
  ? Tgt
  : Tgt extends { readonly "~table": { scope: "global" } }
    ? GlobalTargetMessage
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

export interface ForeignKeyState<Nullable extends boolean> {
  kind: RegisteredKey<"primaryKey">;
  ts: PrimaryKeyTs;
  input: KeyInput<RegisteredKey<"primaryKey">>;
  nullable: Nullable;
  hasDefault: false;
}

export type NullableOption<O> = O extends { nullable: true } ? true : false;

/** The columns after `belongsTo`: the foreign key is resolved to its name, the target is not kept. */
export type WithForeignKey<S, K extends string, Nullable extends boolean> = S & { [P in K]: ForeignKeyState<Nullable> };

// ---- row types ----
type Flatten<X> = { [K in keyof X]: X[K] };

type ValueOf<S extends ColumnState> = S["nullable"] extends true ? S["ts"] | null : S["ts"];

type BuiltInRow<Scope extends TableScopeKind> = Scope extends "tenant"
  ? { id: PrimaryKeyTs; companyId: TenantKeyTs; createdAt: Date; updatedAt: Date; deletedAt: Date | null }
  : { id: PrimaryKeyTs; createdAt: Date; updatedAt: Date; deletedAt: Date | null };

type States<T> = T extends { readonly "~table": TableState<string, TableScopeKind, infer S> } ? S : never;
type ScopeOf<T> = T extends { readonly "~table": { scope: infer Scope extends TableScopeKind } } ? Scope : never;

type RowOf<Scope extends TableScopeKind, S> = Flatten<
  BuiltInRow<Scope> & { [K in keyof S]: S[K] extends ColumnState ? ValueOf<S[K]> : never }
>;

/**
 * A row as Sequelize returns it (`raw: true`): built-ins, declared and foreign-key columns.
 *
 * @example
 * type Notification = InferRow<typeof notifications>; // { id: number; companyId: number; title: string; ... }
 */
export type InferRow<T extends { readonly "~table": TableState }> = RowOf<ScopeOf<T>, States<T>>;

type Optional<S> = { [K in keyof S as S[K] extends { nullable: true } | { hasDefault: true } ? K : never]: S[K] };
type Required_<S> = { [K in keyof S as S[K] extends { nullable: true } | { hasDefault: true } ? never : K]: S[K] };
// A create accepts the input form (e.g. an ISO string for a timestamp) and what a row holds (a Date).
type InputOf<S> = S extends ColumnState ? (S["nullable"] extends true ? S["input"] | S["ts"] | null : S["input"] | S["ts"]) : never;

type CreateOf<Scope extends TableScopeKind, S> = Flatten<
  (Scope extends "tenant" ? { companyId: KeyInput<RegisteredKey<"tenantKey">> } : unknown) & { [K in keyof Required_<S>]: InputOf<S[K]> } & {
    id?: KeyInput<RegisteredKey<"primaryKey">>;
    createdAt?: Date;
    updatedAt?: Date;
    deletedAt?: Date | null;
  } & { [K in keyof Optional<S>]?: InputOf<S[K]> }
>;

/**
 * What a create accepts: id, timestamps and defaulted or nullable columns are optional.
 *
 * @example
 * const input: InferCreate<typeof notifications> = { companyId: 1, userId: 2, title: "Hi" };
 */
export type InferCreate<T extends { readonly "~table": TableState }> = CreateOf<ScopeOf<T>, States<T>>;
