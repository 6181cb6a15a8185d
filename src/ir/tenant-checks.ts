/**
 * Multi-tenant proofs over the IR: each check passes only when the IR itself shows the property,
 * never because a convention says it should hold. The schema-change doc ticks its checklist from
 * these, and every check carries a structured `finding`, which the doc words in its language.
 */
import { match } from "ts-pattern";
import type { IndexIR, ReferentialAction, RowLevelSecurityIR, SchemaIR, TableIR } from "./types.js";

export type TenantCheckId =
  | "tenant-column"
  | "tenant-foreign-key"
  | "tenant-index"
  | "unique-scoped"
  | "references-tenant-scoped"
  | "soft-delete"
  | "indexes-lead-with-tenant"
  | "queries-tenant-filtered"
  | "global-scope"
  | "global-references";

/**
 * Why a unique index cannot collide across tenants: it contains the tenant column, the table's own
 * primary key, or a single-column reference to the primary key of a tenant table (whose every row
 * belongs to one tenant).
 */
export type UniqueScope =
  | { kind: "tenantColumn"; column: string }
  | { kind: "primaryKey"; column: string }
  | { kind: "tenantReference"; column: string; table: string };

/**
 * A declared index that does not lead with the tenant column on purpose. `gin`/`gist`: the tenant
 * column is no GIN/GiST key without the btree_gin/btree_gist extension, so tenant queries combine
 * the index with the tenant index; `hash`: a hash index has one column; `unique`: a uniqueness
 * rule, whose tenant scope the unique-index check proves.
 */
export interface LeadException {
  index: string;
  reason: "gin" | "gist" | "hash" | "unique";
}

/** What a check found; every variant names the facts the sentence about it needs. */
export type TenantFinding =
  | { kind: "tenantColumnOk"; field: string }
  | { kind: "tenantColumnMissing"; field: string }
  | { kind: "tenantColumnNullable"; field: string }
  | { kind: "tenantColumnWrongType"; field: string; expected: string; actual: string }
  | { kind: "tenantForeignKeyOk"; name: string; field: string; table: string; key: string; onDelete: ReferentialAction }
  | { kind: "tenantForeignKeyMissing"; field: string; table: string; key: string }
  | { kind: "tenantIndexOk"; index: string; field: string }
  | { kind: "tenantIndexMissing"; field: string }
  | { kind: "uniqueScoped"; indexes: { index: string; scope: UniqueScope }[] }
  | { kind: "uniqueUnscoped"; indexes: string[]; field: string }
  /** `global`: referenced global tables (shared reference data, allowed: a tenant row may point at it). */
  | { kind: "referencesTenantScoped"; tables: string[]; global: string[] }
  | { kind: "referencesUnscoped"; global: string[]; unknown: string[] }
  | { kind: "softDeleteOk"; field: string }
  | { kind: "softDeleteJunction" }
  | { kind: "softDeleteMissing"; paranoid: boolean; field: string | null }
  | { kind: "indexesLeadWithTenant"; indexes: string[]; exceptions: LeadException[]; field: string }
  | { kind: "indexesNotLeadingWithTenant"; indexes: string[]; field: string }
  /**
   * Which isolation layers protect the table (issue 9). Queries are confined to one tenant only
   * when something enforces it: row-level security (`rls`, its policy and setting) or the runtime
   * guard the emitted models install (`guard`, config `isolation.guard`); composite keys and the
   * immutable tenant column stop cross-tenant references and moves, not an unfiltered query.
   */
  | { kind: "queriesEnforced"; rls: { policy: string; setting: string } | null; guard: boolean; keys: boolean; immutableTenant: boolean }
  | { kind: "queriesNotEnforced"; keys: boolean; immutableTenant: boolean }
  | { kind: "globalReason"; reason: string }
  | { kind: "globalReasonMissing" }
  | { kind: "globalReferencesOk"; tables: string[] }
  | { kind: "globalReferencesTenant"; tables: string[] };

export interface TenantCheck {
  id: TenantCheckId;
  passed: boolean;
  /** "advisory" checks are warnings: a failure is worth a look, not a tenant leak by itself. */
  severity: "required" | "advisory";
  finding: TenantFinding;
}

/**
 * Proves (or fails to prove) the multi-tenant properties of one table.
 *
 * @example
 * tenantChecks(schema.tables[0], schema).filter((c) => !c.passed) // what the IR does not prove
 */
export function tenantChecks(table: TableIR, schema: SchemaIR, options: LayerOptions = { guard: false }): TenantCheck[] {
  return match(table.scope)
    .with({ kind: "tenant" }, () => [
      checkTenantColumn(table, schema),
      checkTenantForeignKey(table, schema),
      checkTenantIndex(table, schema),
      checkUniqueScoped(table, schema),
      checkReferences(table, schema),
      checkSoftDelete(table),
      checkIndexesLead(table, schema),
      checkQueriesFiltered(table, schema, options),
    ])
    .with({ kind: "global" }, (scope) => [checkGlobalReason(scope.reason), checkGlobalReferences(table, schema)])
    .exhaustive();
}

function result(id: TenantCheckId, passed: boolean, finding: TenantFinding, severity: TenantCheck["severity"] = "required"): TenantCheck {
  return { id, passed, severity, finding };
}

function checkTenantColumn(table: TableIR, schema: SchemaIR): TenantCheck {
  const { field, keyType } = schema.tenant;
  const column = table.columns.find((c) => c.field === field);
  if (!column || column.role !== "tenant") return result("tenant-column", false, { kind: "tenantColumnMissing", field });
  if (column.nullable) return result("tenant-column", false, { kind: "tenantColumnNullable", field });
  if (column.type.kind !== keyType) {
    return result("tenant-column", false, { kind: "tenantColumnWrongType", field, expected: keyType, actual: column.type.kind });
  }
  return result("tenant-column", true, { kind: "tenantColumnOk", field });
}

function checkTenantForeignKey(table: TableIR, schema: SchemaIR): TenantCheck {
  const { field, tableName, key } = schema.tenant;
  const fk = table.foreignKeys.find(
    (f) => same(f.columns, [field]) && f.referencedTable === tableName && same(f.referencedColumns, [key]),
  );
  return fk
    ? result("tenant-foreign-key", true, { kind: "tenantForeignKeyOk", name: fk.name, field, table: tableName, key, onDelete: fk.onDelete })
    : result("tenant-foreign-key", false, { kind: "tenantForeignKeyMissing", field, table: tableName, key });
}

/** A partial or non-btree index cannot serve every `WHERE company_id = ?`, so only a plain btree counts. */
function checkTenantIndex(table: TableIR, schema: SchemaIR): TenantCheck {
  const { field } = schema.tenant;
  const index = table.indexes.find((i) => i.method === "btree" && i.where === null && i.columns[0] === field);
  return index
    ? result("tenant-index", true, { kind: "tenantIndexOk", index: index.name, field })
    : result("tenant-index", false, { kind: "tenantIndexMissing", field });
}

/**
 * A unique index is tenant-scoped when it contains the tenant column, the table's own primary key,
 * or a single-column reference to the primary key of a tenant table: such a value belongs to one
 * tenant, so the uniqueness can never collide across tenants.
 */
function checkUniqueScoped(table: TableIR, schema: SchemaIR): TenantCheck {
  const { field } = schema.tenant;
  const scopes = new Map<string, UniqueScope>([[field, { kind: "tenantColumn", column: field }]]);
  for (const c of table.columns) if (c.primaryKey) scopes.set(c.field, { kind: "primaryKey", column: c.field });
  for (const fk of table.foreignKeys) {
    const target = schema.tables.find((t) => t.tableName === fk.referencedTable);
    const targetPk = target?.columns.filter((c) => c.primaryKey).map((c) => c.field) ?? [];
    if (target?.scope.kind === "tenant" && fk.columns.length === 1 && same(fk.referencedColumns, targetPk) && !scopes.has(fk.columns[0]!)) {
      scopes.set(fk.columns[0]!, { kind: "tenantReference", column: fk.columns[0]!, table: target.tableName });
    }
  }
  // The strongest reason first: the tenant column itself, then the primary key, then a reference.
  const rank = { tenantColumn: 0, primaryKey: 1, tenantReference: 2 } as const;
  const scopeOf = (index: IndexIR): UniqueScope | undefined =>
    index.columns.flatMap((c) => (scopes.has(c) ? [scopes.get(c)!] : [])).sort((a, b) => rank[a.kind] - rank[b.kind])[0];
  const unique = table.indexes.filter((i) => i.unique);
  const unscoped = unique.filter((i) => scopeOf(i) === undefined);
  return unscoped.length === 0
    ? result("unique-scoped", true, { kind: "uniqueScoped", indexes: unique.map((i) => ({ index: i.name, scope: scopeOf(i)! })) })
    : result("unique-scoped", false, { kind: "uniqueUnscoped", indexes: names(unscoped), field });
}

function checkReferences(table: TableIR, schema: SchemaIR): TenantCheck {
  const targets = referencedTables(table, schema);
  const global: string[] = [];
  const unknown: string[] = [];
  for (const name of targets) {
    const target = schema.tables.find((t) => t.tableName === name);
    if (!target) unknown.push(name);
    else if (target.scope.kind === "global") global.push(name);
  }
  // A tenant row may point at shared reference data; only a target of unknown scope is unproven.
  return unknown.length === 0
    ? result("references-tenant-scoped", true, { kind: "referencesTenantScoped", tables: targets.filter((name) => !global.includes(name)), global })
    : result("references-tenant-scoped", false, { kind: "referencesUnscoped", global, unknown });
}

/**
 * Junction rows are links, not records: they are hard-deleted when a link is removed, and a soft
 * delete of either side leaves them in place so a restore brings the links back.
 */
function checkSoftDelete(table: TableIR): TenantCheck {
  const deletedAt = table.columns.find((c) => c.role === "deletedAt");
  if (table.paranoid && deletedAt?.nullable) return result("soft-delete", true, { kind: "softDeleteOk", field: deletedAt.field });
  if (!table.paranoid && table.junction) return result("soft-delete", true, { kind: "softDeleteJunction" });
  return result("soft-delete", false, { kind: "softDeleteMissing", paranoid: table.paranoid, field: deletedAt?.field ?? null });
}

/**
 * Every declared index either leads with the tenant column, or is an exception with its reason
 * (see LeadException); a declared btree index that does not lead with it, and is no uniqueness
 * rule, scans across every tenant's rows: the box stays unticked.
 */
function checkIndexesLead(table: TableIR, schema: SchemaIR): TenantCheck {
  const { field } = schema.tenant;
  const declared = table.indexes.filter((i) => i.origin === "declared");
  const leading = declared.filter((i) => i.columns[0] === field);
  const others = declared.filter((i) => i.columns[0] !== field);
  const exceptions = others.flatMap((i): LeadException[] =>
    i.method !== "btree" ? [{ index: i.name, reason: i.method }] : i.unique ? [{ index: i.name, reason: "unique" }] : [],
  );
  const notLeading = others.filter((i) => !exceptions.some((e) => e.index === i.name));
  return notLeading.length === 0
    ? result("indexes-lead-with-tenant", true, { kind: "indexesLeadWithTenant", indexes: names(leading), exceptions, field }, "advisory")
    : result("indexes-lead-with-tenant", false, { kind: "indexesNotLeadingWithTenant", indexes: names(notLeading), field }, "advisory");
}

function checkGlobalReason(reason: string): TenantCheck {
  return reason.trim() === ""
    ? result("global-scope", false, { kind: "globalReasonMissing" })
    : result("global-scope", true, { kind: "globalReason", reason });
}

/** A global row pointing at a tenant row would make shared data depend on one tenant. */
function checkGlobalReferences(table: TableIR, schema: SchemaIR): TenantCheck {
  const targets = table.foreignKeys.map((f) => f.referencedTable);
  const tenantTargets = unique(
    targets.filter((name) => name === schema.tenant.tableName || schema.tables.find((t) => t.tableName === name)?.scope.kind === "tenant"),
  );
  return tenantTargets.length === 0
    ? result("global-references", true, { kind: "globalReferencesOk", tables: unique(targets) })
    : result("global-references", false, { kind: "globalReferencesTenant", tables: tenantTargets });
}

/** Tables this table references, except the tenant root (checked on its own). */
function referencedTables(table: TableIR, schema: SchemaIR): string[] {
  return unique(table.foreignKeys.map((f) => f.referencedTable).filter((name) => name !== schema.tenant.tableName));
}

const same = (a: string[], b: string[]) => a.length === b.length && a.every((x, i) => x === b[i]);
const names = (indexes: IndexIR[]) => indexes.map((i) => i.name);
const unique = (xs: string[]) => [...new Set(xs)];

/**
 * Ticked only when the database enforces the tenant filter (RLS). Advisory: without it, queries
 * rely on the application's own filters (and the runtime guard, when the team installs it).
 */
/** What the IR cannot show about a table's isolation: whether the emitted models install the runtime guard (config `isolation.guard`). */
export interface LayerOptions {
  guard: boolean;
}

/** The isolation layers that protect a tenant table (README "Tenant isolation"). */
export interface IsolationLayers {
  /** Composite tenant keys: the `(tenant, key)` unique key, or references from the table that are `(tenant, column)`. */
  keys: boolean;
  /** The trigger that refuses a change of the tenant column. */
  immutableTenant: boolean;
  /** ENABLE + FORCE ROW LEVEL SECURITY and the tenant policy; null: off. */
  rls: RowLevelSecurityIR | null;
  /** The runtime guard of the emitted models. */
  guard: boolean;
}

/**
 * Which isolation layers protect a tenant table, from the IR and `options`.
 *
 * @example
 * isolationLayers(tickets, applyIsolation(schema, { keys: true, rls: true }), { guard: true })
 * // { keys: true, immutableTenant: true, rls: { policy: "tickets_tenant_isolation", ... }, guard: true }
 */
export function isolationLayers(table: TableIR, schema: SchemaIR, options: LayerOptions): IsolationLayers {
  const tenant = schema.tenant.field;
  const keys =
    table.foreignKeys.some((fk) => fk.columns.length > 1 && fk.columns[0] === tenant) ||
    table.indexes.some((index) => index.unique && index.columns.length === 2 && index.columns[0] === tenant && table.primaryKey?.columns[0] === index.columns[1]);
  return {
    keys,
    immutableTenant: (table.isolation?.immutableTenant ?? null) !== null,
    rls: table.isolation?.rowLevelSecurity ?? null,
    guard: options.guard && table.scope.kind === "tenant",
  };
}

function checkQueriesFiltered(table: TableIR, schema: SchemaIR, options: LayerOptions): TenantCheck {
  const { keys, immutableTenant, rls, guard } = isolationLayers(table, schema, options);
  return rls === null && !guard
    ? result("queries-tenant-filtered", false, { kind: "queriesNotEnforced", keys, immutableTenant }, "advisory")
    : result(
        "queries-tenant-filtered",
        true,
        { kind: "queriesEnforced", rls: rls === null ? null : { policy: rls.policy, setting: rls.setting }, guard, keys, immutableTenant },
        "advisory",
      );
}

