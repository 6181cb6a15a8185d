import { unknownColumnMessage, type ColumnUse } from "../ir/messages.js";
import type { ColumnHint } from "./definitions.js";
import { columnRef, isSqlFragment, type ColumnRef, type SqlFragment } from "./sql.js";

/**
 * Column refs for a `sql` callback. A Proxy, so that JavaScript users and `as any` escapes get the
 * compile-time message at run time, at the line that named the column.
 *
 * @example
 * strictRefs(["id", "amount"], "invoices", "Check").amount // a ref to "amount"
 * strictRefs(["id"], "invoices", "Check").nope // throws "Check column 'nope' is not declared on table 'invoices'"
 */
export function strictRefs(attributes: readonly string[], table: string, use: ColumnUse): Readonly<Record<string, ColumnRef>> {
  const known = new Set(attributes);
  return new Proxy({} as Record<string, ColumnRef>, {
    get(_target, property) {
      if (typeof property !== "string") return undefined;
      if (!known.has(property)) throw new Error(unknownColumnMessage(use, property, table));
      return columnRef(property);
    },
  });
}

/**
 * The fragment of a column's `using`/`backfill` hint; a callback gets the column itself.
 *
 * @example
 * hintFragment((column) => sql`round(${column})::integer`) // the fragment
 */
export function hintFragment(hint: ColumnHint): SqlFragment {
  return isSqlFragment(hint) ? hint : hint(columnRef(null));
}
