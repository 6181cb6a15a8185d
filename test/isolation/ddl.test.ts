/**
 * isolationDdl: the statements it returns (pinned for one table, as the emitter phase and the doc
 * will show them), its choices by version and key type, and on PostgreSQL: the objects it makes
 * are there (read back with catalog SQL of the test's own), and `down` undoes `up` exactly.
 */
import { describe, expect, it } from "vitest";
import { isolationDdl, tenantPolicyCondition, type IsolationTable } from "../../src/isolation/ddl.js";
import { introspect } from "../support/introspect.js";
import { openTestDatabase, type TestDatabase } from "../support/database.js";
import { TENANT_TABLES, isolationDownStatements, schemaStatements } from "./schema.js";

const tickets: IsolationTable = {
  name: "tickets",
  tenantColumn: "company_id",
  key: "id",
  references: [{ column: "assignee_id", table: "users", onDelete: "SET NULL" }],
};

describe("isolationDdl", () => {
  it("returns, for a tenant table, the key, the composite references, the immutable tenant and RLS, with the undo", () => {
    const { up, down } = isolationDdl(tickets, { keyType: "integer" });
    expect(up).toEqual([
      `ALTER TABLE "tickets" ADD CONSTRAINT "tickets_company_id_id_key" UNIQUE ("company_id", "id")`,
      `ALTER TABLE "tickets" ADD CONSTRAINT "tickets_company_id_assignee_id_fkey" FOREIGN KEY ("company_id", "assignee_id") REFERENCES "users" ("company_id", "id") ON DELETE SET NULL ("assignee_id")`,
      `CREATE FUNCTION "tickets_company_id_immutable_fn"() RETURNS trigger LANGUAGE plpgsql AS $$\nBEGIN\n` +
        `  RAISE EXCEPTION 'tenant isolation: %.% cannot change after insert (row % of tenant % would move to tenant %)', TG_TABLE_NAME, 'company_id', OLD."id", OLD."company_id", NEW."company_id"\n` +
        `    USING ERRCODE = 'integrity_constraint_violation', HINT = 'A row belongs to its tenant for good: insert a copy in the other tenant instead.';\n` +
        `END\n$$`,
      `CREATE TRIGGER "tickets_company_id_immutable" AFTER UPDATE ON "tickets" FOR EACH ROW WHEN (NEW."company_id" IS DISTINCT FROM OLD."company_id") EXECUTE FUNCTION "tickets_company_id_immutable_fn"()`,
      `ALTER TABLE "tickets" ENABLE ROW LEVEL SECURITY`,
      `ALTER TABLE "tickets" FORCE ROW LEVEL SECURITY`,
      `CREATE POLICY "tickets_tenant_isolation" ON "tickets" USING ("company_id" = NULLIF(current_setting('app.company_id', true), '')::integer) WITH CHECK ("company_id" = NULLIF(current_setting('app.company_id', true), '')::integer)`,
    ]);
    expect(down).toEqual([
      `DROP POLICY "tickets_tenant_isolation" ON "tickets"`,
      `ALTER TABLE "tickets" NO FORCE ROW LEVEL SECURITY`,
      `ALTER TABLE "tickets" DISABLE ROW LEVEL SECURITY`,
      `DROP TRIGGER "tickets_company_id_immutable" ON "tickets"`,
      `DROP FUNCTION "tickets_company_id_immutable_fn"()`,
      `ALTER TABLE "tickets" DROP CONSTRAINT "tickets_company_id_assignee_id_fkey"`,
      `ALTER TABLE "tickets" DROP CONSTRAINT "tickets_company_id_id_key"`,
    ]);
  });

  it("leaves RLS out when asked, casts the setting to the key type, reads another setting", () => {
    const { up } = isolationDdl({ name: "tags", tenantColumn: "tenant_id", key: "id" }, { keyType: "uuid", rls: false });
    expect(up.some((statement) => /ROW LEVEL SECURITY|POLICY/.test(statement))).toBe(false);
    expect(tenantPolicyCondition("tenant_id", "uuid", "app.tenant")).toBe(`"tenant_id" = NULLIF(current_setting('app.tenant', true), '')::uuid`);
    expect(isolationDdl({ name: "tags", tenantColumn: "company_id", key: "id" }, { keyType: "bigint", setting: "app.tenant" }).up.at(-1)).toContain(
      `NULLIF(current_setting('app.tenant', true), '')::bigint`,
    );
  });

  it("refuses ON DELETE SET NULL on a tenant reference before PostgreSQL 15, and keeps the other actions", () => {
    expect(() => isolationDdl(tickets, { keyType: "integer", postgresVersion: 14 })).toThrow(
      /tickets\.assignee_id → users: ON DELETE SET NULL on a tenant reference needs PostgreSQL 15 .*on PostgreSQL 14 it would null company_id too/,
    );
    const cascade = { ...tickets, references: [{ column: "assignee_id", table: "users", onDelete: "CASCADE" as const }] };
    expect(isolationDdl(cascade, { keyType: "integer", postgresVersion: 12 }).up[1]).toMatch(/ON DELETE CASCADE$/);
  });

  it("on PostgreSQL: makes the objects it names, and down then up again is exact", async () => {
    const db = await openTestDatabase();
    try {
      const base = schemaStatements({ isolation: false }).filter((statement) => !/_(manager|assignee|ticket|tag)_id_fkey"/.test(statement));
      await db.query(base.join(";\n"));
      const before = await snapshot(db);
      const up = TENANT_TABLES.flatMap((table) => isolationDdl(table, { keyType: "integer" }).up);
      await db.query(up.join(";\n"));
      const after = await readIsolation(db);
      expect(after.constraints).toEqual([
        `tags.tags_company_id_id_key UNIQUE (company_id, id)`,
        `ticket_tags.ticket_tags_company_id_id_key UNIQUE (company_id, id)`,
        `ticket_tags.ticket_tags_company_id_tag_id_fkey FOREIGN KEY (company_id, tag_id) REFERENCES tags(company_id, id) ON DELETE CASCADE`,
        `ticket_tags.ticket_tags_company_id_ticket_id_fkey FOREIGN KEY (company_id, ticket_id) REFERENCES tickets(company_id, id) ON DELETE CASCADE`,
        `tickets.tickets_company_id_assignee_id_fkey FOREIGN KEY (company_id, assignee_id) REFERENCES users(company_id, id) ON DELETE SET NULL (assignee_id)`,
        `tickets.tickets_company_id_id_key UNIQUE (company_id, id)`,
        `users.users_company_id_id_key UNIQUE (company_id, id)`,
        `users.users_company_id_manager_id_fkey FOREIGN KEY (company_id, manager_id) REFERENCES users(company_id, id) ON DELETE SET NULL (manager_id)`,
      ]);
      expect(after.tables).toEqual(
        ["tags", "ticket_tags", "tickets", "users"].map((table) => ({ table, rls: true, force: true, triggers: [`${table}_company_id_immutable`] })),
      );
      expect(after.policies).toEqual(
        ["tags", "ticket_tags", "tickets", "users"].map((table) => ({
          table,
          policy: `${table}_tenant_isolation`,
          command: "ALL",
          using: `(company_id = (NULLIF(current_setting('app.company_id'::text, true), ''::text))::integer)`,
          check: `(company_id = (NULLIF(current_setting('app.company_id'::text, true), ''::text))::integer)`,
        })),
      );
      await db.query(isolationDownStatements({ rls: true }).join(";\n"));
      expect(await snapshot(db)).toEqual(before);
      await db.query(up.join(";\n"));
      expect(await readIsolation(db)).toEqual(after);
    } finally {
      await db.close();
    }
  });
});

/** The catalog as introspect reads it, plus what it does not read: RLS flags and policies. */
async function snapshot(db: TestDatabase) {
  return { catalog: await introspect(db), isolation: await readIsolation(db) };
}

async function readIsolation(db: TestDatabase) {
  const constraints = await db.query<{ line: string }>(`
    SELECT c.conrelid::regclass::text || '.' || c.conname || ' ' || pg_get_constraintdef(c.oid) AS line
    FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
    WHERE n.nspname = 'public' AND c.contype IN ('u', 'f') AND array_length(c.conkey, 1) > 1`);
  const tables = await db.query<{ table: string; rls: boolean; force: boolean; triggers: string[] }>(`
    SELECT c.relname AS table, c.relrowsecurity AS rls, c.relforcerowsecurity AS force,
           coalesce(array_agg(t.tgname::text ORDER BY t.tgname) FILTER (WHERE t.tgname IS NOT NULL), '{}'::text[]) AS triggers
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    LEFT JOIN pg_trigger t ON t.tgrelid = c.oid AND NOT t.tgisinternal
    WHERE n.nspname = 'public' AND c.relkind = 'r' AND c.relname <> 'companies'
    GROUP BY c.relname, c.relrowsecurity, c.relforcerowsecurity ORDER BY c.relname COLLATE "C"`);
  const policies = await db.query(`
    SELECT tablename AS table, policyname AS policy, cmd AS command, qual AS using, with_check AS check
    FROM pg_policies WHERE schemaname = 'public' ORDER BY tablename COLLATE "C", policyname COLLATE "C"`);
  const codePoints = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return { constraints: constraints.map((row) => row.line).sort(codePoints), tables, policies };
}
