/**
 * The doc's Isolation section (issue 9, item 4) tells what the database does: the fixture with every
 * layer on (composite keys, row-level security; the config's guard) is planned and its migrations
 * run on PostgreSQL (PGlite by default), then each claim of the section is checked against the
 * catalog: the policy text it states is the policy the migration created (pg_policies), the layers
 * it lists exist (constraint, trigger, FORCE), its role checks tell the application role from a
 * superuser, and its test recipe, run as a role of its own, sees the tenant's rows and no other.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ChangeSet } from "../../src/diff/operations.js";
import { planChanges } from "../../src/diff/plan.js";
import { emitSchemaDoc } from "../../src/emitters/markdown/index.js";
import { emitMigration } from "../../src/emitters/migration/index.js";
import type { SchemaIR } from "../../src/ir/types.js";
import { applyIsolation } from "../../src/isolation/apply.js";
import { fixtureSchema } from "../fixtures/schema-ir.js";
import { createTenantRoot, openTestDatabase, type TestDatabase } from "../support/database.js";
import { codeBlocks, section } from "./markdown/doc-text.js";

const schema: SchemaIR = applyIsolation(fixtureSchema(), { keys: true, rls: true });
const tenantTables = schema.tables.filter((t) => t.scope.kind === "tenant").map((t) => t.tableName);
const options = { sequelize: 6 as const, lockTimeout: "5s", statementTimeout: "60s", backfillBatchSize: 1000 };
const role = `doc_app_${process.pid}`;


/** The cells of a Markdown table's body rows, code spans unwrapped. */
function rows(text: string): string[][] {
  return text
    .split("\n")
    .filter((l) => l.startsWith("| ") && !l.startsWith("| ---"))
    .slice(1)
    .map((l) => l.slice(2, -2).split(" | ").map((cell) => cell.trim().replace(/^`(.*)`$/, "$1")));
}

describe("the Isolation section, against the database its migrations build", () => {
  let db: TestDatabase;
  let changeSets: ChangeSet[];
  const docs = { en: [] as string[], pt: [] as string[] };

  beforeAll(async () => {
    db = await openTestDatabase();
    await createTenantRoot(db, schema.tenant);
    await db.query(`CREATE ROLE ${role} NOLOGIN NOBYPASSRLS`);
    const plan = planChanges(null, schema, "20261201000000", null);
    expect(plan.issues).toEqual([]);
    changeSets = plan.changeSets;
    for (const change of changeSets) {
      const migrations = change.migrations.map((p) => {
        const { file, sql } = emitMigration(p, options);
        return { plan: p, file: file.path, sql };
      });
      for (const migration of migrations) for (const statement of migration.sql.up) await db.query(statement);
      for (const language of ["en", "pt"] as const) {
        docs[language].push(emitSchemaDoc({ change, migrations, schema, previous: null, path: "x.md" }, { language, isolationGuard: true }).contents);
      }
    }
  });

  afterAll(async () => {
    await db?.query(`DROP OWNED BY ${role}; DROP ROLE IF EXISTS ${role}`).catch(() => undefined);
    await db?.close();
  });

  it("states, per tenant table, the policy the migration created: same name, same USING and WITH CHECK (pg_policies), FORCE on", async () => {
    for (const [language, heading] of [["en", "### Policies"], ["pt", "### Policies"]] as const) {
      const isolation = docs[language].map((doc) => section(doc, language === "en" ? "## Isolation" : "## Isolamento"));
      // A change set of global tables only (currencies) has no layer to state.
      expect(isolation.filter((text) => !text.includes(heading)).map((text) => text.trim())).toEqual([
        language === "en" ? "This change set touches no tenant table." : "Este change set não toca nenhuma tabela de tenant.",
      ]);
      const stated = isolation.filter((text) => text.includes(heading)).flatMap((text) => rows(section(text, heading)));
      // Every tenant table of the fixture, and nothing else (global tables are untouched).
      expect(stated.map(([table]) => table).sort()).toEqual([...tenantTables].sort());
      for (const [table, policy, condition] of stated) {
        const [live] = await db.query<{ policyname: string; qual: string; with_check: string; cmd: string; permissive: string }>(
          `SELECT policyname, qual, with_check, cmd, permissive FROM pg_policies WHERE schemaname = current_schema() AND tablename = '${table}'`,
        );
        expect(live, table).toMatchObject({ policyname: policy, cmd: "ALL", permissive: "PERMISSIVE" });
        // PostgreSQL deparses both the same way only if they are the same expression.
        await db.query(`CREATE POLICY doc_probe ON "${table}" USING (${condition}) WITH CHECK (${condition})`);
        const [probe] = await db.query<{ qual: string; with_check: string }>(
          `SELECT qual, with_check FROM pg_policies WHERE schemaname = current_schema() AND tablename = '${table}' AND policyname = 'doc_probe'`,
        );
        await db.query(`DROP POLICY doc_probe ON "${table}"`);
        expect(probe, table).toEqual({ qual: live!.qual, with_check: live!.with_check });
        const [flags] = await db.query<{ relrowsecurity: boolean; relforcerowsecurity: boolean }>(
          `SELECT relrowsecurity, relforcerowsecurity FROM pg_class WHERE oid = '"${table}"'::regclass`,
        );
        expect(flags, table).toEqual({ relrowsecurity: true, relforcerowsecurity: true });
      }
    }
  });

  it("lists for every tenant table the layers the config turns on, each present in the catalog", async () => {
    const stated = docs.en.map((doc) => section(doc, "## Isolation")).filter((text) => text.includes("### Layers per table")).flatMap((text) => rows(section(text, "### Layers per table")));
    expect(stated.map(([table]) => table).sort()).toEqual([...tenantTables].sort());
    for (const [table, keys, immutable, rls, guard] of stated) {
      // isolation { keys: true, rls: true } and guard on: every layer, on every tenant table.
      expect([keys, immutable, guard], table).toEqual(["Yes", "Yes", "Yes"]);
      const [live] = await db.query<{ key: boolean; trigger: boolean; policy: string }>(
        `SELECT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conrelid = '"${table}"'::regclass AND c.contype = 'u'
                  AND (SELECT array_agg(a.attname::text ORDER BY a.attname) FROM pg_attribute a WHERE a.attrelid = c.conrelid AND a.attnum = ANY (c.conkey)) = ARRAY['company_id', 'id']) AS key,
                EXISTS (SELECT 1 FROM pg_trigger t WHERE t.tgrelid = '"${table}"'::regclass AND NOT t.tgisinternal) AS trigger,
                (SELECT policyname FROM pg_policies WHERE tablename = '${table}') AS policy`,
      );
      expect(live, table).toEqual({ key: true, trigger: true, policy: rls });
    }
  });

  it("ticks 'queries filter by the tenant' in Multi-Tenant Validation, naming both layers that enforce it", () => {
    for (const table of tenantTables) {
      const doc = docs.en.find((d) => d.includes(`### \`${table}\``))!;
      const line = section(section(doc, "## Multi-Tenant Validation"), `### \`${table}\``).split("\n").find((l) => l.includes("Queries filter by the tenant"))!;
      expect(line, table).toMatch(/^- \[x\] /);
      expect(line).toContain(`policy \`${table}_tenant_isolation\``);
      expect(line).toContain("`isolation.guard`");
    }
  });

  it("gives role checks that return no rows for the application role and a row for a superuser", async () => {
    const doc = docs.en.find((d) => d.includes("# Schema Changes: tickets"))!;
    const sql = codeBlocks(section(section(doc, "## Isolation"), "### Roles"), "sql")[0]!;
    const queries = sql.split("\n").filter((l) => l.startsWith("SELECT"));
    expect(queries).toHaveLength(2);
    const [superuser] = await db.query<{ rolsuper: boolean }>("SELECT rolsuper FROM pg_roles WHERE rolname = current_user");
    if (superuser!.rolsuper) expect(await db.query(queries[0]!)).toHaveLength(1);
    // The tables belong to the migrating role: the second query sees them.
    expect((await db.query(queries[1]!)).length).toBeGreaterThan(0);
    for (const query of queries) {
      const result = await db.query(`BEGIN; SET LOCAL ROLE ${role}; ${query} ROLLBACK;`);
      expect(result, query).toEqual([]);
    }
  });

  it("its test recipe, run as the application role, sees the tenant's own rows and none of another's or without a tenant", async () => {
    const doc = docs.en.find((d) => d.includes("# Schema Changes: tickets"))!;
    const recipe = codeBlocks(section(section(doc, "## Isolation"), "### How to test"), "sql")[0]!;
    // The first tenant table the tickets change set creates (the fixture's order): tags.
    expect(/SELECT count\(\*\) FROM "([^"]+)";/.exec(recipe)![1]).toBe("tags");
    await db.query(`GRANT SELECT ON "tags" TO ${role}`);
    await db.query(`INSERT INTO "companies" ("name") VALUES ('one'), ('two')`);
    const [one, two] = await db.query<{ id: number }>(`SELECT "id" FROM "companies" ORDER BY "id"`);
    expect(one!.id).toBe(1); // the recipe's tenant
    // Two rows of tenant 1 and one of tenant 2, each written in its tenant (FORCE applies to the owner too).
    for (const [tenant, names] of [[one!.id, ["a", "b"]], [two!.id, ["c"]]] as const) {
      const values = names.map((n) => `(${tenant}, '${n}', now(), now())`).join(", ");
      await db.query(`BEGIN; SELECT set_config('app.company_id', '${tenant}', true); INSERT INTO "tags" ("company_id", "name", "created_at", "updated_at") VALUES ${values}; COMMIT;`);
    }
    const statements = recipe.split("\n").filter((l) => !l.startsWith("--")).map((l) => l.replace(/ROLE app_user;/, `ROLE ${role};`));
    expect(statements).toContain(`SET LOCAL ROLE ${role};`);
    const counts: number[] = [];
    for (const statement of statements) {
      const result = await db.query<{ count: string | number }>(statement);
      if (statement.startsWith("SELECT")) counts.push(Number(result[0]!.count));
    }
    expect(counts).toEqual([2, 0, 0]);
  });
});
