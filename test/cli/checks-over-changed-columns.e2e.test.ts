/**
 * Checks over changed columns, through the real CLI on PostgreSQL: a longer enum and a wider
 * VARCHAR keep their CHECKs in the form a fresh CHECK has (dropped before the type change, added
 * NOT VALID and validated after it, mirrored by down), and changed enum values end validated.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SchemaIR } from "../../src/ir/types.js";
import { expectChangeSetRoundTrip, startEvolution, type EmitDelta, type Evolution } from "../evolution/project.js";

const V1 = `import { defineTenantTable, t, sql } from "tenant-schema";

export const tickets = defineTenantTable("tickets", {
  priority: t.enum(["low", "high"], { length: 10 }).default("low"),
  status: t.enum(["open", "pending"], { length: 20 }).default("open"),
  code: t.string(20).check((c) => sql\`length(\${c}) > 1\`),
});
`;

const V2 = `import { defineTenantTable, t, sql } from "tenant-schema";

export const tickets = defineTenantTable("tickets", {
  priority: t.enum(["low", "high"], { length: 40 }).default("low"),
  status: t.enum(["open", "pending", "closed"], { length: 20 }).default("open"),
  code: t.string(80).check((c) => sql\`length(\${c}) > 1\`),
});
`;

/** How PostgreSQL shows an enum CHECK it re-parsed for a type change; a fresh one shows ARRAY['low'::character varying, ...]. */
const REPARSED = /ARRAY\[\('[^']*'::character varying\)::text/;

const checks = async (start: Evolution) =>
  start.database.db.query<{ name: string; validated: boolean; definition: string }>(
    `SELECT conname AS name, convalidated AS validated, pg_get_constraintdef(oid) AS definition
     FROM pg_constraint WHERE conrelid = 'tickets'::regclass AND contype = 'c' ORDER BY conname`,
  );

describe("checks over columns whose type or enum values change", () => {
  let start: Evolution;
  let second: EmitDelta;
  let v2: SchemaIR;

  beforeAll(async () => {
    start = await startEvolution("checks-over-changed-columns", { "schema/tickets.ts": V1 }, (db, [a, b]) =>
      db.query(`INSERT INTO tickets (company_id, priority, status, code, created_at, updated_at) VALUES
        (${a}, 'high', 'pending', 'AB-1', now(), now()), (${b}, 'low', 'open', 'CD-2', now(), now())`),
    );
    await start.project.write("schema/tickets.ts", V2);
    second = await start.project.emit("20261125110000");
    v2 = await start.project.snapshot();
  }, 120_000);

  afterAll(async () => {
    await start?.database.db.close();
    await start?.project.dispose();
  });

  it("emits one change set: the checks are replaced in the transaction and validated outside it", () => {
    expect(second.report.errors).toEqual([]);
    expect(second.docs).toHaveLength(1);
    expect(second.migrations).toHaveLength(2);
  });

  it("up, down and up again leave exactly the declared catalogs (fresh CHECK text both ways)", async () => {
    const before = await checks(start);
    const statements = await expectChangeSetRoundTrip(start.database, second, v2, start.catalogV1, start.project);
    expect(statements.some((sql) => /VALIDATE CONSTRAINT/i.test(sql))).toBe(true);
    await start.database.runner.down({ step: second.migrations.length });
    expect(await checks(start)).toEqual(before);
    expect(before.every((check) => !REPARSED.test(check.definition))).toBe(true);
    await start.database.runner.up();
  });

  it("leaves every check validated after up, with the new enum value allowed and its text fresh", async () => {
    const after = await checks(start);
    expect(after.length).toBeGreaterThanOrEqual(3);
    expect(after.every((check) => check.validated)).toBe(true);
    expect(after.every((check) => !REPARSED.test(check.definition))).toBe(true);
    expect(after.some((check) => check.definition.includes("'closed'"))).toBe(true);
    await start.database.db.query(`UPDATE tickets SET status = 'closed', priority = 'high' WHERE code = 'CD-2'`);
  });
});
