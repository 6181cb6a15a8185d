/**
 * `tenant-schema verify`: proves the pending migrations before they are committed or deployed. On a
 * fresh embedded PostgreSQL it builds the baseline (the migrations already applied, or the live
 * schema of `--database-url`), runs every pending migration up and compares the result with the
 * declarations exactly, runs them down one by one comparing each with the schema before its up,
 * then up again comparing each with its first run. Exit 1 at the first difference, naming the
 * migration; 2 usage, config or connection.
 *
 * Pending: with `--database-url`, the files of the migrations folder its `SequelizeMeta` does not
 * record (what `migrate up` would run); without, the files from the newest change set of the emit
 * journal on (or after `--since <migration>`), the older ones being the baseline.
 */
import { readdir } from "node:fs/promises";
import path from "node:path";
import { match } from "ts-pattern";
import type { ResolvedConfig } from "../config/define-config.js";
import { compareSchemas, describeDifferenceAs, type Difference, type DifferenceTerms } from "../drift/compare.js";
import type { SchemaIR } from "../ir/types.js";
import { validateSchema } from "../ir/validate.js";
import { connect, projectSequelize, redactUrl } from "./connect.js";
import { databaseErrorLine } from "./database-error.js";
import { buildSchema, loadProject, type ProjectOptions } from "./declared-schema.js";
import { compareStates, formatMs, openEmbeddedRunner, type EmbeddedRunner, type SchemaState } from "./embedded-runner.js";
import { buildEmbedded, schemaScripts, tenantRootDdl } from "./embedded-schema.js";
import { readLiveSchema } from "./live-schema.js";
import { migrationStatus } from "./migrate-plan.js";
import { byMigrationName, isMigrationFile, migrationName } from "./migration-names.js";
import { fromProjectPath, toProjectPath } from "./paths.js";
import { CliError, formatProblem, type Problem } from "./problem.js";
import { metaTable } from "./sequelize-meta.js";
import { readState, type JournalEntry } from "./state.js";

export interface VerifyOptions extends ProjectOptions {
  /** Take the baseline and the pending migrations from this database (never written to). */
  databaseUrl?: string | undefined;
  /** PostgreSQL schema of that database. */
  dbSchema?: string | undefined;
  /** Without a database: the migrations after this one (file name, or a YYYYMMDDHHMMSS timestamp) are pending. */
  since?: string | undefined;
  json?: boolean | undefined;
}

export interface VerifyIo {
  out: (line: string) => void;
  err: (line: string) => void;
}

/** The step of the proof a difference or an error was found at. */
export type VerifyStep = "baseline" | "up" | "down" | "up again";

export interface VerifyFailure {
  step: VerifyStep;
  /** The migration to blame (file name); null when no single one is. */
  migration: string | null;
  /** What went wrong, in one line. */
  message: string;
  /** The schema differences (empty when a migration failed to run). */
  differences: Difference[];
}

interface Baseline {
  /** Applied migrations, run first (no `--database-url`). */
  files: string[];
  /** The live schema (`--database-url`). */
  schema: SchemaIR | null;
  /** What the baseline is, for people. */
  label: string;
}

const DECLARED: DifferenceTerms = { expected: "declared", actual: "after the up", notExpected: "not declared" };
/** How a down's differences are worded: against the schema before its up. */
export const BEFORE_UP: DifferenceTerms = { expected: "before its up", actual: "after its down", notExpected: "not before its up" };
const FIRST_UP: DifferenceTerms = { expected: "after its first up", actual: "after its second up", notExpected: "not after its first up" };

/**
 * Runs the proof and prints its progress; returns the exit code (user errors are printed, never thrown).
 *
 * @example
 * await runVerify({ cwd: "/repo" }, io) // 0, after "verified 2 migrations in 1.4 s"
 */
export async function runVerify(options: VerifyOptions, io: VerifyIo): Promise<0 | 1 | 2 | 3> {
  try {
    return await verify(options, io);
  } catch (error) {
    if (!(error instanceof CliError)) throw error;
    error.problems.forEach((problem) => io.err(formatProblem(problem)));
    return error.exitCode;
  }
}

async function verify(options: VerifyOptions, io: VerifyIo): Promise<0 | 1> {
  if (options.databaseUrl !== undefined && options.since !== undefined) throw usage("--since and --database-url cannot be combined: the database's SequelizeMeta says what is pending");
  const { config, declared } = await loadDeclarations(options);
  const folder = fromProjectPath(config.rootDir, config.output.migrations);
  const files = await migrationFiles(folder, options.cwd, "the migrations folder (config output.migrations)");
  const state = await readState(fromProjectPath(config.rootDir, config.output.state), config.rootDir);
  const { baseline, pending } =
    options.databaseUrl === undefined ? fromJournal(files, state.journal.entries, options.since) : await fromDatabase(options.databaseUrl, options.dbSchema ?? "public", files, state.journal.entries, folder, config, declared);
  const say = options.json === true ? () => undefined : io.out;
  if (pending.length === 0) {
    if (options.json === true) io.out(JSON.stringify({ verified: true, baseline: baseline.label, migrations: [], failure: null }, null, 2));
    else io.out(`nothing to verify: no pending migration (baseline: ${baseline.label})`);
    return 0;
  }
  const started = performance.now();
  say(`verifying ${count(pending.length)} on the embedded PostgreSQL (baseline: ${baseline.label})`);
  const timings = pending.map((file) => ({ file, up: null as number | null, down: null as number | null, again: null as number | null }));
  const failure = await prove({ folder, config, declared, baseline, pending, timings, say });
  if (options.json === true) {
    io.out(JSON.stringify({ verified: failure === null, baseline: baseline.label, migrations: timings, failure }, null, 2));
  } else if (failure !== null) {
    io.err(`verify failed: ${failure.message}`);
    failure.differences.forEach((difference) => io.err(`  ${describeDifferenceAs(difference, terms(failure.step))}`));
  } else {
    say(`verified ${count(pending.length)} in ${formatMs(performance.now() - started)}`);
  }
  return failure === null ? 0 : 1;
}

interface Proof {
  folder: string;
  config: ResolvedConfig;
  declared: SchemaIR;
  baseline: Baseline;
  pending: string[];
  timings: { file: string; up: number | null; down: number | null; again: number | null }[];
  say: (line: string) => void;
}

/** up all, compare with the declarations; down each, compare with before its up; up each again. */
async function prove(proof: Proof): Promise<VerifyFailure | null> {
  const { pending, timings, say } = proof;
  const width = Math.max(...pending.map((file) => file.length));
  const runner = await openEmbeddedRunner({ folder: proof.folder, config: proof.config, naming: proof.declared.naming });
  try {
    const built = await buildBaseline(runner, proof);
    if (built !== null) return built;
    const states: SchemaState[] = [await runner.capture()];
    for (const [index, file] of pending.entries()) {
      const ms = await attempt(() => runner.run("up", file));
      if (typeof ms !== "number") return { step: "up", migration: file, message: `the up of ${file} fails: ${ms.error}`, differences: [] };
      timings[index]!.up = Math.round(ms);
      states.push(await runner.capture());
      say(`  up        ${file.padEnd(width)}  ${formatMs(ms)}`);
    }
    const expected = await buildEmbedded(proof.declared, proof.config);
    const declaredDifferences = compareSchemas(expected, states.at(-1)!.schema);
    if (declaredDifferences.length > 0) {
      const culprit = culpritOf(declaredDifferences[0]!, states, pending);
      const differences = declaredDifferences.filter((difference) => culpritOf(difference, states, pending) === culprit);
      const which = culprit === null ? `the pending migrations` : `the up of ${culprit}`;
      return { step: "up", migration: culprit, message: `${which} does not produce the declarations (${plural(differences.length, "difference")})`, differences };
    }
    say(`  the schema after them matches the declarations exactly (${plural(expected.tables.length, "table")})`);
    for (let index = pending.length - 1; index >= 0; index--) {
      const file = pending[index]!;
      const ms = await attempt(() => runner.run("down", file));
      if (typeof ms !== "number") return { step: "down", migration: file, message: `the down of ${file} fails: ${ms.error}`, differences: [] };
      timings[index]!.down = Math.round(ms);
      const differences = compareStates(states[index]!, await runner.capture());
      if (differences.length > 0) return { step: "down", migration: file, message: `the down of ${file} does not restore the schema before its up (${plural(differences.length, "difference")})`, differences };
      say(`  down      ${file.padEnd(width)}  ${formatMs(ms)}  restores the schema before its up`);
    }
    for (const [index, file] of pending.entries()) {
      const ms = await attempt(() => runner.run("up", file));
      if (typeof ms !== "number") return { step: "up again", migration: file, message: `the up of ${file} fails when run again after its down: ${ms.error}`, differences: [] };
      timings[index]!.again = Math.round(ms);
      const differences = compareStates(states[index + 1]!, await runner.capture());
      if (differences.length > 0) return { step: "up again", migration: file, message: `the up of ${file} run again after its down makes another schema (${plural(differences.length, "difference")})`, differences };
      say(`  up again  ${file.padEnd(width)}  ${formatMs(ms)}  the same schema`);
    }
    return null;
  } finally {
    await runner.close();
  }
}

async function buildBaseline(runner: EmbeddedRunner, proof: Proof): Promise<VerifyFailure | null> {
  await runner.sql(tenantRootDdl(proof.declared.tenant));
  if (proof.baseline.schema !== null) {
    for (const script of schemaScripts(proof.baseline.schema, proof.config)) {
      const done = await attempt(() => runner.sql(script));
      if (done !== undefined) return { step: "baseline", migration: null, message: `the live schema does not rebuild on the embedded PostgreSQL: ${done.error}`, differences: [] };
    }
    return null;
  }
  for (const file of proof.baseline.files) {
    const done = await attempt(() => runner.run("up", file));
    if (typeof done !== "number") return { step: "baseline", migration: file, message: `the applied migration ${file} fails on the embedded PostgreSQL: ${done.error}`, differences: [] };
  }
  return null;
}

/**
 * The pending migration that last changed the object a difference is about (the up that made it
 * wrong); null when none touched it (the one that should have made it is not known).
 */
function culpritOf(difference: Difference, states: readonly SchemaState[], pending: readonly string[]): string | null {
  const same = (other: Difference) => other.object === difference.object && other.table === difference.table && other.name === difference.name;
  for (let index = pending.length - 1; index >= 0; index--) {
    if (compareStates(states[index]!, states[index + 1]!).some(same)) return pending[index]!;
  }
  return null;
}

async function attempt<T>(action: () => Promise<T>): Promise<T | { error: string }> {
  try {
    return await action();
  } catch (error) {
    return { error: databaseErrorLine(error) };
  }
}

/** Baseline and pending from the folder and the journal: the newest change set (or after `since`) is pending. */
function fromJournal(files: readonly string[], entries: readonly JournalEntry[], since: string | undefined): { baseline: Baseline; pending: string[] } {
  let isPending: (file: string) => boolean;
  let label: string;
  if (since !== undefined) {
    const after = migrationName(since);
    isPending = /^\d{14}$/.test(after) ? (file) => file.slice(0, 14) > after : (file) => byMigrationName(file, after) > 0;
    label = `the migrations up to ${since}`;
  } else {
    const newest = entries.at(-1);
    if (newest === undefined) throw usage("nothing to verify: the emit journal is empty (run `tenant-schema emit` first, or pass --since or --database-url)");
    const changeSet = newest.changeSet ?? newest.timestamp;
    const first = entries.filter((entry) => (entry.changeSet ?? entry.timestamp) === changeSet).map((entry) => migrationName(entry.migration)).sort()[0]!;
    isPending = (file) => byMigrationName(file, first) >= 0;
    label = "the migrations before the newest change set";
  }
  for (const entry of entries) {
    if (!files.some((file) => migrationName(file) === migrationName(entry.migration)) && isPending(path.basename(entry.migration))) {
      throw new CliError([{ file: entry.migration, line: null, message: "the emit journal lists this migration but the file is missing (restore it, or run `tenant-schema state rebuild`)" }], 1);
    }
  }
  const baseline = files.filter((file) => !isPending(file));
  return { baseline: { files: baseline, schema: null, label: `${label}, ${count(baseline.length)}` }, pending: files.filter(isPending) };
}

/** Baseline: the live schema; pending: the files its SequelizeMeta does not record. Read only. */
async function fromDatabase(url: string, dbSchema: string, files: string[], entries: readonly JournalEntry[], folder: string, config: ResolvedConfig, declared: SchemaIR): Promise<{ baseline: Baseline; pending: string[] }> {
  const sequelize = await connect(url, projectSequelize(folder, import.meta.url));
  let rows: string[];
  try {
    rows = await metaTable(sequelize).rows();
  } finally {
    await sequelize.close();
  }
  const pending = migrationStatus({ files, rows, journal: entries }).filter((migration) => migration.state === "pending").map((migration) => migration.file!);
  const { introspection } = await readLiveSchema(config, { url, schema: dbSchema, naming: declared.naming });
  return { baseline: { files: [], schema: introspection.schema, label: `the schema of ${redactUrl(url)} (schema ${dbSchema}), ${rows.length} recorded in SequelizeMeta` }, pending };
}

async function loadDeclarations(options: ProjectOptions): Promise<{ config: ResolvedConfig; declared: SchemaIR }> {
  const { config, loaded } = await loadProject(options);
  if (loaded.problems.length > 0) throw new CliError(loaded.problems, 1);
  const schema = buildSchema(loaded, config);
  if ("problems" in schema) throw new CliError(schema.problems, 1);
  const issues: Problem[] = validateSchema(schema.ir).map((issue) => ({ file: issue.source?.file ?? null, line: issue.source?.line ?? null, message: issue.message }));
  if (issues.length > 0) throw new CliError(issues, 1);
  return { config, declared: schema.ir };
}

/**
 * The migration files of a folder in run order; a missing folder is a usage error.
 *
 * @example
 * await migrationFiles("/repo/backend/src/database/migrations", "/repo") // ["20261125090000-create-users.ts", ...]
 */
export async function migrationFiles(folder: string, cwd: string, what = "the migrations folder"): Promise<string[]> {
  try {
    return (await readdir(folder, { withFileTypes: true }))
      .filter((entry) => entry.isFile() && isMigrationFile(entry.name))
      .map((entry) => entry.name)
      .sort(byMigrationName);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    throw usage(`${what} ${toProjectPath(cwd, folder)} does not exist`);
  }
}

function terms(step: VerifyStep): DifferenceTerms {
  return match(step)
    .with("down", () => BEFORE_UP)
    .with("up again", () => FIRST_UP)
    .with("up", "baseline", () => DECLARED)
    .exhaustive();
}

function count(n: number): string {
  return plural(n, "migration");
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}

function usage(message: string): CliError {
  return new CliError([{ file: null, line: null, message }], 2);
}
