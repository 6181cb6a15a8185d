import { match } from "ts-pattern";
import { enChanges } from "./en-changes.js";
import type { Messages } from "./types.js";
import { chain } from "../long-lists.js";

const join = (xs: string[]) => xs.join(", ");
const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** English wording of the schema-change doc. */
export const en: Messages = {
  language: "en",
  yes: "Yes",
  no: "No",
  none: "None",
  headings: {
    title: (feature) => `Schema Changes: ${feature}`,
    contents: "Contents",
    summary: "Summary",
    newModels: "New Sequelize Models",
    existingModels: "Changes to Existing Models",
    migrations: "Migrations",
    rollback: "Rollback Strategy",
    performance: "Performance",
    tenantValidation: "Multi-Tenant Validation",
    isolation: "Isolation",
    risks: "Risks & Mitigations",
    erDiagram: "ER Diagram",
    relations: "Relations",
    indexes: "Indexes",
    constraints: "Constraints",
    columns: "Columns",
    up: "UP",
    down: "DOWN",
    howToRun: "How to run",
    whatDownDoes: "What down does",
    dataLoss: "Data loss",
    verify: "Verify after rollback",
    notes: "Notes",
  },
  lists: {
    reference: (count, list) => `the ${count} in list ${list} below`,
    label: (list) => `**List ${list}:**`,
  },
  erPart: (part, parts, first, last) => `Part ${part} of ${parts}: ${first} to ${last}`,
  meta: { migrations: (n) => (n === 1 ? "Migration" : "Migrations"), date: "Date", feature: "Feature", tenantRoot: "Tenant root" },
  summary: {
    counts: (c) =>
      `This change creates ${plural(c.tables, "table", "tables")} (${c.tenant} tenant, ${c.global} global) with ` +
      `${plural(c.columns, "column", "columns")}, ${plural(c.indexes, "index", "indexes")} and ` +
      `${plural(c.constraints, "constraint", "constraints")}.`,
    tenantScope: (field, root) => `Every tenant table carries ${field} (NOT NULL, foreign key to ${root}).`,
    noDescription: "(no description)",
    changes: (c) =>
      `This change set runs ${plural(c.operations, "operation", "operations")} in ${plural(c.migrations, "migration", "migrations")}` +
      `${c.altered > 0 ? `, altering ${plural(c.altered, "existing table", "existing tables")}` : ""}` +
      `${c.dropped > 0 ? `, dropping ${plural(c.dropped, "table", "tables")}` : ""}.`,
    alteredTable: (table, model, n) => `${table} (${model}): ${plural(n, "change", "changes")}`,
    droppedTable: (table, model) => `${table} (${model}): dropped`,
  },
  models: {
    scope: "Scope",
    tenantScope: (field, root) => `tenant (${field} → ${root})`,
    globalScope: (reason) => `global: ${reason}`,
    description: "Description",
    columnsHeader: ["Attribute", "Column", "Type", "Null", "Default", "Notes"],
    primaryKey: "PK",
    autoIncrement: "auto-increment",
    tenant: "tenant",
    enumValues: (values) => `enum: ${values}`,
    foreignKey: (target, onDelete) => `FK → ${target} (ON DELETE ${onDelete})`,
    association: (a, code) =>
      match(a)
        .with({ kind: "belongsToMany" }, (x) =>
          `${code("belongsToMany")} ${code(x.targetModel)} as ${code(x.as)} through ${code(x.throughModel)} ` +
          `(foreignKey ${code(x.foreignKey)}, otherKey ${code(x.otherKey)})`,
        )
        .with({ kind: "belongsTo" }, { kind: "hasMany" }, { kind: "hasOne" }, (x) =>
          `${code(x.kind)} ${code(x.targetModel)} as ${code(x.as)} (foreignKey ${code(x.foreignKey)})`,
        )
        .exhaustive(),
    indexesHeader: ["Name", "Columns", "Unique", "Method", "Partial (WHERE)", "Reason"],
    constraintsHeader: ["Name", "Type", "Definition"],
    constraintKind: { primaryKey: "PRIMARY KEY", foreignKey: "FOREIGN KEY", check: "CHECK" },
  },
  existing: {
    header: ["Model", "Change", "Lock", "Risk"],
    change: (c, code, list) =>
      match(c)
        .with({ kind: "inverseAssociation" }, (x) => ({
          change: `${code(x.model)} gains ${en.models.association(x.association, code)}`,
          lock: "none (model code only)",
          risk: "Low: deploy the model together with the migration.",
        }))
        .with({ kind: "referencedBy" }, (x) => ({
          change: `Referenced by ${list(x.references.map(code))} (new foreign keys)`,
          lock: `SHARE ROW EXCLUSIVE on ${code(x.table)} while the foreign keys are created`,
          risk: `Low: brief; writes to ${code(x.table)} wait for the migration's transaction.`,
        }))
        .exhaustive(),
  },
  migrations: {
    file: (file) => `File: ${file}`,
    empty: "(no statements)",
    intro: (n) => (n === 1 ? "One migration file:" : `${n} migration files, run in this order:`),
  },
  changes: enChanges,
  rollback: {
    recordedAs: (ext) =>
      `Migration names are given as the project's runner records them in \`SequelizeMeta\`, ending in ${ext} (config \`migrations.extension\`: \`".ts"\` when it runs the emitted files, \`".js"\` when it runs the \`tsc\` output).`,
    sequelizeCli: "With sequelize-cli:",
    umzug: 'With umzug 3 (exactly these migrations, newest first, never a later one; `rerun: "SKIP"` passes over one that is not applied):',
    revertCodeFirst: "Deploy the application code without the new models (and their inverse associations) before running down.",
    order: "Down runs the operations in reverse order of up:",
    dataLoss: (tables) => `Every row written to ${tables} since the migration ran is lost. Back them up first if the feature was used:`,
    noDataLoss: "Running down loses no data.",
    verifyIntro: "Each query must return no rows:",
    verifyTablesGone: "tables that must be gone",
    verifyMeta: "the migrations must no longer be recorded (matched without the extension, .ts or .js alike)",
    revertChangesFirst: "Deploy application code that works with the previous schema (old names, no new columns) before running down.",
    runInReverse: "Undo the change set by undoing its migrations newest first:",
    phases: "Expand/contract phases",
    phasesIntro: "Renames keep the old name working while code rolls out; deploy between the phases:",
    destructiveTitle: "Destructive changes",
    destructive: (items) => `This change set destroys data: ${items}. Back it up BEFORE running up:`,
    structureNotData: "Down restores the structure, not the data: restore the backup by hand if the data is needed.",
    rollbackLoss: (items) => `Down throws away values written since the migration: ${items}.`,
    verifyColumnsGone: "columns that must be gone",
    verifyColumnsBack: "columns that must exist again",
    verifyTablesBack: "tables that must exist again",
    verifyIndexesGone: "indexes that must be gone",
    acknowledged: (item, reason, where) => `${item}: acknowledged${where ? ` in ${where}` : ""}: “${reason}”`,
    unacknowledged: (item) => `${item}: no acknowledgeDataLoss in the schema covers it: it was accepted with \`--allow-destructive\`.`,
    invalidIndexTitle: "If a concurrent index build fails",
    invalidIndex: (indexes) =>
      `A CREATE INDEX CONCURRENTLY that fails (lock wait, deadlock, a duplicate in a unique index, a cancelled session) leaves the index behind, INVALID: never used by queries, still maintained on every write. The re-run's \`IF NOT EXISTS\` would then skip it, so drop it first; this concerns ${indexes} (up and down alike).`,
    invalidIndexDetect: "Find INVALID indexes (any row means a build failed):",
    invalidIndexDrop: "Drop each one it returns, then run the migration (up or down) again:",
  },
  indexReason: {
    tenantFilter: (r) => `Every query filters by tenant (${r.field}).`,
    foreignKeyLookup: (r) => `Serves joins and lookups by ${r.field}, and keeps deletes on the referenced table fast.`,
    unique: (r) => `Guarantees that ${join(r.columns)} ${r.columns.length > 1 ? "are" : "is"} unique ${r.perTenant ? "within each tenant" : "across all tenants"}.`,
    declared: (r) => `Serves queries that filter or sort by ${join(r.columns)}.`,
    tenantKey: (r) => `Composite tenant key: references from tenant tables point at (${r.tenantField}, ${r.key}), so a row can only reference rows of its own tenant.`,
    junction: (r) => `Stores each ${r.left} and ${r.right} pair once, and finds the ${r.target} of a ${r.left}.`,
    existing: () => "An existing index of the live database.",
    written: (r) => r.text,
  },
  performance: {
    existingIntro: "Indexes added to existing tables (built CONCURRENTLY) and the queries they serve:",
    intro: (scoped) => `Example queries each index serves${scoped ? " (always scoped by the tenant)" : ""}:`,
    reason: (reason) => `Why: ${reason}`,
    note: (n, code, list) =>
      match(n)
        .with({ kind: "writeAmplification" }, (x) =>
          `${code(x.table)}: every INSERT writes ${x.indexes} index entries (primary key included); every UPDATE of an indexed column rewrites them.`,
        )
        .with({ kind: "ginWriteCost" }, (x) =>
          `${code(x.index)} on ${code(x.table)} is GIN: cheap containment reads, but writes are costlier and pending entries grow until VACUUM.`,
        )
        .with({ kind: "partialIndex" }, (x) =>
          `${code(x.index)} on ${code(x.table)} is partial: the planner uses it only when the query repeats ${code(x.where)}.`,
        )
        .with({ kind: "emptyTables" }, (x) =>
          `${list(x.tables.map(code))} ${x.tables.length === 1 ? "starts" : "start"} empty, so creating the indexes takes no noticeable time or lock.`,
        )
        .with({ kind: "paranoidFilter" }, (x) =>
          `${code(x.table)} is paranoid: Sequelize adds ${code(`"${x.deletedAt}" IS NULL`)} to every query, as the examples show.`,
        )
        .with({ kind: "concurrentBuild" }, (x) =>
          `${code(x.index)} is built CONCURRENTLY on ${code(x.table)}: two table scans, time grows with the table, writes go on; a failed build leaves an INVALID index that the re-run would skip (IF NOT EXISTS): drop it first (see Rollback Strategy).`,
        )
        .with({ kind: "rewriteRebuild" }, (x) => `The rewrite of ${code(x.table)} also rebuilds its ${x.indexes} indexes (primary key included).`)
        .exhaustive(),
  },
  tenant: {
    intro: "A box is ticked only when the schema proves it.",
    advisory: "warning",
    label: {
      "tenant-column": "Tenant column present and NOT NULL",
      "tenant-foreign-key": "Foreign key to the tenant root",
      "tenant-index": "Tenant column indexed",
      "unique-scoped": "Unique indexes scoped by tenant",
      "references-tenant-scoped": "Referenced tables are tenant-scoped",
      "soft-delete": "Soft delete",
      "indexes-lead-with-tenant": "Declared indexes lead with the tenant column",
      "queries-tenant-filtered": "Queries filter by the tenant (enforced)",
      "global-scope": "Global table with a stated reason",
      "global-references": "Global table references no tenant data",
    },
    finding: (f, code) =>
      match(f)
        .with({ kind: "tenantColumnOk" }, (x) => `${code(x.field)} NOT NULL.`)
        .with({ kind: "tenantColumnMissing" }, (x) => `no ${code(x.field)} column.`)
        .with({ kind: "tenantColumnNullable" }, (x) => `${code(x.field)} is nullable: a row could belong to no tenant.`)
        .with({ kind: "tenantColumnWrongType" }, (x) => `${code(x.field)} is ${x.actual} but the tenant key is ${x.expected}.`)
        .with({ kind: "tenantForeignKeyOk" }, (x) => `${code(x.name)}: ${code(x.field)} → ${code(`${x.table}.${x.key}`)}, ON DELETE ${x.onDelete}.`)
        .with({ kind: "tenantForeignKeyMissing" }, (x) => `no foreign key ${code(x.field)} → ${code(`${x.table}.${x.key}`)}: orphan tenant ids are possible.`)
        .with({ kind: "tenantIndexOk" }, (x) => `${code(x.index)} (btree, not partial) leads with ${code(x.field)}.`)
        .with({ kind: "tenantIndexMissing" }, (x) => `no non-partial btree index leads with ${code(x.field)}: tenant queries scan the table.`)
        .with({ kind: "uniqueScoped" }, (x) =>
          x.indexes.length === 0
            ? "no unique indexes."
            : `${join(
                x.indexes.map(({ index, scope }) =>
                  match(scope)
                    .with({ kind: "tenantColumn" }, (s) => `${code(index)} contains ${code(s.column)}`)
                    .with({ kind: "primaryKey" }, (s) => `${code(index)} contains the primary key ${code(s.column)}`)
                    .with({ kind: "tenantReference" }, (s) => `${code(index)} is scoped by ${code(s.column)}, a reference to the tenant table ${code(s.table)} (each of its rows belongs to one tenant)`)
                    .exhaustive(),
                ),
              )}.`,
        )
        .with({ kind: "uniqueUnscoped" }, (x) => `unique across all tenants (no ${code(x.field)} nor a tenant-owned key): ${join(x.indexes.map(code))}.`)
        .with({ kind: "referencesTenantScoped" }, (x) =>
          x.global.length === 0
            ? x.tables.length === 0 ? "references only the tenant root." : `${join(x.tables.map(code))}.`
            : [...(x.tables.length === 0 ? [] : [`${join(x.tables.map(code))};`]), `global (shared by every tenant): ${join(x.global.map(code))}.`].join(" "),
        )
        .with({ kind: "referencesUnscoped" }, (x) =>
          [
            x.global.length > 0 ? `references global tables: ${join(x.global.map(code))}.` : "",
            x.unknown.length > 0 ? `references tables outside the schema, scope unknown: ${join(x.unknown.map(code))}.` : "",
          ].filter(Boolean).join(" "),
        )
        .with({ kind: "softDeleteOk" }, (x) => `paranoid, ${code(x.field)} nullable.`)
        .with({ kind: "softDeleteJunction" }, () => "junction table: links are hard-deleted; soft-deleted sides keep their links.")
        .with({ kind: "softDeleteMissing" }, (x) => (x.paranoid ? "paranoid, but no nullable deletedAt column." : "not paranoid: deletes remove rows for good."))
        .with({ kind: "indexesLeadWithTenant" }, (x) =>
          [
            x.indexes.length === 0 ? (x.exceptions.length === 0 ? "no declared indexes." : "") : `${join(x.indexes.map(code))}.`,
            x.exceptions.length === 0
              ? ""
              : `Exceptions: ${join(
                  x.exceptions.map(({ index, reason }) =>
                    `${code(index)} (${match(reason)
                      .with("gin", () => "GIN: the tenant column is no GIN key without the btree_gin extension; tenant queries combine it with the tenant index")
                      .with("gist", () => "GiST: the tenant column is no GiST key without the btree_gist extension; tenant queries combine it with the tenant index")
                      .with("hash", () => "hash: a hash index has a single column")
                      .with("unique", () => "a uniqueness rule: its tenant scope is proven under unique indexes")
                      .exhaustive()})`,
                  ),
                )}.`,
          ]
            .filter(Boolean)
            .join(" "),
        )
        .with({ kind: "indexesNotLeadingWithTenant" }, (x) => `not leading with ${code(x.field)}: ${join(x.indexes.map(code))}.`)
        .with({ kind: "queriesEnforced" }, (x) =>
          `${[
            ...(x.rls ? [`row-level security: policy ${code(x.rls.policy)} on ${code(x.rls.setting)} (FORCE, the owner too)`] : []),
            ...(x.guard ? [`the runtime guard of the emitted models (${code("isolation.guard")}) refuses model calls not confined to one tenant`] : []),
          ].join("; ")}.${layers(x)}`,
        )
        .with({ kind: "queriesNotEnforced" }, (x) => `nothing enforces it: neither row-level security (${code("isolation.rls")}) nor the runtime guard (${code("isolation.guard")}); queries rely on the application's filters.${layers(x)}`)
        .with({ kind: "globalReason" }, (x) => x.reason)
        .with({ kind: "globalReasonMissing" }, () => "no reason stated.")
        .with({ kind: "globalReferencesOk" }, () => "references no tenant table.")
        .with({ kind: "globalReferencesTenant" }, (x) => `references tenant tables: ${join(x.tables.map(code))}.`)
        .exhaustive(),
  },
  isolation: {
    intro:
      "Which layers keep each tenant's rows apart (README, Tenant isolation): database keys (composite tenant keys: a row can only reference rows of its own tenant), the immutable tenant column (a row cannot move to another tenant), row-level security (the database shows and accepts only the current tenant's rows) and the runtime guard of the emitted models (model calls not confined to one tenant are refused). Global tables are shared and untouched.",
    noTenantTables: "This change set touches no tenant table.",
    layersTitle: "Layers per table",
    layersHeader: ["Table", "Database keys", "Immutable tenant", "Row-level security", "Runtime guard"],
    policiesTitle: "Policies",
    policiesIntro: (setting) =>
      `Each table has ENABLE and FORCE ROW LEVEL SECURITY (FORCE: the owner too) and one policy for every command, as the migrations create it: USING (the rows a query sees, updates and deletes) and WITH CHECK (the rows it may write) are the same condition on ${setting}, the tenant that \`withTenant\` sets for one transaction. Without it (never set, or '' on a pooled connection) the condition is NULL: no row is seen or written, never all of them.`,
    policiesHeader: ["Table", "Policy", "USING and WITH CHECK"],
    noPolicies:
      "Row-level security is off (`isolation.rls`): no policy, so the database does not confine queries to one tenant, no database role needs to be set up for it, and there is nothing to test in SQL.",
    rolesTitle: "Roles",
    roles: [
      "The application connects as a role that owns none of these tables and has neither SUPERUSER nor BYPASSRLS: a superuser or a role with BYPASSRLS skips every policy, and an owner can disable them.",
      "Migrations run as the owner of the tables, with BYPASSRLS: FORCE subjects the owner to the policies too, so a backfill would otherwise update no row.",
    ],
    rolesCheck: "Connected as the application role, each query must return no rows:",
    rolesBypass: "the application role bypasses no policy",
    rolesOwner: "and owns no table under row-level security",
    testTitle: "How to test",
    testIntro: (role) => `In a transaction that is rolled back, as the application role (${role} here; run it as a role that may SET ROLE to it: a superuser, or a member of it), with two tenants' rows in the table:`,
    testOwnRows: "the rows of tenant 1, and only those",
    testOtherTenant: "must return 0: another tenant's rows are invisible",
    testNoTenant: "must return 0: without a tenant, no row at all",
  },
  risks: {
    header: ["Risk", "Impact", "Mitigation"],
    noneFound: "No risks found.",
    risk: (r, code, list) =>
      match(r)
        .with({ kind: "tenantCascade" }, (x): [string, string, string] => [
          `Deleting a row of ${code(x.root)} cascades: ${list(x.tables.map(code))}`,
          "A hard delete of a tenant removes its rows for good (ON DELETE CASCADE ignores paranoid).",
          "Offboard tenants with a soft delete; export or back up before a hard delete; delete in batches.",
        ])
        .with({ kind: "cascadeChain" }, (x): [string, string, string] => [
          `ON DELETE CASCADE chain: ${chain(x.path.map(code), (n) => `${n} more`)}`,
          `A hard delete of a ${code(x.path[0] ?? "")} row also removes the rows below it.`,
          "Delete parents through Sequelize (paranoid) so rows are soft-deleted; use RESTRICT if children must survive.",
        ])
        .with({ kind: "crossTenantReference" }, (x): [string, string, string] => [
          `${code(`${x.table}.${x.column}`)} → ${code(x.target)} is not checked to be of the same tenant`,
          "A row could point at another tenant's row (a single-column foreign key cannot see the tenant).",
          `Always scope queries by ${code(x.tenantField)}; check the target's ${code(x.tenantField)} before writing; or use a composite foreign key (${x.tenantField}, ${x.column}).`,
        ])
        .with({ kind: "setNull" }, (x): [string, string, string] => [
          `${code(`${x.table}.${x.column}`)} is ON DELETE SET NULL`,
          `Deleting a ${code(x.target)} row silently clears the reference.`,
          "Handle null in code and UI (e.g. \"unassigned\"); soft delete keeps the reference.",
        ])
        .with({ kind: "jsonbWithoutGin" }, (x): [string, string, string] => [
          `${code(`${x.table}.${x.column}`)} is JSONB without a GIN index`,
          "Filtering by its content scans every row of the tenant.",
          "Keep it an opaque payload, or add a GIN index when queries filter by it (@>).",
        ])
        .with({ kind: "uniqueWithSoftDelete" }, (x): [string, string, string] => [
          `${code(x.index)} is unique on a paranoid table`,
          "Soft-deleted rows keep their value: re-creating it fails with a unique violation.",
          `Restore the deleted row instead, or make the index partial: WHERE ${code(`"${x.deletedAt}" IS NULL`)}.`,
        ])
        .with({ kind: "foreignKeyWithoutIndex" }, (x): [string, string, string] => [
          `${code(`${x.table}.${x.column}`)} has no index leading with it`,
          `Deleting or updating a ${code(x.target)} row scans ${code(x.table)}.`,
          `Add an index on ${code(x.column)}.`,
        ])
        .with({ kind: "referencedTableLock" }, (x): [string, string, string] => [
          `New foreign keys from ${list(x.fromTables.map(code))} lock ${code(x.table)}`,
          "SHARE ROW EXCLUSIVE lock: writes to it wait until the migration commits.",
          "Run the migration off-peak; set a lock_timeout so it fails fast instead of queueing writes.",
        ])
        .with({ kind: "tenantCheckFailed" }, (x): [string, string, string] => [
          `${code(x.table)}: ${x.check} not proved`,
          x.detail,
          "Fix the schema declaration, then emit again.",
        ])
        .exhaustive(),
  },
};

/** The isolation layers besides RLS that protect a table, as a sentence. */
const layers = (x: { keys: boolean; immutableTenant: boolean }): string => {
  const list = [...(x.keys ? ["composite tenant keys"] : []), ...(x.immutableTenant ? ["an immutable tenant column"] : [])];
  return list.length === 0 ? "" : ` Also protected by: ${list.join(", ")}.`;
};
