/**
 * Pairs the columns of two versions of a table: by attribute name, or by a declared
 * `.renamedFrom("old")` whose old name is gone.
 */
import type { ColumnIR, TableIR } from "../ir/types.js";

export interface ColumnPair {
  previous: ColumnIR;
  next: ColumnIR;
  /** Set when paired through the hint (the attribute changed name). */
  rename: "expand-contract" | "direct" | null;
}

export interface ColumnMatch {
  pairs: ColumnPair[];
  added: ColumnIR[];
  dropped: ColumnIR[];
}

/**
 * @example
 * matchColumns(before, after).added.map((c) => c.name) // ["priority"]
 */
export function matchColumns(previous: TableIR, next: TableIR): ColumnMatch {
  const before = new Map(previous.columns.map((column) => [column.name, column]));
  const declared = new Set(next.columns.map((column) => column.name));
  const used = new Set<string>();
  const pairs: ColumnPair[] = [];
  const added: ColumnIR[] = [];
  for (const column of next.columns) {
    const same = before.get(column.name);
    if (same !== undefined) {
      used.add(same.name);
      pairs.push({ previous: same, next: column, rename: null });
      continue;
    }
    const hint = column.renamedFrom;
    const old = hint === null || declared.has(hint.from) || used.has(hint.from) ? undefined : before.get(hint.from);
    if (hint !== null && old !== undefined) {
      used.add(old.name);
      pairs.push({ previous: old, next: column, rename: hint.strategy });
    } else {
      added.push(column);
    }
  }
  const dropped = previous.columns.filter((column) => !used.has(column.name));
  return { pairs, added, dropped };
}
