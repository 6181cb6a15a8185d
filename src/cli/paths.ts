import { readFile } from "node:fs/promises";
import path from "node:path";

/**
 * A path relative to `root` with forward slashes: what the journal stores and messages print,
 * identical on every OS so the committed state does not churn between machines.
 *
 * @example
 * toProjectPath("/repo", "/repo/docs/db/a.md") // "docs/db/a.md"
 */
export function toProjectPath(root: string, absolute: string): string {
  return path.relative(root, absolute).split(path.sep).join("/");
}

/**
 * @example
 * fromProjectPath("/repo", "docs/db/a.md") // "/repo/docs/db/a.md"
 */
export function fromProjectPath(root: string, projectPath: string): string {
  return path.resolve(root, ...projectPath.split("/"));
}

/**
 * A file's text, or null when it does not exist (any other error is thrown).
 *
 * @example
 * await readIfExists("/repo/backend/src/database/tenant-schema/journal.json") // null before the first emit
 */
export async function readIfExists(file: string): Promise<string | null> {
  try {
    return await readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
}
