/**
 * Test support for the migration emitter: an embedded PostgreSQL (PGlite behind its socket server),
 * compiling emitted migrations the way a sequelize-cli project does (tsc --strict to CommonJS)
 * against a chosen Sequelize install, and reading names back from pg_catalog.
 */
import { execFile } from "node:child_process";
import { mkdtemp, mkdir, rm, symlink, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";
import type { EmittedFile } from "../../../src/emitters/types.js";
import { emptyPGlite } from "../../support/database.js";

const repoRoot = resolve(fileURLToPath(new URL("../../..", import.meta.url)));
export const sequelize6Modules = join(repoRoot, "node_modules");
export const sequelize5Modules = join(repoRoot, "test/targets/sequelize5/node_modules");

export interface Postgres {
  url: string;
  stop(): Promise<void>;
}

export async function startPostgres(): Promise<Postgres> {
  const db = await emptyPGlite();
  const server = new PGLiteSocketServer({ db, port: 0, host: "127.0.0.1" });
  await server.start();
  const port = (server as unknown as { server: { address(): { port: number } } }).server.address().port;
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    async stop() {
      await server.stop();
      await db.close();
    },
  };
}

export interface MigrationModule {
  up(queryInterface: unknown, sequelize: unknown): Promise<void>;
  down(queryInterface: unknown, sequelize: unknown): Promise<void>;
}

/**
 * Writes the migrations to a temp project whose `node_modules` is the given Sequelize install,
 * compiles them with `tsc --strict --noUnusedLocals --noUnusedParameters` to CommonJS (what
 * sequelize-cli loads) and requires them.
 * Rejects with tsc's output when a file does not compile.
 */
export async function compileMigrations(
  files: EmittedFile[],
  nodeModules: string,
): Promise<{ modules: MigrationModule[]; cleanup(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), "tenant-schema-migration-"));
  await symlink(nodeModules, join(dir, "node_modules"), "dir");
  await mkdir(join(dir, "migrations"));
  for (const file of files) await writeFile(join(dir, "migrations", file.path), file.contents);
  const tsc = join(repoRoot, "node_modules/typescript/bin/tsc");
  const args = [
    tsc,
    "--strict",
    // What strict team configs add: a generated file must not be the one that breaks their build.
    "--noUnusedLocals",
    "--noUnusedParameters",
    "--module",
    "commonjs",
    "--target",
    "es2019",
    "--esModuleInterop",
    "--skipLibCheck",
    "--types",
    "node",
    "--typeRoots",
    join(repoRoot, "node_modules/@types"),
    "--outDir",
    join(dir, "dist"),
    ...files.map((file) => join(dir, "migrations", file.path)),
  ];
  try {
    await promisify(execFile)(process.execPath, args, { cwd: dir });
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    await rm(dir, { recursive: true, force: true });
    throw new Error(`tsc failed:\n${stdout ?? ""}${stderr ?? ""}`);
  }
  const requireFromDir = createRequire(join(dir, "package.json"));
  const modules = files.map((file) => requireFromDir(join(dir, "dist", file.path.replace(/\.ts$/, ".js"))) as MigrationModule);
  return { modules, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** Strips Sequelize's log prefix and the transaction frame, leaving the statements it sent. */
export function statementsOf(log: string[]): string[] {
  return log
    .map((line) => line.replace(/^Executing \([^)]*\): /, ""))
    .filter((sql) => !/^(START TRANSACTION|COMMIT|ROLLBACK);?$/.test(sql) && !sql.startsWith("SET SESSION CHARACTERISTICS"));
}

/**
 * Strips Sequelize's log prefix only: every statement it sent, transaction control included.
 *
 * @example
 * sentStatements(["Executing (abc): START TRANSACTION;"]) // ["START TRANSACTION;"]
 */
export function sentStatements(log: string[]): string[] {
  return log.map((line) => line.replace(/^Executing \([^)]*\): /, "")).filter((sql) => !sql.startsWith("SET SESSION CHARACTERISTICS"));
}

export interface CatalogNames {
  tables: string[];
  /** `table.name:type` for every constraint (p, c, f, u). */
  constraints: string[];
  /** `table.name` of every index. */
  indexes: string[];
  enumTypes: number;
}

type Query = (sql: string) => Promise<Array<Record<string, unknown>>>;

/** Names of what exists in schema public, sorted. */
export async function catalogNames(query: Query): Promise<CatalogNames> {
  const tables = await query(`SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY 1`);
  const constraints = await query(
    `SELECT rel.relname || '.' || con.conname || ':' || con.contype::text AS name
       FROM pg_constraint con JOIN pg_class rel ON rel.oid = con.conrelid
      WHERE con.connamespace = 'public'::regnamespace AND con.contype IN ('p', 'u', 'c', 'f') ORDER BY 1`,
  );
  const indexes = await query(`SELECT tablename || '.' || indexname AS name FROM pg_indexes WHERE schemaname = 'public' ORDER BY 1`);
  const enums = await query(`SELECT count(*)::int AS n FROM pg_type WHERE typtype = 'e'`);
  return {
    tables: tables.map((row) => String(row.name)),
    constraints: constraints.map((row) => String(row.name)),
    indexes: indexes.map((row) => String(row.name)),
    enumTypes: Number(enums[0]?.n),
  };
}
