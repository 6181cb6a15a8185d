/**
 * A table renamed while one of its column renames is still open (expand/contract): the sync
 * trigger and its function are named after the table, so they follow the table's rename; the
 * contract then finds and drops them. Found by the property test's mid-transition step (seed
 * 522496314: the stale trigger outlived the contract and broke every later write).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SchemaIR } from "../../src/ir/types.js";
import type { Catalog } from "../support/catalog.js";
import { expectChangeSetRoundTrip, startEvolution, type Evolution } from "./project.js";

const schemaFile = (key: string, column: string, hints: string) => `import { defineTenantTable, t } from "tenant-schema";

export const ${key} = defineTenantTable("${key}", {
  ${column},
})${hints}
  .feature("tickets");
`;

describe.each(["expand-contract", "direct"] as const)("a table rename (%s) while a column rename is open", (strategy) => {
  let start: Evolution;
  let catalogColumnExpanded: Catalog;
  let columnExpanded: SchemaIR;

  beforeAll(async () => {
    start = await startEvolution(`table-rename-open-column-${strategy}`, { "schema/tickets.ts": schemaFile("tickets", "title: t.string(120)", "") }, (db, [a]) =>
      db.query(`INSERT INTO tickets (company_id, title, created_at, updated_at) VALUES (${a}, 'Printer on fire', now(), now())`),
    );
    await start.project.write("schema/tickets.ts", schemaFile("tickets", `subject: t.string(120).renamedFrom("title")`, ""));
    const expand = await start.project.emit("20261125110000");
    expect(expand.report.errors).toEqual([]);
    columnExpanded = await start.project.snapshot();
    await expectChangeSetRoundTrip(start.database, expand, columnExpanded, start.catalogV1, start.project);
    catalogColumnExpanded = await start.database.catalog(columnExpanded);
  }, 120_000);

  afterAll(async () => {
    await start?.database.db.close();
    await start?.project.dispose();
  });

  it("renames the sync trigger and its function with the table, down and up; the contract then drops them", async () => {
    const project = start.project;
    const db = start.database.db;
    const hints = `\n  .renamedFrom("tickets"${strategy === "direct" ? `, { strategy: "direct" }` : ""})`;
    await project.write("schema/tickets.ts", schemaFile("issues", `subject: t.string(120).renamedFrom("title")`, hints));
    const renamed = await project.emit("20261125120000");
    expect(renamed.report.errors).toEqual([]);
    const tableRenamed = await project.snapshot();
    await expectChangeSetRoundTrip(start.database, renamed, tableRenamed, catalogColumnExpanded, project);
    const catalog = await start.database.catalog(tableRenamed);
    // The immutable-tenant trigger (isolation keys, on by default) follows the table's name too.
    expect(catalog.tables.flatMap((table) => table.triggers.map((trigger) => trigger.name))).toEqual(["issues_company_id_immutable", "issues_title_subject_sync"]);
    expect(catalog.functions.map((fn) => fn.name)).toEqual(["issues_company_id_immutable_fn", "issues_title_subject_sync_fn"]);

    // Old code still writes the old column; the renamed trigger copies it.
    await db.query(`INSERT INTO issues (company_id, title, created_at, updated_at) VALUES (${start.tenants[0]}, 'old code', now(), now())`);
    expect(await db.query(`SELECT subject FROM issues WHERE title = 'old code'`)).toEqual([{ subject: "old code" }]);

    await project.write("schema/tickets.ts", schemaFile("issues", "subject: t.string(120)", ""));
    const contract = await project.emit("20261125130000");
    expect(contract.report.errors).toEqual([]);
    const contracted = await project.snapshot();
    await expectChangeSetRoundTrip(start.database, contract, contracted, await start.database.catalog(tableRenamed), project);
    const after = await start.database.catalog(contracted);
    expect(after.tables.flatMap((table) => table.triggers.map((trigger) => trigger.name))).toEqual(["issues_company_id_immutable"]);
    expect(after.functions.map((fn) => fn.name)).toEqual(["issues_company_id_immutable_fn"]);
    await db.query(`INSERT INTO issues (company_id, subject, created_at, updated_at) VALUES (${start.tenants[0]}, 'new code', now(), now())`);
  });
});
