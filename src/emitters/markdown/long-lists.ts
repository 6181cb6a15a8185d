/**
 * Lists that grow with the schema (every table a tenant delete reaches, every new INTEGER column)
 * never go whole into a table cell or one line: past INLINE_LIMIT items the cell gives their count
 * and points at a numbered list printed after the table, one item per line, so no line of the doc
 * grows with the number of tables (prettier pads every row of a table to its widest cell).
 */
import { blocks, bulletList } from "./markdown.js";
import type { Messages } from "./messages/index.js";

/** Items shown inline; longer lists are counted and listed after the table. */
export const INLINE_LIMIT = 6;

export interface LongLists {
  /** The items joined inline when there are at most INLINE_LIMIT, else their count and which list below holds them. */
  list: (items: string[]) => string;
  /** The lists `list` deferred, numbered in the order it met them; "" when none. */
  details: () => string;
}

/**
 * A collector of the long lists of one section.
 *
 * @example
 * const lists = longLists(m);
 * lists.list(["`a`", "`b`"]) // "`a`, `b`"
 * lists.list(tables) // "the 300 in list 1 below"
 * lists.details() // "**List 1:**\n\n- `t0`\n- `t1`\n..."
 */
export function longLists(m: Messages): LongLists {
  const deferred: string[][] = [];
  return {
    list: (items) => {
      if (items.length <= INLINE_LIMIT) return items.join(", ");
      deferred.push(items);
      return m.lists.reference(items.length, deferred.length);
    },
    details: () => blocks(deferred.map((items, i) => blocks([m.lists.label(i + 1), bulletList(items)]))),
  };
}

/**
 * A chain `a → b → c`, its middle left out past INLINE_LIMIT links (the first links, how many are
 * left out, the last), so a row per link of a long chain stays one bounded line each.
 *
 * @example
 * chain(["a", "b", "c"], (n) => `${n} more`) // "a → b → c"
 * chain(names(300), (n) => `${n} more`) // "t0 → t1 → t2 → t3 → 295 more → t299"
 */
export function chain(items: string[], more: (count: number) => string): string {
  if (items.length <= INLINE_LIMIT) return items.join(" → ");
  const head = items.slice(0, INLINE_LIMIT - 2);
  return [...head, more(items.length - head.length - 1), items[items.length - 1]!].join(" → ");
}
