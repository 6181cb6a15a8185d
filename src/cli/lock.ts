/**
 * One emit at a time per project: a lock file in the state folder naming its holder (pid, host,
 * start time, command). It is created with `link`, which fails when the file exists, so two runs
 * can never both take it. A second run waits for it (briefly) and then refuses with the holder's
 * name. A lock whose holder is gone (same host, pid no longer running: a killed emit) is removed
 * with a warning saying so; a lock of another host is never removed: only its owner can tell.
 */
import { randomBytes } from "node:crypto";
import { link, readFile, rename, rm, writeFile } from "node:fs/promises";
import { hostname } from "node:os";
import path from "node:path";
import type { FileSteps } from "./fs-steps.js";
import { readIfExists, toProjectPath } from "./paths.js";
import { CliError, type Problem } from "./problem.js";
import { isRunning, pidTempPath } from "./temp-files.js";

export const LOCK_FILE = ".emit.lock";

/** Exit code of a run refused because another one holds the lock. */
export const LOCKED_EXIT_CODE = 3;

export interface LockHolder {
  pid: number;
  host: string;
  /** ISO time the holder took the lock. */
  startedAt: string;
  /** What it runs, e.g. "emit" or "emit --check". */
  command: string;
  /** Tells this run's lock from a later one of the same pid. */
  token: string;
}

export interface EmitLock {
  holder: LockHolder;
  /** Stale locks removed to take this one. */
  warnings: Problem[];
  /** Whether the lock file is still this run's (checked before committing a write). */
  isHeld(): Promise<boolean>;
  release(): Promise<void>;
}

export interface LockOptions {
  command: string;
  /** How long to wait for another run to finish before refusing. */
  waitMs: number;
  rootDir: string;
  steps: FileSteps;
}

const POLL_MS = 100;

/**
 * Takes the lock of the state folder `stateDir` (which must exist), waiting up to `waitMs`.
 * Throws a CliError (exit 3) naming the holder when it cannot.
 *
 * @example
 * const lock = await acquireLock("/repo/backend/src/database/tenant-schema", { command: "emit", waitMs: 10_000, rootDir: "/repo", steps });
 * try { ... } finally { await lock.release(); }
 */
export async function acquireLock(stateDir: string, options: LockOptions): Promise<EmitLock> {
  const lockPath = path.join(stateDir, LOCK_FILE);
  const token = randomBytes(8).toString("hex");
  const holder: LockHolder = { pid: process.pid, host: hostname(), startedAt: new Date().toISOString(), command: options.command, token };
  const text = `${JSON.stringify(holder, null, 2)}\n`;
  const temp = pidTempPath(lockPath, token);
  const lockFile = toProjectPath(options.rootDir, lockPath);
  const warnings: Problem[] = [];
  const deadline = Date.now() + options.waitMs;
  // The lock appears complete or not at all: written aside, then linked into place.
  const writeTemp = () => options.steps.run("write the lock", () => writeFile(temp, text, { flag: "wx" }));
  await writeTemp();
  try {
    for (;;) {
      const taken = await options.steps.run("take the lock", () => link(temp, lockPath).then(() => true, (error: NodeJS.ErrnoException) => {
        if (error.code === "EEXIST") return false;
        if (error.code === "ENOENT") return null; // the holder swept temp files: write ours again
        throw error;
      }));
      if (taken === true) break;
      if (taken === null) {
        await writeTemp();
        continue;
      }
      const current = await readHolder(lockPath, lockFile);
      if (current === null) continue; // released in the meantime
      if (isStale(current.holder)) {
        if (await removeStale(lockPath, current.text, token, options.steps)) {
          warnings.push({ file: lockFile, line: null, message: `removed the lock of a run that is no longer running (${describeHolder(current.holder)})` });
        }
        continue;
      }
      if (Date.now() >= deadline) throw new CliError([busyProblem(lockFile, current.holder, options.waitMs)], LOCKED_EXIT_CODE);
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  } finally {
    await options.steps.run("remove the lock's temp file", () => rm(temp, { force: true }));
  }
  const isHeld = async () => (await readHolder(lockPath, lockFile))?.holder.token === token;
  return {
    holder,
    warnings,
    isHeld,
    async release() {
      if (await isHeld()) await options.steps.run("release the lock", () => rm(lockPath, { force: true }));
    },
  };
}

/**
 * Removes the lock file when its holder is gone or the user says no emit runs (`tenant-schema state
 * unlock`); returns the holder it removed, "unreadable" for a lock file it could not read, or null
 * when there was none.
 *
 * @example
 * await removeLock("/repo/backend/src/database/tenant-schema", "/repo") // { pid: 4242, ... }
 */
export async function removeLock(stateDir: string, rootDir: string): Promise<LockHolder | "unreadable" | null> {
  const lockPath = path.join(stateDir, LOCK_FILE);
  let current: { holder: LockHolder } | null;
  try {
    current = await readHolder(lockPath, toProjectPath(rootDir, lockPath));
  } catch (error) {
    if (!(error instanceof CliError)) throw error;
    await rm(lockPath, { force: true });
    return "unreadable";
  }
  if (current === null) return null;
  await rm(lockPath, { force: true });
  return current.holder;
}

/**
 * @example
 * describeHolder(holder) // "pid 4242 on host ci-1, `emit`, started 2026-11-25T09:30:00.000Z"
 */
export function describeHolder(holder: LockHolder): string {
  return `pid ${holder.pid} on host ${holder.host}, \`${holder.command}\`, started ${holder.startedAt}`;
}

const ifExists =
  <T>(value: T) =>
  (error: unknown): T => {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return value;
    throw error;
  };

async function readHolder(lockPath: string, lockFile: string): Promise<{ holder: LockHolder; text: string } | null> {
  const text = await readIfExists(lockPath);
  if (text === null) return null;
  const holder = parseHolder(text);
  if (holder === null) {
    throw new CliError([{ file: lockFile, line: null, message: "is not a tenant-schema lock (unreadable); if no emit is running, run `tenant-schema state unlock` (or delete it) and try again" }], LOCKED_EXIT_CODE);
  }
  return { holder, text };
}

function parseHolder(text: string): LockHolder | null {
  try {
    const data = JSON.parse(text) as Partial<LockHolder>;
    const ok = Number.isSafeInteger(data.pid) && typeof data.host === "string" && typeof data.startedAt === "string" && typeof data.command === "string" && typeof data.token === "string";
    return ok ? (data as LockHolder) : null;
  } catch {
    return null;
  }
}

/** Only a holder on this host whose pid is gone is known to be gone. */
function isStale(holder: LockHolder): boolean {
  return holder.host === hostname() && !isRunning(holder.pid);
}

/**
 * Moves the stale lock aside and checks that what it moved is the stale lock read before: if another
 * run replaced it in between, that run's lock is put back.
 */
async function removeStale(lockPath: string, staleText: string, token: string, steps: FileSteps): Promise<boolean> {
  const aside = pidTempPath(`${lockPath}-stale`, token);
  const moved = await steps.run("move the stale lock aside", () => rename(lockPath, aside).then(() => true, (error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return false;
    throw error;
  }));
  if (!moved) return false;
  // Another run's sweep may have removed it already: then it is not ours to judge.
  const text = await readFile(aside, "utf8").catch(() => null);
  if (text !== null && text !== staleText) await link(aside, lockPath).catch(ifExists(undefined));
  await steps.run("remove the stale lock", () => rm(aside, { force: true }));
  return text === staleText;
}

function busyProblem(lockFile: string, holder: LockHolder, waitMs: number): Problem {
  const waited = `waited ${Math.round(waitMs / 100) / 10}s`;
  if (holder.host !== hostname()) {
    return {
      file: lockFile,
      line: null,
      message: `another tenant-schema run holds the lock (${describeHolder(holder)}); ${waited}. It runs on another host, so tenant-schema cannot tell whether it still runs: if it does not, run \`tenant-schema state unlock\` (or delete the lock file) and try again`,
    };
  }
  const hours = (Date.now() - Date.parse(holder.startedAt)) / 3_600_000;
  const reused = hours > 1 ? `; if pid ${holder.pid} is no longer a tenant-schema run (pids are reused), run \`tenant-schema state unlock\`` : "";
  return { file: lockFile, line: null, message: `another tenant-schema run holds the lock (${describeHolder(holder)}); ${waited}. Try again when it has finished${reused}` };
}
