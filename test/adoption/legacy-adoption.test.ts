/**
 * Issue 7's proof on the legacy fixture (a help-desk SaaS's hand-written sequelize-cli migrations,
 * test/fixtures/legacy), as a user adopts it: `pull` into an empty project with no config → exit 0,
 * one declaration per live table, recorded as the baseline (no migration; `emit --check` up to date;
 * `drift` empty) → the pulled declarations type-check under `tsc --strict` → their DDL, applied to an
 * empty database, builds the fixture's schema exactly → `drift` catches hand-made ALTERs → the
 * reference request (add `priority` to Tickets) is one change set that `migrate` applies to the live
 * fixture up/down/up exactly, that sequelize-cli runs too after a tsc build, and whose models compile
 * for Sequelize 6 and 5. Expected schemas and declarations come from the fixture's own catalog (plain
 * SQL, its dump), never from the tool. PGlite by default; with DATABASE_URL, a real server (and
 * `pg_dump` compares too).
 */
import { spawn as spawnProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { cp, readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CommandResult } from "../../src/cli/audit-command.js";
import { runDrift } from "../../src/cli/drift-command.js";
import { schemaScripts, tenantRootDdl } from "../../src/cli/embedded-schema.js";
import { runEmit } from "../../src/cli/emit.js";
import { runMigrate } from "../../src/cli/migrate.js";
import { runPull } from "../../src/cli/pull-command.js";
import { parseSnapshot } from "../../src/cli/state.js";
import { resolveConfig } from "../../src/config/define-config.js";
import { emitModels } from "../../src/emitters/model/index.js";
import type { SchemaIR } from "../../src/ir/types.js";
import { createWorkspace, runTsc, writeSources } from "../emitters/model/harness.js";
import { openTestDatabase, type TestDatabase } from "../support/database.js";
import { applyLegacyFixture, LEGACY_MIGRATIONS_DIR, legacyDumpSchema, pgDumpSchema } from "../support/legacy.js";
import { makeTempDir, type TempDir } from "../support/temp-dir.js";

const repoRoot = fileURLToPath(new URL("../../", import.meta.url));
const SEQUELIZE_CLI = path.join(repoRoot, "node_modules/sequelize-cli/lib/sequelize");
const TSC = path.join(repoRoot, "node_modules/typescript/bin/tsc");
const STATE = "backend/src/database/tenant-schema";
const MIGRATIONS = "backend/src/database/migrations";
/** Left out of dumps: the tenant root (the embedded build makes its own from config) and the runner's table. */
const EXCLUDE = { exclude: ["Companies", "SequelizeMeta"] };

function spawn(args: string[], cwd: string): Promise<{ status: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawnProcess(process.execPath, args, { cwd, env: { ...process.env, NODE_OPTIONS: "" } });
    let out = "";
    child.stdout.on("data", (chunk) => (out += String(chunk)));
    child.stderr.on("data", (chunk) => (out += String(chunk)));
    child.on("close", (status) => resolve({ status, out }));
  });
}

describe("adopting the legacy fixture", () => {
  let db: TestDatabase;
  let dir: TempDir;
  let pulled: CommandResult;
  let fixtureDump: string;
  const io = { out: (_: string) => {}, err: (_: string) => {} };
  const snapshot = async (): Promise<SchemaIR> => {
    const file = path.join(dir.path, STATE, "snapshot.json");
    return parseSnapshot(await readFile(file, "utf8"), file);
  };
  const drift = () => runDrift({ cwd: dir.path, databaseUrl: db.url, dbSchema: "public", json: true });
  const differences = async () => (JSON.parse((await drift()).out.join("\n")) as { differences: unknown[] }).differences;
  const read = (file: string) => readFile(path.join(dir.path, file), "utf8");
  const schemaFiles = async () => (await readdir(path.join(dir.path, "schema"))).sort();
  const allSchema = async () => (await Promise.all((await schemaFiles()).map((file) => read(`schema/${file}`)))).join("\n");

  beforeAll(async () => {
    db = await openTestDatabase();
    await applyLegacyFixture(db);
    fixtureDump = await legacyDumpSchema(db, EXCLUDE);
    dir = await makeTempDir("legacy-adoption");
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
    expect(await read("tenant-schema.config.ts")).toContain(`isolation: { keys: false, guard: false }`);
    expect(await read("tenant-schema.config.ts")).toContain(`naming: "sequelize"`);
    expect(existsSync(path.join(dir.path, "backend/src/database/tenant-schema/snapshot.json"))).toBe(true);
    const migrations = path.join(dir.path, "backend/src/database/migrations");
    expect(existsSync(migrations) ? await readdir(migrations) : []).toEqual([]);
    expect(pulled.out.filter((line) => line.startsWith("created schema/")).length).toBe((await schemaFiles()).length);
    // guard: false: the team's existing model calls that name no tenant keep working after adoption.
    const models = (await readdir(path.join(dir.path, "backend/src/models"), { recursive: true })).filter((file) => file.endsWith(".ts"));
    expect(models.length).toBeGreaterThan(0);
    for (const file of models) expect(await read(`backend/src/models/${file}`), file).not.toContain("installTenantGuard");
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
    // Not spawnSync: a worker blocked for a minute under load misses vitest's RPC deadline.
    const tsc = await spawn([TSC, "-p", path.join(dir.path, "tsconfig.json")], dir.path);
    expect(tsc.out).toBe("");
    expect(tsc.status).toBe(0);
  }, 120_000);


  it("the pulled declarations' DDL, applied to an empty database, builds the fixture's schema exactly", async () => {
    const schema = await snapshot();
    const fresh = await openTestDatabase();
    try {
      await fresh.query(tenantRootDdl(schema.tenant));
      for (const script of schemaScripts(schema, resolveConfig({ naming: schema.naming }, dir.path, null))) await fresh.query(script);
      // Normalised by the dump: lines sorted (column positions and creation order do not count). The
      // tenant root's own ENUM goes with it: the declarations do not state the root (config names it).
      const withoutRoot = (dump: string) => dump.replace(/^type "enum_Companies_status" .*\n/m, "").replace(/^CREATE TYPE public\."enum_Companies_status" [\s\S]*?;\n/m, "");
      expect(await legacyDumpSchema(fresh, EXCLUDE)).toEqual(withoutRoot(fixtureDump));
      if (process.env.DATABASE_URL !== undefined) expect(await pgDumpSchema(fresh.url, EXCLUDE)).toEqual(withoutRoot(await pgDumpSchema(db.url, EXCLUDE)));
    } finally {
      await fresh.close();
    }
  }, 120_000);

  it("drift catches a hand-made change of each kind, each as the one difference of its object", async () => {
    // [SQL, its undo, the difference drift must report]: a nullability, a default, a type, an extra index, an extra column.
    const changes: [string, string, { kind: string; object: string; table: string; name: string; aspect: string | null }][] = [
      [`ALTER TABLE "Contacts" ALTER COLUMN "email" SET NOT NULL`, `ALTER TABLE "Contacts" ALTER COLUMN "email" DROP NOT NULL`, { kind: "changed", object: "column", table: "Contacts", name: "email", aspect: "nullable" }],
      [`ALTER TABLE "Tags" ALTER COLUMN "color" DROP DEFAULT`, `ALTER TABLE "Tags" ALTER COLUMN "color" SET DEFAULT '#cccccc'`, { kind: "changed", object: "column", table: "Tags", name: "color", aspect: "default" }],
      [`ALTER TABLE "Tickets" ALTER COLUMN "subject" TYPE varchar(300)`, `ALTER TABLE "Tickets" ALTER COLUMN "subject" TYPE varchar(255)`, { kind: "changed", object: "column", table: "Tickets", name: "subject", aspect: "type" }],
      [`CREATE INDEX "contacts_by_hand" ON "Contacts" ("email")`, `DROP INDEX "contacts_by_hand"`, { kind: "extra", object: "index", table: "Contacts", name: "contacts_by_hand", aspect: null }],
      [`ALTER TABLE "Tags" ADD COLUMN "hexColor" text`, `ALTER TABLE "Tags" DROP COLUMN "hexColor"`, { kind: "extra", object: "column", table: "Tags", name: "hexColor", aspect: null }],
    ];
    for (const [change] of changes) await db.query(change);
    try {
      const report = await drift();
      expect(report.exitCode).toBe(1);
      const found = (JSON.parse(report.out.join("\n")) as { differences: { kind: string; object: string; table: string; name: string; aspect: string | null }[] }).differences;
      const key = (d: { kind: string; object: string; table: string; name: string; aspect: string | null }) => `${d.kind} ${d.object} ${d.table}.${d.name} ${d.aspect ?? ""}`;
      expect(found.map(key).sort()).toEqual(changes.map(([, , expected]) => key(expected)).sort());
    } finally {
      // Restored: the reference request's drift checks find only their own change.
      for (const [, undo] of changes.reverse()) await db.query(undo);
    }
  }, 120_000);

  describe("the reference request: add priority to Tickets", () => {
    let migrations: string[];

    beforeAll(async () => {
      // The team runs sequelize-cli on its tsc build: the config says so (docs' rollback lines, history names).
      const config = path.join(dir.path, "tenant-schema.config.ts");
      await writeFile(config, (await readFile(config, "utf8")).replace(`naming: "sequelize",`, `naming: "sequelize",\n  migrations: { extension: ".js" },`));
      const file = path.join(dir.path, "schema/tickets.ts");
      const source = await readFile(file, "utf8");
      const edited = source
        .replace(/(export const tickets = defineTenantTable\(\s*"tickets",\s*\{\n)/, `$1    priority: t.enum(["low", "medium", "high"], { length: 20 }).default("medium"),\n`)
        .replace(/(export const tickets = [\s\S]*?)(;\n)/, `$1\n  .index(["companyId", "priority"], { name: "tickets_company_id_priority" })$2`);
      // The column, and an index on it (its column and its name).
      expect(edited.match(/priority/g)?.length).toBe((source.match(/priority/g)?.length ?? 0) + 3);
      await writeFile(file, edited);
      const report = await runEmit({ cwd: dir.path, now: "20261202100000", mode: "write" });
      expect(report.errors).toEqual([]);
      migrations = report.files.filter((f) => f.kind === "migration").map((f) => path.basename(f.path));
    }, 120_000);

    it("is one change set of the tickets feature, and nothing for the tables that exist", () => {
      expect(migrations.length).toBeGreaterThan(0);
      expect(migrations.every((name) => /^2026120210000\d-.*tickets/.test(name))).toBe(true);
    });

    it("migrate applies it to the live fixture, up/down/up exact", async () => {
      const options = { cwd: dir.path, databaseUrl: db.url };
      expect(await runMigrate({ kind: "up" }, options, io)).toBe(0);
      expect(await differences()).toEqual([]);
      const columns = await db.query<{ column_name: string; column_default: string }>(
        `SELECT column_name, column_default FROM information_schema.columns WHERE table_name = 'Tickets' AND column_name = 'priority'`,
      );
      expect(columns).toEqual([{ column_name: "priority", column_default: "'medium'::character varying" }]);
      expect(await runMigrate({ kind: "down", selector: { kind: "changeSet", timestamp: null } }, options, io)).toBe(0);
      expect(await legacyDumpSchema(db, EXCLUDE)).toEqual(fixtureDump);
      expect(await runMigrate({ kind: "up" }, options, io)).toBe(0);
      expect(await differences()).toEqual([]);
    }, 180_000);

    it("sequelize-cli runs the same migrations after a tsc build, down and up", async () => {
      const build = path.join(dir.path, "build");
      const sources = migrations.map((name) => path.join(dir.path, MIGRATIONS, name));
      const tsc = await spawn([TSC, "--outDir", build, "--module", "commonjs", "--moduleResolution", "node", "--target", "ES2020", "--strict", "--esModuleInterop", "--skipLibCheck", "--types", "node", ...sources], dir.path);
      expect(tsc.out).toBe("");
      await writeFile(path.join(build, "package.json"), JSON.stringify({ type: "commonjs" }));
      // The team's own migrations sit beside the build, as in their repository (sequelize-cli finds every recorded name).
      await cp(LEGACY_MIGRATIONS_DIR, build, { recursive: true });
      const cli = async (...args: string[]) => {
        const result = await spawn([SEQUELIZE_CLI, ...args, "--url", db.url, "--migrations-path", build], dir.path);
        expect(result.status, result.out).toBe(0);
      };
      for (let i = 0; i < migrations.length; i++) await cli("db:migrate:undo");
      expect(await legacyDumpSchema(db, EXCLUDE)).toEqual(fixtureDump);
      await cli("db:migrate");
      expect(await differences()).toEqual([]);
    }, 180_000);

    it("the models compile under tsc --strict for Sequelize 6 and 5", async () => {
      const schema = await snapshot();
      expect(schema.tables.find((t) => t.tableName === "Tickets")?.columns.some((c) => c.name === "priority")).toBe(true);
      for (const target of [6, 5] as const) {
        const workspace = createWorkspace(target);
        try {
          writeSources(workspace, emitModels(schema, { sequelize: target }));
          const compiled = await runTsc(workspace, true);
          expect(compiled.output).toBe("");
          expect(compiled.status).toBe(0);
        } finally {
          workspace.cleanup();
        }
      }
    }, 180_000);
  });
});
