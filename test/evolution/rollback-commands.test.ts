/**
 * The doc's rollback commands, executed as printed, on a real PostgreSQL: a tickets change set
 * (a column and its concurrent index: two migrations) is followed by a later change set of another
 * feature (a new `notes` table). Running the change set's umzug command must revert exactly its own
 * migrations and leave the later one applied; the verification queries must then return no rows,
 * and must return rows while a migration is still recorded, whatever extension the runner recorded
 * it under (a project that runs the `tsc` output records `.js` names).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SchemaIR } from "../../src/ir/types.js";
import { createProject, MIGRATIONS, openProjectDatabase, type EmitDelta, type Project, type ProjectDatabase } from "./project.js";

const TICKETS_V1 = `import { defineTenantTable, t } from "tenant-schema";

export const tickets = defineTenantTable("tickets", {
  subject: t.string(255),
});
`;

const TICKETS_V2 = `import { defineTenantTable, t } from "tenant-schema";

export const tickets = defineTenantTable("tickets", {
  subject: t.string(255),
  dueOn: t.date().nullable(),
}).index(["companyId", "dueOn"]);
`;

const NOTES = `import { defineTenantTable, t } from "tenant-schema";

export const notes = defineTenantTable("notes", {
  body: t.text(),
});
`;

/** The fenced blocks of one language in a Markdown text. */
const codeBlocks = (text: string, language: string) => [...text.matchAll(new RegExp("```" + language + "\\n([\\s\\S]*?)\\n```", "g"))].map((m) => m[1]!);
const fileName = (path: string) => path.split("/").pop()!;
/** The names in `migrations: [...]` of a printed `umzug.down({ ... })`. */
const umzugNames = (command: string) => [...(/migrations: \[([^\]]*)\]/.exec(command)?.[1] ?? "").matchAll(/"([^"]+)"/g)].map((m) => m[1]);

describe("the doc's rollback commands undo exactly their change set", () => {
  let project: Project;
  let database: ProjectDatabase;
  let first: EmitDelta;
  let change: EmitDelta;
  let later: EmitDelta;
  let v1: SchemaIR;
  let v3: SchemaIR;
  let doc: string;

  beforeAll(async () => {
    project = await createProject("rollback-commands", { "schema/tickets.ts": TICKETS_V1 }, "en");
    first = await project.emit("20261125100000");
    v1 = await project.snapshot();
    await project.write("schema/tickets.ts", TICKETS_V2);
    change = await project.emit("20261125110000");
    await project.write("schema/notes.ts", NOTES);
    later = await project.emit("20261125120000");
    v3 = await project.snapshot();
    for (const delta of [first, change, later]) expect(delta.report.errors).toEqual([]);
    expect(change.migrations).toHaveLength(2);
    expect(later.migrations).toHaveLength(1);
    doc = await project.read(change.docs[0]!);
    database = await openProjectDatabase(project, v3);
    await database.runner.up();
  }, 120_000);

  afterAll(async () => {
    await database?.db.close();
    await project?.dispose();
  });

  it("names the change set's migrations, newest first, in both commands", () => {
    const rollback = doc.slice(doc.indexOf("## Rollback Strategy"), doc.indexOf("## Performance"));
    const names = change.migrations.map(fileName).reverse();
    expect(codeBlocks(rollback, "bash")[0]).toBe(names.map((name) => `npx sequelize-cli db:migrate:undo --name ${name}`).join("\n"));
    expect(umzugNames(codeBlocks(rollback, "ts")[0]!)).toEqual(names);
  });

  it("the umzug command, run as printed, reverts the change set and leaves the later one applied", async () => {
    const [command] = codeBlocks(doc.slice(doc.indexOf("## Rollback Strategy")), "ts");
    expect(command).toMatch(/^await umzug\.down\(/);
    // The snippet is plain JavaScript: run it with the project's umzug as `umzug`.
    const run = new Function("umzug", `return (async () => {\n${command}\n})();`) as (umzug: unknown) => Promise<void>;
    await run(database.runner.umzug);
    expect(await database.runner.executed()).toEqual([...first.migrations, ...later.migrations].map(fileName));
    // The database: tickets as before the change set, notes as the later change set made it.
    const v1Tickets = v1.tables.find((table) => table.key === "tickets")!;
    const expected: SchemaIR = { ...v3, tables: v3.tables.map((table) => (table.key === "tickets" ? v1Tickets : table)) };
    expect(await database.catalog(expected)).toEqual(await database.expected(expected));
  });

  it("every verification query returns no rows after the rollback, and the SequelizeMeta one returns rows while a migration is recorded under either extension", async () => {
    const [verify] = codeBlocks(doc.slice(doc.indexOf("### Verify after rollback")), "sql");
    const queries = verify!.split("\n\n");
    for (const query of queries) expect(await database.db.query(query), query).toEqual([]);
    const meta = queries.find((query) => query.includes(`"SequelizeMeta"`))!;
    for (const extension of [".ts", ".js"]) {
      const recorded = change.migrations.map((path) => fileName(path).replace(/\.ts$/, extension));
      for (const name of recorded) await database.db.query(`INSERT INTO "SequelizeMeta" ("name") VALUES ('${name}')`);
      expect((await database.db.query<{ name: string }>(meta)).map((row) => row.name).sort(), extension).toEqual([...recorded].sort());
      await database.db.query(`DELETE FROM "SequelizeMeta" WHERE "name" IN (${recorded.map((name) => `'${name}'`).join(", ")})`);
    }
  });

  it("re-running the command after a change set stopped half-way reverts what was applied and skips the rest", async () => {
    // Only the first migration of the change set applied (its index build never ran).
    await database.runner.umzug.up({ migrations: [fileName(change.migrations[0]!)] });
    const [command] = codeBlocks(doc.slice(doc.indexOf("## Rollback Strategy")), "ts");
    await (new Function("umzug", `return (async () => {\n${command}\n})();`) as (umzug: unknown) => Promise<void>)(database.runner.umzug);
    expect(await database.runner.executed()).toEqual([...first.migrations, ...later.migrations].map(fileName));
    expect(await database.runner.pending()).toEqual(change.migrations.map(fileName));
  });
});

describe("migrations.extension \".js\": the rollback commands name what a runner of the tsc output records", () => {
  let project: Project;

  afterAll(async () => {
    await project?.dispose();
  });

  it("the doc names .js migrations in both commands; the migration files stay .ts", async () => {
    project = await createProject("rollback-js", { "schema/tickets.ts": TICKETS_V1 }, "en", { extension: `".js"` });
    const first = await project.emit("20261125100000");
    expect(first.report.errors).toEqual([]);
    expect(first.migrations).toEqual([`${MIGRATIONS}/20261125100000-create-tickets.ts`]);
    const doc = await project.read(first.docs[0]!);
    const rollback = doc.slice(doc.indexOf("## Rollback Strategy"), doc.indexOf("## Performance"));
    expect(codeBlocks(rollback, "bash")[0]).toBe("npx sequelize-cli db:migrate:undo --name 20261125100000-create-tickets.js");
    expect(umzugNames(codeBlocks(rollback, "ts")[0]!)).toEqual(["20261125100000-create-tickets.js"]);
    expect(rollback).toContain('`".js"`');
  });
});
