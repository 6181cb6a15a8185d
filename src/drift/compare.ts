/**
 * What differs between two schemas as a database sees them: tables, columns (type, nullability,
 * default, comment), primary keys, indexes, checks, foreign keys and enum types, matched by their
 * database names. DSL-only facts (keys, model names, associations, sources, index reasons) are not
 * compared. Pure; used by `drift` (declarations vs. live) and `verify` (migrations vs. declarations).
 */
import type { CatalogOther } from "../introspect/catalog.js";
import type { CheckIR, ColumnIR, ColumnTypeIR, ForeignKeyIR, IndexIR, SchemaIR, TableIR } from "../ir/types.js";

export type DifferenceKind = "missing" | "extra" | "changed";
/** What a difference is about; the kinds of `CatalogOther` (views, triggers, functions...) only as present or not. */
export type DatabaseObject = "table" | "column" | "primary key" | "index" | "check" | "foreign key" | "enum type" | CatalogOther["kind"];

export interface Difference {
  /** `missing`: declared, not in the database; `extra`: in the database, not declared; `changed`: both, unlike. */
  kind: DifferenceKind;
  object: DatabaseObject;
  /** Database table name (the type name for an enum type). */
  table: string;
  /** Column, index or constraint name; null for the table itself. */
  name: string | null;
  /** What differs, for `changed`: `type`, `nullable`, `default`, ... */
  aspect: string | null;
  expected: string | null;
  actual: string | null;
}

const text = (value: unknown): string => (typeof value === "string" ? value : JSON.stringify(value));

/** The type as the database has it: the model's TypeScript type is not the database's business. */
const databaseType = (type: ColumnTypeIR): string => {
  if (type.kind === "jsonb" || type.kind === "json" || type.kind === "custom") {
    const { tsType: _ignored, ...rest } = type;
    return JSON.stringify(rest);
  }
  return JSON.stringify(type);
};

type Aspects<T> = Record<string, (item: T) => unknown>;

const COLUMN: Aspects<ColumnIR> = {
  type: (c) => databaseType(c.type),
  nullable: (c) => c.nullable,
  default: (c) => (c.autoIncrement ? "serial" : c.default),
  comment: (c) => c.comment,
};
const INDEX: Aspects<IndexIR> = {
  columns: (i) => (i.expression === null ? i.columns : i.expression),
  unique: (i) => i.unique,
  constraint: (i) => i.constraint,
  where: (i) => i.where,
  method: (i) => i.method,
};
const CHECK: Aspects<CheckIR> = { expression: (c) => c.expression };
const FOREIGN_KEY: Aspects<ForeignKeyIR> = {
  columns: (f) => f.columns,
  references: (f) => `${f.referencedTable} (${f.referencedColumns.join(", ")})`,
  onDelete: (f) => (f.onDeleteColumns === undefined ? f.onDelete : `${f.onDelete} (${f.onDeleteColumns.join(", ")})`),
  onUpdate: (f) => f.onUpdate,
};

/** Lists matched by name: what is missing, extra, or differs in one of the aspects. */
function compareNamed<T>(object: DatabaseObject, table: string, expected: readonly T[], actual: readonly T[], nameOf: (item: T) => string, aspects: Aspects<T>): Difference[] {
  const differences: Difference[] = [];
  const actualByName = new Map(actual.map((item) => [nameOf(item), item]));
  const expectedNames = new Set(expected.map(nameOf));
  for (const item of expected) {
    const other = actualByName.get(nameOf(item));
    if (other === undefined) {
      differences.push({ kind: "missing", object, table, name: nameOf(item), aspect: null, expected: null, actual: null });
      continue;
    }
    for (const [aspect, read] of Object.entries(aspects)) {
      const [want, got] = [text(read(item)), text(read(other))];
      if (want !== got) differences.push({ kind: "changed", object, table, name: nameOf(item), aspect, expected: want, actual: got });
    }
  }
  for (const item of actual.filter((candidate) => !expectedNames.has(nameOf(candidate)))) {
    differences.push({ kind: "extra", object, table, name: nameOf(item), aspect: null, expected: null, actual: null });
  }
  return differences;
}

function compareTable(expected: TableIR, actual: TableIR): Difference[] {
  const table = expected.tableName;
  const changed = (object: DatabaseObject, aspect: string, want: unknown, got: unknown): Difference[] =>
    text(want) === text(got) ? [] : [{ kind: "changed", object, table, name: null, aspect, expected: text(want), actual: text(got) }];
  return [
    ...changed("table", "comment", expected.description, actual.description),
    ...compareNamed("column", table, expected.columns, actual.columns, (c) => c.field, COLUMN),
    ...changed("primary key", "columns", expected.primaryKey, actual.primaryKey),
    ...compareNamed("index", table, expected.indexes, actual.indexes, (i) => i.name, INDEX),
    ...compareNamed("check", table, expected.checks, actual.checks, (c) => c.name, CHECK),
    ...compareNamed("foreign key", table, expected.foreignKeys, actual.foreignKeys, (f) => f.name, FOREIGN_KEY),
  ];
}

/** Enum types used by a schema's columns, by name. */
const enumTypes = (schema: SchemaIR): { name: string; values: string[] }[] => {
  const found = new Map<string, string[]>();
  for (const column of schema.tables.flatMap((table) => table.columns)) {
    const type = column.type.kind === "array" ? null : column.type;
    if (type?.kind === "pgEnum" && !found.has(type.name)) found.set(type.name, type.values);
  }
  return [...found].map(([name, values]) => ({ name, values })).sort((a, b) => a.name.localeCompare(b.name));
};

/**
 * Every difference between the schema a database should have and the one it has.
 *
 * @example
 * compareSchemas(declared, live)
 * // [{ kind: "changed", object: "column", table: "Tickets", name: "subject", aspect: "nullable", expected: "false", actual: "true" }]
 */
export function compareSchemas(expected: SchemaIR, actual: SchemaIR): Difference[] {
  const actualTables = new Map(actual.tables.map((table) => [table.tableName, table]));
  const tables = expected.tables.flatMap((table) => {
    const other = actualTables.get(table.tableName);
    return other === undefined ? [{ kind: "missing", object: "table", table: table.tableName, name: null, aspect: null, expected: null, actual: null } satisfies Difference] : compareTable(table, other);
  });
  const declared = new Set(expected.tables.map((table) => table.tableName));
  const extra = actual.tables
    .filter((table) => !declared.has(table.tableName))
    .map((table): Difference => ({ kind: "extra", object: "table", table: table.tableName, name: null, aspect: null, expected: null, actual: null }));
  return [...tables, ...extra, ...compareEnumTypes(enumTypes(expected), enumTypes(actual))];
}

/**
 * The differences between two lists of enum types (name and values in order). `compareSchemas` sees
 * the types columns use; `verify` compares every type of the schema, so a type a down leaves behind
 * after dropping its table counts too.
 *
 * @example
 * compareEnumTypes([], [{ name: "enum_Users_role", values: ["admin"] }])
 * // [{ kind: "extra", object: "enum type", table: "enum_Users_role", name: "enum_Users_role", ... }]
 */
export function compareEnumTypes(expected: readonly { name: string; values: string[] }[], actual: readonly { name: string; values: string[] }[]): Difference[] {
  return compareNamed("enum type", "", expected, actual, (e) => e.name, { values: (e) => e.values }).map((d) => ({ ...d, table: d.name ?? "" }));
}

/**
 * The differences between two lists of the schema's other objects (views, triggers, functions,
 * policies, rules, domains, composite types, sequences no column owns): which are there, by kind,
 * table and name. What they contain is not compared.
 *
 * @example
 * compareOthers([], [{ kind: "function", name: "touch_updated_at", table: null }])
 * // [{ kind: "extra", object: "function", table: "", name: "touch_updated_at", ... }]
 */
export function compareOthers(expected: readonly CatalogOther[], actual: readonly CatalogOther[]): Difference[] {
  const key = (other: CatalogOther) => `${other.kind}\u0000${other.table ?? ""}\u0000${other.name}`;
  const difference = (kind: DifferenceKind, other: CatalogOther): Difference => ({ kind, object: other.kind, table: other.table ?? "", name: other.name, aspect: null, expected: null, actual: null });
  const [want, got] = [new Set(expected.map(key)), new Set(actual.map(key))];
  return [...expected.filter((other) => !got.has(key(other))).map((other) => difference("missing", other)), ...actual.filter((other) => !want.has(key(other))).map((other) => difference("extra", other))];
}

/** How a description names the two schemas: drift's (declared vs. the database) unless said otherwise. */
export interface DifferenceTerms {
  /** Where the expected schema is: "declared". */
  expected: string;
  /** Where the actual one is: "in the database". */
  actual: string;
  /** What an extra object is not: "not declared". */
  notExpected: string;
}

const DRIFT_TERMS: DifferenceTerms = { expected: "declared", actual: "in the database", notExpected: "not declared" };

/**
 * One line per difference, for people.
 *
 * @example
 * describeDifference({ kind: "changed", object: "column", table: "Tickets", name: "subject", aspect: "nullable", expected: "false", actual: "true" })
 * // 'column "Tickets"."subject": nullable is true in the database, declared false'
 */
export function describeDifference(difference: Difference): string {
  return describeDifferenceAs(difference, DRIFT_TERMS);
}

/**
 * One line per difference, naming the two schemas as `terms` says (verify compares a schema with the
 * one before a migration's up, not with the declarations).
 *
 * @example
 * describeDifferenceAs({ kind: "extra", object: "column", table: "users", name: "plan", ... }, { expected: "before its up", actual: "after its down", notExpected: "not before its up" })
 * // 'column "users"."plan": after its down, not before its up'
 */
export function describeDifferenceAs(difference: Difference, terms: DifferenceTerms): string {
  const where =
    difference.object === "table" ? `table "${difference.table}"`
    : difference.object === "enum type" ? `enum type "${difference.table}"`
    : difference.object === "column" ? `column "${difference.table}"."${difference.name}"`
    : difference.object === "primary key" ? `primary key of "${difference.table}"`
    : difference.table === "" ? `${difference.object} "${difference.name}"`
    : `${difference.object} "${difference.name}" on "${difference.table}"`;
  if (difference.kind === "missing") return `${where}: ${terms.expected}, missing ${terms.actual}`;
  if (difference.kind === "extra") return `${where}: ${terms.actual}, ${terms.notExpected}`;
  return `${where}: ${difference.aspect} is ${difference.actual} ${terms.actual}, ${terms.expected} ${difference.expected}`;
}
