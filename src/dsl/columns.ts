import type { ColumnTypeIR, ScalarTypeIR } from "../ir/types.js";
import type { ColumnDef, ColumnHint, DefaultDef, RenameStrategy, UniqueScope } from "./definitions.js";
import { captureSource } from "./source.js";
import { columnRef, isSqlFragment, type ColumnRef, type SqlFragment } from "./sql.js";
import type { ColumnState, DatabaseNameCheck, DefaultCheck, RenameFromCheck, ScalarKind } from "./types.js";

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
  /** Unique per tenant (a unique index on (companyId, column)) unless `scope: "global"`. */
  unique(options?: { scope?: UniqueScope }): Column<S>;
  /** A CHECK on this column; `column` renders as its quoted database name. */
  check(build: (column: ColumnRef) => SqlFragment, name?: string): Column<S>;
  comment(text: string): Column<S>;
  /** Database column name, instead of the naming profile's (no `.` or `"`; at most 63 bytes). */
  field<const Name extends string>(name: DatabaseNameCheck<"Column name", Name, null>): Column<S>;
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

  unique(options: { scope?: UniqueScope } = {}): ColumnBuilder {
    return this.with({ unique: Object.freeze({ scope: options.scope ?? "tenant", source: captureSource() }) });
  }

  check(build: (column: ColumnRef) => SqlFragment, name?: string): ColumnBuilder {
    const check = Object.freeze({ name: name ?? null, fragment: build(columnRef(null)), source: captureSource() });
    return this.with({ checks: Object.freeze([...this.def.checks, check]) });
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

const DEFAULT_JSONB_TS_TYPE = "Record<string, unknown>";

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
    column({ kind: "jsonb", tsType: options.tsType ?? DEFAULT_JSONB_TS_TYPE }),
  /** VARCHAR(length, default 255) plus a CHECK listing the values; never a PostgreSQL ENUM. */
  enum: <const V extends readonly [string, ...string[]]>(
    values: V,
    options: { length?: number } = {},
  ): Column<InitialState<"enum", V[number]>> => column({ kind: "enum", values: [...values], length: options.length ?? 255 }),
  /** An array of a scalar column type, e.g. `t.array(t.string(50))`. */
  array: <E extends ScalarColumn>(
    element: E,
  ): Column<InitialState<"array", E["~state"]["ts"][], readonly E["~state"]["input"][]>> =>
    column({ kind: "array", element: element.def.type as ScalarTypeIR }),
});
