/**
 * `tenant-schema emit`: load → IR → validate → plan → emit → format → compare with disk → write
 * (or only report, for --check and --dry-run). Nothing is written unless everything succeeded.
 */
import type { ResolvedConfig } from "../config/define-config.js";
import { planChanges } from "../diff/plan.js";
import type { SchemaIssue } from "../ir/types.js";
import { validateSchema } from "../ir/validate.js";
import { changeArtifacts, isGeneratedModel, modelArtifacts, scaffoldConflict, stateArtifacts, type Artifact } from "./artifacts.js";
import { formatFile } from "./format.js";
import { buildSchema, loadProject } from "./declared-schema.js";
import { fromProjectPath, readIfExists } from "./paths.js";
import { CliError, formatProblem, type Problem } from "./problem.js";
import { latestMigrationTimestamp } from "./migration-folder.js";
import { lastTimestamp, readState, type Journal } from "./state.js";
import { verifyJournal } from "./verify-journal.js";
import { compareWithDisk, writeFilesAtomically } from "./write.js";

export type EmitMode = "write" | "check" | "dry-run";

export interface EmitOptions {
  /** Folder the command runs in; `--config` and messages are relative to it. */
  cwd: string;
  configFile?: string | undefined;
  /** The clock, as YYYYMMDDHHMMSS. */
  now: string;
  mode: EmitMode;
  /** `--allow-destructive`: acknowledge every data loss (dropped tables, columns, enum values) at once. */
  allowDestructive?: boolean;
  /** Where the CLI module lives, to resolve `tenant-schema` for user files (tests may override). */
  moduleUrl?: string;
}

export type FileStatus = "new" | "changed";

export interface EmitReport {
  exitCode: 0 | 1 | 2;
  /** `file:line: message` lines. */
  errors: string[];
  warnings: string[];
  /** Files written (write), that would be written (dry-run), or that are stale or missing (check). */
  files: { path: string; kind: Artifact["kind"]; status: FileStatus }[];
}

/**
 * Runs one emit. Never throws for user errors: they come back as `errors` with an exit code.
 *
 * @example
 * const report = await runEmit({ cwd: "/repo", now: "20261125093000", mode: "check" });
 * report.exitCode // 0 when everything on disk is up to date
 */
export async function runEmit(options: EmitOptions): Promise<EmitReport> {
  try {
    return await emit(options);
  } catch (error) {
    if (error instanceof CliError) return { exitCode: error.exitCode, errors: error.problems.map(formatProblem), warnings: [], files: [] };
    throw error;
  }
}

async function emit(options: EmitOptions): Promise<EmitReport> {
  const { config, loaded } = await loadProject(options);
  const state = await readState(fromProjectPath(config.rootDir, config.output.state), config.rootDir);
  const journalProblems = await verifyJournal(state.journal, config.rootDir);

  if (loaded.problems.length > 0) return failed(loaded.problems, 1);
  const schema = buildSchema(loaded, config);
  if ("problems" in schema) return failed(schema.problems, 1);
  const issues = validateSchema(schema.ir);
  const latest = await latestTimestamp(config, state.journal);
  const planned = planChanges(state.snapshot, schema.ir, options.now, latest, { allowDestructive: options.allowDestructive === true });
  const schemaProblems = [...issues, ...planned.issues].map(issueProblem);
  if (schemaProblems.length > 0) return failed(schemaProblems, 1);

  const changes = changeArtifacts(config, planned.snapshot, state, planned.changeSets);
  const formatted = await formatAll(config, [...changes.artifacts, ...modelArtifacts(config, schema.ir)]);
  const artifacts = [...formatted, ...stateArtifacts(config, planned.snapshot, state, changes.entries, formatted)];

  const files: EmitReport["files"] = [];
  const conflicts: Problem[] = [];
  for (const artifact of artifacts) {
    const status = await compareWithDisk({ path: fromProjectPath(config.rootDir, artifact.path), contents: artifact.contents });
    if (status === "unchanged") continue;
    if (artifact.kind === "scaffold" && status !== "missing") {
      // The team's file: never compared, unless it is still a model the "single" layout generated.
      if (isGeneratedModel(await readIfExists(fromProjectPath(config.rootDir, artifact.path)))) conflicts.push(scaffoldConflict(artifact));
      continue;
    }
    if (isCreateOnly(artifact) && status !== "missing") {
      conflicts.push({ file: artifact.path, line: null, message: "already exists; emitted migrations and docs are never overwritten" });
      continue;
    }
    files.push({ path: artifact.path, kind: artifact.kind, status: status === "missing" ? "new" : "changed" });
  }
  if (conflicts.length > 0) return failed(conflicts, 1);

  if (options.mode === "check") {
    const stale = files.length > 0 || journalProblems.length > 0;
    return { exitCode: stale ? 1 : 0, errors: journalProblems.map(formatProblem), warnings: [], files };
  }
  const warnings = journalProblems.map(formatProblem);
  if (options.mode === "write") {
    const changed = new Set(files.map((file) => file.path));
    await writeFilesAtomically(
      artifacts
        .filter((artifact) => changed.has(artifact.path))
        .map((artifact) => ({ path: fromProjectPath(config.rootDir, artifact.path), contents: artifact.contents, createOnly: isCreateOnly(artifact) })),
    );
  }
  return { exitCode: 0, errors: [], warnings, files };
}

/** After every journal entry and every migration already in the folder (hand-written ones too). */
async function latestTimestamp(config: ResolvedConfig, journal: Journal): Promise<string | null> {
  const candidates = [lastTimestamp(journal), await latestMigrationTimestamp(fromProjectPath(config.rootDir, config.output.migrations))];
  return candidates.reduce<string | null>((max, timestamp) => (timestamp !== null && (max === null || timestamp > max) ? timestamp : max), null);
}

function isCreateOnly(artifact: Artifact): boolean {
  return artifact.kind === "migration" || artifact.kind === "doc" || artifact.kind === "scaffold";
}

function issueProblem(issue: SchemaIssue): Problem {
  return { file: issue.source?.file ?? null, line: issue.source?.line ?? null, message: issue.message };
}

function failed(problems: Problem[], exitCode: 1 | 2): EmitReport {
  return { exitCode, errors: problems.map(formatProblem), warnings: [], files: [] };
}

async function formatAll(config: ResolvedConfig, artifacts: readonly Artifact[]): Promise<Artifact[]> {
  return Promise.all(
    artifacts.map(async (artifact) => {
      try {
        return { ...artifact, contents: await formatFile(fromProjectPath(config.rootDir, artifact.path), artifact.contents) };
      } catch (error) {
        // Emitted text prettier cannot parse is a bug in an emitter: say which file.
        throw new Error(`${artifact.path}: prettier could not format the emitted ${artifact.kind}: ${(error as Error).message}`, { cause: error });
      }
    }),
  );
}
