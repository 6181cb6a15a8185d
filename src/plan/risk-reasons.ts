/**
 * Why each operation has its risk level, as language-free facts: every variant a risk sentence
 * would branch on (a rewrite or not, concurrently or not, NOT VALID or not, …) is a kind of its
 * own, so a language only words each kind, interpolating its params.
 */
import { match } from "ts-pattern";
import type { Operation } from "../diff/operations.js";

/** The reason of one operation's risk level; names are database names. */
export type RiskReason =
  | { kind: "newTable" }
  | { kind: "tableDataLost" }
  | { kind: "columnDataLost" }
  /** A direct rename (table or column): running code using the old name breaks. */
  | { kind: "oldNameBreaks" }
  | { kind: "oldNameThroughView" }
  | { kind: "syncTriggerCost" }
  /** The contract phase drops `name` (an old column or a compatibility view). */
  | { kind: "contractDropsOldName"; name: string }
  | { kind: "tableRewrite" }
  | { kind: "catalogOnly" }
  | { kind: "rowBatches" }
  | { kind: "notNullValidationScan" }
  | { kind: "nullsAllowed" }
  | { kind: "validationScan" }
  | { kind: "enumValuesRemoved" }
  | { kind: "enumValuesAddedOnly" }
  | { kind: "concurrentIndexBuild" }
  | { kind: "blockingIndexBuild" }
  | { kind: "indexDropped" }
  | { kind: "indexDroppedWithColumn" }
  | { kind: "checkedWhenValidated" }
  | { kind: "checkedNow" }
  | { kind: "enumValueAfterCommit" }
  | { kind: "immutableTenant" }
  | { kind: "rowLevelSecurity"; setting: string }
  | { kind: "isolationDropped" };

/** Every kind of RiskReason, at run time (the check below fails the build when one is missing). */
export const RISK_REASON_KINDS = [
  "newTable",
  "tableDataLost",
  "columnDataLost",
  "oldNameBreaks",
  "oldNameThroughView",
  "syncTriggerCost",
  "contractDropsOldName",
  "tableRewrite",
  "catalogOnly",
  "rowBatches",
  "notNullValidationScan",
  "nullsAllowed",
  "validationScan",
  "enumValuesRemoved",
  "enumValuesAddedOnly",
  "concurrentIndexBuild",
  "blockingIndexBuild",
  "indexDropped",
  "indexDroppedWithColumn",
  "checkedWhenValidated",
  "checkedNow",
  "enumValueAfterCommit",
  "immutableTenant",
  "rowLevelSecurity",
  "isolationDropped",
] as const satisfies readonly RiskReason["kind"][];

// Fails to compile while a kind of the union is missing from RISK_REASON_KINDS.
const everyKindListed: Exclude<RiskReason["kind"], (typeof RISK_REASON_KINDS)[number]> extends never ? true : never = true;
void everyKindListed;

/**
 * Why `op` has its risk level (src/plan/risk.ts gives the level itself).
 *
 * @example
 * riskReason({ kind: "addIndex", table: tickets, index: statusIndex, concurrently: false }) // { kind: "blockingIndexBuild" }
 */
export function riskReason(op: Operation): RiskReason {
  return match(op)
    .returnType<RiskReason>()
    .with({ kind: "createTable" }, () => ({ kind: "newTable" }))
    .with({ kind: "dropTable" }, () => ({ kind: "tableDataLost" }))
    .with({ kind: "dropColumn" }, () => ({ kind: "columnDataLost" }))
    .with({ kind: "renameTable" }, (o) => ({ kind: o.strategy === "direct" ? "oldNameBreaks" : "oldNameThroughView" }))
    .with({ kind: "renameColumn" }, () => ({ kind: "oldNameBreaks" }))
    .with({ kind: "expandColumnRename" }, () => ({ kind: "syncTriggerCost" }))
    .with({ kind: "contractColumnRename" }, (o) => ({ kind: "contractDropsOldName", name: o.from.field }))
    .with({ kind: "dropCompatibilityView" }, (o) => ({ kind: "contractDropsOldName", name: o.view }))
    .with({ kind: "alterColumnType" }, (o) => ({ kind: o.rewrite ? "tableRewrite" : "catalogOnly" }))
    .with({ kind: "backfill" }, { kind: "remapEnumValues" }, () => ({ kind: "rowBatches" }))
    .with({ kind: "setNotNull" }, () => ({ kind: "notNullValidationScan" }))
    .with({ kind: "dropNotNull" }, () => ({ kind: "nullsAllowed" }))
    .with({ kind: "validateConstraint" }, () => ({ kind: "validationScan" }))
    .with({ kind: "changeEnumValues" }, (o) => ({ kind: o.removed.length > 0 ? "enumValuesRemoved" : "enumValuesAddedOnly" }))
    .with({ kind: "addIndex" }, (o) => ({ kind: o.concurrently ? "concurrentIndexBuild" : "blockingIndexBuild" }))
    .with({ kind: "dropIndex" }, (o) => ({ kind: o.concurrently ? "indexDropped" : "indexDroppedWithColumn" }))
    .with({ kind: "addCheck" }, { kind: "addForeignKey" }, (o) => ({ kind: o.notValid ? "checkedWhenValidated" : "checkedNow" }))
    .with(
      { kind: "addColumn" },
      { kind: "alterDefault" },
      { kind: "alterColumnComment" },
      { kind: "alterTableComment" },
      { kind: "renameIndex" },
      { kind: "dropCheck" },
      { kind: "dropForeignKey" },
      { kind: "renameConstraint" },
      { kind: "createEnumType" },
      { kind: "dropEnumType" },
      () => ({ kind: "catalogOnly" }),
    )
    .with({ kind: "addEnumValue" }, () => ({ kind: "enumValueAfterCommit" }))
    .with({ kind: "addIsolation" }, (o): RiskReason => (o.object.kind === "immutableTenant" ? { kind: "immutableTenant" } : { kind: "rowLevelSecurity", setting: o.object.rls.setting }))
    .with({ kind: "dropIsolation" }, () => ({ kind: "isolationDropped" }))
    .exhaustive();
}
