/**
 * The `migrate` command line: `tenant-schema migrate up|down|status` and their flags, turned into a
 * `runMigrate` call.
 */
import path from "node:path";
import { Command, InvalidArgumentError, Option } from "commander";
import type { MigrateCommand, MigrateIo, MigrateOptions } from "./migrate.js";
import type { DownSelector } from "./migrate-plan.js";

interface CommonFlags {
  databaseUrl?: string;
  config?: string;
  cwd?: string;
  migrationsPath?: string;
  metaTable?: string;
  recordAs?: "js" | "ts";
  dryRun?: boolean;
}

interface DownFlags extends CommonFlags {
  to?: string;
  step?: number;
  all?: boolean;
  changeSet?: string | true;
}

/**
 * Adds `migrate` to the program; `setExitCode` receives the code of the command that ran.
 *
 * @example
 * registerMigrateCommand(program, io, (code) => { exitCode = code; });
 */
export function registerMigrateCommand(program: Command, io: MigrateIo, setExitCode: (code: number) => void): void {
  const migrate = program
    .command("migrate")
    .description("run the migrations (emitted and hand-written) against a database, with sequelize-cli's SequelizeMeta history");
  // Loaded when a migrate command runs: the database drivers stay out of every other command's start-up.
  const run = async (command: MigrateCommand, flags: CommonFlags) => setExitCode(await (await import("./migrate.js")).runMigrate(command, options(flags), io));

  const up = migrate
    .command("up")
    .description("apply every pending migration, in name order")
    .option("--to <migration>", "stop after this migration (file name, with or without extension, or its timestamp)")
    .addOption(new Option("--record-as <extension>", "name history rows of .ts migrations as .js (as sequelize-cli on a tsc build does) or .ts (default: as the history already does, else as config migrations.extension says)").choices(["js", "ts"]));
  withCommonFlags(up, true)
    .action((flags: CommonFlags & { to?: string }) => run({ kind: "up", to: flags.to }, flags));

  const down = migrate
    .command("down")
    .description("revert applied migrations, newest first (default: the newest one)")
    .option("--to <migration>", "revert down to and including this migration")
    .option("--step <n>", "revert the newest n migrations", wholeNumber)
    .option("--change-set [timestamp]", "revert a whole change set (default: the newest applied one); its migrations must be the newest applied")
    .option("--all", "revert every applied migration");
  withCommonFlags(down, true)
    .action(async (flags: DownFlags) => {
      const selectors = selectorsOf(flags);
      if (selectors.length > 1) {
        io.err("migrate down: use one of --to, --step, --change-set and --all");
        setExitCode(2);
        return;
      }
      await run({ kind: "down", selector: selectors[0] ?? { kind: "step", count: 1 } }, flags);
    });

  const status = migrate
    .command("status")
    .description("list applied, pending and recorded-but-missing migrations, with their feature and change set")
    .option("--json", "print the status as JSON");
  withCommonFlags(status, false)
    .action((flags: CommonFlags & { json?: boolean }) => run({ kind: "status", json: flags.json === true }, flags));
}

function withCommonFlags(command: Command, runs: boolean): Command {
  command
    .option("--database-url <url>", "postgres://user:password@host:port/database (default: DATABASE_URL)")
    .option("--config <file>", "config file (default: tenant-schema.config.ts in the working folder)")
    .option("--cwd <folder>", "run as if started in this folder")
    .option("--migrations-path <folder>", "the migrations folder (default: the config's output.migrations)")
    .option("--meta-table <name>", "the history table (default: SequelizeMeta, as sequelize-cli)");
  return runs ? command.option("--dry-run", "print what would run, run nothing") : command;
}

function selectorsOf(flags: DownFlags): DownSelector[] {
  return [
    ...(flags.to === undefined ? [] : [{ kind: "to", migration: flags.to } as const]),
    ...(flags.step === undefined ? [] : [{ kind: "step", count: flags.step } as const]),
    ...(flags.changeSet === undefined ? [] : [{ kind: "changeSet", timestamp: flags.changeSet === true ? null : flags.changeSet } as const]),
    ...(flags.all === true ? [{ kind: "all" } as const] : []),
  ];
}

function options(flags: CommonFlags): MigrateOptions {
  return {
    cwd: path.resolve(process.cwd(), flags.cwd ?? "."),
    configFile: flags.config,
    databaseUrl: flags.databaseUrl,
    migrationsPath: flags.migrationsPath,
    metaTable: flags.metaTable,
    recordAs: flags.recordAs,
    dryRun: flags.dryRun,
  };
}

function wholeNumber(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 1) throw new InvalidArgumentError("expected a whole number of at least 1");
  return Number(value);
}
