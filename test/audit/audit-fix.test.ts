/**
 * `tenant-schema audit --fix` on the legacy fixture (pulled into an empty project): it refuses a
 * schema file edited by hand (exit 1, nothing written, the fixes to make by hand listed), then
 * writes the declarations and one change set; NULL tenant rows stop its `migrate up` with their count,
 * untouched; once they are gone `migrate up`
 * applies it, after which the audit reports exactly the independent oracle's findings minus those of
 * the rules `audit --fix` fixes (stated here, not read from the tool); the change set's down brings
 * the schema back to the fixture's exactly, and `emit --check` is up to date (the declarations and
 * the emit state agree). PGlite by default; with DATABASE_URL, a real server.
 */
import { readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runAudit } from "../../src/cli/audit-command.js";
import { runAuditFix } from "../../src/cli/audit-fix-command.js";
import { main } from "../../src/cli/main.js";
import { runEmit } from "../../src/cli/emit.js";
import { runMigrate } from "../../src/cli/migrate.js";
import { runPull } from "../../src/cli/pull-command.js";
import type { Finding } from "../../src/audit/rules.js";
import { openTestDatabase, type TestDatabase } from "../support/database.js";
import { applyLegacyFixture, legacyDumpSchema } from "../support/legacy.js";
import { asOracle, expectedFindings, sortFindings, type AuditRule, type Finding as OracleFinding } from "../support/legacy-oracle.js";
import { makeTempDir, type TempDir } from "../support/temp-dir.js";

/** The rules `audit --fix` fixes (README: "audit --fix"); every other finding must remain. */
const FIXED_RULES: readonly AuditRule[] = ["tenant-column-nullable", "tenant-column-no-foreign-key", "tenant-column-not-indexed", "foreign-key-not-indexed", "duplicate-index"];
/** The tenant root is configuration, not a declaration: its findings stay. */
const TENANT_ROOT = "Companies";

describe("audit --fix on the legacy fixture", () => {
  let db: TestDatabase;
  let dir: TempDir;
  let fixture: string;
  let oracleBefore: OracleFinding[];
  const lines: string[] = [];
  const io = { out: (line: string) => lines.push(line), err: (line: string) => lines.push(line) };
  const fix = () => runAuditFix({ cwd: dir.path, databaseUrl: db.url, dbSchema: "public", now: "20261202100000", dryRun: false });
  const tree = async (): Promise<Record<string, string>> => {
    const files: Record<string, string> = {};
    const walk = async (folder: string): Promise<void> => {
      for (const entry of await readdir(path.join(dir.path, folder), { withFileTypes: true })) {
        const file = path.posix.join(folder, entry.name);
        if (entry.isDirectory()) await walk(file);
        else files[file] = await readFile(path.join(dir.path, file), "utf8");
      }
    };
    await walk(".");
    return files;
  };
  const migrationsDir = () => path.join(dir.path, "backend/src/database/migrations");

  beforeAll(async () => {
    db = await openTestDatabase();
    await applyLegacyFixture(db);
    fixture = await legacyDumpSchema(db);
    oracleBefore = await expectedFindings(db);
    dir = await makeTempDir("audit-fix");
    const pulled = await runPull({ cwd: dir.path, databaseUrl: db.url, dbSchema: "public", features: [], now: "2026-12-02T09:00:00Z", dryRun: false });
    expect(pulled.exitCode).toBe(0);
  }, 300_000);

  afterAll(async () => {
    await db?.close();
    await dir?.remove();
  });

  it("refuses a schema file that needs a fix and was edited by hand: exit 1, nothing written, the fixes to make listed", async () => {
    const file = path.join(dir.path, "schema/auditLogs.ts");
    const pulled = await readFile(file, "utf8");
    await writeFile(file, `${pulled}// a note of the team's\n`);
    const before = await tree();
    const refused = await fix();
    expect(refused.exitCode).toBe(1);
    expect(refused.err[0]).toMatch(/^schema\/auditLogs\.ts: was edited since tenant-schema wrote it .*; make these fixes by hand:/);
    expect(refused.err[0]).toContain('tenant-column-nullable "AuditLogs"."companyId"');
    expect(refused.err[0]).toContain('tenant-column-no-foreign-key "AuditLogs"."companyId"');
    expect(refused.err.at(-1)).toBe("audit --fix: nothing written");
    expect(await tree()).toEqual(before);
    await writeFile(file, pulled);
    // --fix needs the live database.
    const err: string[] = [];
    expect(await main(["audit", "--fix", "--schema", "--cwd", dir.path], { out: () => undefined, err: (line) => err.push(line) })).toBe(2);
    expect(err).toEqual(["--fix reads the live database: it cannot be combined with --schema"]);
  }, 120_000);

  it("through the CLI, writes the declarations and one change set, which never updates rows; emit --check is then up to date", async () => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(["audit", "--fix", "--now", "20261202100000", "--cwd", dir.path, "--database-url", db.url], { out: (line) => out.push(line), err: (line) => err.push(line) });
    expect(err).toEqual([]);
    expect(code).toBe(0);
    expect(out).toContain("updated schema/auditLogs.ts");
    expect(out).toContain("created docs/db/schema-changes-audit-fix.md");
    expect(out).toContain(`fixed ${oracleBefore.filter((finding) => FIXED_RULES.includes(finding.rule) && finding.table !== TENANT_ROOT).length} findings:`);
    expect(out.at(-1)).toBe("next: apply it with `tenant-schema migrate up` (or sequelize-cli db:migrate), then `tenant-schema audit`");
    const journal = JSON.parse(await readFile(path.join(dir.path, "backend/src/database/tenant-schema/journal.json"), "utf8")) as { entries: { changeSet: string; doc: string; feature: string }[] };
    expect(new Set(journal.entries.map((entry) => entry.changeSet)).size).toBe(1);
    expect(journal.entries.map((entry) => entry.doc)).toEqual(journal.entries.map(() => "docs/db/schema-changes-audit-fix.md"));
    const migrations = (await readdir(migrationsDir())).sort();
    expect(migrations.length).toBe(journal.entries.length);
    const sql = (await Promise.all(migrations.map((file) => readFile(path.join(migrationsDir(), file), "utf8")))).join("\n");
    expect(sql).toContain("NOT VALID");
    expect(sql).toContain("VALIDATE CONSTRAINT");
    expect(sql).toContain("CREATE INDEX CONCURRENTLY");
    expect(sql).toMatch(/DROP INDEX CONCURRENTLY/);
    // No statement writes rows (the refusal's message suggests an UPDATE to the reader, inside a DO block).
    expect(sql).not.toMatch(/query\(\s*["'`]\s*(UPDATE|DELETE|INSERT)\b/i);
    expect(sql).not.toMatch(/bulk(Update|Delete|Insert)/);
    expect(sql).toContain("tenant-schema: % row(s) of");
    expect(await readFile(path.join(dir.path, "schema/auditLogs.ts"), "utf8")).not.toContain("tenantNullable");

    const check = await runEmit({ cwd: dir.path, now: "20261202110000", mode: "check" });
    expect(check.errors).toEqual([]);
    expect(check.files).toEqual([]);
    expect(check.exitCode).toBe(0);
  }, 180_000);

  it("never fills NULL tenants: rows with a NULL tenant stop migrate up with their count and the way out, and stay as they were", async () => {
    await db.query(`INSERT INTO "AuditLogs" ("companyId", "action") VALUES (NULL, 'system.boot'), (NULL, 'system.boot')`);
    lines.length = 0;
    expect(await runMigrate({ kind: "up" }, { cwd: dir.path, databaseUrl: db.url }, io)).toBe(1);
    expect(lines.join("\n")).toContain('tenant-schema: 2 row(s) of "AuditLogs" have "companyId" NULL, so it cannot become NOT NULL; no row was changed.');
    expect(await db.query(`SELECT count(*)::int AS n FROM "AuditLogs" WHERE "companyId" IS NULL`)).toEqual([{ n: 2 }]);
    await db.query(`DELETE FROM "AuditLogs"`);
  }, 180_000);

  it("applied with migrate up, the audit reports exactly the oracle's findings of the rules it leaves; down restores the fixture exactly", async () => {
    lines.length = 0;
    expect(await runMigrate({ kind: "up" }, { cwd: dir.path, databaseUrl: db.url }, io), lines.join("\n")).toBe(0);

    const remaining = oracleBefore.filter((finding) => !FIXED_RULES.includes(finding.rule) || finding.table === TENANT_ROOT);
    // planted.ts: 3 nullable, 3 without foreign key, 4 not indexed, 17 unindexed foreign keys (2 on the root), 2 duplicates.
    expect(oracleBefore.length - remaining.length).toBe(3 + 3 + 4 + 15 + 2);
    expect(await expectedFindings(db)).toEqual(remaining);
    const audit = await runAudit({ cwd: dir.path, declarations: false, databaseUrl: db.url, dbSchema: "public", failOn: "error", json: true });
    expect(audit.err).toEqual([]);
    expect(sortFindings((JSON.parse(audit.out.join("\n")) as { findings: Finding[] }).findings.map(asOracle))).toEqual(
      // Tables declared global with a reason are not findings; the pull declared none (no reason is written yet).
      remaining,
    );
    const again = await fix();
    expect(again.exitCode).toBe(0);
    expect(again.out.at(-1)).toBe("nothing to fix: no change set written");

    lines.length = 0;
    expect(await runMigrate({ kind: "down", selector: { kind: "changeSet", timestamp: null } }, { cwd: dir.path, databaseUrl: db.url }, io), lines.join("\n")).toBe(0);
    expect(await legacyDumpSchema(db)).toEqual(fixture);
  }, 300_000);
});
