/**
 * applyIsolation (the IR transform) and the diff it feeds: the keys, references and isolation
 * objects it declares for each kind of tenant reference (belongsTo, self-reference, junction),
 * what it leaves alone (global tables, the tenant root, keys off), and the order of switching keys
 * on and off for an existing schema (the new reference after the key it needs, the old one dropped
 * only once the new one is valid; and back).
 */
import { describe, expect, it } from "vitest";
import { defineGlobalTable, defineTenantTable, resolveConfig, t, toSchemaIR, validateSchema, type AnySchemaTable } from "../../src/index.js";
import { diffSchemas } from "../../src/diff/diff.js";
import type { Operation } from "../../src/diff/operations.js";
import { phaseOf } from "../../src/diff/order.js";
import { splitChangeSets } from "../../src/diff/split.js";
import { applyIsolation } from "../../src/isolation/apply.js";
import { planSteps } from "../../src/emitters/migration/plan-steps.js";
import type { SchemaIR, TableIR } from "../../src/ir/types.js";

const users = defineTenantTable("users", { email: t.string(255) }).belongsToSelf({ as: "manager", nullable: true, onDelete: "SET NULL" });
const tags = defineTenantTable("tags", { name: t.string(50) });
const currencies = defineGlobalTable("currencies", { code: t.string(3) }, { reason: "ISO 4217 codes are the same for every tenant" });
const tickets = defineTenantTable("tickets", { subject: t.string(255) })
  .belongsTo(users, { as: "assignee", nullable: true, onDelete: "SET NULL" })
  .belongsTo(currencies, { as: "currency", nullable: true })
  .belongsToMany(tags, { through: "ticketTags" });
const plain = toSchemaIR([users, tags, currencies, tickets] as AnySchemaTable[], resolveConfig({}, "/repo", null));
const tableOf = (schema: SchemaIR, key: string): TableIR => schema.tables.find((table) => table.key === key)!;
const fks = (table: TableIR) => table.foreignKeys.map((fk) => `${fk.name}: (${fk.columns}) → ${fk.referencedTable}(${fk.referencedColumns}) ${fk.onDelete}${fk.onDeleteColumns ? ` (${fk.onDeleteColumns})` : ""}`);

describe("applyIsolation", () => {
  const keyed = applyIsolation(plain, { keys: true, rls: false });

  it("gives every tenant table the (tenant, id) key and makes references between tenant tables composite", () => {
    expect(validateSchema(keyed)).toEqual([]);
    expect(fks(tableOf(keyed, "tickets"))).toEqual([
      "tickets_company_id_fkey: (company_id) → companies(id) CASCADE",
      "tickets_company_id_assignee_id_fkey: (company_id,assignee_id) → users(company_id,id) SET NULL (assignee_id)",
      // A global table has no tenant column to match: its reference stays as it is.
      "tickets_currency_id_fkey: (currency_id) → currencies(id) RESTRICT",
    ]);
    expect(fks(tableOf(keyed, "users"))).toEqual([
      "users_company_id_fkey: (company_id) → companies(id) CASCADE",
      "users_company_id_manager_id_fkey: (company_id,manager_id) → users(company_id,id) SET NULL (manager_id)",
    ]);
    expect(fks(tableOf(keyed, "ticketTags"))).toEqual([
      "ticket_tags_company_id_fkey: (company_id) → companies(id) CASCADE",
      "ticket_tags_company_id_ticket_id_fkey: (company_id,ticket_id) → tickets(company_id,id) CASCADE",
      "ticket_tags_company_id_tag_id_fkey: (company_id,tag_id) → tags(company_id,id) CASCADE",
    ]);
    for (const key of ["users", "tags", "tickets", "ticketTags"]) {
      const table = tableOf(keyed, key);
      expect(table.indexes.filter((index) => index.constraint && index.columns.join() === "company_id,id").map((index) => index.name)).toEqual([`${table.tableName}_company_id_id_key`]);
      expect(table.isolation).toEqual({
        immutableTenant: { trigger: `${table.tableName}_company_id_immutable`, function: `${table.tableName}_company_id_immutable_fn`, tenantColumn: "company_id", key: "id" },
        rowLevelSecurity: null,
      });
    }
    expect(tableOf(keyed, "currencies")).toEqual(tableOf(plain, "currencies"));
  });

  it("keeps a (tenant, id) unique key the table already has, under its own name", () => {
    const declared = { ...plain, tables: plain.tables.map((table) => (table.key !== "tags" ? table : { ...table, indexes: [...table.indexes, { ...table.indexes[0]!, name: "tags_tenant_key", columns: ["company_id", "id"], unique: true, constraint: true, where: null, expression: null }] })) };
    const tags = tableOf(applyIsolation(declared, { keys: true, rls: false }), "tags");
    expect(tags.indexes.filter((index) => index.unique && index.columns.join() === "company_id,id").map((index) => index.name)).toEqual(["tags_tenant_key"]);
  });

  it("changes nothing with every layer off; RLS alone adds only the policy", () => {
    expect(applyIsolation(plain, { keys: false, rls: false })).toBe(plain);
    const rls = applyIsolation(plain, { keys: false, rls: true });
    expect(tableOf(rls, "tickets").foreignKeys).toEqual(tableOf(plain, "tickets").foreignKeys);
    expect(tableOf(rls, "tickets").isolation).toEqual({
      immutableTenant: null,
      rowLevelSecurity: { policy: "tickets_tenant_isolation", tenantColumn: "company_id", keyType: "integer", setting: "app.company_id" },
    });
    expect(tableOf(rls, "currencies").isolation).toBeUndefined();
  });
});

describe("switching keys on for an existing schema", () => {
  const keyed = applyIsolation(plain, { keys: true, rls: false });
  const diff = diffSchemas(plain, keyed, { allowDestructive: false });
  const { changeSets, issues } = splitChangeSets(diff.operations, "20261201090000", null);
  const describeOp = (op: Operation) =>
    op.kind === "addForeignKey" || op.kind === "dropForeignKey"
      ? `${op.kind} ${op.foreignKey.name}`
      : op.kind === "addIndex"
        ? `addIndex ${op.index.name}`
        : op.kind === "validateConstraint"
          ? `validate ${op.name}`
          : op.kind === "addIsolation"
            ? `addIsolation ${op.object.kind}`
            : op.kind;

  it("builds each key concurrently, then adds the references NOT VALID, validates them, then drops the old ones", () => {
    expect(diff.issues).toEqual([]);
    expect(issues).toEqual([]);
    expect(changeSets.map((set) => set.migrations.map((plan) => plan.transaction))).toEqual([[true, false]]);
    const tickets = changeSets.find((set) => set.migrations.some((plan) => plan.operations.some((op) => op.table.key === "tickets")))!;
    const last = tickets.migrations.at(-1)!;
    expect(last.transaction).toBe(false);
    const ops = last.operations.map(describeOp);
    const at = (name: string) => ops.indexOf(name);
    expect(at("addIndex tickets_company_id_id_key")).toBeLessThan(at("addForeignKey ticket_tags_company_id_ticket_id_fkey"));
    expect(at("addForeignKey tickets_company_id_assignee_id_fkey")).toBeLessThan(at("validate tickets_company_id_assignee_id_fkey"));
    expect(at("validate tickets_company_id_assignee_id_fkey")).toBeLessThan(at("dropForeignKey tickets_assignee_id_fkey"));
    expect(tickets.migrations[0]!.operations.map(describeOp)).toEqual(Array(4).fill("addIsolation immutableTenant"));
    // The reference to a global table is not touched.
    expect(diff.operations.some((op) => (op.kind === "dropForeignKey" || op.kind === "addForeignKey") && op.foreignKey.referencedTable === "currencies")).toBe(false);
  });

  it("prints re-runnable statements for the migration without a transaction, and down restores the old reference validated", () => {
    const tickets = changeSets.find((set) => set.migrations.some((plan) => plan.operations.some((op) => op.table.key === "tickets")))!;
    const steps = planSteps(tickets.migrations.at(-1)!, { backfillBatchSize: 1000 });
    const sql = (list: typeof steps.up) => list.map((step) => (step.kind === "sql" ? step.sql : step.kind));
    expect(sql(steps.up)).toContain(
      `DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conrelid = '"tickets"'::regclass AND conname = 'tickets_company_id_assignee_id_fkey') THEN ALTER TABLE "tickets" ADD CONSTRAINT "tickets_company_id_assignee_id_fkey" FOREIGN KEY ("company_id", "assignee_id") REFERENCES "users" ("company_id", "id") ON DELETE SET NULL ("assignee_id") ON UPDATE CASCADE NOT VALID; END IF; END $$`,
    );
    expect(sql(steps.up)).toContain(`ALTER TABLE "tickets" DROP CONSTRAINT IF EXISTS "tickets_assignee_id_fkey"`);
    const down = sql(steps.down);
    const restore = down.findIndex((statement) => /ADD CONSTRAINT "tickets_assignee_id_fkey" FOREIGN KEY \("assignee_id"\) REFERENCES "users" \("id"\) ON DELETE SET NULL ON UPDATE CASCADE; END IF/.test(statement));
    expect(restore).toBeGreaterThanOrEqual(0);
    expect(restore).toBeLessThan(down.indexOf(`ALTER TABLE "tickets" DROP CONSTRAINT IF EXISTS "tickets_company_id_assignee_id_fkey"`));
    expect(down.at(-1)).toMatch(/^ALTER TABLE "\w+" DROP CONSTRAINT IF EXISTS "\w+_company_id_id_key"$/);
  });

  it("refuses, with the way out, a new table referencing a key the same change adds", () => {
    const comments = defineTenantTable("comments", { body: t.text() }).belongsTo(tickets, { as: "ticket" });
    const withNew = applyIsolation(toSchemaIR([users, tags, currencies, tickets, comments] as AnySchemaTable[], resolveConfig({}, "/repo", null)), { keys: true, rls: false });
    const issues = diffSchemas(plain, withNew, { allowDestructive: false }).issues;
    expect(issues.map((issue) => [issue.code, issue.table])).toEqual([["reference-to-new-key", "comments"]]);
    expect(issues[0]!.message).toMatch(/references tickets \(company_id, id\), a key this same change adds .*emit the key first/);
    // With the keys already on, the new table is an ordinary creation.
    expect(diffSchemas(keyed, withNew, { allowDestructive: false }).issues).toEqual([]);
  });

  it("switching back off drops the composite references in the transaction that restores the old ones, and the keys last", () => {
    const back = diffSchemas(keyed, plain, { allowDestructive: false });
    expect(back.issues).toEqual([]);
    expect(back.operations.some((op) => "afterKey" in op)).toBe(false);
    const dropKey = back.operations.find((op) => op.kind === "dropIndex" && op.index.name === "tickets_company_id_id_key")!;
    const dropComposite = back.operations.find((op) => op.kind === "dropForeignKey" && op.foreignKey.name === "tickets_company_id_assignee_id_fkey")!;
    const addOld = back.operations.find((op) => op.kind === "addForeignKey" && op.foreignKey.name === "tickets_assignee_id_fkey")!;
    expect([phaseOf(dropComposite), phaseOf(addOld), phaseOf(dropKey)]).toEqual([0, 0, 2]);
    expect(back.operations.filter((op) => op.kind === "dropIsolation")).toHaveLength(4);
  });
});
