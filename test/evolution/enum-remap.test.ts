/**
 * Removing enum values that rows still hold, through the real CLI on PostgreSQL, with rows in two
 * tenants. Without a remap (acknowledged), the first migration refuses before it changes anything,
 * with the count and the fix. With `.remap(...)`, the rows are converted in bounded batches before
 * the new CHECK is validated; down maps back what it can (a value renamed to a new one) and leaves
 * a merge into an existing value converted, as the doc says.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SchemaIR } from "../../src/ir/types.js";
import { risksSection } from "../support/squawk.js";
import { docMigrations, lintChangeSet, startEvolution, type EmitDelta, type Evolution } from "./project.js";

const V1 = `import { defineTenantTable, t } from "tenant-schema";

export const tickets = defineTenantTable("tickets", {
  subject: t.string(255),
  status: t.enum(["open", "pending", "hold", "solved"], { length: 20 }).default("open"),
});
`;

const ACKNOWLEDGED = `import { acknowledgeDataLoss, defineTenantTable, t } from "tenant-schema";

export const tickets = defineTenantTable("tickets", {
  subject: t.string(255),
  status: t.enum(["open", "solved"], { length: 20 }).default("open"),
});

export const dropStates = acknowledgeDataLoss({ removeEnumValues: "tickets.status", values: ["pending", "hold"] }, "Folded into open");
`;

const REMAPPED = `import { defineTenantTable, t } from "tenant-schema";

export const tickets = defineTenantTable("tickets", {
  subject: t.string(255),
  status: t.enum(["open", "waiting", "solved"], { length: 20 }).default("open").remap({ pending: "waiting", hold: "open" }),
});
`;

const statuses = async (start: Evolution) =>
  (await start.database.db.query<{ subject: string; status: string }>(`SELECT subject, status FROM tickets ORDER BY id`)).map((r) => `${r.subject}:${r.status}`);

describe("removing enum values that rows hold", () => {
  let start: Evolution;
  let refused: EmitDelta;
  let remapped: EmitDelta;
  let v2: SchemaIR;
  let error: unknown;
  let refusedDoc: string;
  let refusedLint: Awaited<ReturnType<typeof lintChangeSet>>;

  beforeAll(async () => {
    start = await startEvolution("enum-remap", { "schema/tickets.ts": V1 }, (db, [a, b]) =>
      db.query(`
        INSERT INTO tickets (company_id, subject, status) VALUES
          (${a}, 'a1', 'pending'), (${a}, 'a2', 'hold'), (${a}, 'a3', 'open'), (${a}, 'a4', 'pending'),
          (${b}, 'b1', 'pending'), (${b}, 'b2', 'solved')`),
    );
    const before = await start.project.outputs();
    await start.project.write("schema/tickets.ts", ACKNOWLEDGED);
    refused = await start.project.emit("20261125110000");
    refusedDoc = await start.project.read(refused.docs[0]!);
    refusedLint = await lintChangeSet(start.project, refused);
    error = await start.database.runner.up().catch((caught: unknown) => caught);
    // Back to the state before that emit (a project would revert the commit): the remap comes next.
    for (const path of refused.created) await start.project.remove(path);
    for (const path of refused.changed) await start.project.write(path, before[path]!);
    await start.project.write("schema/tickets.ts", REMAPPED);
    remapped = await start.project.emit("20261125120000");
    v2 = await start.project.snapshot();
  }, 120_000);

  afterAll(async () => {
    await start?.database.db.close();
    await start?.project.dispose();
  });

  it("without a remap, the first migration refuses before it changes anything, giving the count and the fix", async () => {
    expect(refused.report.errors).toEqual([]);
    expect(String(error)).toMatch(/4 rows of "tickets" hold "status" values this change removes \('pending', 'hold'\); nothing was changed/);
    expect(String(error)).toContain(`.remap({ "pending": "<a kept value>", "hold": "<a kept value>" })`);
    expect(await start.database.runner.executed()).toEqual(start.first.migrations.map((path) => path.split("/").pop()));
    expect(await start.database.catalog(start.v1)).toEqual(start.catalogV1);
    expect(await statuses(start)).toEqual(["a1:pending", "a2:hold", "a3:open", "a4:pending", "b1:pending", "b2:solved"]);
    // The doc says so, and squawk finds nothing it does not explain.
    expect(risksSection(refusedDoc)).toContain(".remap(");
    expect(refusedLint.undocumented).toEqual([]);
  });

  it("with a remap: no acknowledgement needed; the rows are converted in batches before the validation, and the catalog is exact", async () => {
    expect(remapped.report.errors).toEqual([]);
    expect(remapped.migrations.map((path) => path.split("/").pop())).toEqual(["20261125120000-alter-tickets.ts", "20261125120001-alter-tickets-backfill.ts"]);
    const [, batches] = docMigrations(await start.project.read(remapped.docs[0]!));
    expect(batches!.up).toContain(`UPDATE "tickets" SET "status" = CASE "status" WHEN 'pending' THEN 'waiting' WHEN 'hold' THEN 'open' END`);
    expect(batches!.up).toContain("LIMIT 2");
    await start.database.runner.up();
    expect(await start.database.catalog(v2)).toEqual(await start.database.expected(v2));
    expect(await statuses(start)).toEqual(["a1:waiting", "a2:open", "a3:open", "a4:waiting", "b1:waiting", "b2:solved"]);
  });

  it("down restores the previous catalog exactly, maps the renamed value back and leaves the merged one, as the doc states", async () => {
    const doc = await start.project.read(remapped.docs[0]!);
    expect(risksSection(doc)).toMatch(/Irreversível para `hold`/);
    expect(risksSection(doc)).toMatch(/O down converte `waiting` de volta em `pending`/);
    await start.database.runner.down({ step: remapped.migrations.length });
    expect(await start.database.catalog(v2)).toEqual(start.catalogV1);
    expect(await statuses(start)).toEqual(["a1:pending", "a2:open", "a3:open", "a4:pending", "b1:pending", "b2:solved"]);
    await start.database.runner.up();
    expect(await start.database.catalog(v2)).toEqual(await start.database.expected(v2));
    const { undocumented } = await lintChangeSet(start.project, remapped);
    expect(undocumented).toEqual([]);
  });
});
