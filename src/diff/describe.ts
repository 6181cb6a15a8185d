/**
 * Short, deterministic kebab-case descriptions for migration file names, from what a change set
 * does: `create-tickets`, `add-priority-to-tickets`, `drop-legacy-items`, `rename-users-to-members`,
 * `alter-tickets`.
 */
import type { Operation } from "./operations.js";

/** Longest description kept whole; longer lists are summarised. */
export const MAX_DESCRIPTION = 60;

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

/**
 * `<verb>-<names>`, summarised as `<verb>-<first>-and-<n>-more` when long.
 *
 * @example
 * describeList("create", ["users"]) // "create-users"
 */
export function describeList(verb: string, names: readonly string[], suffix = ""): string {
  const parts = names.map(kebabCase);
  const full = `${verb}-${parts.join("-")}${suffix}`;
  if (full.length <= MAX_DESCRIPTION || parts.length === 1) return full.slice(0, MAX_DESCRIPTION).replace(/-+$/, "");
  return `${verb}-${parts[0]}-and-${parts.length - 1}-more${suffix}`.slice(0, MAX_DESCRIPTION).replace(/-+$/, "");
}

/**
 * `create-<table keys in kebab-case>`, summarised when long so file names stay readable.
 *
 * @example
 * describeCreation([tickets, ticketComments]) // "create-tickets-ticket-comments"
 */
export function describeCreation(tables: readonly { key: string }[]): string {
  return describeList("create", tables.map((table) => table.key));
}

/** Operations that only accompany a main one (its fill, its constraints, its indexes). */
const SUPPORTING = new Set<Operation["kind"]>([
  "backfill",
  "remapEnumValues",
  "setNotNull",
  "validateConstraint",
  "addIndex",
  "dropIndex",
  "addCheck",
  "dropCheck",
  "addForeignKey",
  "dropForeignKey",
  "addIsolation",
  "dropIsolation",
  // The ENUM types of the tables created or dropped.
  "createEnumType",
  "dropEnumType",
]);

const unique = (values: readonly string[]) => [...new Set(values)];

/**
 * The description of a change set, from all its operations (before the split into migrations).
 *
 * @example
 * describeChange([{ kind: "addColumn", table: tickets, column: priority, nullable: false }, addIndexOp]) // "add-priority-to-tickets"
 */
export function describeChange(operations: readonly Operation[]): string {
  const tables = unique(operations.map((op) => op.table.key));
  const main = operations.filter((op) => !SUPPORTING.has(op.kind));
  const all = <K extends Operation["kind"]>(kind: K): Extract<Operation, { kind: K }>[] | null =>
    main.length > 0 && main.every((op) => op.kind === kind) ? (main as Extract<Operation, { kind: K }>[]) : null;

  const creates = all("createTable");
  // The ENUM types and isolation objects of the created tables come with them.
  const withCreated = operations.filter((op) => op.kind !== "createEnumType" && op.kind !== "addIsolation");
  if (creates !== null && main.length === withCreated.length) return describeCreation(creates.map((op) => op.table));
  const drops = all("dropTable");
  if (drops !== null) return describeList("drop", drops.map((op) => op.table.key));
  const table = tables.length === 1 ? tables[0]! : null;
  if (table === null) return describeList("alter", tables);
  const renames = all("renameTable");
  if (renames?.length === 1) return describeList("rename", [renames[0]!.from.key, "to", table]);
  const added = all("addColumn");
  if (added !== null) return describeList("add", added.map((op) => op.column.name), `-to-${kebabCase(table)}`);
  const removed = all("dropColumn");
  if (removed !== null) return describeList("drop", removed.map((op) => op.column.name), `-from-${kebabCase(table)}`);
  const columnRenames = main.every((op) => op.kind === "renameColumn" || op.kind === "expandColumnRename") ? main : null;
  if (columnRenames?.length === 1) {
    const op = columnRenames[0] as Extract<Operation, { kind: "renameColumn" | "expandColumnRename" }>;
    return describeList("rename", [op.from.name, "to", op.to.name], `-in-${kebabCase(table)}`);
  }
  const contracts = all("contractColumnRename");
  if (contracts !== null) return describeList("drop-old", contracts.map((op) => op.from.name), `-from-${kebabCase(table)}`);
  if (all("dropCompatibilityView") !== null) return describeList("drop-view", [table]);
  return describeList("alter", [table]);
}
