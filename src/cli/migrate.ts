/**
 * `tenant-schema migrate up|down|status`: runs the migrations folder (emitted `.ts` and the team's
 * hand-written `.js`, in name order) over the project's Sequelize, loading TypeScript with the same
 * jiti loader as the schema files, and keeps the history in sequelize-cli's `SequelizeMeta` table so
 * either runner can take over. Exit codes: 0 ok, 1 a migration failed, 2 usage, config or connection.
 */
import { readdir } from "node:fs/promises";
import path from "node:path";
import type { QueryInterface, Sequelize } from "sequelize";
import { checkDatabaseUrl, connect, projectSequelize, redactUrl, type SequelizePackage } from "./connect.js";
import { databaseErrorLine } from "./database-error.js";
import { loadConfig } from "./load-config.js";
import { acquireMigrateLock, type MigrateLock } from "./migrate-lock.js";
import { migrationStatus, planDown, planUp, type DownSelector, type MigrationStatus } from "./migrate-plan.js";
import { isMigrationFile, recordedName, recordStyleOf, type RecordStyle } from "./migration-names.js";
import { createModuleLoader, type ModuleLoader } from "./module-loader.js";
import { fromProjectPath, readIfExists, toProjectPath } from "./paths.js";
import { CliError, formatProblem } from "./problem.js";
import { JOURNAL_FILE, parseJournal, type JournalEntry } from "./state.js";
import { metaTable, META_TABLE, type MetaTable } from "./sequelize-meta.js";

export type MigrateCommand = { kind: "up"; to?: string | undefined } | { kind: "down"; selector: DownSelector } | { kind: "status"; json: boolean };

export interface MigrateOptions {
  /** Folder the command runs in; `--config` and `--migrations-path` are relative to it. */
  cwd: string;
  configFile?: string | undefined;
  /** Default `DATABASE_URL`. */
  databaseUrl?: string | undefined;
  /** Another folder than the config's `output.migrations` (e.g. a `tsc` build of it). */
  migrationsPath?: string | undefined;
  /** How new `SequelizeMeta` rows name TypeScript migrations; default: what the table already shows, else the config's `migrations.extension`. */
  recordAs?: RecordStyle | undefined;
  metaTable?: string | undefined;
  dryRun?: boolean | undefined;
  /** Where the CLI module lives (tests may override). */
  moduleUrl?: string | undefined;
}

export interface MigrateIo {
  out: (line: string) => void;
  err: (line: string) => void;
}

interface Project {
  folder: string;
  files: string[];
  journal: JournalEntry[];
  url: string;
  /** How the project's runner records TypeScript migrations (config `migrations.extension`). */
  recordStyle: RecordStyle;
}

/**
 * Runs one migrate command and returns its exit code; user errors are printed, never thrown.
 *
 * @example
 * await runMigrate({ kind: "up" }, { cwd: "/repo", databaseUrl: "postgres://app@127.0.0.1/app" }, io) // 0
 */
export async function runMigrate(command: MigrateCommand, options: MigrateOptions, io: MigrateIo): Promise<0 | 1 | 2 | 3> {
  try {
    return await migrate(command, options, io);
  } catch (error) {
    if (!(error instanceof CliError)) throw error;
    error.problems.forEach((problem) => io.err(formatProblem(problem)));
    return error.exitCode;
  }
}

async function migrate(command: MigrateCommand, options: MigrateOptions, io: MigrateIo): Promise<0 | 1 | 2> {
  const moduleUrl = options.moduleUrl ?? import.meta.url;
  const project = await readProject(options, moduleUrl);
  const sequelizePackage = projectSequelize(project.folder, moduleUrl);
  const sequelize = await connect(project.url, sequelizePackage);
  let lock: MigrateLock | null = null;
  try {
    const tableName = options.metaTable ?? META_TABLE;
    if (command.kind !== "status" && options.dryRun !== true) lock = await acquireMigrateLock(project.url, tableName, io.err);
    const meta = metaTable(sequelize, tableName);
    const rows = await meta.rows();
    const status = migrationStatus({ files: project.files, rows, journal: project.journal });
    const where = `${redactUrl(project.url)}, ${displayPath(options.cwd, project.folder)}, sequelize ${sequelizePackage.version}`;
    if (command.kind === "status") {
      printStatus(status, command.json, where, tableName, io);
      return 0;
    }
    const plan = command.kind === "up" ? planUp(status, command.to) : planDown(status, command.selector);
    const verb = command.kind === "up" ? "apply" : "revert";
    if (plan.length === 0) {
      const applied = status.filter((migration) => migration.state !== "pending").length;
      io.out(`nothing to ${verb} (${where}): ${applied} applied, ${status.length - applied} pending`);
      return 0;
    }
    if (options.dryRun === true) {
      io.out(`would ${verb} ${count(plan.length)} (${where}):`);
      plan.forEach((migration) => io.out(`  ${migration.file}`));
      return 0;
    }
    const style = options.recordAs ?? recordStyleOf(rows, project.files, project.recordStyle);
    io.out(`${command.kind === "up" ? "applying" : "reverting"} ${count(plan.length)} (${where})`);
    return await execute(command.kind, plan, { folder: project.folder, sequelize, sequelizePackage, meta, style, moduleUrl }, io);
  } finally {
    await lock?.release().catch(() => undefined);
    await sequelize.close();
  }
}

interface Runtime {
  folder: string;
  sequelize: Sequelize;
  sequelizePackage: SequelizePackage;
  meta: MetaTable;
  style: RecordStyle;
  moduleUrl: string;
}

/** Runs the plan in order, one migration at a time; stops at the first failure (exit 1). */
async function execute(direction: "up" | "down", plan: readonly MigrationStatus[], runtime: Runtime, io: MigrateIo): Promise<0 | 1> {
  // The migrations import `sequelize`: they get the very copy the connection uses.
  const loader = createModuleLoader(runtime.moduleUrl, { sequelize: runtime.sequelizePackage.dir });
  const width = Math.max(...plan.map((migration) => (migration.file ?? "").length));
  const started = performance.now();
  try {
    for (const [index, migration] of plan.entries()) {
      const file = migration.file!;
      const start = performance.now();
      try {
        await runOne(direction, path.join(runtime.folder, file), runtime, loader);
        if (direction === "up") await runtime.meta.record(recordedName(file, runtime.style));
        else for (const row of migration.recordedAs) await runtime.meta.unrecord(row);
      } catch (error) {
        io.err(`FAILED ${file} (${elapsed(start)}): ${databaseErrorLine(error)}`);
        if (migration.transaction === false) {
          io.err(`  it runs without a wrapping transaction: the steps before the failure are committed; fix the cause and run it again (its steps can run twice)`);
        }
        io.err(`${direction === "up" ? "applied" : "reverted"} ${index}, failed 1, not run ${plan.length - index - 1}`);
        return 1;
      }
      io.out(`  ${direction === "up" ? "applied " : "reverted"} ${file.padEnd(width)}  ${elapsed(start)}`);
    }
  } finally {
    loader.dispose();
  }
  io.out(`${direction === "up" ? "applied" : "reverted"} ${count(plan.length)} in ${elapsed(started)}`);
  return 0;
}

type MigrationFn = (queryInterface: QueryInterface, sequelize: typeof import("sequelize")) => unknown;

/**
 * Runs one migration file's `up` or `down` as sequelize-cli calls it; a file that cannot be loaded or
 * exports no such function is an Error saying so. `verify` runs migrations one by one with it.
 *
 * @example
 * await runOne("up", "/repo/migrations/20261125090000-create-users.ts", { sequelize, sequelizePackage }, loader);
 */
export async function runOne(direction: "up" | "down", file: string, runtime: Pick<Runtime, "sequelize" | "sequelizePackage">, loader: ModuleLoader): Promise<void> {
  let module: Record<string, unknown>;
  try {
    module = await loader.load(file);
  } catch (error) {
    throw new Error(`cannot load the migration: ${databaseErrorLine(error)}`, { cause: error });
  }
  const holder = typeof module[direction] === "function" ? module : (module.default as Record<string, unknown> | undefined);
  const fn = holder?.[direction];
  if (typeof fn !== "function") throw new Error(`the migration exports no ${direction}() function`);
  // sequelize-cli's call: (queryInterface, Sequelize), with the module as `this`.
  await (fn as MigrationFn).call(holder, runtime.sequelize.getQueryInterface(), runtime.sequelizePackage.module);
}

async function readProject(options: MigrateOptions, moduleUrl: string): Promise<Project> {
  const url = options.databaseUrl ?? process.env.DATABASE_URL;
  if (url === undefined || url === "") throw usage("no database: pass --database-url postgres://... or set DATABASE_URL");
  checkDatabaseUrl(url);
  const loader = createModuleLoader(moduleUrl);
  const config = await loadConfig({ cwd: options.cwd, configFile: options.configFile, loader }).finally(() => loader.dispose());
  const folder = options.migrationsPath === undefined ? fromProjectPath(config.rootDir, config.output.migrations) : path.resolve(options.cwd, options.migrationsPath);
  let names: string[];
  try {
    names = (await readdir(folder, { withFileTypes: true })).filter((entry) => entry.isFile() && isMigrationFile(entry.name)).map((entry) => entry.name);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    throw usage(`the migrations folder ${displayPath(options.cwd, folder)} does not exist (config output.migrations, or --migrations-path)`);
  }
  const journalPath = path.join(fromProjectPath(config.rootDir, config.output.state), JOURNAL_FILE);
  const journalText = await readIfExists(journalPath);
  const journal = journalText === null ? [] : parseJournal(journalText, toProjectPath(config.rootDir, journalPath)).entries;
  return { folder, files: names, journal, url, recordStyle: config.migrations.extension === ".js" ? "js" : "ts" };
}

function printStatus(status: readonly MigrationStatus[], json: boolean, where: string, tableName: string, io: MigrateIo): void {
  if (json) {
    io.out(JSON.stringify({ migrations: status }, null, 2));
    return;
  }
  io.out(`migrations (${where}), history in "${tableName}":`);
  const newestApplied = status.filter((migration) => migration.state !== "pending").at(-1)?.name ?? null;
  const width = Math.max(0, ...status.map((migration) => (migration.file ?? migration.recordedAs[0] ?? "").length));
  for (const migration of status) {
    const shown = migration.file ?? migration.recordedAs.join(", ");
    const notes = [
      migration.feature === null ? "hand-written" : `feature ${migration.feature}, change set ${migration.changeSet}`,
      ...(migration.file !== null && migration.recordedAs.length > 0 && !migration.recordedAs.includes(migration.file) ? [`recorded as ${migration.recordedAs.join(", ")}`] : []),
      ...(migration.state === "missing" ? ["recorded in the history, no file on disk"] : []),
      ...(migration.state === "pending" && newestApplied !== null && migration.name < newestApplied ? ["older than applied migrations: up runs it next"] : []),
    ];
    io.out(`  ${migration.state.padEnd(7)}  ${shown.padEnd(width)}  ${notes.join("; ")}`);
  }
  const counts = (state: MigrationStatus["state"]) => status.filter((migration) => migration.state === state).length;
  io.out(`${counts("applied")} applied, ${counts("pending")} pending${counts("missing") > 0 ? `, ${counts("missing")} recorded but missing on disk` : ""}`);
}

function count(n: number): string {
  return `${n} migration${n === 1 ? "" : "s"}`;
}

function elapsed(start: number): string {
  const ms = performance.now() - start;
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

function displayPath(cwd: string, folder: string): string {
  const relative = toProjectPath(cwd, folder);
  return relative === "" ? "." : relative.startsWith("..") ? folder : relative;
}

function usage(message: string): CliError {
  return new CliError([{ file: null, line: null, message }], 2);
}
