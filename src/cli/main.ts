/**
 * The `tenant-schema` command. Exit codes: 0 ok, 1 stale files (--check), an invalid schema or an
 * emit state that cannot be trusted, 2 usage or config errors, 3 another emit holds the lock
 * (migrate: 1 a migration failed, 2 also a database that cannot be reached; verify: 1 a difference,
 * a failing migration, or with --legacy a down that does not restore or a data-loss risk).
 */
import { Command, CommanderError } from "commander";
import path from "node:path";
import { formatMigrationTimestamp } from "../diff/timestamp.js";
import type { CommandResult } from "./audit-command.js";
import type { EmitMode, EmitReport } from "./emit.js";
import { registerMigrateCommand } from "./migrate-command.js";
import { registerVerifyCommand } from "./verify-command.js";
import type { StateReport } from "./state-command.js";
import { parseNow } from "./now.js";
import { ownVersion } from "./own-entry.js";
import { CliError, formatProblem } from "./problem.js";

// Each command's module is loaded when that command runs, so start-up (and the no-change `emit --check`,
// which loads none of the emitters, prettier's formatter or the database drivers) pays only for what it uses.
const runAudit = async (...args: Parameters<typeof import("./audit-command.js").runAudit>) => (await import("./audit-command.js")).runAudit(...args);
const runAuditFix = async (...args: Parameters<typeof import("./audit-fix-command.js").runAuditFix>) => (await import("./audit-fix-command.js")).runAuditFix(...args);
const runDrift = async (...args: Parameters<typeof import("./drift-command.js").runDrift>) => (await import("./drift-command.js")).runDrift(...args);
const runPull = async (...args: Parameters<typeof import("./pull-command.js").runPull>) => (await import("./pull-command.js")).runPull(...args);
const runStateRebuild = async (...args: Parameters<typeof import("./state-command.js").runStateRebuild>) => (await import("./state-command.js")).runStateRebuild(...args);
const runStateUnlock = async (...args: Parameters<typeof import("./state-command.js").runStateUnlock>) => (await import("./state-command.js")).runStateUnlock(...args);
const runEmitFast = async (...args: Parameters<typeof import("./up-to-date.js").runEmitFast>) => (await import("./up-to-date.js")).runEmitFast(...args);

interface EmitFlags {
  check?: boolean;
  dryRun?: boolean;
  config?: string;
  now?: string;
  cwd?: string;
  allowDestructive?: boolean;
  adopt?: string[];
  lockTimeout?: string;
  baseline?: boolean;
}

interface StateFlags {
  config?: string;
  cwd?: string;
  fromDeclarations?: boolean;
  lockTimeout?: string;
}

type Io = { out: (line: string) => void; err: (line: string) => void };

/**
 * Runs the CLI with `argv` (without `node` and the script) and returns the exit code.
 *
 * @example
 * await main(["emit", "--check"]) // 0
 */
export async function main(argv: readonly string[], io: Io = defaultIo()): Promise<number> {
  let exitCode = 0;
  const program = new Command("tenant-schema")
    .description("Models, reversible migrations and schema-change docs from a typed multi-tenant schema")
    .version(ownVersion(import.meta.url), "-V, --version", "print the tenant-schema version")
    .exitOverride()
    .configureOutput({ writeOut: (text) => io.out(text.trimEnd()), writeErr: (text) => io.err(text.trimEnd()) });
  program
    .command("emit")
    .description("emit models, new migrations and schema-change docs")
    .option("--check", "write nothing; exit 1 if any emitted file is missing, stale or hand-edited")
    .option("--dry-run", "print what would be written, write nothing")
    .option("--config <file>", "config file (default: tenant-schema.config.ts in the working folder)")
    .option("--now <time>", "the clock, as YYYYMMDDHHMMSS or an ISO date (default: now)")
    .option("--cwd <folder>", "run as if started in this folder")
    .option("--allow-destructive", "acknowledge every data loss (dropped tables and columns, removed enum values) instead of acknowledgeDataLoss(...) in the schema")
    .option("--adopt <file...>", "let emit replace these model files although tenant-schema did not write them, or they were edited by hand")
    .option("--lock-timeout <seconds>", "how long to wait for another emit of the project to finish (default: 10)")
    .option("--baseline", "the declarations describe an existing database: record them as applied and write the models, no migration (before the first emit only)")
    .action(async (flags: EmitFlags) => {
      exitCode = await emitCommand(flags, io);
    });
  const databaseOptions = (command: Command) =>
    command
      .option("--database-url <url>", "the database (default: DATABASE_URL)")
      .option("--db-schema <name>", "PostgreSQL schema to read", "public")
      .option("--json", "print the result as JSON")
      .option("--config <file>", "config file (default: tenant-schema.config.ts in the working folder)")
      .option("--cwd <folder>", "run as if started in this folder");
  databaseOptions(program.command("audit").description("check the tenant rules on the live database, or on the declarations with --schema"))
    .option("--schema", "audit the declarations (the schema files) instead of a database")
    .option("--fail-on <severity>", "exit 1 when a finding of this severity or worse remains: error, warning or info", "error")
    .option("--fix", "fix in the declarations what is safe to fix, and write the change set that applies it (one locked write)")
    .option("--dry-run", "with --fix: print what would be written, write nothing")
    .option("--now <time>", "with --fix: the clock, as YYYYMMDDHHMMSS or an ISO date (default: now)")
    .action(async (flags: DatabaseFlags & { schema?: boolean; failOn: string; fix?: boolean; dryRun?: boolean; now?: string }) => {
      if (flags.fix === true) {
        if (flags.schema === true) {
          io.err("--fix reads the live database: it cannot be combined with --schema");
          exitCode = 2;
          return;
        }
        const now = flags.now ?? formatMigrationTimestamp(new Date());
        exitCode = print(await runAuditFix({ ...projectOf(flags), databaseUrl: flags.databaseUrl, dbSchema: flags.dbSchema, now, dryRun: flags.dryRun === true }), io);
        return;
      }
      exitCode = print(await runAudit({ ...projectOf(flags), declarations: flags.schema === true, databaseUrl: flags.databaseUrl, dbSchema: flags.dbSchema, failOn: flags.failOn, json: flags.json === true }), io);
    });
  databaseOptions(program.command("drift").description("compare the declarations (the last emit's snapshot) with a live database")).action(async (flags: DatabaseFlags) => {
    exitCode = print(await runDrift({ ...projectOf(flags), databaseUrl: flags.databaseUrl, dbSchema: flags.dbSchema, json: flags.json === true }), io);
  });
  program
    .command("pull")
    .description("write DSL files that declare the live database's schema exactly (an existing database's first step)")
    .option("--database-url <url>", "the database (default: DATABASE_URL)")
    .option("--schema <name>", "PostgreSQL schema to read", "public")
    .option("--feature <table=feature...>", "put a table into a feature (schema file) of your choice; repeatable", collect, [])
    .option("--naming <profile>", "naming profile instead of the detected one: snake_case or sequelize")
    .option("--dry-run", "print what would be written, write nothing")
    .option("--now <time>", "the clock for the files' header, as an ISO date (default: now)")
    .option("--config <file>", "config file (default: tenant-schema.config.ts in the working folder)")
    .option("--cwd <folder>", "run as if started in this folder")
    .action(async (flags: { databaseUrl?: string; schema: string; feature: string[]; naming?: string; dryRun?: boolean; now?: string; config?: string; cwd?: string }) => {
      if (flags.naming !== undefined && flags.naming !== "snake_case" && flags.naming !== "sequelize") {
        io.err(`--naming: must be snake_case or sequelize, got "${flags.naming}"`);
        exitCode = 2;
        return;
      }
      const now = flags.now ?? new Date().toISOString().replace(/\.\d+Z$/, "Z");
      exitCode = print(await runPull({ ...projectOf(flags), databaseUrl: flags.databaseUrl, dbSchema: flags.schema, features: flags.feature, naming: flags.naming, now, dryRun: flags.dryRun === true }), io);
    });
  registerMigrateCommand(program, io, (code) => {
    exitCode = code;
  });
  registerVerifyCommand(program, io, (code) => {
    exitCode = code;
  });
  const state = program.command("state").description("repair the emit state (journal, snapshot, lock) when the checks refuse it");
  state
    .command("rebuild")
    .description("rebuild journal.json from the emitted migrations and docs on disk (trusting them as they are) and stamp the snapshot for it")
    .option("--from-declarations", "rebuild snapshot.json from the declarations too (trusting that they have not changed since the last emit)")
    .option("--config <file>", "config file (default: tenant-schema.config.ts in the working folder)")
    .option("--cwd <folder>", "run as if started in this folder")
    .option("--lock-timeout <seconds>", "how long to wait for a running emit to finish (default: 10)")
    .action(async (flags: StateFlags) => {
      exitCode = await stateCommand(flags, io, "rebuild");
    });
  state
    .command("unlock")
    .description("remove the emit lock another host left (a lock of this host whose emit is gone is removed by the next emit itself)")
    .option("--config <file>", "config file (default: tenant-schema.config.ts in the working folder)")
    .option("--cwd <folder>", "run as if started in this folder")
    .action(async (flags: StateFlags) => {
      exitCode = await stateCommand(flags, io, "unlock");
    });
  try {
    await program.parseAsync([...argv], { from: "user" });
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    throw error;
  }
  return exitCode;
}

/** `--lock-timeout` in milliseconds; null when it is not a number of seconds. */
function lockWaitMs(value: string | undefined): number | undefined | null {
  if (value === undefined) return undefined;
  return /^\d+(\.\d+)?$/.test(value) ? Math.round(Number(value) * 1000) : null;
}

async function stateCommand(flags: StateFlags, io: Io, command: "rebuild" | "unlock"): Promise<number> {
  const wait = lockWaitMs(flags.lockTimeout);
  if (wait === null) {
    io.err(`--lock-timeout: expected a number of seconds, got "${flags.lockTimeout}"`);
    return 2;
  }
  const cwd = path.resolve(process.cwd(), flags.cwd ?? ".");
  const options = { cwd, configFile: flags.config, fromDeclarations: flags.fromDeclarations === true, ...(wait === undefined ? {} : { lockWaitMs: wait }) };
  const report: StateReport = command === "rebuild" ? await runStateRebuild(options) : await runStateUnlock(options);
  report.errors.forEach((line) => io.err(line));
  report.warnings.forEach((line) => io.err(`warning: ${line}`));
  report.lines.forEach((line) => io.out(line));
  return report.exitCode;
}

async function emitCommand(flags: EmitFlags, io: Io): Promise<number> {
  if (flags.check === true && flags.dryRun === true) {
    io.err("--check and --dry-run cannot be combined");
    return 2;
  }
  const wait = lockWaitMs(flags.lockTimeout);
  if (wait === null) {
    io.err(`--lock-timeout: expected a number of seconds, got "${flags.lockTimeout}"`);
    return 2;
  }
  let now: string;
  try {
    now = flags.now === undefined ? formatMigrationTimestamp(new Date()) : parseNow(flags.now);
  } catch (error) {
    if (!(error instanceof CliError)) throw error;
    error.problems.forEach((problem) => io.err(formatProblem(problem)));
    return error.exitCode;
  }
  const mode: EmitMode = flags.check === true ? "check" : flags.dryRun === true ? "dry-run" : "write";
  const cwd = path.resolve(process.cwd(), flags.cwd ?? ".");
  const report = await runEmitFast({
    cwd,
    configFile: flags.config,
    now,
    mode,
    allowDestructive: flags.allowDestructive === true,
    adopt: flags.adopt ?? [],
    baseline: flags.baseline === true,
    ...(wait === undefined ? {} : { lockWaitMs: wait }),
  });
  printReport(report, mode, io);
  return report.exitCode;
}

function printReport(report: EmitReport, mode: EmitMode, io: Io): void {
  report.errors.forEach((line) => io.err(line));
  report.warnings.forEach((line) => io.err(`warning: ${line}`));
  if (report.exitCode >= 2 || (report.exitCode === 1 && report.files.length === 0 && mode !== "check")) return;
  const verb = { write: { new: "created", changed: "updated" }, "dry-run": { new: "would create", changed: "would update" }, check: { new: "missing", changed: "stale" } }[mode];
  report.files.forEach((file) => io.out(`${verb[file.status]} ${file.path}`));
  if (report.files.length === 0 && report.errors.length === 0) {
    // "Up to date" only when nothing at all is wrong: a warning means an emitted file needs restoring.
    io.out(mode === "check" ? "up to date" : report.warnings.length > 0 ? "nothing to write" : "nothing to write: everything is up to date");
  }
  if (mode === "check" && report.exitCode === 1) {
    // Stale or missing files are what emit rewrites; edited or missing migrations and docs it never does.
    const fixes = [
      ...(report.files.length > 0 ? ["run `tenant-schema emit` and commit the result"] : []),
      ...(report.errors.length > 0 ? ["fix the problems named above (each line says how)"] : []),
    ];
    io.err(`tenant-schema emit --check failed: ${fixes.join("; ")}`);
  }
}

interface DatabaseFlags {
  databaseUrl?: string;
  dbSchema: string;
  json?: boolean;
  config?: string;
  cwd?: string;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function projectOf(flags: { config?: string; cwd?: string }): { cwd: string; configFile: string | undefined } {
  return { cwd: path.resolve(process.cwd(), flags.cwd ?? "."), configFile: flags.config };
}

function print(result: CommandResult, io: Io): number {
  result.out.forEach((line) => io.out(line));
  result.err.forEach((line) => io.err(line));
  return result.exitCode;
}

function defaultIo(): Io {
  return { out: (line) => process.stdout.write(`${line}\n`), err: (line) => process.stderr.write(`${line}\n`) };
}
