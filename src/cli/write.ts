/**
 * The only code that writes project files. Every file is first written next to its target under
 * a temporary name, and only when all of them exist are they renamed into place, so a failure
 * (disk full, permissions) never leaves half a migration or a journal that points nowhere.
 */
import { randomBytes } from "node:crypto";
import { link, mkdir, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { readIfExists } from "./paths.js";

export interface FileWrite {
  /** Absolute target path. */
  path: string;
  contents: string;
  /** Migrations and docs: once written they belong to the team and are never replaced. */
  createOnly: boolean;
}

export type DiskStatus = "missing" | "changed" | "unchanged";

/**
 * How the file on disk compares with what would be written.
 *
 * @example
 * await compareWithDisk({ path: "/repo/a.ts", contents: "x", createOnly: false }) // "missing"
 */
export async function compareWithDisk(file: Pick<FileWrite, "path" | "contents">): Promise<DiskStatus> {
  const current = await readIfExists(file.path);
  if (current === null) return "missing";
  return current === file.contents ? "unchanged" : "changed";
}

/**
 * Writes every file, or none: temp files in the target folders first, then renames. A
 * `createOnly` file is linked into place (fails if the path exists), so an existing migration is
 * never overwritten even if it appeared after the checks.
 *
 * @example
 * await writeFilesAtomically([{ path: "/repo/docs/db/a.md", contents: "# A\n", createOnly: true }])
 */
export async function writeFilesAtomically(files: readonly FileWrite[]): Promise<void> {
  const targets = new Set<string>();
  for (const file of files) {
    if (targets.has(file.path)) throw new Error(`Two outputs target ${file.path}`);
    targets.add(file.path);
    if (file.createOnly && (await readIfExists(file.path)) !== null) {
      throw new Error(`Refusing to overwrite ${file.path}: emitted migrations and docs are never rewritten`);
    }
  }
  const staged: { temp: string; file: FileWrite }[] = [];
  try {
    for (const file of files) {
      await mkdir(path.dirname(file.path), { recursive: true });
      const temp = path.join(path.dirname(file.path), `.${path.basename(file.path)}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`);
      staged.push({ temp, file });
      await writeFile(temp, file.contents, "utf8");
    }
    for (const { temp, file } of staged) {
      if (file.createOnly) {
        await link(temp, file.path);
        await rm(temp);
      } else {
        await rename(temp, file.path);
      }
    }
  } finally {
    await Promise.all(staged.map(({ temp }) => rm(temp, { force: true })));
  }
}
