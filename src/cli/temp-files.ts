/**
 * Names of the temporary files tenant-schema writes next to their targets, and the sweep that
 * removes the ones an interrupted run left behind (this version's, and the
 * `.<file>.<pid>.<hex>.tmp` of earlier versions, which nothing used to remove).
 */
import { readdir, rm } from "node:fs/promises";
import path from "node:path";
import type { FileSteps } from "./fs-steps.js";

const TEMP = /^\..+\.[0-9a-f]{16}\.tenant-schema\.tmp$/;
const LEGACY_TEMP = /^\..+\.\d+\.[0-9a-f]{8}\.tmp$/;

/**
 * The temporary file of `target` for the run `token` (16 hex digits), in the target's folder so a
 * rename never crosses file systems.
 *
 * @example
 * tempPath("/repo/docs/db/a.md", "0123456789abcdef") // "/repo/docs/db/.a.md.0123456789abcdef.tenant-schema.tmp"
 */
export function tempPath(target: string, token: string): string {
  return path.join(path.dirname(target), `.${path.basename(target).replace(/^\./, "")}.${token}.tenant-schema.tmp`);
}

/**
 * The temporary file of a run that may be waiting for the lock (its lock file, before it is linked
 * into place): the pid in its name keeps the sweep of the lock holder away from it while that run lives.
 *
 * @example
 * pidTempPath("/repo/state/.emit.lock", "0123456789abcdef") // "/repo/state/.emit.lock.pid-4242.0123456789abcdef.tenant-schema.tmp"
 */
export function pidTempPath(target: string, token: string): string {
  return tempPath(`${target}.pid-${process.pid}`, token);
}

/**
 * Whether a process with this pid runs on this host (a pid we may not signal still runs).
 *
 * @example
 * isRunning(process.pid) // true
 */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== "ESRCH";
  }
}

/**
 * A temp file nothing live owns: this version's (except a running process's `pidTempPath`), or an
 * earlier version's.
 *
 * @example
 * isTempFile(".User.ts.0123456789abcdef.tenant-schema.tmp") // true
 * isTempFile(".User.ts.4242.deadbeef.tmp") // true (an earlier version's)
 */
export function isTempFile(name: string): boolean {
  if (LEGACY_TEMP.test(name)) return true;
  if (!TEMP.test(name)) return false;
  const owner = /\.pid-(\d+)\.[0-9a-f]{16}\.tenant-schema\.tmp$/.exec(name)?.[1];
  return owner === undefined || !isRunning(Number(owner));
}

/**
 * Temp files in `folders` (not recursive), absolute paths, sorted.
 *
 * @example
 * await findTempFiles(["/repo/docs/db"]) // ["/repo/docs/db/.a.md.0123456789abcdef.tenant-schema.tmp"]
 */
export async function findTempFiles(folders: readonly string[]): Promise<string[]> {
  const found: string[] = [];
  for (const folder of new Set(folders)) {
    let names: string[];
    try {
      names = await readdir(folder);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT" || (error as NodeJS.ErrnoException).code === "ENOTDIR") continue;
      throw error;
    }
    found.push(...names.filter(isTempFile).map((name) => path.join(folder, name)));
  }
  return found.sort();
}

/**
 * Removes the temp files in `folders` (call it holding the lock, after recovering an interrupted
 * emit, so no live run owns them); returns what it removed.
 *
 * @example
 * await removeTempFiles(["/repo/docs/db"], steps) // ["/repo/docs/db/.a.md.4242.deadbeef.tmp"]
 */
export async function removeTempFiles(folders: readonly string[], steps: FileSteps): Promise<string[]> {
  const found = await findTempFiles(folders);
  for (const file of found) await steps.run(`remove ${path.basename(file)}`, () => rm(file, { force: true }));
  return found;
}
