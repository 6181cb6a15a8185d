/**
 * An embedded PostgreSQL (PGlite, in memory) served on a local socket, so code that needs a real
 * connection URL (Sequelize, `pg`) can use it: `verify` runs the project's migrations on it through
 * the same runner as `migrate`.
 */
import type { RunQuery } from "../introspect/catalog.js";
import { freshPGlite } from "./database.js";

export interface EmbeddedServer {
  /** `postgres://postgres@127.0.0.1:<port>/postgres`. */
  url: string;
  /**
   * Runs SQL on the database directly, not through the socket (several times faster: the catalog
   * is read with it). Only between the socket clients' statements, outside their transactions.
   */
  run: RunQuery;
  close(): Promise<void>;
}

/**
 * Starts a fresh in-memory PostgreSQL on a free local port; `close()` stops it and frees its memory.
 *
 * @example
 * const server = await serveEmbedded();
 * try { await runMigrate({ kind: "up" }, { cwd, databaseUrl: server.url }, io) } finally { await server.close() }
 */
export async function serveEmbedded(): Promise<EmbeddedServer> {
  const { PGLiteSocketServer } = await import("@electric-sql/pglite-socket");
  const pglite = await freshPGlite();
  // Several sockets: the migration runner's Sequelize pool and a raw client connect together;
  // PGlite still runs one query at a time behind the server's queue.
  const server = new PGLiteSocketServer({ db: pglite, port: 0, host: "127.0.0.1", maxConnections: 8 });
  try {
    await server.start();
  } catch (error) {
    await pglite.close();
    throw error;
  }
  return {
    url: `postgres://postgres@${server.getServerConn()}/postgres`,
    run: async (sql) => {
      const results = await pglite.exec(sql);
      return (results.at(-1)?.rows ?? []) as Record<string, unknown>[];
    },
    close: async () => {
      await server.stop();
      await pglite.close();
    },
  };
}
