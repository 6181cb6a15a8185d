/**
 * An expand/contract table rename across two emits, through the real CLI: expand renames the table
 * (its sequence, indexes and constraints follow) and keeps the old name as an updatable view, so
 * old code keeps reading and writing; removing the hint contracts (the view is dropped).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SchemaIR } from "../../src/ir/types.js";
import type { Catalog } from "../support/catalog.js";
import { expectChangeSetRoundTrip, lintChangeSet, startEvolution, type EmitDelta, type Evolution } from "./project.js";

const V1 = `import { defineTenantTable, t } from "tenant-schema";

export const tickets = defineTenantTable("tickets", {
  subject: t.string(255),
}).index(["companyId", "subject"]);
`;

const renamed = (hint: string) => `import { defineTenantTable, t } from "tenant-schema";

export const supportTickets = defineTenantTable("supportTickets", {
  subject: t.string(255),
})
  .index(["companyId", "subject"])${hint}
  .feature("tickets");
`;

describe("an expand/contract table rename across two emits", () => {
  let start: Evolution;
  let expand: EmitDelta;
  let contract: EmitDelta;
  let v2: SchemaIR;
  let v3: SchemaIR;
  let catalogV2: Catalog;

  beforeAll(async () => {
    start = await startEvolution("table-rename", { "schema/tickets.ts": V1 }, (db, [a, b]) =>
      db.query(`
        INSERT INTO tickets (company_id, subject, created_at, updated_at) VALUES
          (${a}, 'Printer on fire', now(), now()), (${b}, 'Invoice wrong', now(), now())`),
    );
    await start.project.write("schema/tickets.ts", renamed(`\n  .renamedFrom("tickets")`));
    expand = await start.project.emit("20261125110000");
    v2 = await start.project.snapshot();
  }, 120_000);

  afterAll(async () => {
    await start?.database.db.close();
    await start?.project.dispose();
  });

  it("expand: one change set; the snapshot records the compatibility view", () => {
    expect(expand.report.errors).toEqual([]);
    expect(expand.docs).toHaveLength(1);
    expect(expand.migrations.length).toBeGreaterThan(0);
    expect(v2.tables.map((table) => [table.tableName, table.transition.view])).toEqual([["support_tickets", "tickets"]]);
  });

  it("expand: up, down and up again leave exactly the declared catalogs (the view included); rows keep their ids", async () => {
    await expectChangeSetRoundTrip(start.database, expand, v2, start.catalogV1, start.project);
    catalogV2 = await start.database.catalog(v2);
    expect(catalogV2.views).toEqual([{ name: "tickets", selectsFrom: ["support_tickets"], updatable: true }]);
    expect(catalogV2.sequences.map((sequence) => sequence.name)).toEqual(["support_tickets_id_seq"]);
    const rows = await start.database.db.query<{ id: number; subject: string }>(`SELECT id, subject FROM support_tickets ORDER BY id`);
    expect(rows.map((row) => row.subject)).toEqual(["Printer on fire", "Invoice wrong"]);
  });

  it("expand: old code writes and reads through the old name, new code sees it, ids continue", async () => {
    const db = start.database.db;
    const [a] = start.tenants;
    const [inserted] = await db.query<{ id: number }>(
      `INSERT INTO tickets (company_id, subject, created_at, updated_at) VALUES (${a}, 'from old code', now(), now()) RETURNING id`,
    );
    expect(inserted?.id).toBe(3);
    expect(await db.query(`SELECT subject FROM support_tickets WHERE id = ${inserted?.id}`)).toEqual([{ subject: "from old code" }]);
    await db.query(`UPDATE support_tickets SET subject = 'changed by new code' WHERE id = ${inserted?.id}`);
    expect(await db.query(`SELECT subject FROM tickets WHERE id = ${inserted?.id}`)).toEqual([{ subject: "changed by new code" }]);
  });

  it("expand: squawk finds nothing the doc's risks section does not explain", async () => {
    const { undocumented } = await lintChangeSet(start.project, expand);
    expect(undocumented).toEqual([]);
  });

  it("contract: removing the hint drops the view, and only the view", async () => {
    await start.project.write("schema/tickets.ts", renamed(""));
    contract = await start.project.emit("20261125120000");
    v3 = await start.project.snapshot();
    expect(contract.report.errors).toEqual([]);
    expect(contract.docs).toHaveLength(1);
    expect(contract.migrations.length).toBeGreaterThan(0);
    expect(v3.tables[0]?.transition).toEqual({ view: null, columns: [] });

    await expectChangeSetRoundTrip(start.database, contract, v3, catalogV2, start.project);
    const catalog = await start.database.catalog(v3);
    expect(catalog.views).toEqual([]);
    expect({ ...catalog, views: catalogV2.views }).toEqual(catalogV2);
    expect(await start.database.db.query(`SELECT count(*)::int AS n FROM support_tickets`)).toEqual([{ n: 3 }]);
  });

  it("contract: squawk finds nothing the doc's risks section does not explain", async () => {
    const { undocumented } = await lintChangeSet(start.project, contract);
    expect(undocumented).toEqual([]);
  });
});
