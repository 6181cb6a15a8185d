/**
 * The audit on the legacy fixture (a multi-year sequelize-cli codebase with planted violations):
 * it must report exactly what the independent oracle (test/support/legacy-oracle.ts: one catalog
 * query per rule, sharing nothing with src/) finds — every planted violation and nothing else —
 * through the library and through the CLI, as a table and as JSON.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditSchema, type Finding } from "../../src/audit/rules.js";
import { runAudit } from "../../src/cli/audit-command.js";
import { readCatalog, type LiveCatalog } from "../../src/introspect/catalog.js";
import { catalogToIR } from "../../src/introspect/to-ir.js";
import { openTestDatabase, type TestDatabase } from "../support/database.js";
import { applyLegacyFixture } from "../support/legacy.js";
import { asOracle, expectedFindings, sortFindings } from "../support/legacy-oracle.js";

const TENANT = { tableName: "Companies", key: "id", keyType: "integer", attribute: "companyId", onDelete: "CASCADE" } as const;

describe("audit of the legacy fixture", () => {
  let db: TestDatabase;
  let catalog: LiveCatalog;
  let project: string;

  beforeAll(async () => {
    db = await openTestDatabase();
    await applyLegacyFixture(db);
    catalog = await readCatalog((sql) => db.query(sql));
    project = await mkdtemp(join(tmpdir(), "tenant-schema-audit-"));
    await writeFile(join(project, "tenant-schema.config.ts"), `export default { naming: "sequelize", tenant: { table: "Companies" } };\n`);
  });
  afterAll(async () => {
    await db?.close();
    if (project) await rm(project, { recursive: true, force: true });
  });

  it("finds every planted violation and nothing else (the oracle's set, by independent SQL)", async () => {
    const { schema } = catalogToIR(catalog, { tenant: TENANT, naming: "sequelize", keepTenantRoot: true });
    const findings = auditSchema(schema);
    expect(sortFindings(findings.map(asOracle))).toEqual(await expectedFindings(db));
    expect(findings.length).toBeGreaterThan(50);
  });

  it("reads the fixture in a constant number of queries", () => {
    expect(catalog.queries).toBe(8);
    expect(catalog.tables.length).toBeGreaterThanOrEqual(30);
  });

  it("through the CLI: a grouped table and JSON with the same findings, exit 1 on errors", async () => {
    const base = { cwd: project, declarations: false, databaseUrl: db.url, dbSchema: "public" };
    const table = await runAudit({ ...base, failOn: "error", json: false });
    expect(table.err).toEqual([]);
    expect(table.exitCode).toBe(1);
    const oracle = await expectedFindings(db);
    expect(table.out[0]).toMatch(new RegExp(`^audit of postgres://.*: 34 tables, ${oracle.length} findings \\(\\d+ errors, \\d+ warnings, \\d+ info\\)$`));
    expect(table.out).toContain("ERROR tenant-column-nullable (3): A row with a NULL tenant belongs to no tenant: no tenant filter ever finds it, and a query without one leaks it.");
    expect(table.out).toContain('  "AuditLogs"."companyId": "companyId" allows NULL');

    const json = await runAudit({ ...base, failOn: "error", json: true });
    const report = JSON.parse(json.out.join("\n")) as { findings: Finding[]; counts: { error: number; warning: number; info: number } };
    expect(sortFindings(report.findings.map(asOracle))).toEqual(oracle);
    expect(report.counts.error + report.counts.warning + report.counts.info).toBe(oracle.length);
  });

  it("refuses a bad --fail-on, a missing or unreachable database, with one line and exit 2", async () => {
    const base = { cwd: project, declarations: false, dbSchema: "public", json: false };
    expect(await runAudit({ ...base, databaseUrl: db.url, failOn: "fatal" })).toEqual({ exitCode: 2, out: [], err: ['--fail-on: must be one of error, warning, info, got "fatal"'] });
    const saved = process.env.DATABASE_URL;
    delete process.env.DATABASE_URL;
    try {
      expect((await runAudit({ ...base, failOn: "error" })).err).toEqual(["no database: pass --database-url postgres://user:password@host:5432/db or set DATABASE_URL"]);
    } finally {
      if (saved !== undefined) process.env.DATABASE_URL = saved;
    }
    const unreachable = await runAudit({ ...base, failOn: "error", databaseUrl: "postgres://app:secret@127.0.0.1:1/app" });
    expect(unreachable).toEqual({ exitCode: 2, out: [], err: ["cannot connect to postgres://app:***@127.0.0.1:1/app: connection refused (is PostgreSQL running there?)"] });
  });
});
