/**
 * The tenant rules of the reference conventions, checked on the schema IR — the live database's
 * (through introspection) or the declarations' (the snapshot) alike. Pure: IR in, findings out.
 *
 * Terms: a tenant table has the tenant column; the tenant root is the table it references (checked
 * for every rule but the tenant column's own). An index "leads with" columns when its first key
 * columns are those (in any order for a foreign key); partial indexes never count, since they hold
 * only the rows their predicate selects. The primary key's index counts like any other.
 */
import { fieldOf, tableNameOf } from "../ir/naming.js";
import type { IndexIR, SchemaIR, TableIR } from "../ir/types.js";

export type Severity = "error" | "warning" | "info";

export const SEVERITIES: readonly Severity[] = ["error", "warning", "info"];

export type AuditRule =
  | "tenant-column-missing"
  | "tenant-column-nullable"
  | "tenant-column-no-foreign-key"
  | "tenant-column-not-indexed"
  | "foreign-key-not-indexed"
  | "duplicate-index"
  | "redundant-index"
  | "no-primary-key"
  | "unique-not-tenant-scoped"
  | "cross-tenant-foreign-key"
  | "naming-exception";

export interface Finding {
  rule: AuditRule;
  severity: Severity;
  /** Database table name. */
  table: string;
  /** Database column(s) the finding is about (a foreign key's in key order, joined by ", "). */
  column: string | null;
  /** The index the finding is about. */
  index: string | null;
  /** The constraint the finding is about. */
  constraint: string | null;
  /** What is wrong, in one sentence. */
  message: string;
  /** Why it matters. */
  why: string;
  /** How to fix it. */
  fix: string;
}

/** Each rule's severity and why it matters: one place, so the table, the JSON and the README agree. */
export const RULES: Record<AuditRule, { severity: Severity; why: string }> = {
  "tenant-column-missing": {
    severity: "error",
    why: "Rows of a table without the tenant column are visible to every tenant; only a table shared on purpose may lack it, with its reason written down.",
  },
  "tenant-column-nullable": { severity: "error", why: "A row with a NULL tenant belongs to no tenant: no tenant filter ever finds it, and a query without one leaks it." },
  "tenant-column-no-foreign-key": { severity: "error", why: "Without the foreign key a row can name a tenant that does not exist, and deleting a tenant leaves its rows behind." },
  "tenant-column-not-indexed": { severity: "error", why: "Every query filters by tenant: without an index leading with the tenant column each one scans the whole table." },
  "foreign-key-not-indexed": {
    severity: "warning",
    why: "Deleting or updating a referenced row scans this table for references, under lock, and joins on the key are slow.",
  },
  "duplicate-index": { severity: "warning", why: "Two identical indexes double the write cost and the disk space and serve no query better than one." },
  "redundant-index": { severity: "warning", why: "A plain index whose keys lead another index is served by that index: it only costs writes and space." },
  "no-primary-key": { severity: "error", why: "Without a primary key rows cannot be addressed one by one: Sequelize updates and deletes, replication and foreign keys need one." },
  "unique-not-tenant-scoped": {
    severity: "warning",
    why: "A uniqueness across all tenants lets one tenant learn that another holds a value, and refuses it a value another tenant uses.",
  },
  "cross-tenant-foreign-key": {
    severity: "warning",
    why: "A foreign key between tenant tables that does not pair the tenant columns lets a row of one tenant point at a row of another.",
  },
  "naming-exception": { severity: "info", why: "Names outside the naming profile need an explicit override in every declaration and model." },
};

/** An index of the table, with what the rules compare: its keys as text and who owns it. */
interface Key {
  name: string;
  /** Key columns or expressions, as PostgreSQL prints them, identifiers unquoted. */
  keys: string[];
  /** Keys that are bare columns, by position (null for an expression). */
  columns: (string | null)[];
  method: string;
  where: string | null;
  unique: boolean;
  /** Backs a constraint (primary key or UNIQUE). */
  constraint: boolean;
  /** What makes two indexes identical (method, keys with their options, predicate). */
  shape: string;
}

/** Splits a key list at its top-level commas. */
const splitKeys = (list: string): string[] => {
  const keys: string[] = [];
  let depth = 0;
  let quote: string | null = null;
  let start = 0;
  for (let i = 0; i < list.length; i++) {
    const char = list[i];
    if (quote !== null) {
      if (char === quote) quote = null;
    } else if (char === "'" || char === '"') quote = char;
    else if (char === "(") depth++;
    else if (char === ")") depth--;
    else if (char === "," && depth === 0) {
      keys.push(list.slice(start, i).trim());
      start = i + 1;
    }
  }
  keys.push(list.slice(start).trim());
  return keys;
};

const IDENTIFIER = /^(?:"((?:[^"]|"")+)"|([a-z_][a-z0-9_$]*))$/;
const bareColumn = (key: string): string | null => {
  const found = IDENTIFIER.exec(key);
  return found === null ? null : (found[1]?.replace(/""/g, '"') ?? found[2] ?? null);
};

const keyOf = (index: IndexIR): Key => {
  const keys = index.expression === null ? index.columns : splitKeys(index.expression);
  const columns = index.expression === null ? index.columns : keys.map(bareColumn);
  const normalised = columns.map((column, i) => column ?? keys[i] ?? "");
  return {
    name: index.name,
    keys: normalised,
    columns,
    method: index.method,
    where: index.where,
    unique: index.unique,
    constraint: index.constraint,
    shape: JSON.stringify([index.method, normalised, index.expression === null ? null : keys, index.where]),
  };
};

/** The table's indexes and its primary key's, in creation order (the primary key first). */
const keysOf = (table: TableIR): Key[] => [
  ...(table.primaryKey === null
    ? []
    : [{ name: table.primaryKey.name, keys: table.primaryKey.columns, columns: table.primaryKey.columns, method: "btree", where: null, unique: true, constraint: true, shape: JSON.stringify(["btree", table.primaryKey.columns, null, null]) }]),
  ...table.indexes.map(keyOf),
];

/**
 * The table's indexes identical to another one (same method, keys and predicate), each with the one
 * kept of its set: the one backing a constraint (the primary key's included), else a unique one,
 * else the oldest (first declared).
 *
 * @example
 * duplicateIndexes(plans) // [{ index: "plans_code", kept: "Plans_code_key" }]
 */
export function duplicateIndexes(table: TableIR): { index: string; kept: string }[] {
  const keys = keysOf(table);
  const rank = (key: Key, at: number): [number, number, number] => [key.constraint ? 0 : 1, key.unique ? 0 : 1, at];
  const before = (a: [number, number, number], b: [number, number, number]) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
  return keys.flatMap((key, at) => {
    const kept = keys.map((other, i) => ({ other, i })).filter(({ other }) => other.shape === key.shape).sort((x, y) => before(rank(x.other, x.i), rank(y.other, y.i)))[0];
    return kept !== undefined && kept.i !== at ? [{ index: key.name, kept: kept.other.name }] : [];
  });
}

const sameSet = (a: readonly (string | null)[], b: readonly string[]): boolean => a.length === b.length && [...a].sort().join("\u0000") === [...b].sort().join("\u0000");
const list = (columns: readonly string[]): string => columns.map((c) => `"${c}"`).join(", ");

function tableFindings(schema: SchemaIR, table: TableIR): Finding[] {
  const findings: Finding[] = [];
  const add = (rule: AuditRule, on: Partial<Pick<Finding, "column" | "index" | "constraint">>, message: string, fix: string) =>
    findings.push({ rule, severity: RULES[rule].severity, table: table.tableName, column: on.column ?? null, index: on.index ?? null, constraint: on.constraint ?? null, message, why: RULES[rule].why, fix });
  const tenantOf = (t: TableIR): string | null => (t.scope.kind === "tenant" ? (t.columns.find((c) => c.role === "tenant")?.field ?? schema.tenant.field) : null);
  const tenant = tenantOf(table);
  const keys = keysOf(table);
  const full = keys.filter((key) => key.where === null);
  const isRoot = table.tableName === schema.tenant.tableName;

  if (tenant === null) {
    const unreviewed = table.departures.includes("globalUnreviewed") || (table.scope.kind === "global" && table.scope.reason.trim() === "");
    if (unreviewed && !isRoot) {
      add("tenant-column-missing", {}, `has no tenant column ("${schema.tenant.field}") and no written reason to be shared by all tenants`, `add "${schema.tenant.field}" (NOT NULL, foreign key to "${schema.tenant.tableName}", indexed), or declare the table with defineGlobalTable(..., { reason: "..." })`);
    }
  } else {
    if (table.columns.find((c) => c.field === tenant)?.nullable === true) {
      add("tenant-column-nullable", { column: tenant }, `"${tenant}" allows NULL`, "fill the NULL rows, then SET NOT NULL in stages (CHECK ... NOT VALID, VALIDATE, SET NOT NULL)");
    }
    if (!table.foreignKeys.some((fk) => fk.columns.length === 1 && fk.columns[0] === tenant && fk.referencedTable === schema.tenant.tableName)) {
      add("tenant-column-no-foreign-key", { column: tenant }, `"${tenant}" has no foreign key to "${schema.tenant.tableName}"`, `ADD CONSTRAINT ... FOREIGN KEY ("${tenant}") REFERENCES "${schema.tenant.tableName}" NOT VALID, then VALIDATE`);
    }
    if (!full.some((key) => key.columns[0] === tenant)) {
      add("tenant-column-not-indexed", { column: tenant }, `no index leads with "${tenant}"`, `CREATE INDEX CONCURRENTLY ON "${table.tableName}" ("${tenant}", ...) with the columns your queries filter by next`);
    }
  }

  for (const fk of table.foreignKeys) {
    const column = fk.columns.join(", ");
    const isTenantKey = tenant !== null && fk.columns.length === 1 && fk.columns[0] === tenant;
    if (!isTenantKey && !full.some((key) => key.columns.length >= fk.columns.length && sameSet(key.columns.slice(0, fk.columns.length), fk.columns))) {
      add("foreign-key-not-indexed", { column, constraint: fk.name }, `foreign key "${fk.name}" (${list(fk.columns)} → "${fk.referencedTable}") has no index leading with its columns`, `CREATE INDEX CONCURRENTLY ON "${table.tableName}" (${list(fk.columns)})`);
    }
    const target = schema.tables.find((t) => t.tableName === fk.referencedTable);
    const targetTenant = target === undefined ? null : tenantOf(target);
    if (tenant !== null && targetTenant !== null && !fk.columns.some((c, i) => c === tenant && fk.referencedColumns[i] === targetTenant)) {
      add("cross-tenant-foreign-key", { column, constraint: fk.name }, `foreign key "${fk.name}" (${list(fk.columns)} → "${fk.referencedTable}") does not pair "${tenant}" with "${targetTenant}"`, `reference (${list([tenant, ...fk.columns])}) → "${fk.referencedTable}" (${list([targetTenant, ...fk.referencedColumns])}), with a UNIQUE (${list([targetTenant, ...fk.referencedColumns])}) on the target`);
    }
  }

  for (const { index, kept } of duplicateIndexes(table)) {
    add("duplicate-index", { index }, `index "${index}" is identical to "${kept}"`, `DROP INDEX CONCURRENTLY "${index}"`);
  }
  for (const key of keys.filter((k) => !k.unique && k.method === "btree")) {
    const wider = keys.find((other) => other.method === "btree" && other.where === key.where && other.keys.length > key.keys.length && key.keys.every((k, i) => other.keys[i] === k));
    if (wider !== undefined) add("redundant-index", { index: key.name }, `index "${key.name}" (${key.keys.join(", ")}) leads "${wider.name}" (${wider.keys.join(", ")})`, `DROP INDEX CONCURRENTLY "${key.name}"`);
  }

  if (table.primaryKey === null) {
    add("no-primary-key", {}, "has no primary key", `add one: build a unique index CONCURRENTLY, then ALTER TABLE "${table.tableName}" ADD PRIMARY KEY USING INDEX ...`);
  }

  if (tenant !== null) {
    for (const index of table.indexes.filter((i) => i.unique)) {
      const key = keyOf(index);
      if (key.columns.includes(tenant)) continue;
      const what = index.constraint ? `unique constraint "${index.name}"` : `unique index "${index.name}"`;
      add("unique-not-tenant-scoped", index.constraint ? { constraint: index.name } : { index: index.name }, `${what} (${key.keys.join(", ")}) is unique across all tenants`, `make it unique per tenant: ("${tenant}", ${key.keys.join(", ")}), or declare it scope: "global" if it really is`);
    }
  }

  const profile = schema.naming;
  if (tableNameOf(table.key, profile) !== table.tableName) {
    add("naming-exception", {}, `table name "${table.tableName}" is not the ${profile} name of its key ("${tableNameOf(table.key, profile)}")`, `keep it with .tableName("${table.tableName}"), or rename the table`);
  }
  for (const column of table.columns.filter((c) => fieldOf(c.name, profile) !== c.field)) {
    add("naming-exception", { column: column.field }, `column "${column.field}" is not the ${profile} name of its attribute ("${fieldOf(column.name, profile)}")`, `keep it with .field("${column.field}"), or rename the column`);
  }
  return findings;
}

const order = (a: Finding, b: Finding): number =>
  SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity) ||
  a.table.localeCompare(b.table) ||
  a.rule.localeCompare(b.rule) ||
  (a.column ?? "").localeCompare(b.column ?? "") ||
  (a.index ?? a.constraint ?? "").localeCompare(b.index ?? b.constraint ?? "");

/**
 * Every finding of the tenant rules in a schema, most severe first, then by table.
 *
 * @example
 * auditSchema(introspected).filter((f) => f.severity === "error").map((f) => `${f.table}: ${f.rule}`)
 * // ['Contacts: tenant-column-nullable', 'Notes: no-primary-key']
 */
export function auditSchema(schema: SchemaIR): Finding[] {
  return schema.tables.flatMap((table) => tableFindings(schema, table)).sort(order);
}
