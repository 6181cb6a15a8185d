import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { isSchemaTable, resolveConfig, toSchemaIR, validateSchema, type TableIR } from "tenant-schema";
import * as audit from "../../examples/schema/audit.js";
import * as notifications from "../../examples/schema/notifications.js";
import * as payments from "../../examples/schema/payments.js";
import * as tickets from "../../examples/schema/tickets.js";
import * as users from "../../examples/schema/users.js";
import * as webhooks from "../../examples/schema/webhooks.js";

const rootDir = new URL("../..", import.meta.url).pathname.replace(/\/$/, "");
const tables = [audit, notifications, payments, tickets, users, webhooks].flatMap((module) => Object.values(module).filter(isSchemaTable));
const ir = toSchemaIR(tables, resolveConfig({}, rootDir, null));
const table = (key: string): TableIR => {
  const found = ir.tables.find((candidate) => candidate.key === key);
  if (found === undefined) throw new Error(`no table ${key}`);
  return found;
};
const lineOf = (file: string, text: string): number =>
  readFileSync(`${rootDir}/${file}`, "utf8").split("\n").findIndex((line) => line.includes(text)) + 1;

describe("toSchemaIR on the examples", () => {
  test("the examples are valid and the IR is plain JSON data", () => {
    expect(validateSchema(ir)).toEqual([]);
    expect(JSON.parse(JSON.stringify(ir))).toEqual(ir);
  });

  test("every table is a tenant table keyed by its own id, under the default tenant root", () => {
    expect(ir).toMatchObject({ version: 1, naming: "snake_case", acknowledgements: [] });
    expect(ir.tenant).toEqual({ tableName: "companies", key: "id", keyType: "integer", attribute: "companyId", field: "company_id", onDelete: "CASCADE", model: null });
    for (const t of ir.tables) {
      expect(t, t.key).toMatchObject({ scope: { kind: "tenant" }, departures: [], renamedFrom: null, transition: { view: null, columns: [] }, timestamps: true });
      expect(t.primaryKey, t.key).toEqual({ name: `${t.tableName}_pkey`, columns: ["id"] });
      expect(t.columns.find((c) => c.role === "tenant"), t.key).toMatchObject({ name: "companyId", field: "company_id", type: { kind: "integer" }, nullable: false });
      expect(t.foreignKeys[0], t.key).toMatchObject({ name: `${t.tableName}_company_id_fkey`, columns: ["company_id"], referencedTable: "companies", referencedColumns: ["id"], onDelete: "CASCADE" });
    }
  });

  test("a table gets its own tenant index only when no full btree index leads with company_id", () => {
    const withTenantIndex = ir.tables.filter((t) => t.indexes.some((i) => i.origin === "tenant")).map((t) => t.key);
    // notifications' only index on companyId first is partial (deleted_at IS NULL); ticketTags' junction key leads with ticket_id.
    expect(withTenantIndex).toEqual(["notifications", "ticketTags"]);
    expect(table("notifications").indexes.find((i) => i.origin === "tenant")).toMatchObject({ name: "notifications_company_id_idx", columns: ["company_id"], unique: false, where: null, method: "btree" });
  });

  test("declared indexes keep the declared columns, method and predicate", () => {
    const declared = (key: string) => table(key).indexes.filter((i) => i.origin === "declared").map((i) => [i.name, i.columns, i.method, i.where]);
    expect(declared("auditLogs")).toEqual([
      ["audit_logs_company_id_created_at_idx", ["company_id", "created_at"], "btree", null],
      ["audit_logs_company_id_entity_type_entity_id_idx", ["company_id", "entity_type", "entity_id"], "btree", null],
      ["audit_logs_company_id_user_id_created_at_idx", ["company_id", "user_id", "created_at"], "btree", null],
      ["audit_logs_details_idx", ["details"], "gin", null],
    ]);
    expect(declared("notifications")).toEqual([
      ["notifications_company_id_user_id_status_created_at_idx", ["company_id", "user_id", "status", "created_at"], "btree", `"deleted_at" IS NULL`],
    ]);
    expect(declared("tickets")).toEqual([
      ["tickets_company_id_status_priority_idx", ["company_id", "status", "priority"], "btree", null],
      ["tickets_company_id_assignee_id_status_idx", ["company_id", "assignee_id", "status"], "btree", null],
      ["tickets_company_id_due_at_idx", ["company_id", "due_at"], "btree", null],
    ]);
    expect(declared("webhookDeliveries")).toEqual([
      ["webhook_deliveries_next_retry_at_idx", ["next_retry_at"], "btree", `"status" = 'pending' AND "deleted_at" IS NULL`],
      [expect.stringMatching(/^webhook_deliveries_company_id_webhook_endpoint_id_/), ["company_id", "webhook_endpoint_id", "created_at"], "btree", null],
    ]);
    // Its full name would be 64 bytes: shortened to PostgreSQL's 63, still distinct from its siblings.
    const long = table("webhookDeliveries").indexes.map((i) => i.name);
    expect(long.every((name) => Buffer.byteLength(name) <= 63)).toBe(true);
    expect(new Set(long).size).toBe(long.length);
  });

  test("a unique column is unique within its tenant: (company_id, column)", () => {
    const unique = ir.tables.flatMap((t) => t.indexes.filter((i) => i.origin === "unique").map((i) => [t.key, i.name, i.columns, i.unique]));
    expect(unique).toEqual([
      ["paymentTransactions", "payment_transactions_company_id_idempotency_key_key", ["company_id", "idempotency_key"], true],
      ["tags", "tags_company_id_name_key", ["company_id", "name"], true],
      ["users", "users_company_id_email_key", ["company_id", "email"], true],
    ]);
  });

  test("column types, nullability, defaults and comments are the declared ones", () => {
    const column = (key: string, name: string) => table(key).columns.find((c) => c.name === name);
    const literal = (value: unknown) => ({ kind: "literal", value });
    expect(column("auditLogs", "entityId")).toMatchObject({ field: "entity_id", type: { kind: "bigint" }, nullable: false });
    expect(column("auditLogs", "details")).toMatchObject({ type: { kind: "jsonb" }, default: literal({}) });
    expect(column("auditLogs", "ip")).toMatchObject({ type: { kind: "string", length: 45 }, nullable: true });
    expect(column("notifications", "status")).toMatchObject({ type: { kind: "enum", values: ["unread", "read"], length: 20 }, default: literal("unread") });
    expect(column("notifications", "metadata")).toMatchObject({ type: { kind: "jsonb", tsType: "{ link?: string }" }, default: literal({}) });
    expect(column("paymentTransactions", "amount")).toMatchObject({ type: { kind: "decimal", precision: 12, scale: 2 }, nullable: false, default: null });
    expect(column("paymentTransactions", "currency")).toMatchObject({ type: { kind: "string", length: 3 }, default: literal("BRL") });
    expect(column("tickets", "dueAt")).toMatchObject({ field: "due_at", type: { kind: "timestamp" }, nullable: true, comment: "When the tenant's SLA says the ticket must be solved" });
    expect(column("webhookEndpoints", "events")).toMatchObject({ type: { kind: "array", element: { kind: "string", length: 50 } }, default: literal([]) });
    expect(column("webhookEndpoints", "active")).toMatchObject({ type: { kind: "boolean" }, default: literal(true) });
    expect(column("webhookDeliveries", "attempts")).toMatchObject({ type: { kind: "integer" }, default: literal(0) });
    expect(column("users", "managerId")).toMatchObject({ field: "manager_id", role: "foreignKey", nullable: true });
    expect(table("users").foreignKeys[1]).toMatchObject({ name: "users_manager_id_fkey", columns: ["manager_id"], referencedTable: "users", onDelete: "SET NULL" });
    expect(table("webhookDeliveries").foreignKeys[1]).toMatchObject({ columns: ["webhook_endpoint_id"], referencedTable: "webhook_endpoints", onDelete: "CASCADE" });
  });

  test("descriptions come from .describe()", () => {
    expect(table("auditLogs").description).toBe("Append-mostly audit trail of user actions");
    expect(table("webhookDeliveries").description).toBe("Deliveries of webhook events, with retries");
  });

  test("tables are sorted by key, junction tables included", () => {
    expect(ir.tables.map((t) => t.key)).toEqual([
      "auditLogs", "notifications", "paymentTransactions", "tags", "ticketTags", "tickets", "users", "webhookDeliveries", "webhookEndpoints",
    ]);
    expect(table("webhookDeliveries").tableName).toBe("webhook_deliveries");
    expect(table("webhookDeliveries").modelName).toBe("WebhookDelivery");
  });

  test("columns: id, tenant, declared in order, foreign keys, timestamps", () => {
    expect(table("notifications").columns.map((c) => c.name)).toEqual([
      "id", "companyId", "title", "body", "status", "readAt", "metadata", "userId", "createdAt", "updatedAt", "deletedAt",
    ]);
    const tenant = table("notifications").columns[1];
    expect(tenant).toMatchObject({ field: "company_id", nullable: false, role: "tenant" });
    expect(table("notifications").columns.find((c) => c.name === "deletedAt")?.nullable).toBe(true);
  });

  test("built-in indexes: tenant and foreign keys, skipped when a btree index already leads with the column", () => {
    const users = table("users");
    // The per-tenant unique email index leads with company_id, so no separate tenant index.
    expect(users.indexes.map((i) => [i.name, i.origin])).toEqual([["users_manager_id_idx", "foreignKey"], ["users_company_id_email_key", "unique"]]);
    const audit = table("auditLogs");
    expect(audit.indexes.filter((i) => i.origin !== "declared")).toEqual([
      expect.objectContaining({ name: "audit_logs_user_id_idx", columns: ["user_id"], origin: "foreignKey" }),
    ]);
    expect(audit.indexes.find((i) => i.method === "gin")?.columns).toEqual(["details"]);
    const deliveries = table("webhookDeliveries");
    const partial = deliveries.indexes.find((i) => i.where !== null);
    expect(partial?.where).toBe(`"status" = 'pending' AND "deleted_at" IS NULL`);
    expect(deliveries.indexes.every((i) => i.reason.kind !== "written" || i.reason.text.length > 0)).toBe(true);
  });

  test("foreign keys, checks and SET NULL", () => {
    const payments = table("paymentTransactions");
    expect(payments.foreignKeys.map((f) => [f.name, f.referencedTable, f.onDelete])).toEqual([
      ["payment_transactions_company_id_fkey", "companies", "CASCADE"],
      ["payment_transactions_user_id_fkey", "users", "SET NULL"],
    ]);
    expect(payments.columns.find((c) => c.name === "userId")?.nullable).toBe(true);
    expect(payments.checks.map((c) => [c.name, c.expression, c.origin])).toEqual([
      ["payment_transactions_provider_check", `"provider" IN ('stripe', 'pagarme', 'mercadopago')`, "enum"],
      ["payment_transactions_provider_status_check", `"provider_status" IN ('pending', 'authorized', 'paid', 'refunded', 'failed')`, "enum"],
      ["payment_transactions_amount_non_negative_check", `"amount" >= 0`, "declared"],
    ]);
  });

  test("belongsToMany makes a junction table and both sides' associations", () => {
    const junction = table("ticketTags");
    expect(junction).toMatchObject({ tableName: "ticket_tags", modelName: "TicketTag", paranoid: false, junction: { left: "tickets", right: "tags" }, feature: "tickets" });
    expect(junction.columns.map((c) => c.name)).toEqual(["id", "companyId", "ticketId", "tagId", "createdAt", "updatedAt"]);
    expect(junction.foreignKeys.map((f) => [f.columns[0], f.onDelete])).toEqual([["company_id", "CASCADE"], ["ticket_id", "CASCADE"], ["tag_id", "CASCADE"]]);
    expect(junction.indexes.map((i) => [i.columns, i.unique, i.origin])).toEqual([
      [["company_id"], false, "tenant"],
      [["tag_id"], false, "foreignKey"],
      [["ticket_id", "tag_id"], true, "junction"],
    ]);
    expect(table("tickets").associations).toContainEqual({ kind: "belongsToMany", as: "tags", target: "tags", targetModel: "Tag", through: "ticketTags", throughModel: "TicketTag", foreignKey: "ticketId", otherKey: "tagId" });
    expect(table("tags").associations).toContainEqual({ kind: "belongsToMany", as: "tickets", target: "tickets", targetModel: "Ticket", through: "ticketTags", throughModel: "TicketTag", foreignKey: "tagId", otherKey: "ticketId" });
  });

  test("inverse associations land on the target", () => {
    expect(table("users").associations).toEqual([
      { kind: "belongsTo", as: "manager", target: "users", targetModel: "User", foreignKey: "managerId" },
      { kind: "hasMany", as: "auditLogs", target: "auditLogs", targetModel: "AuditLog", foreignKey: "userId" },
      { kind: "hasMany", as: "notifications", target: "notifications", targetModel: "Notification", foreignKey: "userId" },
      { kind: "hasMany", as: "paymentTransactions", target: "paymentTransactions", targetModel: "PaymentTransaction", foreignKey: "userId" },
      { kind: "hasMany", as: "assigneeTickets", target: "tickets", targetModel: "Ticket", foreignKey: "assigneeId" },
      { kind: "hasMany", as: "managerUsers", target: "users", targetModel: "User", foreignKey: "managerId" },
    ]);
    expect(table("tickets").associations[0]).toEqual({ kind: "belongsTo", as: "assignee", target: "users", targetModel: "User", foreignKey: "assigneeId" });
  });

  test("features come from the defining file; sources point at the right line", () => {
    expect(Object.fromEntries(ir.tables.map((t) => [t.key, t.feature]))).toMatchObject({
      auditLogs: "audit", webhookDeliveries: "webhooks", webhookEndpoints: "webhooks", tags: "tickets", ticketTags: "tickets",
    });
    const file = "examples/schema/tickets.ts";
    expect(table("tickets").source).toEqual({ file, line: lineOf(file, `defineTenantTable("tickets"`) });
    expect(table("tickets").columns.find((c) => c.name === "priority")?.source).toEqual({ file, line: lineOf(file, "priority:") });
    expect(table("tickets").foreignKeys[1]?.source).toEqual({ file, line: lineOf(file, ".belongsTo(users") });
    expect(table("ticketTags").source).toEqual({ file, line: lineOf(file, ".belongsToMany(tags") });
    const payments = "examples/schema/payments.ts";
    expect(table("paymentTransactions").checks[2]?.source).toEqual({ file: payments, line: lineOf(payments, `.check("amount_non_negative"`) });
  });
});
