import { quoteIdent } from "../ir/sql-quote.js";
/** Marks column references inside `sql` fragments; rendered to quoted DB columns at IR time. */
const COLUMN_REF = Symbol.for("tenant-schema.columnRef");
const SQL_FRAGMENT = Symbol.for("tenant-schema.sql");

/** A column named inside a `sql` fragment. `attribute` is null for "the column being declared". */
export interface ColumnRef {
  readonly [COLUMN_REF]: true;
  readonly attribute: string | null;
}

export type SqlValue = ColumnRef | SqlFragment | string | number | boolean | null;

/** Raw SQL written with the `sql` tag; values are column refs, nested fragments or literals. */
export interface SqlFragment {
  readonly [SQL_FRAGMENT]: true;
  readonly strings: readonly string[];
  readonly values: readonly SqlValue[];
}

/**
 * Writes raw SQL: a default (`sql\`now()\``), a CHECK or a partial-index predicate.
 * Interpolated column refs become quoted database columns; strings become SQL literals.
 *
 * @example
 * t.timestamp().default(sql`now()`)
 * .check("amount_non_negative", (c) => sql`${c.amount} >= 0`)
 */
export function sql(strings: TemplateStringsArray, ...values: SqlValue[]): SqlFragment {
  values.forEach((value, index) => {
    // JavaScript callers (and `as any`) can interpolate anything; `undefined` would render as text.
    if (!isSqlValue(value)) {
      throw new TypeError(
        `sql\`${strings.join("${…}")}\`: value #${index + 1} is ${describe(value)}; only column refs, sql fragments, strings, numbers, booleans and null can be interpolated`,
      );
    }
  });
  return Object.freeze({ [SQL_FRAGMENT]: true as const, strings: Object.freeze([...strings]), values: Object.freeze(values) });
}

function isSqlValue(value: unknown): value is SqlValue {
  return (
    value === null ||
    typeof value === "string" ||
    typeof value === "boolean" ||
    (typeof value === "number" && Number.isFinite(value)) ||
    isColumnRef(value) ||
    isSqlFragment(value)
  );
}

const describe = (value: unknown): string => (value === undefined ? "undefined" : typeof value === "number" ? String(value) : `a ${typeof value}`);

/**
 * @example
 * isSqlFragment(sql`now()`) // true
 */
export function isSqlFragment(value: unknown): value is SqlFragment {
  return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[SQL_FRAGMENT] === true;
}

/**
 * @example
 * columnRef("amount").attribute // "amount"
 */
export function columnRef(attribute: string | null): ColumnRef {
  return Object.freeze({ [COLUMN_REF]: true as const, attribute });
}

/**
 * @example
 * isColumnRef(columnRef("amount")) // true
 */
export function isColumnRef(value: unknown): value is ColumnRef {
  return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[COLUMN_REF] === true;
}

/** How a fragment's column refs become database columns; unknown attributes are kept as written. */
export type ResolveColumn = (attribute: string | null) => string;


const renderValue = (value: SqlValue, resolve: ResolveColumn, used: string[]): string => {
  if (isColumnRef(value)) {
    const field = resolve(value.attribute);
    if (!used.includes(field)) used.push(field);
    return quoteIdent(field);
  }
  if (isSqlFragment(value)) return renderInto(value, resolve, used);
  if (value === null) return "NULL";
  if (typeof value === "string") return `'${value.replace(/'/g, "''")}'`;
  return String(value);
};

const renderInto = (fragment: SqlFragment, resolve: ResolveColumn, used: string[]): string =>
  fragment.strings.reduce(
    (text, part, index) =>
      index < fragment.values.length ? text + part + renderValue(fragment.values[index] as SqlValue, resolve, used) : text + part,
    "",
  );

/**
 * Renders a fragment to SQL text and lists the database columns it refers to (in first-use order).
 *
 * @example
 * renderSql(sql`${columnRef("amount")} >= 0`, (a) => a ?? "") // { text: '"amount" >= 0', columns: ["amount"] }
 */
export function renderSql(fragment: SqlFragment, resolve: ResolveColumn): { text: string; columns: string[] } {
  const columns: string[] = [];
  const text = renderInto(fragment, resolve, columns);
  return { text, columns };
}
