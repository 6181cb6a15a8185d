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
