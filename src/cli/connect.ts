/**
 * The database connection of `tenant-schema migrate`: the project's own Sequelize (5 or 6, the copy
 * its migrations import), connected to `--database-url`; a connection that fails is one line naming
 * the database and the reason, never a stack trace.
 */
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import type { Sequelize } from "sequelize";
import { databaseErrorLine } from "./database-error.js";
import { CliError } from "./problem.js";

/** The `sequelize` package a project's migrations run with. */
export interface SequelizePackage {
  /** What `require("sequelize")` returns: the Sequelize class with DataTypes, literal, ... */
  module: typeof import("sequelize");
  /** The package folder, so migrations that `import "sequelize"` get this very copy. */
  dir: string;
  version: string;
}

/**
 * The `sequelize` a project resolves from `fromDir` (its migrations folder), else the one this CLI
 * depends on: one copy for the connection and for every migration, as sequelize-cli does.
 *
 * @example
 * projectSequelize("/repo/backend/src/database/migrations", import.meta.url).version // "6.37.8"
 */
export function projectSequelize(fromDir: string, moduleUrl: string): SequelizePackage {
  const candidates = [path.join(fromDir, "noop.js"), moduleUrl];
  for (const base of candidates) {
    let entry: string;
    try {
      entry = createRequire(base).resolve("sequelize");
    } catch {
      continue;
    }
    const dir = packageDir(entry);
    const { version } = JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8")) as { version: string };
    if (Number(version.split(".")[0]) < 5) {
      throw usage(`sequelize ${version} (in ${dir}) is too old: tenant-schema migrate needs Sequelize 5 or 6`);
    }
    return { module: createRequire(base)("sequelize") as typeof import("sequelize"), dir, version };
  }
  throw usage("cannot find the sequelize package: install it in the project (npm install sequelize pg)");
}

/**
 * Connects and checks the connection (`authenticate`); failures are a CliError (exit 2) with the
 * URL without its password.
 *
 * @example
 * const sequelize = await connect("postgres://app@127.0.0.1:5432/app", projectSequelize(dir, import.meta.url));
 * await sequelize.close();
 * // `logging` receives every statement Sequelize sends ("Executing (default): ..."), as its own option does.
 */
export async function connect(url: string, sequelize: SequelizePackage, options: { logging?: (sql: string) => void } = {}): Promise<Sequelize> {
  checkDatabaseUrl(url);
  let connection: Sequelize;
  try {
    connection = new sequelize.module.Sequelize(url, {
      dialect: "postgres",
      logging: options.logging ?? false,
      // pg waits forever for an unreachable host by default.
      dialectOptions: { connectionTimeoutMillis: 10_000 },
    });
  } catch (error) {
    throw usage(`cannot use ${redactUrl(url)}: ${databaseErrorLine(error)}`);
  }
  try {
    await connection.authenticate();
  } catch (error) {
    await connection.close().catch(() => undefined);
    throw usage(`cannot connect to ${redactUrl(url)}: ${databaseErrorLine(error)}`);
  }
  return connection;
}

/**
 * Refuses (CliError, exit 2) what is not a `postgres://` or `postgresql://` URL, before anything is loaded.
 *
 * @example
 * checkDatabaseUrl("mysql://app@db/app") // throws "--database-url: mysql:// is not supported; ..."
 */
export function checkDatabaseUrl(url: string): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw usage(`--database-url: not a URL (expected postgres://user:password@host:port/database)`);
  }
  if (parsed.protocol !== "postgres:" && parsed.protocol !== "postgresql:") {
    throw usage(`--database-url: ${parsed.protocol.replace(/:$/, "")}:// is not supported; tenant-schema migrate runs on PostgreSQL (postgres://...)`);
  }
}

/**
 * The URL as it may be printed: without its password.
 *
 * @example
 * redactUrl("postgres://app:secret@db:5432/app") // "postgres://app:***@db:5432/app"
 */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== "") parsed.password = "***";
    return parsed.toString();
  } catch {
    return "<the database URL>";
  }
}

function packageDir(entry: string): string {
  for (let dir = path.dirname(entry); path.dirname(dir) !== dir; dir = path.dirname(dir)) {
    const manifest = path.join(dir, "package.json");
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, "utf8")) as { name?: string }).name === "sequelize") return dir;
  }
  throw usage(`cannot find the sequelize package around ${entry}`);
}

function usage(message: string): CliError {
  return new CliError([{ file: null, line: null, message }], 2);
}
