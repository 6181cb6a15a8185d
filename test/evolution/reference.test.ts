/**
 * The reference request, end to end through the real CLI on a real PostgreSQL: a tickets table is
 * emitted, migrated and filled in two tenants; then the DSL gains
 * `priority: t.enum(["low", "medium", "high"]).default("medium")` and `.index(["companyId", "priority"])`.
 * One emit must produce exactly one change set (a transactional migration adding the column with
 * its default, without rewriting the table, and a migration building the index CONCURRENTLY outside
 * a transaction) and one doc, leave the old files byte-identical, and leave `--check` clean. Up,
 * down and up again must each leave exactly the catalog the snapshots demand.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SchemaIR } from "../../src/ir/types.js";
import type { Catalog } from "../support/catalog.js";
import { createProject, docMigrations, docStatements, executedSchemaStatements, isTransactional, lintChangeSet, MIGRATIONS, openProjectDatabase, STATE, type EmitDelta, type Project, type ProjectDatabase } from "./project.js";

const TICKETS_V1 = `import { defineTenantTable, t } from "tenant-schema";

export const tickets = defineTenantTable("tickets", {
  subject: t.string(255),
  status: t.enum(["open", "pending", "closed"]).default("open"),
}).describe("Customer-service tickets");
`;

const TICKETS_V2 = `import { defineTenantTable, t } from "tenant-schema";

export const tickets = defineTenantTable("tickets", {
  subject: t.string(255),
  status: t.enum(["open", "pending", "closed"]).default("open"),
  priority: t.enum(["low", "medium", "high"]).default("medium"),
})
  .index(["companyId", "priority"])
  .describe("Customer-service tickets");
`;

describe("the reference request: add priority (with a default) and an index to tickets", () => {
  let project: Project;
  let database: ProjectDatabase;
  let v1: SchemaIR;
  let v2: SchemaIR;
  let first: EmitDelta;
  let second: EmitDelta;
  let outputsBefore: Record<string, string>;
  let catalogV1: Catalog;

  beforeAll(async () => {
    project = await createProject("reference", { "schema/tickets.ts": TICKETS_V1 });
    first = await project.emit("20261125100000");
    expect(first.report.errors).toEqual([]);
    v1 = await project.snapshot();
    database = await openProjectDatabase(project, v1);
    await database.runner.up();
    catalogV1 = await database.catalog(v1);
    const [acme, globex] = [await database.company("Acme"), await database.company("Globex")];
    await database.db.query(`
      INSERT INTO tickets (company_id, subject, created_at, updated_at) VALUES
        (${acme}, 'Printer on fire', now(), now()), (${acme}, 'VPN down', now(), now()),
        (${acme}, 'New laptop', now(), now()), (${globex}, 'Invoice wrong', now(), now()),
        (${globex}, 'Password reset', now(), now())`);

    outputsBefore = await project.outputs();
    await project.write("schema/tickets.ts", TICKETS_V2);
    second = await project.emit("20261125110000");
    v2 = await project.snapshot();
  }, 120_000);

  afterAll(async () => {
    await database?.db.close();
    await project?.dispose();
  });

  it("the first emit creates tickets, and the database equals its snapshot", async () => {
    expect(first.migrations).toHaveLength(1);
    expect(first.docs).toHaveLength(1);
    expect(catalogV1).toEqual(await database.expected(v1));
    expect(catalogV1.tables.map((table) => table.name)).toEqual(["tickets"]);
  });

  it("emits exactly one change set: a transactional migration, then the enum check's validation and the index build outside a transaction, one doc", async () => {
    expect(second.report.errors).toEqual([]);
    expect(second.report.exitCode).toBe(0);
    // The enum CHECK is new on an existing table: added NOT VALID with the column, validated in a
    // later migration (/tmp/evolution.md, "Checks / FKs"), so three files rather than two.
    expect(second.migrations.map((path) => path.split("/").pop())).toEqual([
      expect.stringMatching(/^\d{14}-add-priority-to-tickets\.ts$/),
      expect.stringMatching(/^\d{14}-add-priority-to-tickets-validate\.ts$/),
      expect.stringMatching(/^\d{14}-add-priority-to-tickets-indexes\.ts$/),
    ]);
    expect(second.docs).toHaveLength(1);
    const [columnFile, validateFile, indexFile] = await Promise.all(second.migrations.map((path) => project.read(path)));
    expect(isTransactional(columnFile ?? "")).toBe(true);
    expect(columnFile).toMatch(/addColumn\(\s*"tickets",\s*"priority"/);
    expect(columnFile).toMatch(/defaultValue: "medium"/);
    expect(columnFile).not.toMatch(/CONCURRENTLY|addIndex/);
    expect(isTransactional(validateFile ?? "")).toBe(false);
    expect(validateFile).toMatch(/VALIDATE CONSTRAINT \\?"tickets_priority_check/);
    expect(isTransactional(indexFile ?? "")).toBe(false);
    expect(indexFile).toMatch(/CREATE INDEX CONCURRENTLY IF NOT EXISTS \\?"tickets_company_id_priority_idx/);
    // Timestamps strictly after the first emit's, and increasing.
    const stamps = [...first.migrations, ...second.migrations].map((path) => path.split("/").pop()?.slice(0, 14) ?? "");
    expect([...stamps].sort()).toEqual(stamps);
    expect(new Set(stamps).size).toBe(stamps.length);
  });

  it("leaves the old migration and doc byte-identical; only models and state change", async () => {
    const now = await project.outputs();
    for (const path of [...first.migrations, ...first.docs]) {
      expect(outputsBefore[path]).toBeDefined();
      expect(now[path], path).toBe(outputsBefore[path]);
    }
    expect(second.changed.every((path) => path.startsWith("backend/src/models/") || path.startsWith(`${STATE}/`))).toBe(true);
    expect(second.changed).toContain(`${STATE}/snapshot.json`);
    expect(second.created.sort()).toEqual([...second.migrations, ...second.docs].sort());
  });

  it("--check is clean and a second emit writes nothing", async () => {
    const check = await project.emit("20261125120000", { mode: "check" });
    expect(check.report.errors).toEqual([]);
    expect(check.report.files).toEqual([]);
    expect(check.report.exitCode).toBe(0);
    const again = await project.emit("20261125120000");
    expect(again.report.files).toEqual([]);
    expect(again.created).toEqual([]);
    expect(again.changed).toEqual([]);
  });

  it("up adds the column in place (no rewrite), fills existing rows in both tenants and builds the index concurrently", async () => {
    const filenode = async () => (await database.db.query<{ f: string }>(`SELECT pg_relation_filenode('tickets')::text AS f`))[0]?.f;
    const before = await filenode();
    database.statements.length = 0;
    await database.runner.up();
    expect(await filenode()).toBe(before);
    expect(database.statements.some((sql) => /CREATE INDEX CONCURRENTLY/i.test(sql))).toBe(true);
    expect(database.statements.some((sql) => /ADD COLUMN "priority"/i.test(sql))).toBe(true);
    expect(await database.catalog(v2)).toEqual(await database.expected(v2));
    const rows = await database.db.query<{ company_id: number; priority: string }>(
      `SELECT company_id, priority FROM tickets ORDER BY id`,
    );
    expect(rows).toHaveLength(5);
    expect(new Set(rows.map((row) => row.company_id)).size).toBe(2);
    expect(rows.every((row) => row.priority === "medium")).toBe(true);
    // The enum CHECK holds for new rows.
    await expect(
      database.db.query(`INSERT INTO tickets (company_id, subject, priority, created_at, updated_at) VALUES (${rows[0]?.company_id}, 'x', 'urgent', now(), now())`),
    ).rejects.toThrow();
  });

  it("the doc's UP SQL is exactly what the migrations executed, in order", async () => {
    await database.runner.down({ step: second.migrations.length });
    database.statements.length = 0;
    await database.runner.up();
    const doc = await project.read(second.docs[0] ?? "");
    const shown = docMigrations(doc).flatMap((migration) => docStatements(migration.up));
    expect(shown.length).toBeGreaterThan(3);
    expect(executedSchemaStatements(database.statements)).toEqual(executedSchemaStatements(shown));
  });

  it("down restores exactly the previous catalog, keeping the rows; up again restores the new one", async () => {
    await database.runner.down({ step: second.migrations.length });
    expect(await database.catalog(v2)).toEqual(catalogV1);
    expect(await database.db.query(`SELECT count(*)::int AS n FROM tickets`)).toEqual([{ n: 5 }]);
    await database.runner.up();
    expect(await database.catalog(v2)).toEqual(await database.expected(v2));
    expect(await database.runner.executed()).toEqual(
      [...first.migrations, ...second.migrations].map((path) => path.replace(`${MIGRATIONS}/`, "")),
    );
  });

  it("squawk finds nothing in the UP SQL that the doc's risks section does not explain", async () => {
    const { linted, undocumented } = await lintChangeSet(project, second);
    expect(linted.map((m) => m.transactional)).toEqual([true, false, false]);
    expect(undocumented.filter((u) => u.direction === "up")).toEqual([]);
  });

  it("squawk finds nothing in the DOWN SQL that the doc's risks section does not explain", async () => {
    const { undocumented } = await lintChangeSet(project, second);
    expect(undocumented.filter((u) => u.direction === "down")).toEqual([]);
  });
});
