import { describe, expect, it } from "vitest";
import { tenantChecks, type TenantCheck, type TenantCheckId } from "../../src/ir/tenant-checks.js";
import type { SchemaIR, TableIR } from "../../src/ir/types.js";
import { fixtureSchema } from "../fixtures/schema-ir.js";

function tableOf(schema: SchemaIR, key: string): TableIR {
  const table = schema.tables.find((t) => t.key === key);
  if (!table) throw new Error(`no table ${key}`);
  return table;
}

function check(checks: TenantCheck[], id: TenantCheckId): TenantCheck {
  const found = checks.find((c) => c.id === id);
  if (!found) throw new Error(`no check ${id}`);
  return found;
}

describe("tenantChecks", () => {
  it("proves every property of every tenant table of the fixture", () => {
    const schema = fixtureSchema();
    for (const table of schema.tables.filter((t) => t.scope.kind === "tenant")) {
      const checks = tenantChecks(table, schema);
      expect(checks.map((c) => c.id)).toEqual([
        "tenant-column",
        "tenant-foreign-key",
        "tenant-index",
        "unique-scoped",
        "references-tenant-scoped",
        "soft-delete",
        "indexes-lead-with-tenant",
      ]);
      expect(checks.filter((c) => !c.passed), table.key).toEqual([]);
    }
  });

  it("names the index that serves tenant queries and the tenant foreign key's ON DELETE", () => {
    const schema = fixtureSchema();
    const checks = tenantChecks(tableOf(schema, "tickets"), schema);
    // The partial composite index cannot serve every tenant query; the plain one can.
    expect(check(checks, "tenant-index").finding).toEqual({ kind: "tenantIndexOk", index: "tickets_company_id_idx", field: "company_id" });
    expect(check(checks, "tenant-foreign-key").finding).toMatchObject({ kind: "tenantForeignKeyOk", onDelete: "CASCADE" });
    expect(check(checks, "tenant-foreign-key").detail).toContain("ON DELETE CASCADE");
  });

  it("fails the tenant index check when only a partial index leads with the tenant column", () => {
    const schema = fixtureSchema();
    const tickets = tableOf(schema, "tickets");
    tickets.indexes = tickets.indexes.filter((i) => i.name !== "tickets_company_id_idx");
    const result = check(tenantChecks(tickets, schema), "tenant-index");
    expect(result.passed).toBe(false);
    expect(result.finding.kind).toBe("tenantIndexMissing");
    expect(result.detail).toMatch(/company_id/);
  });

  it("fails on a nullable, missing or mistyped tenant column", () => {
    const schema = fixtureSchema();
    const tags = tableOf(schema, "tags");
    const tenant = tags.columns.find((c) => c.role === "tenant")!;
    tenant.nullable = true;
    expect(check(tenantChecks(tags, schema), "tenant-column")).toMatchObject({ passed: false, finding: { kind: "tenantColumnNullable" } });
    tenant.nullable = false;
    tenant.type = { kind: "uuid" };
    expect(check(tenantChecks(tags, schema), "tenant-column")).toMatchObject({ passed: false, finding: { kind: "tenantColumnWrongType" } });
    tags.columns = tags.columns.filter((c) => c.role !== "tenant");
    expect(check(tenantChecks(tags, schema), "tenant-column")).toMatchObject({ passed: false, finding: { kind: "tenantColumnMissing" } });
  });

  it("fails when the foreign key to the tenant root is missing", () => {
    const schema = fixtureSchema();
    const tags = tableOf(schema, "tags");
    tags.foreignKeys = [];
    expect(check(tenantChecks(tags, schema), "tenant-foreign-key")).toMatchObject({ passed: false, finding: { kind: "tenantForeignKeyMissing" } });
  });

  it("fails on a unique index that is not scoped by the tenant", () => {
    const schema = fixtureSchema();
    const tags = tableOf(schema, "tags");
    tags.indexes[0]!.columns = ["name"];
    const result = check(tenantChecks(tags, schema), "unique-scoped");
    expect(result.passed).toBe(false);
    expect(result.finding).toEqual({ kind: "uniqueUnscoped", indexes: ["tags_company_id_name_key"], field: "company_id" });
  });

  it("accepts a unique index scoped through a reference to a tenant table's primary key, not to a global one", () => {
    const schema = fixtureSchema();
    const junction = tableOf(schema, "ticketTags");
    expect(check(tenantChecks(junction, schema), "unique-scoped").passed).toBe(true);
    // Point ticket_id at the global currencies table: (ticket_id, tag_id) is still scoped by tag_id.
    junction.foreignKeys.find((f) => f.name === "ticket_tags_ticket_id_fkey")!.referencedTable = "currencies";
    expect(check(tenantChecks(junction, schema), "unique-scoped").passed).toBe(true);
    // ...but not once neither column is bound to a tenant.
    junction.foreignKeys.find((f) => f.name === "ticket_tags_tag_id_fkey")!.referencedTable = "currencies";
    expect(check(tenantChecks(junction, schema), "unique-scoped").passed).toBe(false);
  });

  it("passes with a foreign key to a global table (named as such), fails with a table outside the schema", () => {
    const schema = fixtureSchema();
    const tickets = tableOf(schema, "tickets");
    tickets.foreignKeys.find((f) => f.name === "tickets_assignee_id_fkey")!.referencedTable = "currencies";
    const result = check(tenantChecks(tickets, schema), "references-tenant-scoped");
    expect(result).toMatchObject({ passed: true, finding: { kind: "referencesTenantScoped", tables: [], global: ["currencies"] } });
    tickets.foreignKeys.find((f) => f.name === "tickets_assignee_id_fkey")!.referencedTable = "legacy_users";
    expect(check(tenantChecks(tickets, schema), "references-tenant-scoped").finding).toMatchObject({ unknown: ["legacy_users"] });
  });

  it("fails soft delete on a non-paranoid table that is not a junction", () => {
    const schema = fixtureSchema();
    const tags = tableOf(schema, "tags");
    tags.paranoid = false;
    expect(check(tenantChecks(tags, schema), "soft-delete")).toMatchObject({ passed: false, finding: { kind: "softDeleteMissing", paranoid: false } });
    const junction = tableOf(schema, "ticketTags");
    junction.junction = null;
    expect(check(tenantChecks(junction, schema), "soft-delete").passed).toBe(false);
  });

  it("warns (advisory) about a declared index that does not lead with the tenant column", () => {
    const schema = fixtureSchema();
    const notifications = tableOf(schema, "notifications");
    const inbox = notifications.indexes.find((i) => i.name === "notifications_company_id_status_created_at_idx")!;
    inbox.columns = ["status", "created_at"];
    const result = check(tenantChecks(notifications, schema), "indexes-lead-with-tenant");
    expect(result).toMatchObject({ passed: false, severity: "advisory" });
    expect(result.finding).toMatchObject({ indexes: [inbox.name] });
  });

  it("states the reason of a global table instead of tenant checks, and flags references to tenant data", () => {
    const schema = fixtureSchema();
    const currencies = tableOf(schema, "currencies");
    const checks = tenantChecks(currencies, schema);
    expect(checks.map((c) => c.id)).toEqual(["global-scope", "global-references"]);
    expect(check(checks, "global-scope")).toMatchObject({ passed: true, detail: expect.stringContaining("ISO 4217") });
    currencies.foreignKeys.push({ ...tableOf(schema, "tickets").foreignKeys[0]!, name: "currencies_company_id_fkey" });
    expect(check(tenantChecks(currencies, schema), "global-references")).toMatchObject({ passed: false, finding: { tables: ["companies"] } });
  });
});
