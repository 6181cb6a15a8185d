/**
 * Schema-change doc inputs over the fixture schema: the "tickets" feature created from scratch, and
 * hand-built evolution change sets (each migration with a small hand-written MigrationSql).
 */
import type { ChangeSet, MigrationPlan, Operation, OperationKind } from "../../../src/diff/operations.js";
import type { DocMigration, SchemaDocInput } from "../../../src/emitters/markdown/index.js";
import type { MigrationSql } from "../../../src/emitters/types.js";
import type { ColumnIR, SchemaIR, TableIR } from "../../../src/ir/types.js";
import { fixtureFeature, fixtureSchema } from "../../fixtures/schema-ir.js";
import { indexOf } from "../../support/ir-builders.js";

export const ticketsSql = {
  up: [
    'CREATE TABLE IF NOT EXISTS "tickets" ("id" SERIAL , "company_id" INTEGER NOT NULL REFERENCES "companies" ("id") ON DELETE CASCADE ON UPDATE CASCADE, PRIMARY KEY ("id"))',
    'CREATE INDEX "tickets_company_id_idx" ON "tickets" ("company_id");',
    'CREATE TABLE IF NOT EXISTS "tags" ("id" SERIAL , "company_id" INTEGER NOT NULL, PRIMARY KEY ("id"))',
  ],
  down: ['DROP TABLE IF EXISTS "tags" CASCADE;', 'DROP TABLE IF EXISTS "tickets" CASCADE'],
};

/** One migration of a change set; the file name follows the CLI's `<timestamp>-<description>.ts`. */
export function migration(feature: string, description: string, timestamp: string, transaction: boolean, operations: Operation[], sql: MigrationSql): DocMigration {
  const plan: MigrationPlan = { feature, description, timestamp, transaction, operations };
  return { plan, file: `${timestamp}-${description}.ts`, sql };
}

/** A doc input from migrations (in run order). */
export function changeInput(feature: string, migrations: DocMigration[], schema: SchemaIR, previous: SchemaIR | null): SchemaDocInput {
  const change: ChangeSet = { feature, migrations: migrations.map((m) => m.plan) };
  return { change, migrations, schema, previous, path: `schema-changes-${feature}.md` };
}

/**
 * The doc input for creating one feature of `schema` (default: the fixture), with `previous` = the schema without it.
 *
 * @example
 * docInput("tickets").migrations[0]!.plan.operations.length // 3
 */
export function docInput(feature = "tickets", schema: SchemaIR = fixtureSchema()): SchemaDocInput {
  const tables = fixtureFeature(schema, feature);
  const create = migration(feature, `create-${feature}`, "20261125103000", true, tables.map((table) => ({ kind: "createTable", table })), structuredClone(ticketsSql));
  return changeInput(feature, [create], schema, { ...schema, tables: schema.tables.filter((t) => t.feature !== feature) });
}

const ticketsOf = (schema: SchemaIR): TableIR => schema.tables.find((t) => t.key === "tickets")!;
const columnOf = (t: TableIR, field: string): ColumnIR => t.columns.find((c) => c.field === field)!;

/** Adds `priority` (enum, NOT NULL, default 'normal') with an index to tickets: three migrations. */
export function addPriorityInput(): SchemaDocInput {
  const previous = fixtureSchema();
  const schema = fixtureSchema();
  const tickets = ticketsOf(schema);
  const priority: ColumnIR = {
    ...columnOf(tickets, "subject"),
    name: "priority",
    field: "priority",
    type: { kind: "enum", values: ["low", "normal", "high"], length: 255 },
    default: { kind: "literal", value: "normal" },
    comment: null,
  };
  tickets.columns.splice(5, 0, priority);
  const check = { name: "tickets_priority_check", expression: `"priority" IN ('low', 'normal', 'high')`, columns: ["priority"], origin: "enum" as const, source: null };
  tickets.checks.push(check);
  const index = indexOf({ name: "tickets_company_id_priority_idx", columns: ["company_id", "priority"], unique: false, where: null, method: "btree", origin: "declared", reason: { kind: "written", text: "Tickets of a tenant by priority." }, source: null });
  tickets.indexes.push(index);
  return changeInput(
    "tickets",
    [
      migration("tickets", "add-priority-to-tickets", "20261126090000", true, [
        { kind: "addColumn", table: tickets, column: priority, nullable: false },
        { kind: "addCheck", table: tickets, check, notValid: true },
      ], {
        up: [
          "SET LOCAL lock_timeout = '5s'",
          `ALTER TABLE "tickets" ADD COLUMN "priority" VARCHAR(255) NOT NULL DEFAULT 'normal'`,
          `ALTER TABLE "tickets" ADD CONSTRAINT "tickets_priority_check" CHECK ("priority" IN ('low', 'normal', 'high')) NOT VALID`,
        ],
        down: [`ALTER TABLE "tickets" DROP CONSTRAINT "tickets_priority_check"`, `ALTER TABLE "tickets" DROP COLUMN "priority"`],
      }),
      migration("tickets", "add-priority-to-tickets-backfill", "20261126090001", false, [{ kind: "validateConstraint", table: tickets, name: check.name }], {
        up: [`ALTER TABLE "tickets" VALIDATE CONSTRAINT "tickets_priority_check"`],
        down: [],
      }),
      migration("tickets", "add-priority-to-tickets-indexes", "20261126090002", false, [{ kind: "addIndex", table: tickets, index, concurrently: true }], {
        up: [`CREATE INDEX CONCURRENTLY IF NOT EXISTS "tickets_company_id_priority_idx" ON "tickets" ("company_id", "priority")`],
        down: [`DROP INDEX CONCURRENTLY IF EXISTS "tickets_company_id_priority_idx"`],
      }),
    ],
    schema,
    previous,
  );
}

/** Drops tickets.assignee_id (acknowledged), its foreign key and index first. */
export function dropAssigneeInput(): SchemaDocInput {
  const previous = fixtureSchema();
  const before = ticketsOf(previous);
  const schema = fixtureSchema();
  const tickets = ticketsOf(schema);
  tickets.columns = tickets.columns.filter((c) => c.field !== "assignee_id");
  tickets.indexes = tickets.indexes.filter((i) => i.name !== "tickets_assignee_id_idx");
  tickets.foreignKeys = tickets.foreignKeys.filter((f) => f.name !== "tickets_assignee_id_fkey");
  schema.acknowledgements.push({ kind: "dropColumn", table: "tickets", column: "assigneeId", reason: "Assignment moved to the routing service.", source: null });
  return changeInput(
    "tickets",
    [
      migration("tickets", "drop-assignee-id-from-tickets", "20261126100000", true, [
        { kind: "dropForeignKey", table: tickets, foreignKey: before.foreignKeys.find((f) => f.name === "tickets_assignee_id_fkey")! },
        { kind: "dropIndex", table: tickets, index: before.indexes.find((i) => i.name === "tickets_assignee_id_idx")!, concurrently: false },
        { kind: "dropColumn", table: tickets, column: columnOf(before, "assignee_id") },
      ], {
        up: [
          `ALTER TABLE "tickets" DROP CONSTRAINT "tickets_assignee_id_fkey"`,
          `DROP INDEX "tickets_assignee_id_idx"`,
          `ALTER TABLE "tickets" DROP COLUMN "assignee_id"`,
        ],
        down: [
          `ALTER TABLE "tickets" ADD COLUMN "assignee_id" INTEGER`,
          `CREATE INDEX "tickets_assignee_id_idx" ON "tickets" ("assignee_id")`,
          `ALTER TABLE "tickets" ADD CONSTRAINT "tickets_assignee_id_fkey" FOREIGN KEY ("assignee_id") REFERENCES "users" ("id") ON DELETE SET NULL ON UPDATE CASCADE`,
        ],
      }),
    ],
    schema,
    previous,
  );
}

/** Expand phase of renaming tickets.subject to title (NOT NULL): expand, backfill, staged NOT NULL. */
export function renameSubjectInput(): SchemaDocInput {
  const previous = fixtureSchema();
  const schema = fixtureSchema();
  const tickets = ticketsOf(schema);
  const from = columnOf(ticketsOf(previous), "subject");
  const to: ColumnIR = { ...from, name: "title", field: "title", renamedFrom: { from: "subject", strategy: "expand-contract" } };
  tickets.columns = tickets.columns.map((c) => (c.field === "subject" ? to : c));
  tickets.transition.columns.push({ column: from, replacedBy: "title", indexes: [], checks: [], foreignKeys: [] });
  return changeInput(
    "tickets",
    [
      migration("tickets", "rename-subject-to-title-in-tickets", "20261126110000", true, [{ kind: "expandColumnRename", table: tickets, from, to }], {
        up: [
          `ALTER TABLE "tickets" ADD COLUMN "title" VARCHAR(255)`,
          `CREATE TRIGGER "tickets_subject_title_sync" BEFORE INSERT OR UPDATE ON "tickets" FOR EACH ROW EXECUTE FUNCTION "tickets_subject_title_sync_fn"()`,
        ],
        down: [`DROP TRIGGER IF EXISTS "tickets_subject_title_sync" ON "tickets"`, `ALTER TABLE "tickets" DROP COLUMN "title"`],
      }),
      migration("tickets", "rename-subject-to-title-in-tickets-backfill", "20261126110001", false, [
        { kind: "backfill", table: tickets, column: to, expression: `"subject"` },
        { kind: "setNotNull", table: tickets, column: to },
      ], {
        up: [
          `UPDATE "tickets" SET "title" = "subject" WHERE "id" IN (SELECT "id" FROM "tickets" WHERE "company_id" = $1 AND "title" IS NULL LIMIT 1000)`,
          `ALTER TABLE "tickets" ADD CONSTRAINT "tickets_title_not_null" CHECK ("title" IS NOT NULL) NOT VALID`,
          `ALTER TABLE "tickets" VALIDATE CONSTRAINT "tickets_title_not_null"`,
          `ALTER TABLE "tickets" ALTER COLUMN "title" SET NOT NULL`,
          `ALTER TABLE "tickets" DROP CONSTRAINT "tickets_title_not_null"`,
        ],
        down: [`ALTER TABLE "tickets" ALTER COLUMN "title" DROP NOT NULL`],
      }),
    ],
    schema,
    previous,
  );
}

/** Rewrites tickets.subject to JSONB with `using`, and removes the enum value 'pending' from status. */
export function rewriteAndEnumInput(): SchemaDocInput {
  const previous = fixtureSchema();
  const before = ticketsOf(previous);
  const schema = fixtureSchema();
  const tickets = ticketsOf(schema);
  const using = `jsonb_build_object('text', "subject")`;
  const to: ColumnIR = { ...columnOf(tickets, "subject"), type: { kind: "jsonb", tsType: "{ text: string }" }, using };
  tickets.columns = tickets.columns.map((c) => (c.field === "subject" ? to : c));
  const status = columnOf(tickets, "status");
  status.type = { kind: "enum", values: ["open", "closed"], length: 255 };
  const newCheck = { ...tickets.checks[0]!, expression: `"status" IN ('open', 'closed')` };
  tickets.checks = [newCheck];
  schema.acknowledgements.push({ kind: "removeEnumValues", table: "tickets", column: "status", values: ["pending"], reason: "Pending merged into open.", source: null });
  return changeInput(
    "tickets",
    [
      migration("tickets", "change-subject-and-status-in-tickets", "20261126120000", true, [
        { kind: "alterColumnType", table: tickets, from: columnOf(before, "subject"), to, rewrite: true, using, downUsing: `"subject"::VARCHAR(255)` },
        { kind: "changeEnumValues", table: tickets, column: status, from: before.checks[0]!, to: newCheck, added: [], removed: ["pending"], remap: [] },
      ], {
        up: [
          `ALTER TABLE "tickets" ALTER COLUMN "subject" TYPE JSONB USING jsonb_build_object('text', "subject")`,
          `ALTER TABLE "tickets" DROP CONSTRAINT "tickets_status_check"`,
          `ALTER TABLE "tickets" ADD CONSTRAINT "tickets_status_check" CHECK ("status" IN ('open', 'closed')) NOT VALID`,
        ],
        down: [
          `ALTER TABLE "tickets" DROP CONSTRAINT "tickets_status_check"`,
          `ALTER TABLE "tickets" ADD CONSTRAINT "tickets_status_check" CHECK ("status" IN ('open', 'pending', 'closed'))`,
          `ALTER TABLE "tickets" ALTER COLUMN "subject" TYPE VARCHAR(255) USING "subject"::VARCHAR(255)`,
        ],
      }),
      migration("tickets", "change-subject-and-status-in-tickets-backfill", "20261126120001", false, [{ kind: "validateConstraint", table: tickets, name: "tickets_status_check" }], {
        up: [`ALTER TABLE "tickets" VALIDATE CONSTRAINT "tickets_status_check"`],
        down: [],
      }),
    ],
    schema,
    previous,
  );
}

/**
 * One operation of every kind, typed so that a new Operation kind fails to compile here until it
 * gets an example.
 */
export function everyKind(): { [K in OperationKind]: Extract<Operation, { kind: K }> } {
  const schema = fixtureSchema();
  const t = ticketsOf(schema);
  const tags = schema.tables.find((x) => x.key === "tags")!;
  const labels: TableIR = { ...structuredClone(tags), key: "labels", tableName: "labels", modelName: "Label", renamedFrom: { from: "tags", strategy: "expand-contract" } };
  const subject = columnOf(t, "subject");
  const assignee = columnOf(t, "assignee_id");
  const title = { ...subject, name: "title", field: "title" };
  const check = t.checks[0]!;
  return {
    createTable: { kind: "createTable", table: schema.tables.find((x) => x.key === "notifications")! },
    dropTable: { kind: "dropTable", table: schema.tables.find((x) => x.key === "currencies")! },
    renameTable: { kind: "renameTable", from: tags, table: labels, strategy: "expand-contract" },
    dropCompatibilityView: { kind: "dropCompatibilityView", table: labels, view: "old_labels" },
    addColumn: { kind: "addColumn", table: t, column: { ...subject, name: "dueAt", field: "due_at", type: { kind: "timestamp" }, nullable: true, default: { kind: "sql", sql: "now()" } }, nullable: true },
    dropColumn: { kind: "dropColumn", table: t, column: assignee },
    renameColumn: { kind: "renameColumn", table: t, from: subject, to: title },
    expandColumnRename: { kind: "expandColumnRename", table: t, from: subject, to: title },
    contractColumnRename: { kind: "contractColumnRename", table: t, from: subject, to: title },
    alterColumnType: { kind: "alterColumnType", table: t, from: subject, to: { ...subject, type: { kind: "text" } }, rewrite: false, using: null, downUsing: null },
    backfill: { kind: "backfill", table: t, column: title, expression: `"subject"` },
    setNotNull: { kind: "setNotNull", table: t, column: title },
    dropNotNull: { kind: "dropNotNull", table: t, column: subject },
    alterDefault: { kind: "alterDefault", table: t, column: subject, from: null, to: { kind: "literal", value: "(none)" } },
    alterColumnComment: { kind: "alterColumnComment", table: t, column: subject, from: null, to: "Short summary" },
    alterTableComment: { kind: "alterTableComment", table: t, from: null, to: "Tickets" },
    addIndex: { kind: "addIndex", table: t, index: { ...t.indexes[2]!, name: "tickets_subject_idx", columns: ["subject"] }, concurrently: true },
    dropIndex: { kind: "dropIndex", table: t, index: t.indexes[0]!, concurrently: true },
    renameIndex: { kind: "renameIndex", table: t, from: "tickets_old_idx", to: "tickets_new_idx" },
    addCheck: { kind: "addCheck", table: t, check: { ...check, name: "tickets_subject_check", expression: `length("subject") > 0` }, notValid: true },
    dropCheck: { kind: "dropCheck", table: t, check },
    addForeignKey: { kind: "addForeignKey", table: t, foreignKey: t.foreignKeys[1]!, notValid: true },
    dropForeignKey: { kind: "dropForeignKey", table: t, foreignKey: t.foreignKeys[1]! },
    renameConstraint: { kind: "renameConstraint", table: t, from: "tickets_old_check", to: "tickets_new_check" },
    validateConstraint: { kind: "validateConstraint", table: t, name: "tickets_subject_check" },
    changeEnumValues: { kind: "changeEnumValues", table: t, column: columnOf(t, "status"), from: check, to: { ...check, expression: `"status" IN ('open', 'pending', 'closed', 'spam')` }, added: ["spam"], removed: [], remap: [] },
    remapEnumValues: { kind: "remapEnumValues", table: t, column: columnOf(t, "status"), remap: [{ from: "pending", to: "open", reversible: false }] },
    createEnumType: { kind: "createEnumType", table: t, name: "enum_tickets_mood", values: ["calm", ""] },
    dropEnumType: { kind: "dropEnumType", table: t, name: "enum_tickets_mood", values: ["calm", ""] },
    addEnumValue: {
      kind: "addEnumValue",
      table: t,
      name: "enum_tickets_mood",
      value: "angry",
      position: { after: "calm" },
      previous: ["calm", ""],
      columns: [{ tableName: t.tableName, column: { ...subject, name: "mood", field: "mood", type: { kind: "pgEnum", name: "enum_tickets_mood", values: ["calm", "angry", ""] } } }],
    },
    addIsolation: {
      kind: "addIsolation",
      table: t,
      object: { kind: "immutableTenant", immutable: { trigger: "tickets_company_id_immutable", function: "tickets_company_id_immutable_fn", tenantColumn: "company_id", key: "id" } },
    },
    dropIsolation: {
      kind: "dropIsolation",
      table: t,
      object: { kind: "rowLevelSecurity", rls: { policy: "tickets_tenant_isolation", tenantColumn: "company_id", keyType: "integer", setting: "app.company_id" } },
    },
  };
}
