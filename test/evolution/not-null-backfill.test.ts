/**
 * A nullable column becomes NOT NULL with a declared backfill, through the real CLI: the existing
 * NULLs of every tenant are filled in batches, then NOT NULL is set in stages (CHECK NOT VALID →
 * VALIDATE → SET NOT NULL → DROP CHECK), outside one long transaction.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { notNullCheckName } from "../../src/ir/naming.js";
import type { SchemaIR } from "../../src/ir/types.js";
import { expectChangeSetRoundTrip, isTransactional, lintChangeSet, startEvolution, type EmitDelta, type Evolution } from "./project.js";

const V1 = `import { defineTenantTable, t } from "tenant-schema";

export const tickets = defineTenantTable("tickets", {
  subject: t.string(255),
  contactEmail: t.string(255).nullable(),
});
`;

const V2 = `import { defineTenantTable, t, sql } from "tenant-schema";

export const tickets = defineTenantTable("tickets", {
  subject: t.string(255),
  contactEmail: t.string(255).backfill(sql\`'unknown@example.test'\`),
});
`;

describe("a column made NOT NULL with a backfill", () => {
  let start: Evolution;
  let second: EmitDelta;
  let v2: SchemaIR;
  let statements: string[];

  beforeAll(async () => {
    // Three NULL rows per tenant with a batch size of 2: the backfill needs several batches per tenant.
    start = await startEvolution("not-null", { "schema/tickets.ts": V1 }, (db, [a, b]) =>
      db.query(`
        INSERT INTO tickets (company_id, subject, contact_email, created_at, updated_at) VALUES
          (${a}, 'a1', NULL, now(), now()), (${a}, 'a2', NULL, now(), now()), (${a}, 'a3', NULL, now(), now()),
          (${a}, 'a4', 'ana@acme.test', now(), now()),
          (${b}, 'b1', NULL, now(), now()), (${b}, 'b2', NULL, now(), now()), (${b}, 'b3', NULL, now(), now())`),
    );
    await start.project.write("schema/tickets.ts", V2);
    second = await start.project.emit("20261125110000");
    v2 = await start.project.snapshot();
  }, 120_000);

  afterAll(async () => {
    await start?.database.db.close();
    await start?.project.dispose();
  });

  it("emits one change set whose backfill and NOT NULL run outside a wrapping transaction", async () => {
    expect(second.report.errors).toEqual([]);
    expect(second.docs).toHaveLength(1);
    expect(second.migrations.length).toBeGreaterThan(0);
    const sources = await Promise.all(second.migrations.map((path) => start.project.read(path)));
    expect(sources.some((source) => !isTransactional(source))).toBe(true);
    expect(v2.tables[0]?.columns.find((c) => c.field === "contact_email")?.nullable).toBe(false);
  });

  it("up, down and up again leave exactly the declared catalogs; NOT NULL was set in stages", async () => {
    statements = await expectChangeSetRoundTrip(start.database, second, v2, start.catalogV1, start.project);
    const check = notNullCheckName("tickets", "contact_email");
    const at = (pattern: RegExp) => statements.findIndex((sql) => pattern.test(sql));
    const steps = [
      at(/UPDATE "tickets"/),
      at(new RegExp(`ADD CONSTRAINT "${check}" CHECK \\("contact_email" IS NOT NULL\\) NOT VALID`)),
      at(new RegExp(`VALIDATE CONSTRAINT "${check}"`)),
      at(/ALTER COLUMN "contact_email" SET NOT NULL/),
      // The last one: the ADD is written re-runnable as "DROP CONSTRAINT IF EXISTS …, ADD CONSTRAINT …".
      statements.length - 1 - [...statements].reverse().findIndex((sql) => new RegExp(`DROP CONSTRAINT (IF EXISTS )?"${check}";?$`).test(sql.trim())),
    ];
    expect(steps.every((index) => index >= 0 && index < statements.length), statements.join("\n")).toBe(true);
    expect([...steps].sort((x, y) => x - y)).toEqual(steps);
  });

  it("filled every tenant's NULLs, kept the value that was there, and refuses NULL now", async () => {
    const rows = await start.database.db.query<{ subject: string; contact_email: string }>(
      `SELECT subject, contact_email FROM tickets ORDER BY subject`,
    );
    expect(rows).toEqual([
      { subject: "a1", contact_email: "unknown@example.test" },
      { subject: "a2", contact_email: "unknown@example.test" },
      { subject: "a3", contact_email: "unknown@example.test" },
      { subject: "a4", contact_email: "ana@acme.test" },
      { subject: "b1", contact_email: "unknown@example.test" },
      { subject: "b2", contact_email: "unknown@example.test" },
      { subject: "b3", contact_email: "unknown@example.test" },
    ]);
    await expect(
      start.database.db.query(`INSERT INTO tickets (company_id, subject, created_at, updated_at) VALUES (${start.tenants[0]}, 'x', now(), now())`),
    ).rejects.toThrow(/null/i);
  });

  it("squawk finds nothing the doc's risks section does not explain", async () => {
    const { undocumented } = await lintChangeSet(start.project, second);
    expect(undocumented).toEqual([]);
  });
});
