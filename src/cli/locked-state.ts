/**
 * What every command that reads or writes the emit state does first, holding the lock: complete or
 * roll back a write a killed run left, remove stray temp files, then read the state files. `--check`
 * and `--dry-run` write nothing: they report an interrupted write instead of repairing it.
 */
import { mkdir, stat } from "node:fs/promises";
import path from "node:path";
import type { ResolvedConfig } from "../config/define-config.js";
import type { FileSteps } from "./fs-steps.js";
import { acquireLock } from "./lock.js";
import { MANIFEST_FILE, parseManifest, type Manifest } from "./manifest.js";
import { fromProjectPath, readIfExists, toProjectPath } from "./paths.js";
import { CliError, formatProblem, type Problem } from "./problem.js";
import { readState, type EmitState } from "./state.js";
import { findTempFiles, removeTempFiles } from "./temp-files.js";
import { interruptedWriteProblem, recoverInterruptedWrite, type WriteContext } from "./write.js";

export interface Locked {
  /** Formatted lines: a stale lock removed, an interrupted write repaired, temp files removed. */
  warnings: string[];
  /** The stale locks removed alone (of `warnings`): what a later run would not see again. */
  staleLocks: string[];
  writeContext: WriteContext;
}

export interface LockedState extends Locked {
  state: EmitState;
  /** Null before the first emit of this tenant-schema version (or when lost). */
  manifest: Manifest | null;
}

export interface LockedStateOptions {
  config: ResolvedConfig;
  /** "write" repairs what a killed run left; the others only report it. */
  mode: "write" | "check" | "dry-run";
  steps: FileSteps;
  command: string;
  lockWaitMs?: number | undefined;
}

/** Default wait for another run's lock. */
export const LOCK_WAIT_MS = 10_000;

/**
 * Runs `run` holding the emit lock, with the state read after any repair; releases the lock after.
 *
 * @example
 * await withLockedState({ config, mode: "write", steps, command: "emit" }, async ({ state }) => ...)
 */
export async function withLockedState<T>(options: LockedStateOptions, run: (locked: LockedState) => Promise<T>): Promise<T> {
  return withLock(options, async (locked) => run({ ...locked, ...(await readEmitState(options.config)) }));
}

/**
 * Runs `run` holding the emit lock, after any repair, without reading the state (for commands that
 * replace it); releases the lock after.
 *
 * @example
 * await withLock({ config, mode: "write", steps, command: "state rebuild" }, async ({ writeContext }) => ...)
 */
export async function withLock<T>(options: LockedStateOptions, run: (locked: Locked) => Promise<T>): Promise<T> {
  const { config, steps } = options;
  const stateDir = fromProjectPath(config.rootDir, config.output.state);
  const writing = options.mode === "write";
  // A read-only run on a project never emitted has nothing to lock (and creates no folder).
  const lockable = writing || (await isDirectory(stateDir));
  if (writing) await mkdir(stateDir, { recursive: true });
  const lock = lockable ? await acquireLock(stateDir, { command: options.command, waitMs: options.lockWaitMs ?? LOCK_WAIT_MS, rootDir: config.rootDir, steps }).catch(readOnly(writing)) : null;
  try {
    await steps.held();
    const writeContext: WriteContext = { rootDir: config.rootDir, stateDir, steps, stillLocked: async () => lock === null || (await lock.isHeld()) };
    const warnings: Problem[] = [...(lock?.warnings ?? [])];
    const folders = [config.output.models, config.output.migrations, config.output.docs, config.output.state].map((folder) => fromProjectPath(config.rootDir, folder));
    const leftover = (file: string, what: string): Problem => ({ file: toProjectPath(config.rootDir, file), line: null, message: what });
    if (writing) {
      const repaired = await recoverInterruptedWrite(writeContext);
      if (repaired !== null) warnings.push({ file: null, line: null, message: repaired });
      for (const file of await removeTempFiles(folders, steps)) warnings.push(leftover(file, "removed a temp file an interrupted run left"));
    } else {
      const interrupted = await interruptedWriteProblem(writeContext);
      if (interrupted !== null) throw new CliError([interrupted], 1);
      for (const file of await findTempFiles(folders)) warnings.push(leftover(file, "temp file an interrupted run left; `tenant-schema emit` removes it"));
    }
    return await run({ warnings: warnings.map(formatProblem), staleLocks: (lock?.warnings ?? []).map(formatProblem), writeContext });
  } finally {
    await lock?.release();
  }
}

async function readEmitState(config: ResolvedConfig): Promise<Pick<LockedState, "state" | "manifest">> {
  const stateDir = fromProjectPath(config.rootDir, config.output.state);
  const state = await readState(stateDir, config.rootDir);
  const manifestPath = path.join(stateDir, MANIFEST_FILE);
  const manifestText = await readIfExists(manifestPath);
  return { state, manifest: manifestText === null ? null : parseManifest(manifestText, toProjectPath(config.rootDir, manifestPath)) };
}

/**
 * An unexpected exception as a problem: what was being done, the error's first line, and how to get
 * the stack (TENANT_SCHEMA_DEBUG=1). Never a bare stack trace.
 *
 * @example
 * internalProblem(new Error("boom"), "planning the migrations").message // "internal error while planning the migrations: boom; ..."
 */
export function internalProblem(error: unknown, what: string): Problem {
  const message = error instanceof Error ? error.message : String(error);
  const stack = process.env.TENANT_SCHEMA_DEBUG && error instanceof Error ? `\n${error.stack ?? ""}` : "";
  return {
    file: null,
    line: null,
    message: `internal error while ${what}: ${message.split("\n")[0]}; this is a bug in tenant-schema, please report it (TENANT_SCHEMA_DEBUG=1 prints the stack)${stack}`,
  };
}

/** A read-only checkout cannot take the lock, and no emit can write to it either: `--check` runs without. */
const readOnly =
  (writing: boolean) =>
  (error: unknown): null => {
    const code = (error as NodeJS.ErrnoException).code;
    if (!writing && (code === "EROFS" || code === "EACCES" || code === "EPERM")) return null;
    throw error;
  };

async function isDirectory(folder: string): Promise<boolean> {
  try {
    return (await stat(folder)).isDirectory();
  } catch {
    return false;
  }
}
