/**
 * Column renames through the real CLI: "direct" renames in place; "expand-contract" (the default)
 * spans two emits — expand (new column synced with the old one by a trigger, both names work),
 * then, once the hint is removed, contract (trigger, function and old column dropped).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { transitionNames } from "../../src/ir/naming.js";
import type { SchemaIR } from "../../src/ir/types.js";
import type { Catalog } from "../support/catalog.js";
import { join } from "node:path";
import { assertBuildIsFresh } from "../cli/project.js";
import { createWorkspace, runTsc, writeSources, type Workspace } from "../emitters/model/harness.js";
import { expectChangeSetRoundTrip, lintChangeSet, modelFiles, startEvolution, type EmitDelta, type Evolution } from "./project.js";

const V1 = `import { defineTenantTable, t } from "tenant-schema";

export const tickets = defineTenantTable("tickets", {
  subject: t.string(255),
}).index(["companyId", "subject"]);
`;

const renamed = (hint: string) => `import { defineTenantTable, t } from "tenant-schema";

export const tickets = defineTenantTable("tickets", {
  title: t.string(255)${hint},
}).index(["companyId", "title"]);
`;

const seed = (tenants: [number, number]) => `
  INSERT INTO tickets (company_id, subject, created_at, updated_at) VALUES
    (${tenants[0]}, 'Printer on fire', now(), now()), (${tenants[0]}, 'VPN down', now(), now()),
    (${tenants[1]}, 'Invoice wrong', now(), now())`;

describe("a direct column rename", () => {
  let start: Evolution;
  let second: EmitDelta;
  let v2: SchemaIR;

  beforeAll(async () => {
    start = await startEvolution("rename-direct", { "schema/tickets.ts": V1 }, (db, tenants) => db.query(seed(tenants)));
    await start.project.write("schema/tickets.ts", renamed(`.renamedFrom("subject", { strategy: "direct" })`));
    second = await start.project.emit("20261125110000");
    v2 = await start.project.snapshot();
  }, 120_000);

  afterAll(async () => {
    await start?.database.db.close();
    await start?.project.dispose();
  });

  it("emits one change set that renames in place: no view, no trigger, no transition left", () => {
    expect(second.report.errors).toEqual([]);
    expect(second.migrations).toHaveLength(1);
    expect(second.docs).toHaveLength(1);
    expect(v2.tables[0]?.transition).toEqual({ view: null, columns: [] });
  });

  it("up, down and up again leave exactly the declared catalogs, and the data follows the name", async () => {
    const statements = await expectChangeSetRoundTrip(start.database, second, v2, start.catalogV1, start.project);
    expect(statements.some((sql) => /RENAME COLUMN "subject" TO "title"/i.test(sql))).toBe(true);
    expect(statements.some((sql) => /ADD COLUMN/i.test(sql))).toBe(false);
    const rows = await start.database.db.query<{ title: string }>(`SELECT title FROM tickets ORDER BY title`);
    expect(rows.map((row) => row.title)).toEqual(["Invoice wrong", "Printer on fire", "VPN down"]);
    const catalog = await start.database.catalog(v2);
    expect(catalog.tables[0]?.indexes.map((index) => index.name)).toContain("tickets_company_id_title_idx");
  });

  it("squawk finds nothing the doc's risks section does not explain (renaming-column included)", async () => {
    const { linted, undocumented } = await lintChangeSet(start.project, second);
    expect(linted.flatMap((m) => m.up.map((f) => f.rule))).toContain("renaming-column");
    expect(undocumented).toEqual([]);
  });
});

describe("an expand/contract column rename across two emits", () => {
  let start: Evolution;
  let expand: EmitDelta;
  let contract: EmitDelta;
  let v2: SchemaIR;
  let v3: SchemaIR;
  let catalogV2: Catalog;
  const names = transitionNames("tickets", "subject", "title");

  beforeAll(async () => {
    start = await startEvolution("rename-expand", { "schema/tickets.ts": V1 }, (db, tenants) => db.query(seed(tenants)));
    await start.project.write("schema/tickets.ts", renamed(`.renamedFrom("subject")`));
    expand = await start.project.emit("20261125110000");
    v2 = await start.project.snapshot();
  }, 120_000);

  afterAll(async () => {
    await start?.database.db.close();
    await start?.project.dispose();
  });

  it("expand: one change set; the snapshot keeps the old column in transition", () => {
    expect(expand.report.errors).toEqual([]);
    expect(expand.docs).toHaveLength(1);
    expect(expand.migrations.length).toBeGreaterThan(0);
    const retired = v2.tables[0]?.transition.columns ?? [];
    expect(retired.map((r) => [r.column.field, r.replacedBy])).toEqual([["subject", "title"]]);
    expect(retired[0]?.indexes.map((index) => index.name)).toEqual(["tickets_company_id_subject_idx"]);
  });

  it("expand: up, down and up again leave exactly the declared catalogs (old column, trigger and function included)", async () => {
    await expectChangeSetRoundTrip(start.database, expand, v2, start.catalogV1, start.project);
    catalogV2 = await start.database.catalog(v2);
    // With the immutable-tenant trigger of isolation keys (on by default) beside the sync trigger.
    expect(catalogV2.tables[0]?.triggers.map((trigger) => trigger.name)).toEqual(["tickets_company_id_immutable", names.trigger]);
    expect(catalogV2.functions.map((fn) => fn.name)).toEqual(["tickets_company_id_immutable_fn", names.function]);
    const rows = await start.database.db.query<{ subject: string; title: string }>(`SELECT subject, title FROM tickets ORDER BY id`);
    expect(rows.every((row) => row.title === row.subject)).toBe(true);
    expect(rows).toHaveLength(3);
  });

  it("expand: old code (subject) and new code (title) both work, each sees the other's writes", async () => {
    const db = start.database.db;
    const [a] = start.tenants;
    await db.query(`INSERT INTO tickets (company_id, subject, created_at, updated_at) VALUES (${a}, 'from old code', now(), now())`);
    expect(await db.query(`SELECT title FROM tickets WHERE subject = 'from old code'`)).toEqual([{ title: "from old code" }]);
    await db.query(`INSERT INTO tickets (company_id, title, created_at, updated_at) VALUES (${a}, 'from new code', now(), now())`);
    expect(await db.query(`SELECT subject FROM tickets WHERE title = 'from new code'`)).toEqual([{ subject: "from new code" }]);
    await db.query(`UPDATE tickets SET subject = 'renamed by old code' WHERE title = 'from new code'`);
    expect(await db.query(`SELECT title FROM tickets WHERE subject = 'renamed by old code'`)).toEqual([{ title: "renamed by old code" }]);
    await db.query(`UPDATE tickets SET title = 'renamed by new code' WHERE subject = 'from old code'`);
    expect(await db.query(`SELECT subject FROM tickets WHERE title = 'renamed by new code'`)).toEqual([{ subject: "renamed by new code" }]);
  });

  it("expand: the emitted models of both versions (old and new code, compiled) work on the same database", async () => {
    const workspaces: Workspace[] = [];
    const load = async (files: { path: string; contents: string }[]) => {
      await assertBuildIsFresh(); // the models import the guard from dist/
      const workspace = createWorkspace(6);
      workspaces.push(workspace);
      writeSources(workspace, files);
      const compiled = await runTsc(workspace, true);
      expect(compiled.output).toBe("");
      /* eslint-disable @typescript-eslint/no-explicit-any -- compiled models are loaded untyped */
      const { Sequelize } = workspace.require("sequelize-typescript") as any;
      const { models, Ticket } = workspace.require(join(workspace.dir, "out/index.js")) as any;
      return { sequelize: new Sequelize(start.database.db.url, { logging: false, pool: { max: 1 }, models }), Ticket };
    };
    const old = await load(modelFiles(start.outputsV1));
    const current = await load(modelFiles(await start.project.outputs()));
    try {
      const companyId = start.tenants[1];
      await old.Ticket.create({ companyId, subject: "old model" });
      expect((await current.Ticket.findOne({ where: { companyId, title: "old model" } }))?.title).toBe("old model");
      await current.Ticket.create({ companyId, title: "new model" });
      expect((await old.Ticket.findOne({ where: { companyId, subject: "new model" } }))?.subject).toBe("new model");
      await start.database.db.query(`DELETE FROM tickets WHERE title IN ('old model', 'new model')`);
    } finally {
      await old.sequelize.close();
      await current.sequelize.close();
      for (const workspace of workspaces) workspace.cleanup();
    }
  }, 120_000);

  it("expand: squawk finds nothing the doc's risks section does not explain", async () => {
    const { undocumented } = await lintChangeSet(start.project, expand);
    expect(undocumented).toEqual([]);
  });

  it("contract: removing the hint emits one change set that drops the trigger, its function and the old column", async () => {
    await start.project.write("schema/tickets.ts", renamed(""));
    contract = await start.project.emit("20261125120000");
    v3 = await start.project.snapshot();
    expect(contract.report.errors).toEqual([]);
    expect(contract.docs).toHaveLength(1);
    expect(contract.migrations.length).toBeGreaterThan(0);
    expect(v3.tables[0]?.transition).toEqual({ view: null, columns: [] });

    await expectChangeSetRoundTrip(start.database, contract, v3, catalogV2, start.project);
    const catalog = await start.database.catalog(v3);
    expect(catalog.functions.map((fn) => fn.name)).toEqual(["tickets_company_id_immutable_fn"]);
    expect(catalog.tables[0]?.triggers.map((trigger) => trigger.name)).toEqual(["tickets_company_id_immutable"]);
    expect(catalog.tables[0]?.columns.map((column) => column.name)).not.toContain("subject");
    const titles = await start.database.db.query<{ title: string }>(`SELECT title FROM tickets ORDER BY title`);
    expect(titles.map((row) => row.title)).toEqual(["Invoice wrong", "Printer on fire", "VPN down", "renamed by new code", "renamed by old code"]);
  });

  it("contract: squawk finds nothing the doc's risks section does not explain", async () => {
    const { undocumented } = await lintChangeSet(start.project, contract);
    expect(undocumented).toEqual([]);
  });
});

const STATUS_V1 = `import { defineTenantTable, t } from "tenant-schema";

export const tickets = defineTenantTable("tickets", {
  subject: t.string(255),
  status: t.enum(["open", "pending", "closed"]).default("open"),
});
`;

const STATUS_V2 = `import { defineTenantTable, t } from "tenant-schema";

export const tickets = defineTenantTable("tickets", {
  subject: t.string(255),
  state: t.enum(["open", "pending", "closed"]).default("open").renamedFrom("status"),
});
`;

describe("an expand/contract rename of a column with a default", () => {
  let start: Evolution;
  let expand: EmitDelta;
  let v2: SchemaIR;

  beforeAll(async () => {
    start = await startEvolution("rename-default", { "schema/tickets.ts": STATUS_V1 }, (db, [a, b]) =>
      db.query(`
        INSERT INTO tickets (company_id, subject, status, created_at, updated_at) VALUES
          (${a}, 'one', 'pending', now(), now()), (${b}, 'two', 'closed', now(), now())`),
    );
    await start.project.write("schema/tickets.ts", STATUS_V2);
    expand = await start.project.emit("20261125110000");
    v2 = await start.project.snapshot();
  }, 120_000);

  afterAll(async () => {
    await start?.database.db.close();
    await start?.project.dispose();
  });

  it("expand: up, down and up again are exact, and existing rows are copied", async () => {
    expect(expand.report.errors).toEqual([]);
    await expectChangeSetRoundTrip(start.database, expand, v2, start.catalogV1, start.project);
    expect(await start.database.db.query(`SELECT subject, state FROM tickets ORDER BY subject`)).toEqual([
      { subject: "one", state: "pending" },
      { subject: "two", state: "closed" },
    ]);
  });

  // Both columns have a default, so an INSERT that names only one of them still sees a non-NULL
  // value in the other: the sync must not take the default for the writer's value.
  it("expand: old code inserting a non-default value is seen by new code", async () => {
    const db = start.database.db;
    await db.query(`INSERT INTO tickets (company_id, subject, status, created_at, updated_at) VALUES (${start.tenants[0]}, 'old code', 'pending', now(), now())`);
    expect(await db.query(`SELECT status, state FROM tickets WHERE subject = 'old code'`)).toEqual([{ status: "pending", state: "pending" }]);
  });

  it("expand: new code inserting a non-default value is seen by old code", async () => {
    const db = start.database.db;
    await db.query(`INSERT INTO tickets (company_id, subject, state, created_at, updated_at) VALUES (${start.tenants[0]}, 'new code', 'closed', now(), now())`);
    expect(await db.query(`SELECT status, state FROM tickets WHERE subject = 'new code'`)).toEqual([{ status: "closed", state: "closed" }]);
  });
});
