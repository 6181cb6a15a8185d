import { DEFAULT_JSON_TS_TYPE } from "../ir/column-types.js";
import type { ColumnTypeIR, ScalarTypeIR } from "../ir/types.js";
import type { ColumnDef, ColumnHint, DefaultDef, RenameStrategy, UniqueScope } from "./definitions.js";
import { captureSource } from "./source.js";
import { columnRef, isSqlFragment, type ColumnRef, type SqlFragment } from "./sql.js";
import type { ColumnState, DefaultCheck, RenameFromCheck, ScalarKind } from "./types.js";

export interface RenameOptions {
  /**
   * "expand-contract" (default): the old name keeps working (a synced column, or a view for a
   * table) until the hint is removed. "direct": a plain rename, for code deployed with the schema.
   */
  strategy?: RenameStrategy;
}

/**
 * A column declaration. Immutable: every modifier returns a new frozen column. The type state
 * lives in the phantom `~state` field only; the runtime settings in `def`.
 */
export interface Column<S extends ColumnState> {
  /** Type-only: never set at run time. */
  readonly "~state": S;
  readonly def: ColumnDef;
  /** Allows NULL (the row type gains `| null`, creates may omit it). */
  nullable(): Column<{ kind: S["kind"]; ts: S["ts"]; input: S["input"]; nullable: true; hasDefault: S["hasDefault"] }>;
  /** A literal of the column's type, or raw SQL with the `sql` tag. */
  default<V>(value: DefaultCheck<S, V>): Column<{ kind: S["kind"]; ts: S["ts"]; input: S["input"]; nullable: S["nullable"]; hasDefault: true }>;
  /**
   * Unique per tenant (a unique index on (companyId, column)) unless `scope: "global"`;
   * `constraint: true` makes it a UNIQUE constraint instead of a unique index; `name` is verbatim.
   */
  unique(options?: ColumnUniqueOptions): Column<S>;
  /**
   * A CHECK on this column; `column` renders as its quoted database name. Named `{table}_{name}_check`
   * (`name` defaults to the column), or `{ constraintName }` verbatim.
   */
  check(build: (column: ColumnRef) => SqlFragment, name?: string | { constraintName: string }): Column<S>;
  /** SERIAL (integer) / BIGSERIAL (bigint): the database numbers new rows; creates may omit it. */
  autoIncrement(
    this: Column<S & { kind: "integer" | "bigint" }>,
  ): Column<{ kind: S["kind"]; ts: S["ts"]; input: S["input"]; nullable: S["nullable"]; hasDefault: true }>;
  comment(text: string): Column<S>;
  /** Database column name, instead of the naming profile's. */
  field(name: string): Column<S>;
  /** Schema evolution: this column is the existing attribute `from`, renamed (built-ins cannot be). */
  renamedFrom<const F extends string>(from: RenameFromCheck<F>, options?: RenameOptions): Column<S>;
  /**
   * Schema evolution: how existing values convert when a type change rewrites the column
   * (`ALTER COLUMN ... TYPE ... USING <expression>`); `column` renders as this column. Over other
   * columns: the table's `.using(name, (c) => ...)`.
   */
  using(expression: SqlFragment | ((column: ColumnRef) => SqlFragment)): Column<S>;
  /**
   * Schema evolution: the value of existing rows when this column becomes NOT NULL on an existing
   * table without a default to fill them. Over other columns: the table's `.backfill(name, (c) => ...)`.
   */
  backfill(expression: SqlFragment | ((column: ColumnRef) => SqlFragment)): Column<S>;
}

export type AnyColumn = Column<ColumnState>;

export interface ColumnUniqueOptions {
  /** "tenant" (default) prepends the tenant column; "global" is unique across all tenants. */
  scope?: UniqueScope;
  /** A UNIQUE constraint (ALTER TABLE ... ADD CONSTRAINT ... UNIQUE) rather than a unique index. */
  constraint?: boolean;
  /** The index's (or constraint's) name verbatim, instead of `{table}_{columns}_key`. */
  name?: string;
}

export interface InitialState<K extends ColumnState["kind"], Ts, Input = Ts> {
  kind: K;
  ts: Ts;
  input: Input;
  nullable: false;
  hasDefault: false;
}

class ColumnBuilder {
  constructor(readonly def: ColumnDef) {
    Object.freeze(this);
  }

  private with(patch: Partial<ColumnDef>): ColumnBuilder {
    return new ColumnBuilder(Object.freeze({ ...this.def, ...patch }));
  }

  nullable(): ColumnBuilder {
    return this.with({ nullable: true });
  }

  default(value: unknown): ColumnBuilder {
    const def: DefaultDef = isSqlFragment(value) ? { kind: "sql", fragment: value } : { kind: "literal", value };
    return this.with({ default: Object.freeze(def) });
  }

  unique(options: ColumnUniqueOptions = {}): ColumnBuilder {
    const unique = { scope: options.scope ?? "tenant", constraint: options.constraint === true, name: options.name ?? null, source: captureSource() };
    return this.with({ unique: Object.freeze(unique) });
  }

  check(build: (column: ColumnRef) => SqlFragment, name?: string | { constraintName: string }): ColumnBuilder {
    const named = typeof name === "object" && name !== null ? { name: null, constraintName: String(name.constraintName) } : { name: name ?? null, constraintName: null };
    const check = Object.freeze({ ...named, fragment: build(columnRef(null)), source: captureSource() });
    return this.with({ checks: Object.freeze([...this.def.checks, check]) });
  }

  autoIncrement(): ColumnBuilder {
    return this.with({ autoIncrement: true });
  }

  comment(text: string): ColumnBuilder {
    return this.with({ comment: text });
  }

  field(name: string): ColumnBuilder {
    return this.with({ field: name });
  }

  renamedFrom(from: string, options: { strategy?: RenameStrategy } = {}): ColumnBuilder {
    return this.with({ renamedFrom: Object.freeze({ from, strategy: options.strategy ?? "expand-contract" }) });
  }

  using(expression: ColumnHint): ColumnBuilder {
    return this.with({ using: expression });
  }

  backfill(expression: ColumnHint): ColumnBuilder {
    return this.with({ backfill: expression });
  }
}

const column = <S extends ColumnState>(type: ColumnTypeIR): Column<S> =>
  new ColumnBuilder(
    Object.freeze({
      type: Object.freeze(type),
      nullable: false,
      default: null,
      unique: null,
      autoIncrement: false,
      checks: Object.freeze([]),
      comment: null,
      field: null,
      renamedFrom: null,
      using: null,
      backfill: null,
      source: captureSource(),
    }),
  ) as unknown as Column<S>;

type ScalarColumn = Column<ColumnState & { kind: ScalarKind }>;


/**
 * Column kinds. Numbers that PostgreSQL returns as strings through `pg` (bigint, decimal) are
 * strings in row types; dates without a time of day too.
 *
 * @example
 * defineTenantTable("invoices", { total: t.decimal(12, 2), paidAt: t.timestamp().nullable() })
 */
export const t = Object.freeze({
  integer: (): Column<InitialState<"integer", number>> => column({ kind: "integer" }),
  bigint: (): Column<InitialState<"bigint", string, string | number>> => column({ kind: "bigint" }),
  string: (length = 255): Column<InitialState<"string", string>> => column({ kind: "string", length }),
  text: (): Column<InitialState<"text", string>> => column({ kind: "text" }),
  boolean: (): Column<InitialState<"boolean", boolean>> => column({ kind: "boolean" }),
  /** TIMESTAMP WITH TIME ZONE. */
  timestamp: (): Column<InitialState<"timestamp", Date, string>> => column({ kind: "timestamp" }),
  /** DATE, read as "YYYY-MM-DD". */
  date: (): Column<InitialState<"date", string>> => column({ kind: "date" }),
  decimal: (precision: number, scale: number): Column<InitialState<"decimal", string, string | number>> =>
    column({ kind: "decimal", precision, scale }),
  double: (): Column<InitialState<"double", number>> => column({ kind: "double" }),
  uuid: (): Column<InitialState<"uuid", string>> => column({ kind: "uuid" }),
  /** `tsType` is the attribute type written into the emitted model (default `Record<string, unknown>`). */
  jsonb: <T = Record<string, unknown>>(options: { tsType?: string } = {}): Column<InitialState<"jsonb", T>> =>
    column({ kind: "jsonb", tsType: options.tsType ?? DEFAULT_JSON_TS_TYPE }),
  /** JSON (text): for adopted tables that have it; new tables should use `jsonb`. */
  json: <T = Record<string, unknown>>(options: { tsType?: string } = {}): Column<InitialState<"json", T>> =>
    column({ kind: "json", tsType: options.tsType ?? DEFAULT_JSON_TS_TYPE }),
  /** VARCHAR(length, default 255) plus a CHECK listing the values; never a PostgreSQL ENUM. */
  enum: <const V extends readonly [string, ...string[]]>(
    values: V,
    options: { length?: number } = {},
  ): Column<InitialState<"enum", V[number]>> => column({ kind: "enum", values: [...values], length: options.length ?? 255 }),
  /**
   * A column of an existing PostgreSQL ENUM type, for adopted tables (new tables use `t.enum`):
   * `typeName` is the type's name (e.g. Sequelize's `enum_Tickets_status`), `values` in the type's
   * order (`""` allowed, as real databases have it). The migration creates the type with the first
   * table that uses it and drops it with the last; new values are added with ALTER TYPE ... ADD VALUE.
   */
  pgEnum: <const V extends readonly string[]>(typeName: string, values: V): Column<InitialState<"pgEnum", V[number]>> =>
    column({ kind: "pgEnum", name: typeName, values: [...values] }),
  /**
   * The explicit escape hatch: any PostgreSQL type, written as `format_type` prints it
   * (`smallint`, `tsvector`, `timestamp without time zone`); `tsType` is the attribute type in the
   * model, `T` the row type. Defaults are raw SQL only (`.default(sql\`0\`)`).
   */
  custom: <T = unknown>(sqlType: string, options: { tsType: string }): Column<InitialState<"custom", T>> =>
    column({ kind: "custom", sql: sqlType, tsType: options.tsType }),
  /** An array of a scalar column type, e.g. `t.array(t.string(50))`. */
  array: <E extends ScalarColumn>(
    element: E,
  ): Column<InitialState<"array", E["~state"]["ts"][], readonly E["~state"]["input"][]>> =>
    column({ kind: "array", element: element.def.type as ScalarTypeIR }),
});
