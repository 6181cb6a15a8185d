/**
 * The two databases the commands talk to: the live one (`--database-url`, default `DATABASE_URL`),
 * through `pg`, and an embedded PostgreSQL (PGlite, in memory) that builds a schema from its DDL so
 * it can be read back exactly as PostgreSQL canonicalises it. Connection failures are one-line
 * problems (exit 2), never stack traces.
 */
import pg from "pg";
import type { RunQuery } from "../introspect/catalog.js";
import { CliError } from "./problem.js";
import { redactUrl } from "./connect.js";

export interface Database {
  /** Runs one statement (or a script without parameters) and returns the rows of its last result. */
  run: RunQuery;
  close(): Promise<void>;
}


/** What a failed connection means, in one line, from `pg`'s error. */
function connectionMessage(url: string, error: unknown): string {
  const code = (error as { code?: string } | null)?.code;
  const detail = error instanceof Error ? error.message : String(error);
  const where = redactUrl(url);
  if (code === "ECONNREFUSED") return `cannot connect to ${where}: connection refused (is PostgreSQL running there?)`;
  if (code === "ENOTFOUND" || code === "EAI_AGAIN") return `cannot connect to ${where}: unknown host`;
  if (code === "ETIMEDOUT") return `cannot connect to ${where}: timed out`;
  if (code === "28P01" || code === "28000") return `cannot connect to ${where}: ${detail} (wrong user or password?)`;
  if (code === "3D000") return `cannot connect to ${where}: ${detail}`;
  return `cannot connect to ${where}: ${detail}`;
}

/**
 * The URL a command should use: the flag, else `DATABASE_URL`; a missing one is a usage error.
 *
 * @example
 * databaseUrl(undefined, { DATABASE_URL: "postgres://localhost/app" }) // "postgres://localhost/app"
 */
export function databaseUrl(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  const url = flag ?? env.DATABASE_URL;
  if (url === undefined || url.trim() === "") {
    throw new CliError([{ file: null, line: null, message: "no database: pass --database-url postgres://user:password@host:5432/db or set DATABASE_URL" }], 2);
  }
  return url;
}

/**
 * Connects to the live database; a failure is a CliError (exit 2) with one line saying why.
 *
 * @example
 * const live = await connectLive("postgres://app@localhost/app");
 * try { await live.run("SELECT 1") } finally { await live.close() }
 */
export async function connectLive(url: string): Promise<Database> {
  let client: pg.Client;
  try {
    client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  } catch (error) {
    throw new CliError([{ file: null, line: null, message: connectionMessage(url, error) }], 2);
  }
  try {
    await client.connect();
  } catch (error) {
    throw new CliError([{ file: null, line: null, message: connectionMessage(url, error) }], 2);
  }
  return {
    run: async (sql) => (await client.query(sql)).rows as Record<string, unknown>[],
    close: () => client.end(),
  };
}

/**
 * A fresh in-memory PostgreSQL (PGlite), closed after use.
 *
 * @example
 * const scratch = await openEmbedded();
 * await scratch.run("CREATE TABLE t (id serial PRIMARY KEY)");
 */
export async function openEmbedded(): Promise<Database> {
  const db = await freshPGlite();
  return {
    run: async (sql) => {
      const results = await db.exec(sql);
      return (results.at(-1)?.rows ?? []) as Record<string, unknown>[];
    },
    close: () => db.close(),
  };
}

type PGliteInstance = import("@electric-sql/pglite").PGlite;

/** The data folder of a PGlite right after its initdb, once per process (see freshPGlite). */
let pristine: Promise<File | Blob> | null = null;

/**
 * A new, empty in-memory PGlite. The first one of the process runs initdb; the next ones start from
 * a copy of its pristine data folder, which is several times faster (verify needs two, the tests many).
 *
 * @example
 * const pglite = await freshPGlite();
 * try { await pglite.exec("CREATE TABLE t (id int)") } finally { await pglite.close() }
 */
export async function freshPGlite(): Promise<PGliteInstance> {
  // Loaded on demand: only drift, verify and pull need it, and it weighs megabytes of WebAssembly.
  const { PGlite } = await import("@electric-sql/pglite");
  if (pristine !== null) {
    const loadDataDir = await pristine.catch(() => null);
    if (loadDataDir !== null) return PGlite.create({ loadDataDir });
  }
  const db = await PGlite.create();
  // Taken before anything is created in it, so every copy is as empty as a fresh initdb.
  pristine ??= db.dumpDataDir("none");
  await pristine.catch(() => undefined);
  return db;
}
