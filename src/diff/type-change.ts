/**
 * How PostgreSQL carries out `ALTER COLUMN ... TYPE`: some changes only touch the catalog, the
 * rest rewrite the whole table under ACCESS EXCLUSIVE, and of those only some convert every value
 * without a `USING` that could fail.
 */
import type { ColumnTypeIR } from "../ir/types.js";
import { sameIgnoringSource } from "./canonical-json.js";

export type TypeChange =
  | { kind: "none" }
  /** Catalog only: no rewrite, no scan (e.g. a longer VARCHAR). */
  | { kind: "inPlace" }
  /** The table is rewritten; `implicitCast`: PostgreSQL converts every value without `USING`, and it cannot fail. */
  | { kind: "rewrite"; implicitCast: boolean };

/** Enum values live in the CHECK, not in the type: an enum is a VARCHAR to the database. */
const storage = (type: ColumnTypeIR): ColumnTypeIR => (type.kind === "enum" ? { kind: "string", length: type.length } : type);

/** Digits left of the decimal point a NUMERIC needs to hold every value of an integer type. */
const INTEGER_DIGITS = { integer: 10, bigint: 19 } as const;

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
  if (a.kind === "string" && b.kind === "string") return b.length >= a.length ? { kind: "inPlace" } : { kind: "rewrite", implicitCast: false };
  if (a.kind === "string" && b.kind === "text") return { kind: "inPlace" };
  if (a.kind === "decimal" && b.kind === "decimal") {
    return b.precision >= a.precision && b.scale === a.scale ? { kind: "inPlace" } : { kind: "rewrite", implicitCast: false };
  }
  return { kind: "rewrite", implicitCast: castCannotFail(a, b) };
}

function castCannotFail(from: ColumnTypeIR, to: ColumnTypeIR): boolean {
  // Every type has an assignment cast to text through its output function.
  if (to.kind === "text") return true;
  if (from.kind === "integer" && (to.kind === "bigint" || to.kind === "double")) return true;
  if (from.kind === "bigint" && to.kind === "double") return true;
  if ((from.kind === "integer" || from.kind === "bigint") && to.kind === "decimal") {
    return to.precision - to.scale >= INTEGER_DIGITS[from.kind];
  }
  return false;
}
