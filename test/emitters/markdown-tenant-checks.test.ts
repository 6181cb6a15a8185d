import { applyIsolation } from "../../src/isolation/apply.js";
import { describe, expect, it } from "vitest";
import { emitSchemaDoc } from "../../src/emitters/markdown/index.js";
import { tenantChecks, type TenantCheck, type TenantCheckId } from "../../src/ir/tenant-checks.js";
import type { SchemaIR, TableIR } from "../../src/ir/types.js";
import { fixtureSchema } from "../fixtures/schema-ir.js";
import { docInput } from "./markdown/doc-input.js";
import { en } from "../../src/emitters/markdown/messages/en.js";

/** The English doc's words for a check's finding (code spans left plain). */
const words = (c: TenantCheck): string => en.tenant.finding(c.finding, (s) => s);

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
  it("ticks 'queries filter by the tenant' only under row-level security, naming the layers that protect the table", () => {
    const plain = fixtureSchema();
    const keyed = applyIsolation(plain, { keys: true, rls: false });
    const all = applyIsolation(plain, { keys: true, rls: true });
    const of = (schema: typeof plain) => check(tenantChecks(tableOf(schema, "tickets"), schema), "queries-tenant-filtered");
    expect(of(plain)).toMatchObject({ passed: false, severity: "advisory", finding: { kind: "queriesNotEnforced", keys: false, immutableTenant: false } });
    expect(of(keyed)).toMatchObject({ passed: false, finding: { kind: "queriesNotEnforced", keys: true, immutableTenant: true } });
    expect(of(all)).toMatchObject({ passed: true, finding: { kind: "queriesEnforced", rls: { policy: "tickets_tenant_isolation", setting: "app.company_id" }, guard: false, keys: true } });
    expect(words(of(all))).toContain("row-level security: policy tickets_tenant_isolation on app.company_id");
    expect(words(of(all))).toContain("Also protected by: composite tenant keys, an immutable tenant column.");
  });

  it("ticks 'queries filter by the tenant' when the emitted models install the guard (isolation.guard), with or without row-level security", () => {
    const keyed = applyIsolation(fixtureSchema(), { keys: true, rls: false });
    const all = applyIsolation(fixtureSchema(), { keys: true, rls: true });
    const of = (schema: SchemaIR, guard: boolean) => check(tenantChecks(tableOf(schema, "tickets"), schema, { guard }), "queries-tenant-filtered");
    expect(of(keyed, false)).toMatchObject({ passed: false, finding: { kind: "queriesNotEnforced" } });
    expect(of(keyed, true)).toMatchObject({ passed: true, finding: { kind: "queriesEnforced", rls: null, guard: true } });
    expect(words(of(keyed, true))).toContain("the runtime guard of the emitted models (isolation.guard)");
    expect(words(of(keyed, true))).not.toContain("row-level security");
    expect(words(of(all, true))).toContain("row-level security: policy tickets_tenant_isolation on app.company_id");
    expect(words(of(all, true))).toContain("the runtime guard");
    // A global table is no tenant model: the guard leaves it alone, and its checks have no such box.
    const currencies = tableOf(all, "currencies");
    expect(tenantChecks(currencies, all, { guard: true }).map((c) => c.id)).not.toContain("queries-tenant-filtered");
    for (const language of ["en", "pt"] as const) {
      const input = docInput("tickets", keyed);
      const text = emitSchemaDoc(input, { language, isolationGuard: true }).contents;
      const line = text.split("\n").find((l) => l.includes(language === "en" ? "**Queries filter by the tenant (enforced)**" : "**Consultas filtram pelo tenant (garantido)**"));
      expect(line, language).toMatch(/^- \[x\] /);
      expect(line).toContain("`isolation.guard`");
    }
  });

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
        "queries-tenant-filtered",
      ]);
      // The fixture has no isolation layers: nothing enforces the tenant filter (advisory).
      expect(checks.filter((c) => !c.passed).map((c) => [c.id, c.severity]), table.key).toEqual([["queries-tenant-filtered", "advisory"]]);
    }
  });

  it("names the index that serves tenant queries and the tenant foreign key's ON DELETE", () => {
    const schema = fixtureSchema();
    const checks = tenantChecks(tableOf(schema, "tickets"), schema);
    // The partial composite index cannot serve every tenant query; the plain one can.
    expect(check(checks, "tenant-index").finding).toEqual({ kind: "tenantIndexOk", index: "tickets_company_id_idx", field: "company_id" });
    expect(check(checks, "tenant-foreign-key").finding).toMatchObject({ kind: "tenantForeignKeyOk", onDelete: "CASCADE" });
    expect(words(check(checks, "tenant-foreign-key"))).toContain("ON DELETE CASCADE");
  });

  it("fails the tenant index check when only a partial index leads with the tenant column", () => {
    const schema = fixtureSchema();
    const tickets = tableOf(schema, "tickets");
    tickets.indexes = tickets.indexes.filter((i) => i.name !== "tickets_company_id_idx");
    const result = check(tenantChecks(tickets, schema), "tenant-index");
    expect(result.passed).toBe(false);
    expect(result.finding.kind).toBe("tenantIndexMissing");
    expect(words(result)).toMatch(/company_id/);
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
    expect(check(checks, "global-scope")).toMatchObject({ passed: true });
    expect(words(check(checks, "global-scope"))).toContain("ISO 4217");
    currencies.foreignKeys.push({ ...tableOf(schema, "tickets").foreignKeys[0]!, name: "currencies_company_id_fkey" });
    expect(check(tenantChecks(currencies, schema), "global-references")).toMatchObject({ passed: false, finding: { tables: ["companies"] } });
  });

  it("lists a declared GIN index that does not lead with the tenant column as an exception with its reason, never silently", () => {
    const schema = fixtureSchema();
    const notifications = tableOf(schema, "notifications");
    // The fixture's own GIN index over the jsonb column.
    const gin = notifications.indexes.find((i) => i.method === "gin")!;
    expect(gin).toMatchObject({ name: "notifications_metadata_idx", columns: ["metadata"], origin: "declared" });
    const result = check(tenantChecks(notifications, schema), "indexes-lead-with-tenant");
    expect(result.passed).toBe(true);
    expect(result.finding).toMatchObject({ kind: "indexesLeadWithTenant", exceptions: [{ index: gin.name, reason: "gin" }] });
    expect(words(result)).toContain(`Exceptions: ${gin.name} (GIN`);
    for (const [language, words] of [["en", "Exceptions: `notifications_metadata_idx` (GIN: the tenant column is no GIN key"], ["pt", "Exceções: `notifications_metadata_idx` (GIN: a coluna tenant não é chave GIN"]] as const) {
      const line = emitSchemaDoc(docInput("notifications", schema), { language }).contents.split("\n").find((l) => l.includes("notifications_metadata_idx") && l.startsWith("- ["));
      expect(line, language).toMatch(/^- \[x\] /);
      expect(line, language).toContain(words);
    }
    // A btree index that does not lead with it is no exception: the box stays unticked.
    notifications.indexes.push({ ...gin, name: "notifications_title_idx", method: "btree", columns: ["title"] });
    expect(check(tenantChecks(notifications, schema), "indexes-lead-with-tenant")).toMatchObject({ passed: false, finding: { indexes: ["notifications_title_idx"] } });
  });

  it("says how each unique index is tenant-scoped: the junction's pair through its reference to a tenant table", () => {
    const schema = fixtureSchema();
    const unique = (key: string) => check(tenantChecks(tableOf(schema, key), schema), "unique-scoped");
    expect(unique("ticketTags").finding).toEqual({
      kind: "uniqueScoped",
      indexes: [{ index: "ticket_tags_ticket_id_tag_id_key", scope: { kind: "tenantReference", column: "ticket_id", table: "tickets" } }],
    });
    expect(unique("tags").finding).toEqual({ kind: "uniqueScoped", indexes: [{ index: "tags_company_id_name_key", scope: { kind: "tenantColumn", column: "company_id" } }] });
    const doc = (language: "pt" | "en") => emitSchemaDoc(docInput("tickets", schema), { language }).contents;
    expect(doc("en")).toContain("`ticket_tags_ticket_id_tag_id_key` is scoped by `ticket_id`, a reference to the tenant table `tickets` (each of its rows belongs to one tenant).");
    expect(doc("pt")).toContain("`ticket_tags_ticket_id_tag_id_key` é escopado por `ticket_id`, referência à tabela tenant `tickets` (cada linha dela pertence a um só tenant).");
  });
});
