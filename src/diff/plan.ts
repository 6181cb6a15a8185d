/**
 * Decides which migrations an emit writes, from the snapshot of the last emit and the schema now:
 * the diff, then the split into change sets. Pure: the clock and the last journal timestamp are
 * arguments.
 */
import type { SchemaIR, SchemaIssue } from "../ir/types.js";
import { diffSchemas, type DiffOptions } from "./diff.js";
import type { ChangeSet } from "./operations.js";
import { splitChangeSets } from "./split.js";

export { describeCreation, kebabCase } from "./describe.js";

export interface PlanResult {
  /** In the order they must run, with strictly increasing timestamps. */
  changeSets: ChangeSet[];
  /** Changes that cannot (or may not) become migrations; the CLI refuses to write when any. */
  issues: SchemaIssue[];
  /** The snapshot to record once the change sets are written. */
  snapshot: SchemaIR;
}

/**
 * @example
 * planChanges(null, schema, "20261125093000", null).changeSets.map((c) => c.migrations[0].description)
 * // ["create-tickets-ticket-comments", "create-users"]
 */
export function planChanges(
  previous: SchemaIR | null,
  next: SchemaIR,
  now: string,
  lastTimestamp: string | null,
  options: DiffOptions = { allowDestructive: false },
): PlanResult {
  const before: SchemaIR = previous ?? { ...next, tables: [], acknowledgements: [] };
  const diff = diffSchemas(before, next, options);
  const split = splitChangeSets(diff.operations, now, lastTimestamp);
  return { changeSets: split.changeSets, issues: [...diff.issues, ...split.issues], snapshot: diff.snapshot };
}
