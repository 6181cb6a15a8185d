import { unknownColumnMessage, type ColumnUse } from "../ir/messages.js";
import type { ColumnHint, LooseColumnRefs } from "./definitions.js";
import { columnRef, isSqlFragment, type SqlFragment } from "./sql.js";

/**
 * Column refs for a `sql` callback. A Proxy, so that JavaScript users and `as any` escapes get the
 * compile-time message at run time, at the line that named the column.
 *
 * @example
 * strictRefs(["id", "amount"], "invoices", "Check").amount // a ref to "amount"
 * strictRefs(["id"], "invoices", "Check").nope // throws "Check column 'nope' is not declared on table 'invoices'"
 */
export function strictRefs(attributes: readonly string[], table: string, use: ColumnUse): LooseColumnRefs {
  const known = new Set(attributes);
  return new Proxy({} as LooseColumnRefs, {
    get(_target, property) {
      if (typeof property !== "string") return undefined;
      if (!known.has(property)) throw new Error(unknownColumnMessage(use, property, table));
      return columnRef(property);
    },
  });
}

// Used where throwing is not allowed (toSchemaIR): unknown names are kept as written and the
// validator reports them.
const lenientRefs: LooseColumnRefs = new Proxy({} as LooseColumnRefs, {
  get: (_target, property) => (typeof property === "string" ? columnRef(property) : undefined),
});

/**
 * The fragment of a `using`/`backfill` hint; callbacks are called with refs that accept any name.
 *
 * @example
 * hintFragment((c) => sql`${c.amount}::integer`) // the fragment
 */
export function hintFragment(hint: ColumnHint): SqlFragment {
  return isSqlFragment(hint) ? hint : hint(lenientRefs);
}
