/**
 * Drift on PostgreSQL: the bundled examples' migrations applied to a database, then compared with
 * the declarations (the examples' snapshot, built on the embedded PostgreSQL and read back). No
 * difference at first; then one hand-made ALTER of each kind, each reported as exactly the
 * difference the ALTER made (the expectations are written from the ALTER statements here).
 */
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildEmbedded } from "../../src/cli/embedded-schema.js";
import { parseSnapshot } from "../../src/cli/state.js";
import { resolveConfig } from "../../src/config/define-config.js";
import { compareSchemas, describeDifference, type Difference } from "../../src/drift/compare.js";
import { readCatalog } from "../../src/introspect/catalog.js";
import { catalogToIR } from "../../src/introspect/to-ir.js";
import type { SchemaIR } from "../../src/ir/types.js";
import { createTenantRoot, openTestDatabase, type TestDatabase } from "../support/database.js";
import { migrator } from "../support/migrate.js";

const EXAMPLES = fileURLToPath(new URL("../../examples/backend/src/database/", import.meta.url));

describe("drift between the declarations and a live database", () => {
  let db: TestDatabase;
  let declared: SchemaIR;
  let expected: SchemaIR;
  const live = async (): Promise<Difference[]> => {
    const actual = catalogToIR(await readCatalog((sql) => db.query(sql)), { tenant: declared.tenant, naming: declared.naming }).schema;
    return compareSchemas(expected, actual);
  };

  beforeAll(async () => {
    const file = `${EXAMPLES}tenant-schema/snapshot.json`;
    declared = parseSnapshot(await readFile(file, "utf8"), file);
    db = await openTestDatabase();
    await createTenantRoot(db, declared.tenant);
    await migrator(db.sequelize, `${EXAMPLES}migrations`).up();
    expected = await buildEmbedded(declared, resolveConfig({}, "/repo", null));
  });
  afterAll(async () => db?.close());

  it("finds no difference where the database ran exactly the emitted migrations", async () => {
    expect(expected.tables.map((t) => t.tableName)).toEqual(declared.tables.map((t) => t.tableName).sort());
    expect(await live()).toEqual([]);
  });

  it.each([
    {
      alter: `ALTER TABLE "tickets" ALTER COLUMN "subject" DROP NOT NULL`,
      undo: `ALTER TABLE "tickets" ALTER COLUMN "subject" SET NOT NULL`,
      want: [{ kind: "changed", object: "column", table: "tickets", name: "subject", aspect: "nullable", expected: "false", actual: "true" }],
    },
    {
      alter: `ALTER TABLE "tickets" ALTER COLUMN "subject" TYPE varchar(300)`,
      undo: `ALTER TABLE "tickets" ALTER COLUMN "subject" TYPE varchar(255)`,
      want: [{ kind: "changed", object: "column", table: "tickets", name: "subject", aspect: "type", expected: '{"kind":"string","length":255}', actual: '{"kind":"string","length":300}' }],
    },
    {
      alter: `ALTER TABLE "tickets" ALTER COLUMN "subject" SET DEFAULT 'x'`,
      undo: `ALTER TABLE "tickets" ALTER COLUMN "subject" DROP DEFAULT`,
      want: [{ kind: "changed", object: "column", table: "tickets", name: "subject", aspect: "default", expected: "null", actual: '{"kind":"literal","value":"x"}' }],
    },
    {
      alter: `ALTER TABLE "tickets" ADD COLUMN "hotfix" text`,
      undo: `ALTER TABLE "tickets" DROP COLUMN "hotfix"`,
      want: [{ kind: "extra", object: "column", table: "tickets", name: "hotfix", aspect: null, expected: null, actual: null }],
    },
    {
      alter: `DROP INDEX "tickets_company_id_status_priority_idx"`,
      undo: `CREATE INDEX "tickets_company_id_status_priority_idx" ON "tickets" ("company_id", "status", "priority")`,
      want: [{ kind: "missing", object: "index", table: "tickets", name: "tickets_company_id_status_priority_idx", aspect: null, expected: null, actual: null }],
    },
    {
      alter: `CREATE INDEX "by_hand" ON "tickets" ("subject")`,
      undo: `DROP INDEX "by_hand"`,
      want: [{ kind: "extra", object: "index", table: "tickets", name: "by_hand", aspect: null, expected: null, actual: null }],
    },
    {
      alter: `ALTER TABLE "tickets" DROP CONSTRAINT "tickets_status_check"`,
      undo: `ALTER TABLE "tickets" ADD CONSTRAINT "tickets_status_check" CHECK ("status" IN ('open', 'pending', 'solved', 'closed'))`,
      want: [{ kind: "missing", object: "check", table: "tickets", name: "tickets_status_check", aspect: null, expected: null, actual: null }],
    },
    {
      // The examples' composite tenant reference (isolation keys on).
      alter: `ALTER TABLE "tickets" DROP CONSTRAINT "tickets_company_id_assignee_id_fkey", ADD CONSTRAINT "tickets_company_id_assignee_id_fkey" FOREIGN KEY ("company_id", "assignee_id") REFERENCES "users" ("company_id", "id") ON DELETE CASCADE ON UPDATE CASCADE`,
      undo: `ALTER TABLE "tickets" DROP CONSTRAINT "tickets_company_id_assignee_id_fkey", ADD CONSTRAINT "tickets_company_id_assignee_id_fkey" FOREIGN KEY ("company_id", "assignee_id") REFERENCES "users" ("company_id", "id") ON DELETE SET NULL ("assignee_id") ON UPDATE CASCADE`,
      want: [{ kind: "changed", object: "foreign key", table: "tickets", name: "tickets_company_id_assignee_id_fkey", aspect: "onDelete", expected: "SET NULL (assignee_id)", actual: "CASCADE" }],
    },
    {
      alter: `CREATE TABLE "scratch" (id serial PRIMARY KEY)`,
      undo: `DROP TABLE "scratch"`,
      want: [{ kind: "extra", object: "table", table: "scratch", name: null, aspect: null, expected: null, actual: null }],
    },
    {
      alter: `COMMENT ON COLUMN "tickets"."subject" IS 'by hand'`,
      undo: `COMMENT ON COLUMN "tickets"."subject" IS NULL`,
      want: [{ kind: "changed", object: "column", table: "tickets", name: "subject", aspect: "comment", expected: "null", actual: "by hand" }],
    },
  ])("reports $alter", async ({ alter, undo, want }) => {
    await db.query(alter);
    try {
      const differences = await live();
      expect(differences).toEqual(want);
      expect(differences.map(describeDifference)[0]).toMatch(/^(table|column|index|check|foreign key|primary key)/);
    } finally {
      await db.query(undo);
    }
    expect(await live()).toEqual([]);
  });
});
