/**
 * The DSL-level description of a random schema: plain data that the property test generates,
 * changes, prints (compact JSON, readable in a shrunk counterexample) and turns into real DSL
 * tables (build.ts). Names are attributes and table keys, as a user writes them.
 */
import type { ColumnTypeIR, JsonValue, NamingProfile, ReferentialAction } from "../../../src/ir/types.js";

/**
 * Raw SQL with column references, like a `sql` template: `parts` interleaved with `refs`
 * (attribute names; null is "the column being declared"). `parts.length === refs.length + 1`.
 */
export interface ExprSpec {
  parts: string[];
  refs: (string | null)[];
}

export type DefaultSpec = { kind: "literal"; value: JsonValue } | { kind: "sql"; expr: ExprSpec };

export interface ColumnSpec {
  name: string;
  type: ColumnTypeIR;
  nullable: boolean;
  default: DefaultSpec | null;
  /** `.unique({ scope })`. */
  unique: "tenant" | "global" | null;
  /** The column's standard CHECK (see `standardCheck`), declared on the column. */
  check: boolean;
  /** `.comment(text)`: `COMMENT ON COLUMN`. */
  comment: string | null;
  renamedFrom: { from: string; strategy: "expand-contract" | "direct" } | null;
  using: ExprSpec | null;
  backfill: ExprSpec | null;
}

export interface BelongsToSpec {
  /** Table key of the target. */
  target: string;
  as: string;
  /** Attribute of the foreign-key column, explicit so renaming the target keeps it. */
  foreignKey: string;
  nullable: boolean;
  onDelete: ReferentialAction;
}

export interface IndexSpec {
  /** Attributes (may include "companyId"). */
  columns: string[];
  unique: boolean;
  method: "btree" | "gin";
  /** Partial-index predicate: none, `deletedAt IS NULL`, or `<first column> IS NOT NULL`. */
  where: "notDeleted" | "firstNotNull" | null;
}

/** A named table-level CHECK: the standard check of one column. */
export interface CheckSpec {
  name: string;
  column: string;
}

export interface TableSpec {
  key: string;
  feature: string;
  /** `defineTenantTable`, or `defineGlobalTable` (no tenant column; references only global tables). */
  scope: "tenant" | "global";
  /** `.describe(text)`: `COMMENT ON TABLE`. */
  description: string | null;
  columns: ColumnSpec[];
  belongsTo: BelongsToSpec[];
  indexes: IndexSpec[];
  checks: CheckSpec[];
  renamedFrom: { from: string; strategy: "expand-contract" | "direct" } | null;
}

export type AcknowledgementSpec =
  | { kind: "dropTable"; table: string }
  | { kind: "dropColumn"; table: string; column: string }
  | { kind: "removeEnumValues"; table: string; column: string; values: string[] };

export interface SchemaSpec {
  naming: NamingProfile;
  tables: TableSpec[];
  acknowledgements: AcknowledgementSpec[];
}

/** Comments and table descriptions: quotes and non-ASCII text, so the emitted SQL literals must escape. */
export const COMMENTS = ["Shown to customers", "The tenant's own label", "Preço em R$ — sem impostos"] as const;

/** Column kinds whose generated row values differ from row to row, so they may carry unique indexes. */
export const DISTINCT_KINDS: readonly ColumnTypeIR["kind"][] = ["integer", "bigint", "string", "text", "timestamp", "date", "decimal", "double", "uuid"];

/** Column kinds that have a standard CHECK (`standardCheck`). */
export const CHECKABLE_KINDS: readonly ColumnTypeIR["kind"][] = ["integer", "bigint", "decimal", "double", "string", "text"];

/**
 * The CHECK every generated row and every generated backfill satisfies, for a checkable kind.
 *
 * @example
 * standardCheck({ kind: "integer" }, "amount") // { parts: ["", " >= 0"], refs: ["amount"] }
 */
export function standardCheck(type: ColumnTypeIR, column: string | null): ExprSpec {
  return type.kind === "string" || type.kind === "text"
    ? { parts: ["char_length(", ") > 0"], refs: [column] }
    : { parts: ["", " >= 0"], refs: [column] };
}

/**
 * One-line JSON of a spec, leaving out what is at its default, for counterexamples.
 *
 * @example
 * compactSpec(spec) // '{"naming":"snake_case","tables":[{"key":"accounts","columns":[["title","string(20)","null"]]}]}'
 */
export function compactSpec(spec: SchemaSpec): string {
  return JSON.stringify({
    naming: spec.naming,
    tables: spec.tables.map((table) => ({
      key: table.key,
      feature: table.feature,
      ...(table.scope === "global" ? { scope: "global" } : {}),
      ...(table.description === null ? {} : { description: table.description }),
      ...(table.renamedFrom ? { renamedFrom: table.renamedFrom } : {}),
      columns: table.columns.map(compactColumn),
      ...(table.belongsTo.length ? { belongsTo: table.belongsTo } : {}),
      ...(table.indexes.length ? { indexes: table.indexes } : {}),
      ...(table.checks.length ? { checks: table.checks } : {}),
    })),
    ...(spec.acknowledgements.length ? { acknowledgements: spec.acknowledgements } : {}),
  });
}

function compactColumn(column: ColumnSpec): string {
  const flags = [
    column.name,
    typeText(column.type),
    column.nullable ? "null" : "notNull",
    ...(column.default ? [`default=${defaultText(column.default)}`] : []),
    ...(column.unique ? [`unique:${column.unique}`] : []),
    ...(column.check ? ["check"] : []),
    ...(column.comment === null ? [] : [`comment=${JSON.stringify(column.comment)}`]),
    ...(column.renamedFrom ? [`renamedFrom:${column.renamedFrom.from}(${column.renamedFrom.strategy})`] : []),
    ...(column.using ? [`using=${exprText(column.using)}`] : []),
    ...(column.backfill ? [`backfill=${exprText(column.backfill)}`] : []),
  ];
  return flags.join(" ");
}

/**
 * @example
 * typeText({ kind: "decimal", precision: 10, scale: 2 }) // "decimal(10,2)"
 */
export function typeText(type: ColumnTypeIR): string {
  switch (type.kind) {
    case "string":
      return `string(${type.length})`;
    case "decimal":
      return `decimal(${type.precision},${type.scale})`;
    case "enum":
      return `enum(${type.values.join("|")};${type.length})`;
    case "array":
      return `${typeText(type.element)}[]`;
    default:
      return type.kind;
  }
}

function defaultText(value: DefaultSpec): string {
  return value.kind === "literal" ? JSON.stringify(value.value) : `sql:${exprText(value.expr)}`;
}

/**
 * @example
 * exprText({ parts: ["", " + 1"], refs: ["id"] }) // "${id} + 1"
 */
export function exprText(expr: ExprSpec): string {
  return expr.parts.reduce((text, part, index) => text + part + (index < expr.refs.length ? `\${${expr.refs[index] ?? "self"}}` : ""), "");
}
