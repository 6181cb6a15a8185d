/**
 * `tenant-schema state rebuild` and `tenant-schema state unlock`: the explicit ways out of a state the
 * cross-checks refuse. Rebuild trusts, and says so, the migration files that carry the tenant-schema
 * header and the docs that list them, as they are on disk now, plus the snapshot (or, with
 * `--from-declarations`, the declarations) as the schema the last migration built.
 */
import path from "node:path";
import type { ResolvedConfig } from "../config/define-config.js";
import { planChanges } from "../diff/plan.js";
import type { SchemaIR } from "../ir/types.js";
import { validateSchema } from "../ir/validate.js";
import { buildSchema, loadProject } from "./emit.js";
import { fileSteps } from "./fs-steps.js";
import { describeHolder, removeLock } from "./lock.js";
import { internalProblem, withLock } from "./locked-state.js";
import { DOC_NAME, folderFiles, MIGRATION_NAME, type FolderFile } from "./migration-folder.js";
import { fromProjectPath, readIfExists, toProjectPath } from "./paths.js";
import { CliError, formatProblem, type FailureCode, type Problem } from "./problem.js";
import { fileChecksum, JOURNAL_FILE, readSnapshot, serializeJournal, serializeSnapshot, SNAPSHOT_FILE, snapshotStamp, type JournalEntry } from "./state.js";
import { writeFilesAtomically } from "./write.js";

export interface StateOptions {
  cwd: string;
  configFile?: string | undefined;
  /** Rebuild the snapshot from the declarations instead of keeping the one on disk. */
  fromDeclarations?: boolean;
  lockWaitMs?: number;
  moduleUrl?: string;
  env?: NodeJS.ProcessEnv;
}

export interface StateReport {
  exitCode: 0 | FailureCode;
  errors: string[];
  warnings: string[];
  /** What was done, one line each. */
  lines: string[];
}

/**
 * Rebuilds `journal.json` from the emitted migrations and docs on disk and stamps the snapshot for it.
 *
 * @example
 * (await runStateRebuild({ cwd: "/repo" })).lines[0] // "rebuilt backend/.../journal.json: 9 migrations and 7 docs, trusted as they are on disk ..."
 */
export async function runStateRebuild(options: StateOptions): Promise<StateReport> {
  try {
    const { config, loaded } = await loadProject(options);
    const steps = fileSteps(options.env);
    return await withLock({ config, mode: "write", steps, command: "state rebuild", lockWaitMs: options.lockWaitMs }, async (locked) => {
      const snapshot = await rebuiltSnapshot(config, options.fromDeclarations === true, () => {
        if (loaded.problems.length > 0) throw new CliError(loaded.problems, 1);
        const built = buildSchema(loaded, config);
        if ("problems" in built) throw new CliError(built.problems, 1);
        const issues = validateSchema(built.ir);
        if (issues.length > 0) throw new CliError(issues.map((issue) => ({ file: issue.source?.file ?? null, line: issue.source?.line ?? null, message: issue.message })), 1);
        return planChanges(null, built.ir, "20000101000000", null, { allowDestructive: true }).snapshot;
      });
      const migrations = (await folderFiles(fromProjectPath(config.rootDir, config.output.migrations), MIGRATION_NAME)).filter((file) => file.generated);
      const docs = await folderFiles(fromProjectPath(config.rootDir, config.output.docs), DOC_NAME);
      const entries = journalEntries(config, migrations, docs, snapshot.schema);
      const journal = { version: 1 as const, entries };
      const stateDir = fromProjectPath(config.rootDir, config.output.state);
      const files = [
        { name: SNAPSHOT_FILE, contents: serializeSnapshot(snapshot.schema, snapshotStamp(snapshot.schema, journal)) },
        { name: JOURNAL_FILE, contents: serializeJournal(journal) },
      ];
      const writes = await Promise.all(
        files.map(async (file) => {
          const target = path.join(stateDir, file.name);
          return { path: target, contents: file.contents, mode: (await readIfExists(target)) === null ? ("create" as const) : ("replace" as const) };
        }),
      );
      await writeFilesAtomically(writes, locked.writeContext);
      const project = (name: string) => toProjectPath(config.rootDir, path.join(stateDir, name));
      const docCount = new Set(entries.map((entry) => entry.doc)).size;
      return {
        exitCode: 0,
        errors: [],
        warnings: locked.warnings,
        lines: [
          `rebuilt ${project(JOURNAL_FILE)}: ${entries.length} migration${entries.length === 1 ? "" : "s"} and ${docCount} doc${docCount === 1 ? "" : "s"}, trusted as they are on disk (the files with the tenant-schema header in ${config.output.migrations} and the docs in ${config.output.docs} that list them): their checksums are recorded anew, so edits made before now are no longer detected`,
          snapshot.from === "declarations"
            ? `rebuilt ${project(SNAPSHOT_FILE)} from the declarations (--from-declarations), trusted as the schema the last migration built: changes declared since the last emit will not get migrations`
            : `kept ${project(SNAPSHOT_FILE)}, trusted as the schema the last migration built, and stamped it for the rebuilt journal`,
        ],
      };
    });
  } catch (error) {
    return failure(error, "rebuilding the emit state");
  }
}

/**
 * Removes the emit lock, for a lock another host left (tenant-schema removes stale locks of this host itself).
 *
 * @example
 * (await runStateUnlock({ cwd: "/repo" })).lines // ["removed the lock of pid 4242 on host ci-1, `emit`, started ..."]
 */
export async function runStateUnlock(options: StateOptions): Promise<StateReport> {
  try {
    const { config } = await loadProject(options);
    const holder = await removeLock(fromProjectPath(config.rootDir, config.output.state), config.rootDir);
    const line = holder === null ? "no emit lock to remove" : holder === "unreadable" ? "removed an unreadable emit lock" : `removed the lock of ${describeHolder(holder)}`;
    return { exitCode: 0, errors: [], warnings: [], lines: [line] };
  } catch (error) {
    return failure(error, "removing the emit lock");
  }
}

function failure(error: unknown, what: string): StateReport {
  const problems: Problem[] = error instanceof CliError ? error.problems : [internalProblem(error, what)];
  return { exitCode: error instanceof CliError ? error.exitCode : 2, errors: problems.map(formatProblem), warnings: [], lines: [] };
}

async function rebuiltSnapshot(config: ResolvedConfig, fromDeclarations: boolean, declared: () => SchemaIR): Promise<{ schema: SchemaIR; from: "snapshot" | "declarations" }> {
  if (fromDeclarations) return { schema: declared(), from: "declarations" };
  const file = path.join(fromProjectPath(config.rootDir, config.output.state), SNAPSHOT_FILE);
  const projectFile = toProjectPath(config.rootDir, file);
  const text = await readIfExists(file);
  const refuse = (why: string) =>
    new CliError([{ file: projectFile, line: null, message: `${why}: pass --from-declarations to rebuild it from the declarations, if they have not changed since the last emit (or restore it from version control)` }], 1);
  if (text === null) throw refuse("is missing");
  try {
    return { schema: readSnapshot(text, projectFile).schema, from: "snapshot" };
  } catch (error) {
    if (error instanceof CliError) throw refuse(`is unreadable (${error.problems[0]?.message ?? "invalid"})`);
    throw error;
  }
}

/** Journal entries for the emitted migrations on disk, from their names, headers and docs. */
function journalEntries(config: ResolvedConfig, migrations: readonly FolderFile[], docs: readonly FolderFile[], schema: SchemaIR): JournalEntry[] {
  const listedBy = new Map<string, { doc: FolderFile; first: string }>();
  for (const doc of docs) {
    const names = [...doc.text.split("\n").slice(0, 20).join("\n").matchAll(/`(\d{14}-[^`\s]+\.[cm]?[jt]s)`/g)].map((match) => match[1]!);
    for (const name of names) if (!listedBy.has(name)) listedBy.set(name, { doc, first: names[0]! });
  }
  const problems: Problem[] = [];
  const entries = migrations.map((file): JournalEntry | null => {
    const project = toProjectPath(config.rootDir, file.path);
    const feature = /^\s*\*\s*Feature:\s*(\S+)\s*$/m.exec(file.text)?.[1];
    const listed = listedBy.get(file.name);
    if (feature === undefined) problems.push({ file: project, line: null, message: "has the tenant-schema header but no `Feature:` line: restore it from version control before rebuilding" });
    if (listed === undefined) problems.push({ file: project, line: null, message: `no schema-change doc in ${config.output.docs} lists it: restore its doc before rebuilding` });
    if (feature === undefined || listed === undefined) return null;
    const timestamp = file.name.slice(0, 14);
    const transaction = /Runs in one transaction/.test(file.text) ? true : /Runs without a wrapping transaction/.test(file.text) ? false : undefined;
    return {
      timestamp,
      feature,
      description: file.name.slice(15).replace(/\.[cm]?[jt]s$/, ""),
      migration: project,
      doc: toProjectPath(config.rootDir, listed.doc.path),
      checksum: fileChecksum(file.text),
      docChecksum: fileChecksum(listed.doc.text),
      tables: touchedTables(file.text, feature, schema),
      changeSet: listed.first.slice(0, 14),
      ...(transaction === undefined ? {} : { transaction }),
    };
  });
  if (problems.length > 0) throw new CliError(problems, 1);
  return entries.filter((entry): entry is JournalEntry => entry !== null);
}

/** Keys of the feature's tables whose database name the migration quotes, in first-mention order. */
function touchedTables(text: string, feature: string, schema: SchemaIR): string[] {
  return schema.tables
    .filter((table) => table.feature === feature)
    .map((table) => ({ key: table.key, at: text.indexOf(`"${table.tableName}"`) }))
    .filter((found) => found.at >= 0)
    .sort((a, b) => a.at - b.at)
    .map((found) => found.key);
}
