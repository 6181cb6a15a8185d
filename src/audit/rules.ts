/**
 * The tenant rules of the reference conventions, checked on the schema IR — the live database's
 * (through introspection) or the declarations' (the snapshot) alike. Pure: IR in, findings out.
 */
import { fieldOf, tableNameOf } from "../ir/naming.js";
import type { IndexIR, SchemaIR, TableIR } from "../ir/types.js";

export type Severity = "error" | "warning" | "info";

export const SEVERITIES: readonly Severity[] = ["error", "warning", "info"];

export type AuditRule =
  | "no-tenant-column"
  | "tenant-column-nullable"
  | "tenant-column-without-foreign-key"
  | "tenant-column-without-index"
  | "foreign-key-without-index"
  | "duplicate-index"
  | "redundant-index"
  | "no-primary-key"
  | "unique-not-tenant-scoped"
  | "cross-tenant-reference"
  | "naming-exception";

export interface Finding {
  rule: AuditRule;
  severity: Severity;
  /** Database table name. */
  table: string;
  /** Database column, when the finding is about one. */
  column: string | null;
  /** The index or constraint the finding is about, when there is one. */
  object: string | null;
  /** What is wrong, in one sentence. */
  message: string;
  /** Why it matters. */
  why: string;
  /** How to fix it. */
  fix: string;
}

/** Each rule's severity and why it matters: one place, so the table, the JSON and the README agree. */
export const RULES: Record<AuditRule, { severity: Severity; why: string }> = {
  "no-tenant-column": {
    severity: "error",
    why: "Rows of a table without the tenant column are visible to every tenant; only a table shared on purpose may lack it, with its reason written down.",
  },
  "tenant-column-nullable": { severity: "error", why: "A row with a NULL tenant belongs to no tenant: no tenant filter ever finds it, and a query without one leaks it." },
  "tenant-column-without-foreign-key": { severity: "error", why: "Without the foreign key a row can name a tenant that does not exist, and deleting a tenant leaves its rows behind." },
  "tenant-column-without-index": { severity: "error", why: "Every query filters by tenant: without an index leading with the tenant column each one scans the whole table." },
  "foreign-key-without-index": {
    severity: "warning",
    why: "Deleting or updating a referenced row scans this table for references, under lock, and joins on the key are slow.",
  },
  "duplicate-index": { severity: "warning", why: "Two identical indexes double the write cost and the disk space and serve no query better than one." },
  "redundant-index": { severity: "warning", why: "A plain index whose columns lead another index is served by that index: it only costs writes and space." },
  "no-primary-key": { severity: "error", why: "Without a primary key rows cannot be addressed one by one: Sequelize updates and deletes, replication and foreign keys need one." },
  "unique-not-tenant-scoped": {
    severity: "warning",
    why: "A uniqueness across all tenants lets one tenant learn that another holds a value, and refuses it a value another tenant uses.",
  },
  "cross-tenant-reference": {
    severity: "warning",
    why: "A single-column foreign key between tenant tables lets a row of one tenant point at a row of another; only a key that includes the tenant column prevents it.",
  },
  "naming-exception": { severity: "info", why: "Names outside the naming profile need an explicit override in every declaration and model." },
};

const tenantField = (schema: SchemaIR, table: TableIR): string | null =>
  table.scope.kind === "tenant" ? (table.columns.find((column) => column.role === "tenant")?.field ?? schema.tenant.field) : null;

const plain = (index: IndexIR): boolean => index.expression === null && index.where === null;
const same = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((item, i) => item === b[i]);
const startsWith = (columns: readonly string[], prefix: readonly string[]): boolean => prefix.length <= columns.length && prefix.every((item, i) => item === columns[i]);
const list = (columns: readonly string[]): string => columns.map((c) => `"${c}"`).join(", ");

/** What identifies an index's content, whatever its name. */
const shape = (index: IndexIR): string => JSON.stringify([index.method, index.columns, index.expression, index.where, index.unique]);

function tableFindings(schema: SchemaIR, table: TableIR): Finding[] {
  const findings: Finding[] = [];
  const add = (rule: AuditRule, column: string | null, object: string | null, message: string, fix: string) =>
    findings.push({ rule, severity: RULES[rule].severity, table: table.tableName, column, object, message, why: RULES[rule].why, fix });
  const tenant = tenantField(schema, table);
  // The primary key's own index serves lookups by its columns too.
  const keyIndexes: IndexIR[] = [
    ...table.indexes,
    ...(table.primaryKey === null ? [] : [{ name: table.primaryKey.name, columns: table.primaryKey.columns, expression: null, unique: true, constraint: true, where: null, method: "btree", origin: "declared", reason: "", source: null } satisfies IndexIR]),
  ];

  if (tenant === null) {
    if (table.departures.includes("globalUnreviewed") || (table.scope.kind === "global" && table.scope.reason.trim() === "")) {
      add("no-tenant-column", null, null, `has no tenant column ("${schema.tenant.field}") and no written reason to be shared by all tenants`, `add "${schema.tenant.field}" (NOT NULL, foreign key to "${schema.tenant.tableName}", indexed), or declare the table with defineGlobalTable(..., { reason: "..." })`);
    }
  } else {
    const column = table.columns.find((c) => c.field === tenant);
    if (column?.nullable === true) add("tenant-column-nullable", tenant, null, `"${tenant}" allows NULL`, `fill the NULL rows, then SET NOT NULL in stages (CHECK ... NOT VALID, VALIDATE, SET NOT NULL)`);
    const foreignKey = table.foreignKeys.find((fk) => same(fk.columns, [tenant]) && fk.referencedTable === schema.tenant.tableName);
    if (foreignKey === undefined) add("tenant-column-without-foreign-key", tenant, null, `"${tenant}" has no foreign key to "${schema.tenant.tableName}"`, `ADD CONSTRAINT ... FOREIGN KEY ("${tenant}") REFERENCES "${schema.tenant.tableName}" NOT VALID, then VALIDATE`);
    if (!keyIndexes.some((index) => plain(index) && index.method === "btree" && index.columns[0] === tenant)) {
      add("tenant-column-without-index", tenant, null, `no index leads with "${tenant}"`, `CREATE INDEX CONCURRENTLY ON "${table.tableName}" ("${tenant}", ...) with the columns your queries filter by next`);
    }
  }

  for (const fk of table.foreignKeys) {
    if (tenant !== null && same(fk.columns, [tenant])) continue;
    if (!keyIndexes.some((index) => plain(index) && index.method === "btree" && startsWith(index.columns, fk.columns))) {
      add("foreign-key-without-index", fk.columns.join(", "), fk.name, `foreign key "${fk.name}" (${list(fk.columns)} → "${fk.referencedTable}") has no index leading with its columns`, `CREATE INDEX CONCURRENTLY ON "${table.tableName}" (${list(fk.columns)})`);
    }
    const target = schema.tables.find((t) => t.tableName === fk.referencedTable);
    if (tenant !== null && target !== undefined && target.scope.kind === "tenant" && !fk.columns.includes(tenant)) {
      add("cross-tenant-reference", fk.columns.join(", "), fk.name, `foreign key "${fk.name}" (${list(fk.columns)} → "${fk.referencedTable}") does not include "${tenant}"`, `reference ("${tenant}", ${list(fk.columns)}) → "${fk.referencedTable}" ("${tenant}", ${list(fk.referencedColumns)}) with a UNIQUE ("${tenant}", ${list(fk.referencedColumns)}) on the target`);
    }
  }

  table.indexes.forEach((index, i) => {
    const twin = table.indexes.slice(0, i).find((earlier) => shape(earlier) === shape(index));
    if (twin !== undefined) {
      add("duplicate-index", null, index.name, `index "${index.name}" is identical to "${twin.name}"`, `DROP INDEX CONCURRENTLY "${index.name}"`);
      return;
    }
    if (index.unique || !plain(index) || index.method !== "btree") return;
    const wider = keyIndexes.find((other) => other !== index && plain(other) && other.method === "btree" && other.columns.length > index.columns.length && startsWith(other.columns, index.columns));
    if (wider !== undefined) add("redundant-index", null, index.name, `index "${index.name}" (${list(index.columns)}) is a prefix of "${wider.name}" (${list(wider.columns)})`, `DROP INDEX CONCURRENTLY "${index.name}"`);
  });

  if (table.primaryKey === null) add("no-primary-key", null, null, "has no primary key", `add one: ALTER TABLE "${table.tableName}" ADD PRIMARY KEY (...) (a unique index built CONCURRENTLY first, then ADD PRIMARY KEY USING INDEX)`);

  if (tenant !== null) {
    for (const index of table.indexes.filter((i) => i.unique && !i.columns.includes(tenant))) {
      add("unique-not-tenant-scoped", index.columns.join(", ") || null, index.name, `${index.constraint ? "unique constraint" : "unique index"} "${index.name}" (${index.expression ?? list(index.columns)}) is unique across all tenants`, `make it unique per tenant: (${list([tenant, ...index.columns])}), or declare it scope: "global" if it really is`);
    }
  }

  const profile = schema.naming;
  const key = table.key;
  if (tableNameOf(key, profile) !== table.tableName) add("naming-exception", null, null, `table name "${table.tableName}" is not the ${profile} name of its key ("${tableNameOf(key, profile)}")`, `keep it with .tableName("${table.tableName}"), or rename the table`);
  for (const column of table.columns.filter((c) => fieldOf(c.name, profile) !== c.field)) {
    add("naming-exception", column.field, null, `column "${column.field}" is not the ${profile} name of its attribute ("${fieldOf(column.name, profile)}")`, `keep it with .field("${column.field}"), or rename the column`);
  }
  return findings;
}

const order = (a: Finding, b: Finding): number =>
  SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity) ||
  a.table.localeCompare(b.table) ||
  a.rule.localeCompare(b.rule) ||
  (a.column ?? "").localeCompare(b.column ?? "") ||
  (a.object ?? "").localeCompare(b.object ?? "");

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
