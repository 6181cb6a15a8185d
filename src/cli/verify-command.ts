/**
 * The `verify` command line: `tenant-schema verify [--database-url <url> | --since <migration>]`,
 * turned into a `runVerify` call, and `verify --legacy <folder>` into a `runVerifyLegacy` call.
 */
import path from "node:path";
import type { Command } from "commander";
import type { VerifyIo } from "./verify.js";

interface VerifyFlags {
  databaseUrl?: string;
  dbSchema: string;
  since?: string;
  legacy?: string;
  json?: boolean;
  config?: string;
  cwd?: string;
}

/**
 * Adds `verify` to the program; `setExitCode` receives the code of the run.
 *
 * @example
 * registerVerifyCommand(program, io, (code) => { exitCode = code; });
 */
export function registerVerifyCommand(program: Command, io: VerifyIo, setExitCode: (code: number) => void): void {
  program
    .command("verify")
    .description("prove the pending migrations on the embedded PostgreSQL: up matches the declarations, each down restores the schema, up runs again")
    .option("--database-url <url>", "take the baseline (its schema) and the pending migrations (not in its SequelizeMeta) from this database; it is only read")
    .option("--db-schema <name>", "PostgreSQL schema of that database", "public")
    .option("--since <migration>", "without a database: the migrations after this one (file name or timestamp) are pending (default: the newest change set)")
    .option("--legacy <folder>", "review hand-written sequelize-cli migrations instead: squawk's locking and data-loss risks of each up, and whether each down restores the schema")
    .option("--json", "print the result as JSON")
    .option("--config <file>", "config file (default: tenant-schema.config.ts in the working folder)")
    .option("--cwd <folder>", "run as if started in this folder")
    .action(async (flags: VerifyFlags) => {
      const cwd = path.resolve(process.cwd(), flags.cwd ?? ".");
      if (flags.legacy !== undefined) {
        if (flags.databaseUrl !== undefined || flags.since !== undefined) {
          io.err("verify --legacy runs the folder from an empty database: --database-url and --since do not apply");
          setExitCode(2);
          return;
        }
        setExitCode(await (await import("./verify-legacy.js")).runVerifyLegacy({ cwd, configFile: flags.config, folder: flags.legacy, json: flags.json === true }, io));
        return;
      }
      setExitCode(await (await import("./verify.js")).runVerify({ cwd, configFile: flags.config, databaseUrl: flags.databaseUrl, dbSchema: flags.dbSchema, since: flags.since, json: flags.json === true }, io));
    });
}
