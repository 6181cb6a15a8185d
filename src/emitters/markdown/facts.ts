/**
 * Facts the doc derives from the plan before wording them: each section computes a list of these
 * and the messages module turns every variant into a sentence, in each language, exhaustively.
 */
import type { AssociationIR } from "../../ir/types.js";

/** A change to a model that already exists, because of what the plan creates. */
export type ExistingModelChange =
  /** The existing model gains an association to a created model (code only). */
  | { kind: "inverseAssociation"; model: string; association: AssociationIR }
  /** A created table's foreign key points at the existing table: the DDL locks it briefly. */
  | { kind: "referencedBy"; model: string; table: string; references: string[] };

/** A risk of the change, with what it costs and how to contain it. */
export type RiskFact =
  | { kind: "tenantCascade"; root: string; tables: string[] }
  | { kind: "cascadeChain"; path: string[]; column: string }
  | { kind: "crossTenantReference"; table: string; column: string; target: string; tenantField: string }
  | { kind: "setNull"; table: string; column: string; target: string }
  | { kind: "jsonbWithoutGin"; table: string; column: string }
  | { kind: "uniqueWithSoftDelete"; table: string; index: string; deletedAt: string }
  | { kind: "foreignKeyWithoutIndex"; table: string; column: string; target: string }
  | { kind: "referencedTableLock"; table: string; fromTables: string[] }
  | { kind: "tenantCheckFailed"; table: string; check: string; detail: string };

/** A performance note attached to the whole change. */
export type PerformanceNote =
  | { kind: "writeAmplification"; table: string; indexes: number }
  | { kind: "ginWriteCost"; table: string; index: string }
  | { kind: "partialIndex"; table: string; index: string; where: string }
  | { kind: "emptyTables"; tables: string[] }
  | { kind: "paranoidFilter"; table: string; deletedAt: string }
  /** An index added to an existing table: built concurrently, its time grows with the table. */
  | { kind: "concurrentBuild"; table: string; index: string }
  /** A rewriting type change rebuilds every index of the table too. */
  | { kind: "rewriteRebuild"; table: string; indexes: number };

/** Why a migration runs without a transaction; derived from its operations. */
export type MigrationReason = "concurrentIndex" | "backfill" | "validate" | "stagedNotNull";

/** One expand/contract rename, for the deployment phases of the rollback strategy. */
export interface RenamePhase {
  phase: "expand" | "contract";
  target: "table" | "column";
  table: string;
  /** Old and new database names (of the table, or of the column). */
  from: string;
  to: string;
  /** The DSL hint the user removes to contract, e.g. `.renamedFrom("title")`. */
  hint: string;
}
