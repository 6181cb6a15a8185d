import type { AcknowledgementIR, SourceLocation } from "../ir/types.js";
import { captureSource } from "./source.js";
import { relativeSource } from "./to-ir-context.js";
import type { ReasonCheck } from "./types.js";

/** Brand shared by every copy of this module (the CLI may load another instance than the schema). */
const ACKNOWLEDGEMENT_BRAND: unique symbol = Symbol.for("tenant-schema.acknowledgement");

/** What may lose data: a table by key, a column as "tableKey.attribute", enum values of a column. */
export type DataLossTarget =
  | { dropTable: string }
  | { dropColumn: `${string}.${string}` }
  | { removeEnumValues: `${string}.${string}`; values: readonly [string, ...string[]] };

/** A written acknowledgement that a destructive change may lose data; export it from a schema file. */
export interface Acknowledgement {
  readonly [ACKNOWLEDGEMENT_BRAND]: true;
  readonly target: DataLossTarget;
  readonly reason: string;
  readonly source: SourceLocation | null;
}

/**
 * Acknowledges, in the schema, that a destructive change may lose data, and says why. Table keys
 * and attributes are the old ones (what the last emitted schema called them).
 *
 * @example
 * export const dropLegacy = acknowledgeDataLoss({ dropTable: "legacyItems" }, "Unused since 2026-10; backup in s3://backups/legacy");
 * export const dropCode = acknowledgeDataLoss({ dropColumn: "tickets.legacyCode" }, "Replaced by ticket numbers");
 */
export function acknowledgeDataLoss<const R extends string>(target: DataLossTarget, reason: ReasonCheck<R>): Acknowledgement {
  const frozenTarget = Object.freeze({ ...target, ...("values" in target ? { values: Object.freeze([...target.values]) } : {}) });
  return Object.freeze({ [ACKNOWLEDGEMENT_BRAND]: true as const, target: frozenTarget as DataLossTarget, reason: String(reason ?? ""), source: captureSource() });
}

/**
 * Recognises an acknowledgement among a schema module's exports, whichever copy of this library made it.
 *
 * @example
 * Object.values(await import("./schema/tickets.ts")).filter(isAcknowledgement)
 */
export function isAcknowledgement(value: unknown): value is Acknowledgement {
  return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[ACKNOWLEDGEMENT_BRAND] === true;
}

// "tickets.legacyCode" → ["tickets", "legacyCode"]; without a dot the column is "" and the validator says so.
const splitColumn = (target: unknown): { table: string; column: string } => {
  const text = String(target ?? "");
  const dot = text.indexOf(".");
  return dot < 0 ? { table: text, column: "" } : { table: text.slice(0, dot), column: text.slice(dot + 1) };
};

/**
 * The IR of an acknowledgement; a target of no known kind becomes a dropTable of "" (reported by the validator).
 *
 * @example
 * acknowledgementIR(acknowledgeDataLoss({ dropColumn: "tickets.legacyCode" }, "unused"), "/repo")
 * // { kind: "dropColumn", table: "tickets", column: "legacyCode", reason: "unused", source: { file: "schema/tickets.ts", line: 9 } }
 */
export function acknowledgementIR(acknowledgement: Acknowledgement, rootDir: string): AcknowledgementIR {
  const target = acknowledgement.target as Partial<Record<"dropTable" | "dropColumn" | "removeEnumValues", unknown>> & { values?: unknown };
  const common = { reason: acknowledgement.reason, source: relativeSource(acknowledgement.source, rootDir) };
  if (target.dropColumn !== undefined) return { kind: "dropColumn", ...splitColumn(target.dropColumn), ...common };
  if (target.removeEnumValues !== undefined) {
    const values = Array.isArray(target.values) ? target.values.map(String) : [];
    return { kind: "removeEnumValues", ...splitColumn(target.removeEnumValues), values, ...common };
  }
  return { kind: "dropTable", table: typeof target.dropTable === "string" ? target.dropTable : "", ...common };
}
