/**
 * `manifest.json` in the state folder: every file tenant-schema generated and may rewrite (models,
 * the models' index), with the checksum of what it wrote. With it an emit tells a file it generated
 * and nobody touched (rewritten freely) from one edited by hand since (refused: the edits would be
 * lost) and from a file it never wrote (refused: not ours). Migrations and docs, written once, are
 * recorded by the journal instead; user-owned scaffolds are recorded nowhere. The schema files `pull`
 * wrote are recorded too (kind "declaration"), so `audit --fix` rewrites only those nobody edited.
 */
import { CliError } from "./problem.js";

export const MANIFEST_FILE = "manifest.json";

export interface ManifestFile {
  /** Project path, forward slashes. */
  path: string;
  /** `sha256:<hex>` with CRLF read as LF (see `fileChecksum`). */
  checksum: string;
  /** "declaration": a schema file `pull` (or `audit --fix`) wrote; absent for models. */
  kind?: "declaration";
}

export interface Manifest {
  version: 1;
  files: ManifestFile[];
}

/**
 * Manifest text: files sorted by path, 2-space JSON, trailing newline.
 *
 * @example
 * serializeManifest({ version: 1, files: [] }) // '{\n  "version": 1,\n  "files": []\n}\n'
 */
export function serializeManifest(manifest: Manifest): string {
  const files = [...manifest.files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)).map((file) => ({ path: file.path, checksum: file.checksum, ...(file.kind === undefined ? {} : { kind: file.kind }) }));
  return `${JSON.stringify({ version: manifest.version, files }, null, 2)}\n`;
}

/**
 * Parses and checks `manifest.json`; `file` names it in errors.
 *
 * @example
 * parseManifest('{"version":1,"files":[]}', "state/manifest.json").files // []
 */
export function parseManifest(text: string, file: string): Manifest {
  let data: Partial<Manifest> | null;
  try {
    data = JSON.parse(text) as Partial<Manifest> | null;
  } catch (error) {
    throw new CliError([{ file, line: null, message: `invalid JSON (${(error as Error).message})` }], 2);
  }
  const ok =
    data !== null &&
    typeof data === "object" &&
    data.version === 1 &&
    Array.isArray(data.files) &&
    data.files.every((entry) => typeof entry?.path === "string" && typeof entry.checksum === "string" && (entry.kind === undefined || entry.kind === "declaration"));
  if (!ok) throw new CliError([{ file, line: null, message: "not a version 1 manifest (expected { version: 1, files: [{ path, checksum }] })" }], 2);
  return { version: 1, files: (data as Manifest).files };
}
