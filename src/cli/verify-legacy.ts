/**
 * `tenant-schema verify --legacy <folder>`: reviews a team's hand-written sequelize-cli migrations.
 * On a fresh embedded PostgreSQL it runs them in order, each up with the SQL Sequelize sends captured
 * and linted with squawk, then its down, comparing the schema with the one before the up, then the up
 * again. Reports per migration the locking and data-loss risks of its up and whether its down
 * restores the schema, as a table or `--json`.
 *
 * Exit 1 when a down does not restore the schema (or fails), an up fails, or an up has a data-loss
 * risk (the error level: dropping a table, a column, a database, TRUNCATE ... CASCADE); locking risks
 * are warnings and other squawk findings notes, reported without failing.
 */
import path from "node:path";
import { match } from "ts-pattern";
import { describeDifferenceAs, type Difference } from "../drift/compare.js";
import { databaseErrorLine } from "./database-error.js";
import { loadProjectConfig, type ProjectOptions } from "./declared-schema.js";
import { compareStates, formatMs, openEmbeddedRunner, type EmbeddedRunner, type RunnerOptions, type SchemaState } from "./embedded-runner.js";
import { CliError, formatProblem } from "./problem.js";
import { squawk, squawkBinary, type SquawkFinding } from "./squawk.js";
import { BEFORE_UP, migrationFiles } from "./verify.js";

export interface LegacyOptions extends ProjectOptions {
  /** The folder of hand-written migrations, relative to `cwd`. */
  folder: string;
  json?: boolean | undefined;
}

export interface LegacyIo {
  out: (line: string) => void;
  err: (line: string) => void;
}

export type RiskCategory = "locking" | "data loss" | "other";

export interface LegacyRisk {
  rule: string;
  category: RiskCategory;
  /** error: data loss (fails the run); warning: locking; info: the other squawk findings. */
  level: "error" | "warning" | "info";
  message: string;
  /** The SQL statement squawk points at. */
  text: string;
}

export interface LegacyMigration {
  file: string;
  /** Statements Sequelize sent for its up. */
  statements: string[];
  risks: LegacyRisk[];
  /** null while it was not reached (an earlier up failed). */
  down: { restores: boolean; error: string | null; differences: Difference[] } | null;
  /** The up itself failed: nothing after it ran. */
  upError: string | null;
}

/** squawk rules whose finding means rows can be lost. */
const DATA_LOSS_RULES: ReadonlySet<string> = new Set(["ban-drop-column", "ban-drop-table", "ban-drop-database", "ban-truncate-cascade"]);

/** squawk rules whose finding means a lock that blocks reads or writes for the statement's duration. */
const LOCKING_RULES: ReadonlySet<string> = new Set([
  "adding-field-with-default",
  "adding-foreign-key-constraint",
  "adding-not-nullable-field",
  "adding-required-field",
  "adding-serial-primary-key-field",
  "ban-concurrent-index-creation-in-transaction",
  "changing-column-type",
  "constraint-missing-not-valid",
  "disallowed-unique-constraint",
  "require-concurrent-index-creation",
  "require-concurrent-index-deletion",
]);

/**
 * Rules left out: they flag every sequelize-cli migration alike, so they would bury the risks.
 * Sequelize's INTEGER/STRING/autoIncrement are SERIAL and VARCHAR(255) by design; sequelize-cli
 * migrations neither guard statements with IF NOT EXISTS nor set lock_timeout/statement_timeout
 * (tenant-schema's own migrations do, and the tests lint them with these rules on).
 */
const EXCLUDED_RULES = ["prefer-bigint-over-int", "prefer-identity", "prefer-text-field", "prefer-robust-stmts", "require-lock-timeout", "require-statement-timeout", "require-timeout-settings"];

/**
 * Runs the review and prints it; returns the exit code (user errors are printed, never thrown).
 *
 * @example
 * await runVerifyLegacy({ cwd: "/repo", folder: "db/migrations" }, io) // 1 when a down does not restore
 */
export async function runVerifyLegacy(options: LegacyOptions, io: LegacyIo): Promise<0 | 1 | 2 | 3> {
  try {
    const config = await loadProjectConfig(options);
    const folder = path.resolve(options.cwd, options.folder);
    const files = await migrationFiles(folder, options.cwd, "the --legacy folder");
    if (files.length === 0) throw new CliError([{ file: null, line: null, message: `--legacy ${options.folder}: no migration files (.js, .cjs, .ts) in it` }], 2);
    const binary = squawkBinary();
    const started = performance.now();
    const migrations = await review({ folder, config, keepTenantRoot: true, moduleUrl: options.moduleUrl }, files, binary);
    const failing = migrations.some(failsRun);
    if (options.json === true) io.out(JSON.stringify({ folder: options.folder, failed: failing, migrations }, null, 2));
    else formatReview(migrations, formatMs(performance.now() - started)).forEach((line) => io.out(line));
    return failing ? 1 : 0;
  } catch (error) {
    if (!(error instanceof CliError)) throw error;
    error.problems.forEach((problem) => io.err(formatProblem(problem)));
    return error.exitCode;
  }
}

/** Each migration: up (SQL captured), schema; down, compared with before the up; up again. */
async function review(options: RunnerOptions, files: readonly string[], binary: string): Promise<LegacyMigration[]> {
  let captured: string[] | null = null;
  const open = () => openEmbeddedRunner({ ...options, logging: (sql) => captured?.push(sql) });
  let runner: EmbeddedRunner = await open();
  const migrations: LegacyMigration[] = [];
  const lints: Promise<void>[] = [];
  try {
    let before: SchemaState = await runner.capture();
    for (const [index, file] of files.entries()) {
      const migration: LegacyMigration = { file, statements: [], risks: [], down: null, upError: null };
      migrations.push(migration);
      captured = [];
      const up = await attempt(() => runner.run("up", file));
      migration.statements = captured.map((sql) => sql.trim()).filter((sql) => sql !== "");
      captured = null;
      // squawk runs beside the database work; a failure is reported by the Promise.all below.
      const linted = lint(migration, binary);
      linted.catch(() => undefined);
      lints.push(linted);
      if (up !== null) {
        migration.upError = up;
        break;
      }
      const after = await runner.capture();
      const down = await attempt(() => runner.run("down", file));
      const differences = down === null ? compareStates(before, await runner.capture()) : [];
      migration.down = { restores: down === null && differences.length === 0, error: down, differences };
      if (index < files.length - 1 && !(await upAgain(runner, file, migration.down.restores ? null : after))) {
        // The up does not run again on what its down left: start again from nothing.
        await runner.close();
        runner = await open();
        for (const earlier of files.slice(0, index + 1)) {
          const failed = await attempt(() => runner.run("up", earlier));
          if (failed !== null) throw new CliError([{ file: null, line: null, message: `${earlier}: its up fails when the folder is run again from an empty database: ${failed}` }], 1);
        }
      }
      before = after;
    }
  } finally {
    await runner.close();
    await Promise.all(lints);
  }
  return migrations;
}

/**
 * Runs the up again after its down; true when the database is back at the schema after the first up.
 * After a down that did restore, the same up on the same schema needs no check (`expected` null).
 */
async function upAgain(runner: EmbeddedRunner, file: string, expected: SchemaState | null): Promise<boolean> {
  if ((await attempt(() => runner.run("up", file))) !== null) return false;
  return expected === null || compareStates(expected, await runner.capture()).length === 0;
}

async function lint(migration: LegacyMigration, binary: string): Promise<void> {
  if (migration.statements.length === 0) return;
  const sql = migration.statements.map((statement) => (statement.endsWith(";") ? statement : `${statement};`)).join("\n");
  try {
    migration.risks = (await squawk(sql, { exclude: EXCLUDED_RULES }, binary)).map(riskOf);
  } catch (error) {
    throw new CliError([{ file: null, line: null, message: `squawk failed on the SQL of ${migration.file}: ${error instanceof Error ? error.message : String(error)}` }], 2);
  }
}

function riskOf(finding: SquawkFinding): LegacyRisk {
  const category: RiskCategory = DATA_LOSS_RULES.has(finding.rule) ? "data loss" : LOCKING_RULES.has(finding.rule) ? "locking" : "other";
  const level = match(category)
    .with("data loss", () => "error" as const)
    .with("locking", () => "warning" as const)
    .with("other", () => "info" as const)
    .exhaustive();
  return { rule: finding.rule, category, level, message: finding.message, text: finding.text };
}

function failsRun(migration: LegacyMigration): boolean {
  return migration.upError !== null || migration.down?.restores === false || migration.risks.some((risk) => risk.level === "error");
}

async function attempt(action: () => Promise<unknown>): Promise<string | null> {
  try {
    await action();
    return null;
  } catch (error) {
    return databaseErrorLine(error);
  }
}

const rules = (migration: LegacyMigration, category: RiskCategory): string => [...new Set(migration.risks.filter((risk) => risk.category === category).map((risk) => risk.rule))].join(", ") || "-";

/**
 * The review as a table (one row per migration) and, under it, what each failing down left different.
 *
 * @example
 * formatReview(migrations, "12.0 s")[0] // "migration  down restores  locking  data loss  other"
 */
export function formatReview(migrations: readonly LegacyMigration[], took: string): string[] {
  const rows = migrations.map((migration) => [
    migration.file,
    migration.upError !== null ? "up fails" : migration.down === null ? "-" : migration.down.error !== null ? "fails" : migration.down.restores ? "yes" : "NO",
    rules(migration, "locking"),
    rules(migration, "data loss"),
    rules(migration, "other"),
  ]);
  const header = ["migration", "down restores", "locking", "data loss", "other"];
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  const line = (cells: readonly string[]) => cells.map((cell, column) => cell.padEnd(widths[column]!)).join("  ").trimEnd();
  const out = [line(header), ...rows.map(line)];
  for (const migration of migrations) {
    if (migration.upError !== null) out.push("", `${migration.file}: its up fails, nothing after it ran: ${migration.upError}`);
    if (migration.down?.error != null) out.push("", `${migration.file}: its down fails: ${migration.down.error}`);
    else if (migration.down?.restores === false) {
      out.push("", `${migration.file}: its down does not restore the schema before its up:`, ...migration.down.differences.map((difference) => `  ${describeDifferenceAs(difference, BEFORE_UP)}`));
    }
  }
  const count = (predicate: (migration: LegacyMigration) => boolean) => migrations.filter(predicate).length;
  const unrestored = count((migration) => migration.down !== null && !migration.down.restores);
  out.push(
    "",
    `${migrations.length} migrations in ${took}: ${unrestored} down${unrestored === 1 ? "" : "s"} that do not restore the schema, ` +
      `${count((m) => m.risks.some((r) => r.category === "data loss"))} with data-loss risks, ${count((m) => m.risks.some((r) => r.category === "locking"))} with locking risks`,
  );
  return out;
}
