/**
 * Decides which migrations an emit writes, from the snapshot of the last emit and the schema now.
 * Pure: the clock and the last journal timestamp are arguments.
 */
import type { SchemaIR, SchemaIssue, TableIR } from "../ir/types.js";
import type { MigrationPlan } from "./operations.js";
import { affectsDatabase, describeTableChange, diffTable } from "./table-diff.js";
import { addSeconds, isMigrationTimestamp } from "./timestamp.js";

export interface PlanResult {
  /** In the order they must run, with strictly increasing timestamps. */
  plans: MigrationPlan[];
  /** Changes the planner cannot turn into migrations yet; the CLI refuses to write when any. */
  issues: SchemaIssue[];
}

/** Longest description kept whole; longer lists of tables are summarised. */
const MAX_DESCRIPTION = 60;

/**
 * Plans one migration per feature for the tables that are new since `previous`, and reports
 * tables that changed or disappeared (schema evolution is not supported yet).
 *
 * @example
 * planChanges(null, schema, "20261125093000", null).plans.map((p) => p.description)
 * // ["create-users", "create-tickets-ticket-comments"]
 */
export function planChanges(previous: SchemaIR | null, next: SchemaIR, now: string, lastTimestamp: string | null): PlanResult {
  if (!isMigrationTimestamp(now)) throw new Error(`now must be YYYYMMDDHHMMSS, got ${JSON.stringify(now)}`);
  if (lastTimestamp !== null && !isMigrationTimestamp(lastTimestamp)) {
    throw new Error(`lastTimestamp must be YYYYMMDDHHMMSS, got ${JSON.stringify(lastTimestamp)}`);
  }
  const before = new Map((previous?.tables ?? []).map((table) => [table.key, table]));
  const after = new Map(next.tables.map((table) => [table.key, table]));
  const issues: SchemaIssue[] = [];
  const created: TableIR[] = [];

  for (const table of next.tables) {
    const old = before.get(table.key);
    if (old !== undefined) {
      issues.push(...changedTableIssues(old, table));
    } else if (table.renamedFrom !== null && before.has(table.renamedFrom.from) && !after.has(table.renamedFrom.from)) {
      issues.push({
        code: "table-renamed",
        message: `table '${table.key}' renamed from '${table.renamedFrom.from}' since the last emit; renaming emitted tables is not supported yet`,
        table: table.key,
        source: table.source,
      });
    } else {
      created.push(table);
    }
  }
  const renamedAway = new Set(next.tables.map((table) => table.renamedFrom?.from));
  for (const old of before.values()) {
    if (after.has(old.key) || renamedAway.has(old.key)) continue;
    issues.push({
      code: "table-removed",
      message: `table '${old.key}' was removed since the last emit; dropping emitted tables is not supported yet`,
      table: old.key,
      source: old.source,
    });
  }

  const ordered = orderFeatures(created, issues);
  const first = lastTimestamp !== null && addSeconds(lastTimestamp, 1) > now ? addSeconds(lastTimestamp, 1) : now;
  const plans = ordered.map(
    ({ feature, tables }, index): MigrationPlan => ({
      feature,
      description: describeCreation(tables),
      timestamp: addSeconds(first, index),
      transaction: true,
      operations: tables.map((table) => ({ kind: "createTable", table })),
    }),
  );
  return { plans, issues };
}

function changedTableIssues(previous: TableIR, next: TableIR): SchemaIssue[] {
  const changes = diffTable(previous, next).filter(affectsDatabase);
  if (changes.length === 0) return [];
  return [
    {
      code: "table-changed",
      message: `table '${next.key}' changed since the last emit (${changes.map(describeTableChange).join("; ")}); changing emitted tables is not supported yet`,
      table: next.key,
      source: next.source,
    },
  ];
}

/** Tables of `tables` whose foreign keys point at other tables of `tables` (self-references excluded). */
function referencedKeys(table: TableIR, byTableName: ReadonlyMap<string, TableIR>): string[] {
  return table.foreignKeys
    .map((foreignKey) => byTableName.get(foreignKey.referencedTable)?.key)
    .filter((key): key is string => key !== undefined && key !== table.key);
}

/**
 * Kahn's topological sort with a name tie-break, so the order is deterministic. Nodes left in a
 * cycle are appended in name order and returned separately so the caller can report them.
 */
function topologicalOrder(nodes: readonly string[], dependsOn: (node: string) => readonly string[]): { order: string[]; cyclic: string[] } {
  const pending = new Set(nodes);
  const order: string[] = [];
  for (;;) {
    const ready = [...pending].filter((node) => dependsOn(node).every((dependency) => !pending.has(dependency))).sort();
    const nextNode = ready[0];
    if (nextNode === undefined) break;
    order.push(nextNode);
    pending.delete(nextNode);
  }
  const cyclic = [...pending].sort();
  return { order: [...order, ...cyclic], cyclic };
}

function orderFeatures(created: readonly TableIR[], issues: SchemaIssue[]): { feature: string; tables: TableIR[] }[] {
  const createdByTableName = new Map(created.map((table) => [table.tableName, table]));
  const createdByKey = new Map(created.map((table) => [table.key, table]));
  const features = [...new Set(created.map((table) => table.feature))];
  const tablesOf = (feature: string) => created.filter((table) => table.feature === feature);
  const featureDependencies = (feature: string) => [
    ...new Set(
      tablesOf(feature)
        .flatMap((table) => referencedKeys(table, createdByTableName))
        .map((key) => createdByKey.get(key)?.feature)
        .filter((other): other is string => other !== undefined && other !== feature),
    ),
  ];
  const featureOrder = topologicalOrder(features, featureDependencies);
  if (featureOrder.cyclic.length > 0) {
    const first = tablesOf(featureOrder.cyclic[0] ?? "")[0];
    issues.push({
      code: "feature-cycle",
      message: `features ${featureOrder.cyclic.map((f) => `'${f}'`).join(", ")} reference each other's new tables, so no migration order works; move the tables into one feature`,
      table: first?.key ?? null,
      source: first?.source ?? null,
    });
  }
  return featureOrder.order.map((feature) => {
    const tables = tablesOf(feature);
    const tableOrder = topologicalOrder(
      tables.map((table) => table.key),
      (key) => referencedKeys(createdByKey.get(key)!, createdByTableName),
    );
    if (tableOrder.cyclic.length > 0) {
      const first = createdByKey.get(tableOrder.cyclic[0] ?? "");
      issues.push({
        code: "table-cycle",
        message: `new tables ${tableOrder.cyclic.map((k) => `'${k}'`).join(", ")} reference each other, so no creation order works; make one reference nullable and add it in a later change`,
        table: first?.key ?? null,
        source: first?.source ?? null,
      });
    }
    return { feature, tables: tableOrder.order.map((key) => createdByKey.get(key)!) };
  });
}

/**
 * `create-<table keys in kebab-case>`, summarised when long so file names stay readable.
 *
 * @example
 * describeCreation([tickets, ticketComments]) // "create-tickets-ticket-comments"
 */
export function describeCreation(tables: readonly Pick<TableIR, "key">[]): string {
  const names = tables.map((table) => kebabCase(table.key));
  const full = `create-${names.join("-")}`;
  if (full.length <= MAX_DESCRIPTION || names.length === 1) return full.slice(0, MAX_DESCRIPTION).replace(/-+$/, "");
  return `create-${names[0]}-and-${names.length - 1}-more`.slice(0, MAX_DESCRIPTION);
}

/**
 * @example
 * kebabCase("ticketComments") // "ticket-comments"
 */
export function kebabCase(value: string): string {
  return value
    .replace(/([a-z0-9])([A-Z])/g, "$1-$2")
    .replace(/[^A-Za-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .toLowerCase();
}
