/**
 * `audit --fix` on the declarations: the declared schema with the findings a machine can fix
 * safely fixed, and every other finding with why it is left to a person. Pure: IR and findings in,
 * IR out. The change set that brings the database there is the normal diff's (staged NOT NULL that
 * never fills rows, foreign keys NOT VALID then VALIDATE, indexes built and dropped CONCURRENTLY),
 * so a fix never touches data: rows that break a new rule make its migration stop, naming them.
 *
 * Fixed: the tenant column made NOT NULL, its foreign key to the tenant root and its index added,
 * an index added under every unindexed foreign key, and exact duplicate indexes dropped, each with
 * the departure the pull declared for it removed (the table now follows the rule).
 */
import { match } from "ts-pattern";
import { constraintName } from "../ir/naming.js";
import type { IndexIR, IndexReason, SchemaIR, TableIR, TenantDeparture } from "../ir/types.js";
import { duplicateIndexes, type AuditRule, type Finding } from "./rules.js";

/** The rules `audit --fix` fixes, in the order it applies them to a table. */
export const FIXABLE_RULES = ["tenant-column-nullable", "tenant-column-no-foreign-key", "tenant-column-not-indexed", "foreign-key-not-indexed", "duplicate-index"] as const satisfies readonly AuditRule[];

type FixableRule = (typeof FIXABLE_RULES)[number];

/** Why each other rule needs a person: the fix changes what the application means or accepts. */
export const HUMAN_DECISIONS: Record<Exclude<AuditRule, FixableRule>, string> = {
  "tenant-column-missing":
    "a human decision: either the table is shared on purpose (write its reason: defineGlobalTable(..., { reason })) or it needs the tenant column, whose value for every existing row only you know",
  "redundant-index": "not dropped: an index that leads a wider one is smaller and may be the one some queries use; drop it by hand once pg_stat_user_indexes shows it unused",
  "no-primary-key": "choosing the key is a human decision, and existing rows may hold duplicates of it",
  "unique-not-tenant-scoped": "scoping it by tenant changes which values the application accepts (it may be global on purpose): a human decision",
  "cross-tenant-foreign-key": "needs a UNIQUE on the target and a composite key, and existing rows may already point across tenants: a human decision",
  "naming-exception": "a rename is a human decision: every query, model and migration that names it changes",
};

export interface Unfixed {
  finding: Finding;
  /** Why `audit --fix` leaves it, and what to do instead. */
  reason: string;
}

export interface FixResult {
  /** The declared schema with the fixes. */
  schema: SchemaIR;
  fixed: Finding[];
  unfixed: Unfixed[];
  /** Keys of the tables the fixes changed, in schema order. */
  changed: string[];
}

const isFixable = (rule: AuditRule): rule is FixableRule => (FIXABLE_RULES as readonly AuditRule[]).includes(rule);

/** Every relation name of the schema (tables, indexes, constraint indexes): a new index needs a free one. */
const relationNames = (schema: SchemaIR): Set<string> =>
  new Set([schema.tenant.tableName, ...schema.tables.flatMap((t) => [t.tableName, ...(t.primaryKey === null ? [] : [t.primaryKey.name]), ...t.indexes.map((i) => i.name)])]);

const withoutDeparture = (table: TableIR, departure: TenantDeparture): TableIR => ({ ...table, departures: table.departures.filter((d) => d !== departure) });

const plainIndex = (name: string, columns: string[], origin: IndexIR["origin"], reason: IndexReason): IndexIR => ({
  name,
  columns,
  expression: null,
  unique: false,
  constraint: false,
  where: null,
  method: "btree",
  origin,
  reason,
  source: null,
});

/** Built-in indexes (the tenant column's, then the foreign keys') come before declared ones, as the DSL orders them. */
const insertIndex = (table: TableIR, index: IndexIR): TableIR => {
  const builtIns = table.indexes.filter((i) => i.origin === "tenant" || (index.origin !== "tenant" && i.origin === "foreignKey")).length;
  const at = index.origin === "declared" ? table.indexes.length : builtIns;
  return { ...table, indexes: [...table.indexes.slice(0, at), index, ...table.indexes.slice(at)] };
};

/** One finding on one declared table: the fixed table, or why not. */
function fixOne(schema: SchemaIR, table: TableIR, finding: Finding & { rule: FixableRule }, names: Set<string>): TableIR | string {
  const tenant = table.columns.find((c) => c.role === "tenant");
  const field = tenant?.field ?? schema.tenant.field;
  const freeName = (name: string): string | null => (names.has(name) ? null : name);
  return match(finding.rule)
    .with("tenant-column-nullable", (): TableIR | string => {
      if (tenant === undefined) return "the declarations have no tenant column on this table";
      if (!tenant.nullable) return "already NOT NULL in the declarations: run the pending migrations";
      const setNull = table.foreignKeys.find((fk) => fk.columns[0] === field && fk.referencedTable === schema.tenant.tableName && fk.onDelete === "SET NULL");
      if (setNull !== undefined) return `its tenant foreign key "${setNull.name}" is ON DELETE SET NULL, which needs NULLs: choose another onDelete (tenantForeignKey) first`;
      const columns = table.columns.map((c) => (c === tenant ? { ...c, nullable: false } : c));
      return withoutDeparture({ ...table, columns }, "tenantNullable");
    })
    .with("tenant-column-no-foreign-key", (): TableIR | string => {
      if (tenant === undefined) return "the declarations have no tenant column on this table";
      if (table.foreignKeys.some((fk) => fk.columns.length === 1 && fk.columns[0] === field && fk.referencedTable === schema.tenant.tableName)) {
        return "the declarations have the foreign key already: run the pending migrations";
      }
      if (schema.tenant.onDelete === "SET NULL" && !tenant.nullable) return "the tenant foreign key is ON DELETE SET NULL (config) and the column NOT NULL: choose the action by hand";
      const name = constraintName(table.tableName, [field], "fkey");
      if (table.foreignKeys.some((fk) => fk.name === name)) return `the name "${name}" is taken by another foreign key of the table: add it by hand under another name`;
      const foreignKey = { name, columns: [field], referencedTable: schema.tenant.tableName, referencedColumns: [schema.tenant.key], onDelete: schema.tenant.onDelete, onUpdate: "CASCADE" as const, source: null };
      return withoutDeparture({ ...table, foreignKeys: [foreignKey, ...table.foreignKeys] }, "tenantWithoutForeignKey");
    })
    .with("tenant-column-not-indexed", (): TableIR | string => {
      if (tenant === undefined) return "the declarations have no tenant column on this table";
      const name = freeName(constraintName(table.tableName, [field], "idx"));
      if (name === null) return `the name "${constraintName(table.tableName, [field], "idx")}" is taken: add the index by hand under another name`;
      names.add(name);
      return withoutDeparture(insertIndex(table, plainIndex(name, [field], "tenant", { kind: "tenantFilter", field })), "tenantWithoutIndex");
    })
    .with("foreign-key-not-indexed", (): TableIR | string => {
      const foreignKey = table.foreignKeys.find((fk) => fk.name === finding.constraint);
      if (foreignKey === undefined) return "the declarations do not have this foreign key";
      const name = freeName(constraintName(table.tableName, foreignKey.columns, "idx"));
      if (name === null) return `the name "${constraintName(table.tableName, foreignKey.columns, "idx")}" is taken: add the index by hand under another name`;
      names.add(name);
      // A belongsTo column's index is the DSL's built-in one (its `index: false` goes); others are declared.
      const builtIn = foreignKey.columns.length === 1 && table.columns.some((c) => c.field === foreignKey.columns[0] && c.role === "foreignKey");
      const index = builtIn
        ? plainIndex(name, foreignKey.columns, "foreignKey", { kind: "foreignKeyLookup", field: foreignKey.columns[0]! })
        : plainIndex(name, foreignKey.columns, "declared", { kind: "declared", columns: foreignKey.columns });
      return insertIndex(table, index);
    })
    .with("duplicate-index", (): TableIR | string => {
      const index = table.indexes.find((i) => i.name === finding.index);
      if (index === undefined) return "the declarations do not have this index";
      if (index.constraint) return "it backs a constraint: drop the constraint by hand if nothing refers to it";
      const kept = duplicateIndexes(table).find((d) => d.index === index.name)?.kept;
      if (kept === undefined) return "the declarations do not have its twin: run the pending migrations";
      if (!table.indexes.some((i) => i.name === kept)) return `its twin is the primary key "${kept}": drop it by hand (the DSL may add it back for its column)`;
      return { ...table, indexes: table.indexes.filter((i) => i !== index) };
    })
    .exhaustive();
}

/**
 * The declared schema with the fixable findings fixed (findings are the live audit's, by database
 * names), and the others with their reason.
 *
 * @example
 * const { schema, fixed, unfixed } = fixSchema(declared, auditSchema(live));
 * fixed.map((f) => f.rule)        // ["tenant-column-nullable", "foreign-key-not-indexed"]
 * unfixed[0].reason               // "a rename is a human decision: ..."
 */
export function fixSchema(declared: SchemaIR, findings: readonly Finding[]): FixResult {
  const tables = new Map(declared.tables.map((table) => [table.tableName, table]));
  const names = relationNames(declared);
  const fixed: Finding[] = [];
  const unfixed: Unfixed[] = [];
  const changed = new Set<string>();
  const ordered = [...findings].sort((a, b) => (isFixable(a.rule) ? FIXABLE_RULES.indexOf(a.rule) : -1) - (isFixable(b.rule) ? FIXABLE_RULES.indexOf(b.rule) : -1));
  for (const finding of ordered) {
    const { rule } = finding;
    if (!isFixable(rule)) {
      unfixed.push({ finding, reason: HUMAN_DECISIONS[rule] });
      continue;
    }
    const table = tables.get(finding.table);
    if (table === undefined) {
      const reason = finding.table === declared.tenant.tableName ? "the tenant root is not in the declarations (the config's tenant.table): fix it in a migration of your own" : "the table is not in the declarations";
      unfixed.push({ finding, reason });
      continue;
    }
    const result = fixOne(declared, table, { ...finding, rule }, names);
    if (typeof result === "string") {
      unfixed.push({ finding, reason: result });
      continue;
    }
    tables.set(finding.table, result);
    fixed.push(finding);
    changed.add(table.key);
  }
  const schema = { ...declared, tables: declared.tables.map((table) => tables.get(table.tableName) ?? table) };
  const byAudit = (list: readonly Finding[]) => findings.filter((finding) => list.includes(finding));
  return {
    schema,
    fixed: byAudit(fixed),
    unfixed: findings.flatMap((finding) => unfixed.filter((u) => u.finding === finding)),
    changed: declared.tables.filter((table) => changed.has(table.key)).map((table) => table.key),
  };
}
