import type { TableIR } from "../ir/types.js";

/**
 * One schema change. A migration is an ordered list of operations; `down` is derived by
 * reversing each one. Schema evolution (issue: diffs of existing tables) adds kinds here, and
 * `match(...).exhaustive()` in every emitter then points at what is missing.
 */
export type Operation = { kind: "createTable"; table: TableIR };

/** What one migration does: the operations of one feature change, and the schemas around it. */
export interface MigrationPlan {
  feature: string;
  /** Human description used in the file name, e.g. "create-notifications". */
  description: string;
  /** YYYYMMDDHHMMSS, injected (never read from a clock inside an emitter). */
  timestamp: string;
  operations: Operation[];
}
