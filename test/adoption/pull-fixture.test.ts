/**
 * `tenant-schema pull` on the real thing: the legacy fixture (a help-desk SaaS's 53 hand-written
 * sequelize-cli migrations) pulled into an empty project with no config. Pull proves its own output
 * before it writes (the files are loaded, built on the embedded PostgreSQL and compared with the live
 * schema); this test checks what a user then relies on: exit 0, the config and one schema file per
 * feature written, recorded as the baseline (`emit --check` up to date, no migration), `drift`
 * empty against the live database, and the pulled files type-check under `tsc --strict` against the
 * package. What the files must declare is read from the fixture's catalog with plain SQL, not from
 * the tool. PGlite by default; with DATABASE_URL, a real server.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CommandResult } from "../../src/cli/audit-command.js";
import { runDrift } from "../../src/cli/drift-command.js";
import { runEmit } from "../../src/cli/emit.js";
import { runPull } from "../../src/cli/pull-command.js";
import { openTestDatabase, type TestDatabase } from "../support/database.js";
import { applyLegacyFixture } from "../support/legacy.js";
import { makeTempDir, type TempDir } from "../support/temp-dir.js";

const repoRoot = fileURLToPath(new URL("../../", import.meta.url));

describe("pull on the legacy fixture", () => {
  let db: TestDatabase;
  let dir: TempDir;
  let pulled: CommandResult;
  const read = (file: string) => readFile(path.join(dir.path, file), "utf8");
  const schemaFiles = async () => (await readdir(path.join(dir.path, "schema"))).sort();
  const allSchema = async () => (await Promise.all((await schemaFiles()).map((file) => read(`schema/${file}`)))).join("\n");

  beforeAll(async () => {
    db = await openTestDatabase();
    await applyLegacyFixture(db);
    dir = await makeTempDir("pull-fixture");
    pulled = await runPull({ cwd: dir.path, databaseUrl: db.url, dbSchema: "public", features: [], now: "2026-12-02T09:00:00Z", dryRun: false });
  }, 300_000);

  afterAll(async () => {
    await db?.close();
    await dir?.remove();
  });

  it("exits 0 and writes the config, the schema files and the models, recorded as the baseline", async () => {
    expect(pulled.err.filter((line) => !line.startsWith("warning:"))).toEqual([]);
    expect(pulled.exitCode).toBe(0);
    expect(await read("tenant-schema.config.ts")).toContain(`tenant: { table: "Companies" }`);
    expect(await read("tenant-schema.config.ts")).toContain(`isolation: { keys: false }`);
    expect(await read("tenant-schema.config.ts")).toContain(`naming: "sequelize"`);
    expect(existsSync(path.join(dir.path, "backend/src/database/tenant-schema/snapshot.json"))).toBe(true);
    const migrations = path.join(dir.path, "backend/src/database/migrations");
    expect(existsSync(migrations) ? await readdir(migrations) : []).toEqual([]);
    expect(pulled.out.filter((line) => line.startsWith("created schema/")).length).toBe((await schemaFiles()).length);
  });

  it("declares every live table once, with the constructs the fixture's catalog has", async () => {
    const live = await db.query<{ name: string }>(`
      SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind = 'r' AND c.relname NOT IN ('Companies', 'SequelizeMeta') ORDER BY 1`);
    const text = await allSchema();
    // A table is declared under its live name: the naming profile's (`tickets` → "Tickets") or a .tableName(...).
    const declaredNames = [...text.matchAll(/define(?:Tenant|Global)Table\(\s*"(\w+)"/g)].map(([, key]) => key!);
    expect(declaredNames.length).toBe(live.length);
    for (const { name } of live.filter(({ name }) => !/^[A-Z]/.test(name) || name === "TicketHistory")) expect(text).toContain(`.tableName("${name}")`);

    // The four constructs: a self-reference, a composite key, a column under a name of its own, timestamps without a default.
    const selfKeys = await db.query<{ table: string; column: string }>(`
      SELECT c.relname AS table, a.attname AS column FROM pg_constraint k
      JOIN pg_class c ON c.oid = k.conrelid JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = k.conkey[1]
      WHERE k.contype = 'f' AND k.confrelid = k.conrelid`);
    expect(selfKeys).toEqual([{ table: "Tickets", column: "parentId" }]);
    expect(await read("schema/tickets.ts")).toMatch(/\.belongsToSelf\(\{[^}]*nullable: true/);
    const composite = await db.query<{ name: string; definition: string }>(`
      SELECT conname AS name, pg_get_constraintdef(oid) AS definition FROM pg_constraint WHERE contype = 'f' AND cardinality(conkey) > 1`);
    expect(composite).toEqual([{ name: "SatisfactionRatings_ticket_fkey", definition: `FOREIGN KEY ("companyId", "ticketId") REFERENCES "Tickets"("companyId", id) ON DELETE CASCADE` }]);
    expect((await read("schema/satisfactionRatings.ts")).replace(/\s+/g, " ")).toContain(`.foreignKey(["companyId", "ticketId"], tickets, ["companyId", "id"], { constraintName: "SatisfactionRatings_ticket_fkey", onDelete: "CASCADE", onUpdate: "NO ACTION", })`);
    expect((await read("schema/webhooks.ts")).replace(/\s+/g, " ")).toMatch(/\.belongsTo\(webhooks, \{ field: "webhook_id",/);
    // Built-in timestamps are a createdAt and an updatedAt; a table with only a createdAt declares it as a column.
    const withoutDefault = await db.query<{ table: string }>(`
      SELECT c.table_name AS table FROM information_schema.columns c
      JOIN information_schema.columns u ON u.table_schema = c.table_schema AND u.table_name = c.table_name AND u.column_name = 'updatedAt'
      WHERE c.table_schema = 'public' AND c.column_name = 'createdAt' AND c.column_default IS NULL
        AND c.data_type = 'timestamp with time zone' AND c.table_name <> 'Companies'`);
    expect(withoutDefault.length).toBeGreaterThan(10);
    expect((text.match(/timestampDefault: false/g) ?? []).length).toBe(withoutDefault.length);
  });

  it("is up to date for emit --check, and drift finds nothing between the declarations and the live database", async () => {
    const check = await runEmit({ cwd: dir.path, now: "20261202100000", mode: "check" });
    expect(check.errors).toEqual([]);
    expect(check.files).toEqual([]);
    expect(check.exitCode).toBe(0);
    const drift = await runDrift({ cwd: dir.path, databaseUrl: db.url, dbSchema: "public", json: true });
    expect(drift.err).toEqual([]);
    expect(JSON.parse(drift.out.join("\n")).differences).toEqual([]);
    expect(drift.exitCode).toBe(0);
  }, 180_000);

  it("type-checks under tsc --strict against the package", async () => {
    const tsconfig = {
      compilerOptions: {
        strict: true,
        noEmit: true,
        target: "ES2022",
        module: "ESNext",
        moduleResolution: "Bundler",
        skipLibCheck: true,
        types: ["node"],
        typeRoots: [path.join(repoRoot, "node_modules/@types")],
        paths: { "tenant-schema": [path.join(repoRoot, "src/index.ts")] },
      },
      include: ["schema/*.ts", "tenant-schema.config.ts"],
    };
    await writeFile(path.join(dir.path, "tsconfig.json"), JSON.stringify(tsconfig, null, 2));
    const tsc = spawnSync(process.execPath, [path.join(repoRoot, "node_modules/typescript/bin/tsc"), "-p", path.join(dir.path, "tsconfig.json")], { cwd: dir.path, encoding: "utf8" });
    expect(`${tsc.stdout}${tsc.stderr}`).toBe("");
    expect(tsc.status).toBe(0);
  }, 120_000);
});
