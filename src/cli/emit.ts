/**
 * `tenant-schema emit`: load → IR → validate → lock → recover → read and cross-check the state →
 * plan → emit → format → compare with disk (and with what tenant-schema generated) → write, or only
 * report for --check and --dry-run. Nothing is written unless everything succeeded, and one emit
 * runs at a time. This is the full path; the CLI tries the fast path first (up-to-date.ts), which
 * the fingerprint written here makes possible.
 */
import path from "node:path";
import type { ResolvedConfig } from "../config/define-config.js";
import { planChanges } from "../diff/plan.js";
import type { SchemaIR, SchemaIssue } from "../ir/types.js";
import { validateSchema } from "../ir/validate.js";
import { changeArtifacts, modelArtifacts, stateArtifacts, type Artifact } from "./artifacts.js";
import { crossCheck } from "./cross-check.js";
import { checksumsOf, fingerprintFile, projectConfig, folderOutputs, readFingerprint, serializeFingerprint, toolIdentity, type Fingerprint, type FormattedFile } from "./fingerprint.js";
import { formattingFor } from "./format.js";
import { buildSchema, loadProject } from "./declared-schema.js";
import { fileSteps, type FileSteps } from "./fs-steps.js";
import { internalProblem, withLockedState, type LockedState } from "./locked-state.js";
import { latestMigrationTimestamp } from "./migration-folder.js";
import { sameText, writeDecision } from "./ownership.js";
import { fromProjectPath, readIfExists, toProjectPath } from "./paths.js";
import { CliError, formatProblem, type FailureCode, type Problem } from "./problem.js";
import { fileChecksum, lastTimestamp, serializeSnapshot, type Journal } from "./state.js";
import { writeFilesAtomically, type FileWrite } from "./write.js";

export type EmitMode = "write" | "check" | "dry-run";

export interface EmitOptions {
  /** Folder the command runs in; `--config`, `--adopt` and messages are relative to it. */
  cwd: string;
  configFile?: string | undefined;
  /** The clock, as YYYYMMDDHHMMSS. */
  now: string;
  mode: EmitMode;
  /** `--allow-destructive`: acknowledge every data loss (dropped tables, columns, enum values) at once. */
  allowDestructive?: boolean;
  /** `--adopt`: files tenant-schema may replace although it did not write them (or they were edited). */
  adopt?: readonly string[];
  /** How long to wait for another emit to finish (default 10 s). */
  lockWaitMs?: number;
  /** Where the CLI module lives, to resolve `tenant-schema` for user files (tests may override). */
  moduleUrl?: string;
  /** The environment the test hooks are read from (see fs-steps.ts); default `process.env`. */
  env?: NodeJS.ProcessEnv;
  /** The steps this run's file-system changes are counted in (one sequence for the fast path and the full path); default `fileSteps(env)`. */
  steps?: FileSteps;
  /**
   * `--baseline`: the declarations describe a database that exists already (an adopted one): record
   * them as applied (snapshot and journal say so), write the models, and no migration.
   */
  baseline?: boolean;
  /**
   * `audit --fix`: every change goes into one change set (its migrations and one doc) under this
   * feature name, whatever features the tables it touches belong to.
   */
  changeSet?: string;
}

export type FileStatus = "new" | "changed";

export interface EmitReport {
  exitCode: 0 | FailureCode;
  /** `file:line: message` lines. */
  errors: string[];
  warnings: string[];
  /** Files written (write), that would be written (dry-run), or that are stale or missing (check). */
  files: { path: string; kind: Artifact["kind"]; status: FileStatus }[];
}

/** The order files are moved into place: what the journal points at first, the journal last. */
const WRITE_ORDER: Record<Artifact["kind"], number> = { declaration: 0, migration: 1, doc: 2, model: 3, manifest: 4, fingerprint: 5, snapshot: 6, journal: 7 };

/** What loading the project read: the schema files found and every module evaluated (absolute paths). */
interface LoadRecord {
  schemaFiles: readonly string[];
  modules: readonly string[];
  configModules: readonly string[];
}

/**
 * Runs one emit. Never throws: user errors come back as `errors` with an exit code, and so does an
 * internal error (exit 2, with where it happened).
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
    return failed([internalProblem(error, "emit")], 2);
  }
}

async function emit(options: EmitOptions): Promise<EmitReport> {
  const { config, loaded, modules, configModules } = await loadProject(options);
  if (loaded.problems.length > 0) return failed(loaded.problems, 1);
  const schema = buildSchema(loaded, config);
  if ("problems" in schema) return failed(schema.problems, 1);
  const issues = validateSchema(schema.ir).map(issueProblem);
  if (issues.length > 0) return failed(issues, 1);

  const adopt = new Set((options.adopt ?? []).map((file) => toProjectPath(config.rootDir, path.resolve(options.cwd, file))));
  const steps = options.steps ?? fileSteps(options.env);
  return withLockedState(
    { config, mode: options.mode, steps, command: options.mode === "write" ? "emit" : `emit --${options.mode}`, lockWaitMs: options.lockWaitMs },
    (locked) => emitLocked(options, config, schema.ir, adopt, locked, [], { schemaFiles: loaded.files, modules, configModules }),
  );
}

async function emitLocked(options: EmitOptions, config: ResolvedConfig, ir: SchemaIR, adopt: ReadonlySet<string>, locked: LockedState, declarations: readonly Artifact[] = [], load?: LoadRecord): Promise<EmitReport> {
  const { state, manifest } = locked;
  const checked = await crossCheck(state, config);
  if (checked.errors.length > 0) return failed([...checked.errors, ...checked.edits], 1, locked.warnings);
  if (options.baseline === true && (state.present.snapshot || state.journal.entries.length > 0)) {
    const message = "already has an emit state: --baseline records declarations as already applied only before the first emit (an adopted database); run `tenant-schema emit` for changes";
    return failed([{ file: config.output.state, line: null, message }], 1, locked.warnings);
  }

  const latest = await latestTimestamp(config, state.journal);
  const planned = guard("planning the migrations", () => planChanges(state.snapshot, ir, options.now, latest, { allowDestructive: options.allowDestructive === true }));
  if (planned.issues.length > 0) return failed(planned.issues.map(issueProblem), 1, locked.warnings);
  // A baseline keeps the snapshot the plan ends at, and none of the migrations that would build it.
  const changeSets = options.baseline === true ? [] : options.changeSet === undefined ? planned.changeSets : oneChangeSet(state.snapshot, ir, options, latest, options.changeSet);

  // Docs are printed as prettier prints them with the docs folder's options, when the emitter covers those (format.ts).
  const docLayout = changeSets.length === 0 ? null : (await formattingFor(fromProjectPath(config.rootDir, path.posix.join(config.output.docs, "schema-changes.md")))).markdownLayout;
  const changes = guard("emitting migrations and docs", () => changeArtifacts(config, planned.snapshot, state, changeSets, docLayout ?? undefined));
  // Declarations come formatted by pull, which proved exactly that text (its source lines are the snapshot's).
  const previous = await readFingerprint(config);
  const made = await formatAll(config, [...changes.artifacts, ...guard("emitting models", () => modelArtifacts(config, ir))], previous);
  const formatted = [...declarations, ...made.artifacts];
  const docChecksums = await existingDocChecksums(config, state.journal);
  const artifacts = [...formatted, ...stateArtifacts(config, planned.snapshot, state, changes.entries, formatted, docChecksums, manifest)];

  const recorded = new Map((manifest?.files ?? []).map((file) => [file.path, file.checksum]));
  const files: EmitReport["files"] = [];
  const writes: (FileWrite & { kind: Artifact["kind"] })[] = [];
  const conflicts: Problem[] = [];
  /** Every artifact's file as this emit leaves it (null: a user-owned scaffold). */
  const left: Record<string, string | null> = {};
  for (const artifact of artifacts) {
    const absolute = fromProjectPath(config.rootDir, artifact.path);
    const disk = await readIfExists(absolute);
    const decision = writeDecision(artifact, disk, recorded.get(artifact.path), adopt.has(artifact.path));
    left[artifact.path] = artifact.ownership === "user" ? null : fileChecksum(decision === "skip" ? (disk ?? "") : artifact.contents);
    if (decision === "skip") continue;
    if (typeof decision === "object") {
      conflicts.push(decision);
      continue;
    }
    files.push({ path: artifact.path, kind: artifact.kind, status: disk === null ? "new" : "changed" });
    writes.push({ path: absolute, contents: artifact.contents, mode: decision, kind: artifact.kind });
  }
  if (conflicts.length > 0) return failed(conflicts, 1, locked.warnings);
  if (load !== undefined && options.mode !== "check" && checked.edits.length === 0) {
    const stable = () => {
      // Only a fixed point may be fingerprinted: emitting again from what this emit leaves must change nothing.
      const again = planChanges(planned.snapshot, ir, options.now, latest, { allowDestructive: options.allowDestructive === true });
      return again.changeSets.length === 0 && again.issues.length === 0 && serializeSnapshot(again.snapshot) === serializeSnapshot(planned.snapshot);
    };
    const fingerprint = await fingerprintArtifact(config, load, left, made.formatted, stable);
    if (fingerprint !== null) {
      const absolute = fromProjectPath(config.rootDir, fingerprint.path);
      const disk = await readIfExists(absolute);
      files.push({ path: fingerprint.path, kind: fingerprint.kind, status: disk === null ? "new" : "changed" });
      writes.push({ path: absolute, contents: fingerprint.contents, mode: disk === null ? "create" : "replace", kind: fingerprint.kind });
    }
  }

  const edits = checked.edits.map(formatProblem);
  const models = new Set(artifacts.filter((artifact) => artifact.kind === "model").map((artifact) => artifact.path));
  const unused = [...adopt].filter((file) => !models.has(file)).map((file) => `${file}: --adopt names no model tenant-schema emits; nothing adopted`);
  const warnings = [...locked.warnings, ...unused, ...(options.mode === "check" ? [] : edits)];
  if (options.mode === "check") {
    return { exitCode: files.length > 0 || edits.length > 0 ? 1 : 0, errors: edits, warnings, files };
  }
  if (options.mode === "write") {
    const ordered = [...writes].sort((a, b) => WRITE_ORDER[a.kind] - WRITE_ORDER[b.kind]);
    await writeFilesAtomically(ordered, locked.writeContext);
  }
  return { exitCode: 0, errors: [], warnings, files };
}

/**
 * The baseline of an adopted database in one atomic write: the declaration files `pull` generated
 * (created, never overwriting), the models, and the emit state recording `ir` as applied.
 *
 * @example
 * await writeBaseline(config, ir, [{ kind: "declaration", path: "schema/tickets.ts", contents }], { cwd: "/repo", now, mode: "write" })
 */
export async function writeBaseline(config: ResolvedConfig, ir: SchemaIR, declarations: readonly Artifact[], options: EmitOptions): Promise<EmitReport> {
  try {
    const steps = options.steps ?? fileSteps(options.env);
    return await withLockedState(
      { config, mode: options.mode, steps, command: "pull", lockWaitMs: options.lockWaitMs },
      (locked) => emitLocked({ ...options, baseline: true }, config, ir, new Set(), locked, declarations),
    );
  } catch (error) {
    if (error instanceof CliError) return { exitCode: error.exitCode, errors: error.problems.map(formatProblem), warnings: [], files: [] };
    return failed([internalProblem(error, "pull")], 2);
  }
}

/**
 * A remediation in one atomic write (`audit --fix`): the declaration files it rewrote (only those
 * the manifest records as tenant-schema wrote them), the change set that brings the database to
 * `fixed` (one, under `changeSet`), its doc, the models and the emit state. Refused when the
 * declarations as they are (`declared`) hold changes not emitted yet: those are not the fix's.
 *
 * @example
 * await writeRemediation(config, declared, fixed, [{ kind: "declaration", path: "schema/tickets.ts", contents }], { cwd: "/repo", now, mode: "write", changeSet: "audit-fix" })
 */
export async function writeRemediation(config: ResolvedConfig, declared: SchemaIR, fixed: SchemaIR, declarations: readonly Artifact[], options: EmitOptions & { changeSet: string }): Promise<EmitReport> {
  try {
    const steps = options.steps ?? fileSteps(options.env);
    const command = options.mode === "write" ? "audit --fix" : "audit --fix --dry-run";
    return await withLockedState({ config, mode: options.mode, steps, command, lockWaitMs: options.lockWaitMs }, async (locked) => {
      const { snapshot } = locked.state;
      const pending = snapshot === null ? [] : planChanges(snapshot, declared, options.now, null, { allowDestructive: true }).changeSets;
      if (snapshot === null || pending.length > 0) {
        const message =
          snapshot === null
            ? "has no emit state: `audit --fix` rewrites declarations `pull` wrote; pull the database first"
            : "the declarations hold changes not emitted yet: run `tenant-schema emit` (and apply it) first, so the fix's change set holds only the fixes";
        return failed([{ file: config.output.state, line: null, message }], 1, locked.warnings);
      }
      return emitLocked(options, config, fixed, new Set(), locked, declarations);
    });
  } catch (error) {
    if (error instanceof CliError) return { exitCode: error.exitCode, errors: error.problems.map(formatProblem), warnings: [], files: [] };
    return failed([internalProblem(error, "audit --fix")], 2);
  }
}

/** The plan's changes as one change set under `feature`: the same operations, grouped as one feature's. */
function oneChangeSet(previous: SchemaIR | null, next: SchemaIR, options: EmitOptions, latest: string | null, feature: string) {
  const asOne = (schema: SchemaIR): SchemaIR => ({ ...schema, tables: schema.tables.map((table) => ({ ...table, feature })) });
  return guard("planning the migrations", () => planChanges(previous === null ? null : asOne(previous), asOne(next), options.now, latest, { allowDestructive: options.allowDestructive === true })).changeSets;
}

/** Runs a pure step; an exception there is a bug, reported with what was being done. */
function guard<T>(what: string, run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw new CliError([internalProblem(error, what)], 2);
  }
}

/** Checksums of the docs of journal entries written before docs were checksummed, as they are on disk. */
async function existingDocChecksums(config: ResolvedConfig, journal: Journal): Promise<Map<string, string>> {
  const checksums = new Map<string, string>();
  for (const entry of journal.entries.filter((e) => e.docChecksum === undefined)) {
    if (checksums.has(entry.doc)) continue;
    const text = await readIfExists(fromProjectPath(config.rootDir, entry.doc));
    if (text !== null) checksums.set(entry.doc, fileChecksum(text));
  }
  return checksums;
}

/** After every journal entry and every migration already in the folder (hand-written ones too). */
async function latestTimestamp(config: ResolvedConfig, journal: Journal): Promise<string | null> {
  const candidates = [lastTimestamp(journal), await latestMigrationTimestamp(fromProjectPath(config.rootDir, config.output.migrations))];
  return candidates.reduce<string | null>((max, timestamp) => (timestamp !== null && (max === null || timestamp > max) ? timestamp : max), null);
}

function issueProblem(issue: SchemaIssue): Problem {
  return { file: issue.source?.file ?? null, line: issue.source?.line ?? null, message: issue.message };
}

function failed(problems: Problem[], exitCode: FailureCode, warnings: readonly string[] = []): EmitReport {
  return { exitCode, errors: problems.map(formatProblem), warnings: [...warnings], files: [] };
}

/**
 * Every artifact formatted, and how each generated model was made. A model the previous fingerprint
 * says was made from the same emitted text with the same formatting, and whose file is still what
 * that emit left, is taken from disk as it is: that is what prettier would produce again.
 */
async function formatAll(config: ResolvedConfig, artifacts: readonly Artifact[], previous: Fingerprint | null): Promise<{ artifacts: Artifact[]; formatted: Record<string, FormattedFile> }> {
  const problems: Problem[] = [];
  const formatted: Record<string, FormattedFile> = {};
  const result = await Promise.all(
    artifacts.map(async (artifact) => {
      try {
        const absolute = fromProjectPath(config.rootDir, artifact.path);
        const formatting = await formattingFor(absolute);
        const made = { emitted: fileChecksum(artifact.contents), format: formatting.fingerprint };
        if (artifact.kind === "model" && artifact.ownership !== "user") formatted[artifact.path] = made;
        const before = previous?.formatted[artifact.path];
        if (before?.emitted === made.emitted && before.format === made.format) {
          const disk = await readIfExists(absolute);
          if (disk !== null && fileChecksum(disk) === previous?.outputs[artifact.path]) return { ...artifact, contents: disk };
        }
        return { ...artifact, contents: await formatting.format(artifact.contents, artifact.layout) };
      } catch (error) {
        // Emitted text prettier cannot parse is a bug (the validator lets through only what emits cleanly): say which declaration.
        const firstLine = ((error as Error).message ?? String(error)).split("\n")[0];
        problems.push({
          file: artifact.source?.file ?? null,
          line: artifact.source?.line ?? null,
          message: `internal error: tenant-schema emitted a ${artifact.kind} (${artifact.path}) that prettier cannot format (${firstLine}); nothing was written. This is a bug: please report it with this declaration`,
        });
        return artifact;
      }
    }),
  );
  if (problems.length > 0) throw new CliError(problems, 2);
  return { artifacts: result, formatted };
}

/**
 * The fingerprint of what this emit was made from and leaves (`left`: its artifacts; the migrations
 * and docs already in their folders are read here), or null when it is what the state folder holds
 * already, or when the result is not `stable`.
 */
async function fingerprintArtifact(config: ResolvedConfig, load: LoadRecord, left: Record<string, string | null>, formatted: Record<string, FormattedFile>, stable: () => boolean): Promise<Artifact | null> {
  const inputs = await checksumsOf(config.rootDir, load.modules);
  if (Object.values(inputs).includes(null)) return null; // a module gone since it was loaded: nothing to prove with
  const fingerprint: Fingerprint = {
    version: 1,
    tool: await toolIdentity(),
    config: projectConfig(config),
    configInputs: load.configModules.map((file) => toProjectPath(config.rootDir, file)),
    schemaFiles: load.schemaFiles.map((file) => toProjectPath(config.rootDir, file)),
    inputs: inputs as Record<string, string>,
    outputs: { ...(await folderOutputs(config)), ...left },
    formatted,
  };
  const artifact: Artifact = { kind: "fingerprint", path: fingerprintFile(config), contents: serializeFingerprint(fingerprint) };
  const disk = await readIfExists(fromProjectPath(config.rootDir, artifact.path));
  return (disk !== null && sameText(disk, artifact.contents)) || !stable() ? null : artifact;
}

// The `state` commands read the project the same way.
export { buildSchema, loadProject };
