/**
 * One entry per column kind: everything a layer needs to know about a kind lives here, so adding a
 * kind is one entry (the mapped type of `COLUMN_KINDS` fails to compile until it exists) and no
 * emitter matches on `kind` itself. Readers: the migration emitter (SQL type, Sequelize DataTypes,
 * neutral and fill values of a restore), the model emitter (DataType, TypeScript type), the doc
 * (SQL and Mermaid types), the diff (storage and safe type changes, literal defaults as SQL),
 * validate-default (which literals a kind takes) and the introspection (format_type → kind).
 * Plain data in, plain text out: nothing here imports Sequelize.
 */
import { quoteIdent, quoteLiteral } from "./sql-quote.js";
import type { ColumnKind, ColumnTypeIR, JsonValue, ScalarTypeIR } from "./types.js";

/** Members of Sequelize's `DataTypes` (sequelize-typescript's `DataType`) the emitters use; same in 5 and 6. */
export type DataTypeName =
  | "INTEGER"
  | "BIGINT"
  | "STRING"
  | "TEXT"
  | "BOOLEAN"
  | "DATE"
  | "DATEONLY"
  | "DECIMAL"
  | "DOUBLE"
  | "UUID"
  | "JSONB"
  | "JSON"
  | "ENUM"
  | "ARRAY";

/**
 * A Sequelize data type as data: `DataTypes.STRING(120)` is `{ name: "STRING", args: [120] }`; a type
 * Sequelize has no member for is `{ raw: "tsvector" }`, which Sequelize writes into the DDL verbatim.
 */
export type SequelizeType = { name: DataTypeName; args: Array<number | string | SequelizeType> } | { raw: string };

/**
 * TypeScript source of a Sequelize type against a namespace: `DataTypes` (a migration's import) or
 * `DataType` (sequelize-typescript's, in a model). A raw type is its SQL as a string literal.
 *
 * @example
 * sequelizeTypeSource({ name: "DECIMAL", args: [12, 2] }, "DataTypes") // "DataTypes.DECIMAL(12, 2)"
 * sequelizeTypeSource({ name: "ENUM", args: ["open", ""] }, "DataType") // 'DataType.ENUM("open", "")'
 * sequelizeTypeSource({ raw: "tsvector" }, "DataType") // '"tsvector"'
 */
export function sequelizeTypeSource(type: SequelizeType, namespace: "DataTypes" | "DataType"): string {
  if ("raw" in type) return JSON.stringify(type.raw);
  const member = `${namespace}.${type.name}`;
  if (type.args.length === 0) return member;
  const args = type.args.map((arg) => (typeof arg === "object" ? sequelizeTypeSource(arg, namespace) : JSON.stringify(arg)));
  return `${member}(${args.join(", ")})`;
}

/** How PostgreSQL carries out `ALTER COLUMN ... TYPE` between two stored types. */
export type TypeChangeKind = "inPlace" | "cast" | "using";

/** Enum types of the database by name, values in type order (what the introspection reads from pg_enum). */
export type EnumTypes = ReadonlyMap<string, readonly string[]>;

/** Everything about one column kind. `T` is its ColumnTypeIR variant. */
export interface ColumnKindSpec<T extends ColumnTypeIR> {
  /** The type in DDL, as Sequelize's PostgreSQL dialect spells it (`VARCHAR(120)`): CREATE, ALTER ... TYPE, the doc. */
  sql(type: T): string;
  /** What `format_type(atttypid, atttypmod)` prints for it (`character varying(120)`). */
  formatType(type: T): string;
  /** The `DataTypes` expression of a migration's createTable/addColumn. */
  migrationType(type: T): SequelizeType;
  /** The `DataType` expression of a model's `@Column`. */
  modelType(type: T): SequelizeType;
  /** The attribute's TypeScript type text, as node-postgres returns the value. */
  tsType(type: T): string;
  /** One word for a Mermaid erDiagram attribute (no spaces or commas). */
  mermaid(type: T): string;
  /** Whether a literal (JSON) default fits the kind; kinds without literals take only `sql` defaults. */
  acceptsLiteral(type: T, value: JsonValue): boolean;
  /** A literal default as a SQL expression of the type (what a backfill writes into existing rows). */
  literalSql(type: T, value: JsonValue): string;
  /** The neutral constant a down fills restored rows with, or null when the kind has none. */
  neutralSql(type: T): string | null;
  /** A value distinct per row, over `n` (an SQL expression: the row's positive number), or null: use `neutralSql`. */
  fillSql(type: T, n: string): string | null;
  /** The type as the database stores it, for comparing two declarations (enum values and TypeScript types are not stored in the column). */
  storage(type: T): ColumnTypeIR;
  /** How a change from this type to `to` (another stored type) runs; `to: text` is a cast for every kind and is decided before this. */
  changeTo(from: T, to: ColumnTypeIR): TypeChangeKind;
  /** The kind's type for a `format_type` text, or null when the text is not of this kind. */
  fromCatalog(formatType: string, enumTypes: EnumTypes): T | null;
}

type Spec<K extends ColumnKind> = ColumnKindSpec<Extract<ColumnTypeIR, { kind: K }>>;

const call = (name: DataTypeName, ...args: Array<number | string | SequelizeType>): SequelizeType => ({ name, args });

const using = (): TypeChangeKind => "using";

/** A scalar kind's entry from the few facts that differ between scalars. */
function scalar<K extends ScalarTypeIR["kind"]>(
  facts: Pick<Spec<K>, "sql" | "formatType" | "migrationType" | "tsType" | "mermaid" | "acceptsLiteral" | "neutralSql" | "fillSql" | "fromCatalog"> &
    Partial<Pick<Spec<K>, "changeTo" | "literalSql">>,
): Spec<K> {
  return {
    modelType: facts.migrationType,
    literalSql: (_type, value) => jsonLiteralSql(value),
    storage: (type) => type,
    changeTo: using,
    ...facts,
  };
}

/** A JSON literal as SQL: NULL, TRUE/FALSE, numbers bare, strings quoted, anything else as quoted JSON. */
function jsonLiteralSql(value: JsonValue): string {
  if (value === null) return "NULL";
  if (typeof value === "boolean") return value ? "TRUE" : "FALSE";
  if (typeof value === "number") return String(value);
  if (typeof value === "string") return quoteLiteral(value);
  return quoteLiteral(JSON.stringify(value));
}

const isNumeric = (value: JsonValue): boolean =>
  (typeof value === "number" && Number.isFinite(value)) || (typeof value === "string" && /^-?\d+(\.\d+)?$/.test(value));

const isInteger = (value: JsonValue): boolean =>
  (typeof value === "number" && Number.isInteger(value)) || (typeof value === "string" && /^-?\d+$/.test(value));

/** Digits left of the decimal point a NUMERIC needs to hold every value of an integer type. */
const INTEGER_DIGITS = { integer: 10, bigint: 19 } as const;

const toDecimalFrom = (kind: "integer" | "bigint", to: ColumnTypeIR): TypeChangeKind =>
  to.kind === "decimal" && to.precision - to.scale >= INTEGER_DIGITS[kind] ? "cast" : "using";

const exact = <T extends ColumnTypeIR>(text: string, type: T) => (formatType: string) => (formatType === text ? type : null);

const stringLike = (value: JsonValue): boolean => typeof value === "string";

/**
 * An identifier as `format_type` prints a type name: bare when it is a plain lower-case name,
 * double-quoted otherwise (`"enum_Tickets_status"`).
 */
const printedTypeName = (name: string): string => (/^[a-z_][a-z0-9_$]*$/.test(name) ? name : quoteIdent(name));

/** The name inside a printed type name (quotes removed), or null for a qualified or parameterised text. */
const typeNameOf = (text: string): string | null => {
  if (/^"(?:[^"]|"")+"$/.test(text)) return text.slice(1, -1).replaceAll('""', '"');
  return /^[A-Za-z_][A-Za-z0-9_$]*$/.test(text) ? text : null;
};

/**
 * The registry. A mapped type over `ColumnKind`: a kind added to `ColumnTypeIR` without an entry here
 * breaks the build, and this is the only place a kind must be handled.
 */
export const COLUMN_KINDS: { [K in ColumnKind]: Spec<K> } = {
  integer: scalar<"integer">({
    sql: () => "INTEGER",
    formatType: () => "integer",
    migrationType: () => call("INTEGER"),
    tsType: () => "number",
    mermaid: () => "integer",
    acceptsLiteral: (_type, value) => typeof value === "number" && Number.isInteger(value),
    neutralSql: () => "0",
    fillSql: (_type, n) => `${n}::integer`,
    changeTo: (_from, to) => (to.kind === "bigint" || to.kind === "double" ? "cast" : toDecimalFrom("integer", to)),
    fromCatalog: exact("integer", { kind: "integer" }),
  }),
  bigint: scalar<"bigint">({
    sql: () => "BIGINT",
    formatType: () => "bigint",
    migrationType: () => call("BIGINT"),
    tsType: () => "string",
    mermaid: () => "bigint",
    acceptsLiteral: (_type, value) => isInteger(value),
    neutralSql: () => "0",
    fillSql: (_type, n) => `${n}::bigint`,
    changeTo: (_from, to) => (to.kind === "double" ? "cast" : toDecimalFrom("bigint", to)),
    fromCatalog: exact("bigint", { kind: "bigint" }),
  }),
  string: scalar<"string">({
    sql: ({ length }) => `VARCHAR(${length})`,
    formatType: ({ length }) => `character varying(${length})`,
    migrationType: ({ length }) => call("STRING", length),
    tsType: () => "string",
    mermaid: () => "varchar",
    acceptsLiteral: (type, value) => typeof value === "string" && value.length <= type.length,
    neutralSql: () => "''",
    fillSql: ({ length }, n) => `${n}::varchar(${length})`,
    // A longer VARCHAR, or TEXT, only touches the catalog.
    changeTo: (from, to) => ((to.kind === "string" && to.length >= from.length) || to.kind === "text" ? "inPlace" : "using"),
    fromCatalog: (text) => {
      const length = /^character varying\((\d+)\)$/.exec(text)?.[1];
      return length === undefined ? null : { kind: "string", length: Number(length) };
    },
  }),
  text: scalar<"text">({
    sql: () => "TEXT",
    formatType: () => "text",
    migrationType: () => call("TEXT"),
    tsType: () => "string",
    mermaid: () => "text",
    acceptsLiteral: (_type, value) => stringLike(value),
    neutralSql: () => "''",
    fillSql: (_type, n) => `${n}::text`,
    fromCatalog: exact("text", { kind: "text" }),
  }),
  boolean: scalar<"boolean">({
    sql: () => "BOOLEAN",
    formatType: () => "boolean",
    migrationType: () => call("BOOLEAN"),
    tsType: () => "boolean",
    mermaid: () => "boolean",
    acceptsLiteral: (_type, value) => typeof value === "boolean",
    neutralSql: () => "false",
    fillSql: () => null,
    fromCatalog: exact("boolean", { kind: "boolean" }),
  }),
  timestamp: scalar<"timestamp">({
    sql: () => "TIMESTAMP WITH TIME ZONE",
    formatType: () => "timestamp with time zone",
    migrationType: () => call("DATE"),
    tsType: () => "Date",
    mermaid: () => "timestamptz",
    acceptsLiteral: (_type, value) => stringLike(value),
    neutralSql: () => "'1970-01-01 00:00:00+00'",
    fillSql: (_type, n) => `timestamptz '1970-01-01 00:00:00+00' + ${n} * interval '1 second'`,
    fromCatalog: exact("timestamp with time zone", { kind: "timestamp" }),
  }),
  date: scalar<"date">({
    sql: () => "DATE",
    formatType: () => "date",
    migrationType: () => call("DATEONLY"),
    tsType: () => "string",
    mermaid: () => "date",
    acceptsLiteral: (_type, value) => stringLike(value),
    neutralSql: () => "'1970-01-01'",
    fillSql: (_type, n) => `date '1970-01-01' + ${n}::integer`,
    fromCatalog: exact("date", { kind: "date" }),
  }),
  decimal: scalar<"decimal">({
    sql: ({ precision, scale }) => `DECIMAL(${precision},${scale})`,
    formatType: ({ precision, scale }) => `numeric(${precision},${scale})`,
    migrationType: ({ precision, scale }) => call("DECIMAL", precision, scale),
    tsType: () => "string",
    mermaid: () => "numeric",
    acceptsLiteral: (_type, value) => isNumeric(value),
    neutralSql: () => "0",
    // Values stay inside the type: a DECIMAL(p, s) wraps at 10^p rows.
    fillSql: ({ precision, scale }, n) => {
      const wrapped = `mod(${n}, 1${"0".repeat(precision)})`;
      return scale === 0 ? wrapped : `${wrapped}::numeric / 1${"0".repeat(scale)}`;
    },
    changeTo: (from, to) => (to.kind === "decimal" && to.precision >= from.precision && to.scale === from.scale ? "inPlace" : "using"),
    fromCatalog: (text) => {
      const parts = /^numeric\((\d+),(\d+)\)$/.exec(text);
      return parts === null ? null : { kind: "decimal", precision: Number(parts[1]), scale: Number(parts[2]) };
    },
  }),
  double: scalar<"double">({
    sql: () => "DOUBLE PRECISION",
    formatType: () => "double precision",
    migrationType: () => call("DOUBLE"),
    tsType: () => "number",
    mermaid: () => "double",
    acceptsLiteral: (_type, value) => typeof value === "number",
    neutralSql: () => "0",
    fillSql: (_type, n) => `${n}::double precision`,
    fromCatalog: exact("double precision", { kind: "double" }),
  }),
  uuid: scalar<"uuid">({
    sql: () => "UUID",
    formatType: () => "uuid",
    migrationType: () => call("UUID"),
    tsType: () => "string",
    mermaid: () => "uuid",
    acceptsLiteral: (_type, value) => stringLike(value),
    neutralSql: () => "'00000000-0000-0000-0000-000000000000'",
    fillSql: (_type, n) => `md5(${n}::text)::uuid`,
    fromCatalog: exact("uuid", { kind: "uuid" }),
  }),
  jsonb: {
    sql: () => "JSONB",
    formatType: () => "jsonb",
    migrationType: () => call("JSONB"),
    modelType: () => call("JSONB"),
    tsType: ({ tsType }) => tsType,
    mermaid: () => "jsonb",
    acceptsLiteral: () => true,
    literalSql: (_type, value) => `${quoteLiteral(JSON.stringify(value))}::jsonb`,
    neutralSql: () => "'{}'::jsonb",
    fillSql: () => null,
    storage: () => ({ kind: "jsonb", tsType: "" }),
    changeTo: using,
    fromCatalog: (text) => (text === "jsonb" ? { kind: "jsonb", tsType: DEFAULT_JSON_TS_TYPE } : null),
  },
  json: {
    sql: () => "JSON",
    formatType: () => "json",
    migrationType: () => call("JSON"),
    modelType: () => call("JSON"),
    tsType: ({ tsType }) => tsType,
    mermaid: () => "json",
    acceptsLiteral: () => true,
    literalSql: (_type, value) => `${quoteLiteral(JSON.stringify(value))}::json`,
    neutralSql: () => "'{}'::json",
    fillSql: () => null,
    storage: () => ({ kind: "json", tsType: "" }),
    changeTo: using,
    fromCatalog: (text) => (text === "json" ? { kind: "json", tsType: DEFAULT_JSON_TS_TYPE } : null),
  },
  enum: {
    sql: ({ length }) => `VARCHAR(${length})`,
    formatType: ({ length }) => `character varying(${length})`,
    migrationType: ({ length }) => call("STRING", length),
    // VARCHAR + CHECK in the database; the model validates the values itself (`isIn`).
    modelType: ({ length }) => call("STRING", length),
    tsType: ({ values }) => (values.length === 0 ? "never" : values.map((value) => JSON.stringify(value)).join(" | ")),
    mermaid: () => "varchar",
    acceptsLiteral: (type, value) => typeof value === "string" && type.values.includes(value),
    literalSql: (_type, value) => jsonLiteralSql(value),
    neutralSql: ({ values }) => quoteLiteral(values[0] ?? ""),
    fillSql: () => null,
    // The values live in the CHECK: to the column, an enum is a VARCHAR.
    storage: ({ length }) => ({ kind: "string", length }),
    changeTo: (from, to) => COLUMN_KINDS.string.changeTo({ kind: "string", length: from.length }, to),
    // A VARCHAR with a CHECK listing values: the catalog type alone says `string`.
    fromCatalog: () => null,
  },
  pgEnum: {
    sql: ({ name }) => quoteIdent(name),
    formatType: ({ name }) => printedTypeName(name),
    // The type is created by its own step (CREATE TYPE): the column names it, so Sequelize never
    // creates a type of its own naming (`enum_<table>_<column>`).
    migrationType: ({ name }) => ({ raw: quoteIdent(name) }),
    modelType: ({ values }) => call("ENUM", ...values),
    tsType: ({ values }) => (values.length === 0 ? "never" : values.map((value) => JSON.stringify(value)).join(" | ")),
    mermaid: ({ name }) => name.replace(/[^A-Za-z0-9_]+/g, "_") || "enum",
    acceptsLiteral: (type, value) => typeof value === "string" && type.values.includes(value),
    literalSql: (_type, value) => jsonLiteralSql(value),
    neutralSql: ({ values }) => (values[0] === undefined ? null : quoteLiteral(values[0])),
    fillSql: () => null,
    // The values live in the type, not in the column.
    storage: ({ name }) => ({ kind: "pgEnum", name, values: [] }),
    changeTo: using,
    fromCatalog: (text, enumTypes) => {
      const name = typeNameOf(text);
      const values = name === null ? undefined : enumTypes.get(name);
      return name === null || values === undefined ? null : { kind: "pgEnum", name, values: [...values] };
    },
  },
  array: {
    sql: ({ element }) => `${scalarKind(element).sql(element)}[]`,
    formatType: ({ element }) => `${scalarKind(element).formatType(element)}[]`,
    migrationType: ({ element }) => call("ARRAY", scalarKind(element).migrationType(element)),
    modelType: ({ element }) => call("ARRAY", scalarKind(element).modelType(element)),
    tsType: ({ element }) => `${scalarKind(element).tsType(element)}[]`,
    mermaid: ({ element }) => `${scalarKind(element).mermaid(element)}[]`,
    acceptsLiteral: ({ element }, value) => Array.isArray(value) && value.every((item) => scalarKind(element).acceptsLiteral(element, item)),
    literalSql: (type, value) =>
      Array.isArray(value)
        ? `ARRAY[${value.map((item) => scalarKind(type.element).literalSql(type.element, item)).join(", ")}]::${COLUMN_KINDS.array.sql(type)}`
        : jsonLiteralSql(value),
    // Typed by the column it is the default of.
    neutralSql: () => "'{}'",
    fillSql: ({ element }, n) => {
      const item = scalarKind(element).fillSql(element, n);
      return item === null ? null : `ARRAY[${item}]`;
    },
    storage: (type) => type,
    changeTo: using,
    fromCatalog: (text, enumTypes) => {
      if (!text.endsWith("[]")) return null;
      const element = columnTypeFromCatalog(text.slice(0, -2), enumTypes);
      return isScalar(element) ? { kind: "array", element } : null;
    },
  },
  custom: {
    sql: ({ sql }) => sql,
    formatType: ({ sql }) => sql,
    migrationType: ({ sql }) => ({ raw: sql }),
    modelType: ({ sql }) => ({ raw: sql }),
    tsType: ({ tsType }) => tsType,
    mermaid: ({ sql }) => sql.replace(/[^A-Za-z0-9_]+/g, "_").replace(/^_+|_+$/g, "") || "custom",
    // Only `sql` defaults: how a literal would be spelled for an arbitrary type is not ours to guess.
    acceptsLiteral: () => false,
    literalSql: (_type, value) => jsonLiteralSql(value),
    neutralSql: () => null,
    fillSql: () => null,
    storage: ({ sql }) => ({ kind: "custom", sql, tsType: "" }),
    changeTo: using,
    fromCatalog: (text) => ({ kind: "custom", sql: text, tsType: "unknown" }),
  },
};

/** The TypeScript type `t.json()`/`t.jsonb()` write into models unless told otherwise (and what the introspection assumes). */
export const DEFAULT_JSON_TS_TYPE = "Record<string, unknown>";

const SCALAR_KINDS: ReadonlySet<ColumnKind> = new Set(["integer", "bigint", "string", "text", "boolean", "timestamp", "date", "decimal", "double", "uuid"]);

/**
 * Whether a type can be an array element (`t.array` takes scalars only).
 *
 * @example
 * isScalar({ kind: "uuid" }) // true
 */
export function isScalar(type: ColumnTypeIR): type is ScalarTypeIR {
  return SCALAR_KINDS.has(type.kind);
}

const scalarKind = <T extends ScalarTypeIR>(type: T): ColumnKindSpec<T> => COLUMN_KINDS[type.kind] as unknown as ColumnKindSpec<T>;

/**
 * The registry entry of a type, typed for it: the one dispatch on `kind`.
 *
 * @example
 * columnKind({ kind: "string", length: 120 }).sql({ kind: "string", length: 120 }) // "VARCHAR(120)"
 */
export function columnKind<T extends ColumnTypeIR>(type: T): ColumnKindSpec<T> {
  return COLUMN_KINDS[type.kind] as unknown as ColumnKindSpec<T>;
}

/** Kinds tried in this order on a catalog text; `custom` takes whatever is left. */
const CATALOG_ORDER: readonly ColumnKind[] = [
  "integer", "bigint", "string", "text", "boolean", "timestamp", "date", "decimal", "double", "uuid", "jsonb", "json", "array", "pgEnum", "custom",
];

/**
 * The column type of a `format_type(atttypid, atttypmod)` text: a kind of the DSL when the text is
 * exactly one (`character varying(120)`, `numeric(12,2)`, `text[]`), a `pgEnum` when it names one of
 * `enumTypes` (values in type order), and `custom` (the text itself, TypeScript type `unknown`) for
 * anything else: `smallint`, `character varying` without a length, `timestamp without time zone`,
 * `numeric`, an array of an enum. An enum stored as VARCHAR + CHECK reads as `string` here: only its
 * CHECK tells it is an `enum`.
 *
 * @example
 * columnTypeFromCatalog("character varying(120)", new Map()) // { kind: "string", length: 120 }
 * columnTypeFromCatalog('"enum_Tickets_status"', new Map([["enum_Tickets_status", ["open", "closed"]]]))
 * // { kind: "pgEnum", name: "enum_Tickets_status", values: ["open", "closed"] }
 * columnTypeFromCatalog("smallint", new Map()) // { kind: "custom", sql: "smallint", tsType: "unknown" }
 */
export function columnTypeFromCatalog(formatType: string, enumTypes: EnumTypes): ColumnTypeIR {
  for (const kind of CATALOG_ORDER) {
    const type = COLUMN_KINDS[kind].fromCatalog(formatType, enumTypes);
    if (type !== null) return type;
  }
  return { kind: "custom", sql: formatType, tsType: "unknown" };
}
