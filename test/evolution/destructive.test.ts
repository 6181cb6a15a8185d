/**
 * Destructive changes through the real CLI: a dropped column is refused without an
 * acknowledgement (nothing written), accepted with `--allow-destructive` or with an
 * `acknowledgeDataLoss` export; the doc says to back up first and that down restores structure,
 * not data. A rewriting type change with `using` converts the rows and is flagged.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SchemaIR } from "../../src/ir/types.js";
import { risksSection } from "../support/squawk.js";
import { expectChangeSetRoundTrip, lintChangeSet, startEvolution, type EmitDelta, type Evolution } from "./project.js";

const WITH_LEGACY = `import { defineTenantTable, t } from "tenant-schema";

export const tickets = defineTenantTable("tickets", {
  subject: t.string(255),
  legacyCode: t.string(40).nullable(),
}).index(["companyId", "legacyCode"]);
`;

const WITHOUT_LEGACY = `import { defineTenantTable, t } from "tenant-schema";

export const tickets = defineTenantTable("tickets", {
  subject: t.string(255),
});
`;

const ACKNOWLEDGED = `${WITHOUT_LEGACY}
import { acknowledgeDataLoss } from "tenant-schema";

export const dropLegacyCode = acknowledgeDataLoss({ dropColumn: "tickets.legacyCode" }, "Replaced by ticket numbers; exported to the archive first");
`;

describe("dropping a column", () => {
  let start: Evolution;
  let refused: EmitDelta;
  let second: EmitDelta;
  let v2: SchemaIR;

  beforeAll(async () => {
    start = await startEvolution("drop-column", { "schema/tickets.ts": WITH_LEGACY }, (db, [a, b]) =>
      db.query(`
        INSERT INTO tickets (company_id, subject, legacy_code, created_at, updated_at) VALUES
          (${a}, 'Printer on fire', 'L-1', now(), now()), (${b}, 'Invoice wrong', 'L-2', now(), now())`),
    );
    await start.project.write("schema/tickets.ts", WITHOUT_LEGACY);
    refused = await start.project.emit("20261125110000");
  }, 120_000);

  afterAll(async () => {
    await start?.database.db.close();
    await start?.project.dispose();
  });

  it("is refused without an acknowledgement, naming the column and both ways to acknowledge; nothing is written", () => {
    expect(refused.report.exitCode).toBe(1);
    expect(refused.created).toEqual([]);
    expect(refused.changed).toEqual([]);
    const errors = refused.report.errors.join("\n");
    expect(errors).toMatch(/legacyCode|legacy_code/);
    expect(errors).toMatch(/acknowledgeDataLoss/);
    expect(errors).toMatch(/--allow-destructive/);
  });

  it("is accepted with --allow-destructive (dry run: reported, not written)", async () => {
    const dry = await start.project.emit("20261125110000", { mode: "dry-run", allowDestructive: true });
    expect(dry.report.errors).toEqual([]);
    expect(dry.report.exitCode).toBe(0);
    expect(dry.report.files.filter((file) => file.kind === "migration").length).toBeGreaterThan(0);
    expect(dry.created).toEqual([]);
  });

  it("is accepted with an acknowledgeDataLoss export: one change set, the doc requires a backup", async () => {
    await start.project.write("schema/tickets.ts", ACKNOWLEDGED);
    second = await start.project.emit("20261125110000");
    v2 = await start.project.snapshot();
    expect(second.report.errors).toEqual([]);
    expect(second.docs).toHaveLength(1);
    expect(second.migrations.length).toBeGreaterThan(0);
    const doc = await start.project.read(second.docs[0] ?? "");
    const risks = risksSection(doc);
    expect(risks).toMatch(/backup|pg_dump/i);
    expect(risks).toMatch(/legacy_code/);
  });

  it("up, down and up again leave exactly the declared catalogs: down restores the column and its index, not the data", async () => {
    await expectChangeSetRoundTrip(start.database, second, v2, start.catalogV1, start.project);
    await start.database.runner.down({ step: second.migrations.length });
    const rows = await start.database.db.query<{ legacy_code: string | null }>(`SELECT legacy_code FROM tickets`);
    expect(rows).toEqual([{ legacy_code: null }, { legacy_code: null }]);
    await start.database.runner.up();
    expect(await start.database.catalog(v2)).toEqual(await start.database.expected(v2));
  });

  it("squawk's ban-drop-column is reported and explained in the risks section", async () => {
    const { linted, undocumented } = await lintChangeSet(start.project, second);
    expect(linted.flatMap((m) => m.up.map((f) => f.rule))).toContain("ban-drop-column");
    expect(undocumented).toEqual([]);
  });
});

const AMOUNT_V1 = `import { defineTenantTable, t } from "tenant-schema";

export const invoices = defineTenantTable("invoices", {
  amount: t.decimal(12, 2),
});
`;

const AMOUNT_V2 = `import { defineTenantTable, t, sql } from "tenant-schema";

export const invoices = defineTenantTable("invoices", {
  amount: t.integer().using((c) => sql\`round(\${c})::integer\`),
});
`;

describe("a rewriting type change with using", () => {
  let start: Evolution;
  let second: EmitDelta;
  let v2: SchemaIR;
  const filenode = async () =>
    (await start.database.db.query<{ f: string }>(`SELECT pg_relation_filenode('invoices')::text AS f`))[0]?.f;

  beforeAll(async () => {
    start = await startEvolution("type-using", { "schema/invoices.ts": AMOUNT_V1 }, (db, [a, b]) =>
      db.query(`
        INSERT INTO invoices (company_id, amount, created_at, updated_at) VALUES
          (${a}, 12.60, now(), now()), (${a}, 7.49, now(), now()), (${b}, 100.50, now(), now())`),
    );
    await start.project.write("schema/invoices.ts", AMOUNT_V2);
    second = await start.project.emit("20261125110000");
    v2 = await start.project.snapshot();
  }, 120_000);

  afterAll(async () => {
    await start?.database.db.close();
    await start?.project.dispose();
  });

  it("emits one change set whose doc flags the rewrite", async () => {
    expect(second.report.errors).toEqual([]);
    expect(second.docs).toHaveLength(1);
    expect(second.migrations).toHaveLength(1);
    const doc = await start.project.read(second.docs[0] ?? "");
    expect(doc).toMatch(/ACCESS EXCLUSIVE/);
    expect(doc).toMatch(/round\("amount"\)::integer/);
  });

  it("up rewrites the table and converts every row with the expression; down and up again are exact", async () => {
    const before = await filenode();
    const statements = await expectChangeSetRoundTrip(start.database, second, v2, start.catalogV1, start.project);
    expect(statements.some((sql) => /ALTER COLUMN "amount" TYPE INTEGER USING round\("amount"\)::integer/i.test(sql))).toBe(true);
    expect(await filenode()).not.toBe(before);
    const rows = await start.database.db.query<{ amount: number }>(`SELECT amount FROM invoices ORDER BY id`);
    // After up, down (amount::numeric(12,2)) and up again, the integers are the rounded originals.
    expect(rows.map((row) => row.amount)).toEqual([13, 7, 101]);
  });

  it("squawk's changing-column-type is reported and explained in the risks section", async () => {
    const { linted, undocumented } = await lintChangeSet(start.project, second);
    expect(linted.flatMap((m) => m.up.map((f) => f.rule))).toContain("changing-column-type");
    expect(undocumented).toEqual([]);
  });
});
