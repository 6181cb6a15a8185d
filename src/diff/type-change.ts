/**
 * How PostgreSQL carries out `ALTER COLUMN ... TYPE`: some changes only touch the catalog, the
 * rest rewrite the whole table under ACCESS EXCLUSIVE, and of those only some convert every value
 * without a `USING` that could fail. What each kind stores and which of its changes are safe is the
 * column-kind registry's (src/ir/column-types.ts).
 */
import { columnKind } from "../ir/column-types.js";
import type { ColumnTypeIR } from "../ir/types.js";
import { sameIgnoringSource } from "./canonical-json.js";

export type TypeChange =
  | { kind: "none" }
  /** Catalog only: no rewrite, no scan (e.g. a longer VARCHAR). */
  | { kind: "inPlace" }
  /** The table is rewritten; `implicitCast`: PostgreSQL converts every value without `USING`, and it cannot fail. */
  | { kind: "rewrite"; implicitCast: boolean };

const storage = (type: ColumnTypeIR): ColumnTypeIR => columnKind(type).storage(type);

/**
 * Classifies a column type change.
 *
 * @example
 * classifyTypeChange({ kind: "string", length: 20 }, { kind: "string", length: 80 }) // { kind: "inPlace" }
 * classifyTypeChange({ kind: "integer" }, { kind: "bigint" }) // { kind: "rewrite", implicitCast: true }
 * classifyTypeChange({ kind: "text" }, { kind: "integer" }) // { kind: "rewrite", implicitCast: false }
 */
export function classifyTypeChange(from: ColumnTypeIR, to: ColumnTypeIR): TypeChange {
  const a = storage(from);
  const b = storage(to);
  if (sameIgnoringSource(a, b)) return { kind: "none" };
  const change = columnKind(a).changeTo(a, b);
  if (change === "inPlace") return { kind: "inPlace" };
  // Every type has an assignment cast to text through its output function.
  return { kind: "rewrite", implicitCast: b.kind === "text" || change === "cast" };
}
