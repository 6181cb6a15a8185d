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
    expect(ir).toMatchSnapshot();
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
