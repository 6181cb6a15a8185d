/**
 * Enum values an operation removes: their rows must be backed up and converted first.
 */
import type { Operation } from "../diff/operations.js";
import type { ColumnIR } from "../ir/types.js";

/**
 * The enum values `op` removes from a column, whichever way the change is made: replacing the enum
 * CHECK (`changeEnumValues`), or a type change that also changes the values (`alterColumnType`,
 * which re-adds the CHECK around it). Rows holding them must be backed up and converted first.
 *
 * @example
 * removedEnumValues({ kind: "alterColumnType", from: status(["open", "pending"]), to: status(["open"]), ... })
 * // { column: to, values: ["pending"] }
 */
export function removedEnumValues(op: Operation): { column: ColumnIR; values: string[] } | null {
  if (op.kind === "changeEnumValues") {
    // Values with a remap are converted, not lost (their rows: remapEnumValues).
    const values = op.removed.filter((value) => !op.remap.some((pair) => pair.from === value));
    return values.length > 0 ? { column: op.column, values } : null;
  }
  if (op.kind !== "alterColumnType" || op.from.type.kind !== "enum" || op.to.type.kind !== "enum") return null;
  const kept = new Set(op.to.type.values);
  const values = op.from.type.values.filter((value) => !kept.has(value));
  return values.length > 0 ? { column: op.to, values } : null;
}
