/**
 * One `migrate up`/`down` at a time per database: two deploys starting together would otherwise both
 * run the same pending migration. A session-level advisory lock on a connection of its own, held for
 * the whole run (the connection stays idle, outside any transaction); PostgreSQL releases it if the
 * process dies.
 */
import pg from "pg";
import { databaseErrorLine } from "./database-error.js";
import { redactUrl } from "./connect.js";
import { CliError } from "./problem.js";

const POLL_MS = 500;

export interface MigrateLock {
  release(): Promise<void>;
}

/**
 * Takes the lock named after the history table, waiting (and saying so) while another run holds it.
 *
 * @example
 * const lock = await acquireMigrateLock(url, "SequelizeMeta", (line) => console.error(line));
 * try { ... } finally { await lock.release(); }
 */
export async function acquireMigrateLock(url: string, tableName: string, notify: (line: string) => void): Promise<MigrateLock> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  const key = `tenant-schema migrate ${tableName}`;
  try {
    await client.connect();
    // Polled, never a blocking pg_advisory_lock: a statement waiting on the lock holds a snapshot,
    // and the other run's CREATE INDEX CONCURRENTLY would wait for that snapshot, forever.
    for (let attempt = 0; !(await tryLock(client, key)); attempt++) {
      if (attempt === 0) notify(`waiting for another migration run on this database to finish (advisory lock "${key}")`);
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  } catch (error) {
    await client.end().catch(() => undefined);
    throw new CliError([{ file: null, line: null, message: `cannot lock ${redactUrl(url)} for migrating: ${databaseErrorLine(error)}` }], 2);
  }
  return {
    release: async () => {
      try {
        // Explicitly: an embedded PostgreSQL keeps one session for every connection.
        await client.query(`SELECT pg_advisory_unlock(hashtext($1))`, [key]);
      } finally {
        await client.end();
      }
    },
  };
}

async function tryLock(client: pg.Client, key: string): Promise<boolean> {
  const { rows } = await client.query<{ locked: boolean }>(`SELECT pg_try_advisory_lock(hashtext($1)) AS locked`, [key]);
  return rows[0]?.locked === true;
}
