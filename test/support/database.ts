/**
 * One fresh, isolated PostgreSQL database per call, for integration tests.
 *
 * Default: an embedded PostgreSQL (PGlite) served over its socket adapter, so `npm test` needs no
 * set-up; each one starts from a copy of the data folder initdb left (pglite-pristine.ts). With
 * `DATABASE_URL` set, the same tests run against a real server: each call creates a database with
 * a unique name (parallel test files never share state) and `close()` drops it.
 */
import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";
import pg from "pg";
import { QueryTypes, Sequelize } from "sequelize";
import { inject } from "vitest";
import { freshPGlite } from "../../src/cli/database.js";
import type { TenantIR } from "../../src/ir/types.js";

export interface TestDatabase {
  /** Connection URL of this database; give it to a second client (e.g. the Sequelize 5 target). */
  url: string;
  /** Sequelize 6, pool of one connection. */
  sequelize: Sequelize;
  /** Runs raw SQL (several statements allowed) and returns the rows of the result(s). */
  query<T = Record<string, unknown>>(sql: string): Promise<T[]>;
  /** Closes every connection and removes the database (embedded: stops it; server: DROP DATABASE). */
  close(): Promise<void>;
}

export interface OpenTestDatabaseOptions {
  /** Receives every SQL statement Sequelize executes, e.g. to assert on the emitted DDL. */
  logging?: (sql: string) => void;
  /** Server to use instead of the embedded one; defaults to `process.env.DATABASE_URL`. */
  databaseUrl?: string;
}

/**
 * Opens an empty database: embedded PGlite by default, a fresh database on `DATABASE_URL` otherwise.
 *
 * @example
 * const db = await openTestDatabase();
 * try {
 *   await db.query(`CREATE TABLE t (id serial primary key)`);
 *   const rows = await db.query<{ n: number }>(`SELECT 1 AS n`);
 * } finally {
 *   await db.close();
 * }
 */
export async function openTestDatabase(options: OpenTestDatabaseOptions = {}): Promise<TestDatabase> {
  const serverUrl = options.databaseUrl ?? process.env.DATABASE_URL;
  return serverUrl ? openOnServer(serverUrl, options) : openEmbedded(options);
}

/** The pristine data folder of this run, read once per worker; null without the globalSetup. */
let pristine: Promise<Blob> | null = null;

/**
 * A new, empty in-memory PGlite: a copy of the data folder the run's globalSetup took right after
 * initdb (several times faster than an initdb of its own, and the same cluster). Run without that
 * setup (another config), the CLI's own `freshPGlite` does the same within the process.
 *
 * @example
 * const pglite = await emptyPGlite();
 * try { await pglite.exec("CREATE TABLE t (id int)") } finally { await pglite.close() }
 */
export async function emptyPGlite(): Promise<PGlite> {
  const file = inject("pglitePristine");
  if (!file) return freshPGlite();
  pristine ??= readFile(file).then((bytes) => new Blob([bytes]));
  return PGlite.create({ loadDataDir: await pristine });
}

async function openEmbedded(options: OpenTestDatabaseOptions): Promise<TestDatabase> {
  const pglite = await emptyPGlite();
  // More than one socket so a second client (the Sequelize 5 target) can connect to `url` while the
  // Sequelize 6 pool holds its connection; PGlite still runs one query at a time behind the queue.
  const server = new PGLiteSocketServer({ db: pglite, port: 0, host: "127.0.0.1", maxConnections: 8 });
  await server.start();
  const url = `postgres://postgres@${server.getServerConn()}/postgres`;
  const sequelize = connect(url, options);
  return {
    url,
    sequelize,
    query: (sql) => runQuery(sequelize, sql),
    close: async () => {
      await sequelize.close();
      await server.stop();
      await pglite.close();
    },
  };
}

async function openOnServer(serverUrl: string, options: OpenTestDatabaseOptions): Promise<TestDatabase> {
  const name = `tenant_schema_test_${process.pid}_${randomBytes(6).toString("hex")}`;
  await withAdminClient(serverUrl, (client) => client.query(`CREATE DATABASE "${name}"`));
  const url = withDatabaseName(serverUrl, name);
  const sequelize = connect(url, options);
  return {
    url,
    sequelize,
    query: (sql) => runQuery(sequelize, sql),
    close: async () => {
      await sequelize.close();
      // FORCE (PostgreSQL 13+) ends a connection a failed test left behind (e.g. a Sequelize 5 client).
      await withAdminClient(serverUrl, (client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
    },
  };
}

function connect(url: string, options: OpenTestDatabaseOptions): Sequelize {
  return new Sequelize(url, {
    dialect: "postgres",
    logging: options.logging ? (sql: string) => options.logging?.(sql) : false,
    pool: { max: 1, min: 0 },
  });
}

async function runQuery<T>(sequelize: Sequelize, sql: string): Promise<T[]> {
  // RAW keeps DDL and multi-statement scripts working; Sequelize flattens the rows of every result.
  const [rows] = await sequelize.query(sql, { type: QueryTypes.RAW });
  return (Array.isArray(rows) ? rows : []) as T[];
}

async function withAdminClient<T>(serverUrl: string, action: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return await action(client);
  } finally {
    await client.end();
  }
}

function withDatabaseName(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

/**
 * Creates the configured tenant root table the way a user's existing database has it: the tool
 * references it but never creates it. Its key type follows `tenant.keyType`.
 *
 * @example
 * await createTenantRoot(db, fixtureSchema().tenant); // CREATE TABLE "companies" ("id" serial ...)
 */
export async function createTenantRoot(db: Pick<TestDatabase, "query">, tenant: TenantIR): Promise<void> {
  const keyDefinition = {
    integer: "serial PRIMARY KEY",
    bigint: "bigserial PRIMARY KEY",
    uuid: "uuid PRIMARY KEY DEFAULT gen_random_uuid()",
  }[tenant.keyType];
  await db.query(
    `CREATE TABLE ${quoteIdent(tenant.tableName)} (${quoteIdent(tenant.key)} ${keyDefinition}, "name" text NOT NULL)`,
  );
}

/**
 * Quotes an SQL identifier, doubling embedded quotes.
 *
 * @example
 * quoteIdent('ticket_tags') // '"ticket_tags"'
 */
export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/**
 * Quotes an SQL string literal, doubling embedded single quotes.
 *
 * @example
 * quoteLiteral("it's") // "'it''s'"
 */
export function quoteLiteral(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}
