/**
 * `fingerprint.json` in the state folder: what the last emit was made from (every module that
 * loading the config and the schema evaluated, the resolved config, tenant-schema itself, how
 * prettier formats each model) and every file it left as it left it. With it:
 * - `emit --check` and `emit` prove that nothing can have changed without loading the schema, running
 *   the emitters or formatting anything (see up-to-date.ts);
 * - an emit reuses a model as it is on disk instead of formatting it again, when the emitter produced
 *   the same text, prettier would format it the same way and the file is still what that emit left.
 * It is a cache, never a source of truth: `--check` never reports it, a missing, stale, edited or
 * unreadable one only means the full path runs. Its own checksum makes a hand edit or a line-wise
 * merge read as missing. It is written in the same atomic, locked write as the rest of the state,
 * and only by an emit after which emitting again changes nothing.
 */
import { createHash } from "node:crypto";
import { open, readdir, readFile, type FileHandle } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { ResolvedConfig } from "../config/define-config.js";
import { canonicalJson } from "../diff/canonical-json.js";
import { DOC_NAME, MIGRATION_NAME } from "./migration-folder.js";
import { ownInstall } from "./own-entry.js";
import { fromProjectPath, readIfExists, toProjectPath } from "./paths.js";
import { fileChecksum } from "./state.js";

export const FINGERPRINT_FILE = "fingerprint.json";

/** How a generated model was made: the emitter's text before formatting, and the formatting. */
export interface FormattedFile {
  /** `fileChecksum` of the emitter's (unformatted) text. */
  emitted: string;
  /** `Formatting.fingerprint` (format.ts): prettier's version, parser and resolved options for the file. */
  format: string;
}

export type ProjectConfig = Omit<ResolvedConfig, "rootDir" | "configFile"> & { configFile: string | null };

export interface Fingerprint {
  version: 1;
  /** tenant-schema: its version, the running CLI file's checksum and its dependencies' installed versions. */
  tool: string;
  /** The resolved config, without the machine's root folder (the config file as a project path). */
  config: ProjectConfig;
  /** Project paths of the modules loading the config evaluated (the config file first among them); their checksums are in `inputs`. */
  configInputs: string[];
  /** Project paths of the schema files the schema folders held. */
  schemaFiles: string[];
  /** Project path → checksum of every module loading the config and the schema evaluated (local imports too). */
  inputs: Record<string, string>;
  /**
   * Project path → checksum of every file an emit reads besides its inputs, as the emit left it: the
   * state files, the models, every migration and doc in their folders. null: a user-owned scaffold
   * (it only has to exist without the generated header).
   */
  outputs: Record<string, string | null>;
  /** Project path of a generated model → how it was made (the formatted text is `outputs[path]`). */
  formatted: Record<string, FormattedFile>;
}

/**
 * The fingerprint in the state folder, or null when it is missing, unreadable, of another version or
 * not what tenant-schema wrote (its checksum differs): never an error, the full path runs instead.
 *
 * @example
 * await readFingerprint(config) // { version: 1, tool: "sha256:...", ... } or null
 */
export async function readFingerprint(config: StateLocation): Promise<Fingerprint | null> {
  const text = await readIfExists(fingerprintPath(config)).catch(() => null);
  if (text === null) return null;
  try {
    const { checksum, ...data } = JSON.parse(text) as Fingerprint & { checksum?: unknown };
    if (data.version !== 1 || checksum !== fileChecksum(canonicalJson(data))) return null;
    const ok =
      typeof data.tool === "string" &&
      data.config !== null &&
      typeof data.config === "object" &&
      Array.isArray(data.configInputs) &&
      Array.isArray(data.schemaFiles) &&
      [data.inputs, data.outputs, data.formatted].every((map) => map !== null && typeof map === "object" && !Array.isArray(map));
    return ok ? data : null;
  } catch {
    return null;
  }
}

/**
 * Fingerprint text: sorted keys, 2-space JSON, its own checksum last, trailing newline.
 *
 * @example
 * serializeFingerprint(fingerprint).includes('"checksum": "sha256:') // true
 */
export function serializeFingerprint(fingerprint: Fingerprint): string {
  const text = canonicalJson(fingerprint, { indent: 2 });
  return `${text.slice(0, -2)},\n  "checksum": ${JSON.stringify(fileChecksum(canonicalJson(fingerprint)))}\n}\n`;
}

/** Project path of the fingerprint. */
export function fingerprintFile(config: ResolvedConfig): string {
  return toProjectPath(config.rootDir, fingerprintPath(config));
}

/** Where a project's state folder is: all that is needed to find its fingerprint. */
type StateLocation = Pick<ResolvedConfig, "rootDir"> & { output: Pick<ResolvedConfig["output"], "state"> };

const fingerprintPath = (config: StateLocation) => path.join(fromProjectPath(config.rootDir, config.output.state), FINGERPRINT_FILE);

let tool: Promise<string> | null = null;

/**
 * What identifies this tenant-schema: its version, the checksum of the running CLI file (a rebuilt
 * checkout of the same version differs) and the installed versions of its dependencies (prettier's
 * output and pluralize's names depend on theirs).
 *
 * @example
 * await toolIdentity() // "sha256:..."
 */
export function toolIdentity(): Promise<string> {
  tool ??= readFile(fileURLToPath(import.meta.url), "utf8").then((self) => fileChecksum(canonicalJson({ ...ownInstall(import.meta.url), cli: fileChecksum(self) })));
  return tool;
}

/**
 * The resolved config as the fingerprint keeps it: every value an emit reads from it, the config
 * file's project path, and not the folder the project lives in.
 *
 * @example
 * projectConfig(config).configFile // "tenant-schema.config.ts"
 */
export function projectConfig(config: ResolvedConfig): ProjectConfig {
  const { rootDir, configFile, ...rest } = config;
  return { ...rest, configFile: configFile === null ? null : toProjectPath(rootDir, configFile) };
}

/**
 * `fileChecksum` of a file, null when it does not exist. Read in chunks into one buffer (the outputs
 * include the docs, megabytes each): a file without CR hashes as its bytes, one with CR is read as text.
 *
 * @example
 * await checksumOf("/repo/schema/users.ts") // "sha256:..."
 */
export async function checksumOf(file: string): Promise<string | null> {
  let handle: FileHandle;
  try {
    handle = await open(file, "r");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
  try {
    const hash = createHash("sha256");
    const chunk = Buffer.allocUnsafe(CHUNK);
    for (;;) {
      const { bytesRead } = await handle.read(chunk, 0, CHUNK, null);
      if (bytesRead === 0) return `sha256:${hash.digest("hex")}`;
      const bytes = chunk.subarray(0, bytesRead);
      if (bytes.indexOf(13) !== -1) return fileChecksum(await readFile(file, "utf8"));
      hash.update(bytes);
    }
  } finally {
    await handle.close();
  }
}

const CHUNK = 1 << 20;

/**
 * Project path (from `rootDir`) → checksum of each file (absolute paths); null for a file that no longer exists.
 *
 * @example
 * await checksumsOf("/repo", ["/repo/schema/users.ts"]) // { "schema/users.ts": "sha256:..." }
 */
export async function checksumsOf(rootDir: string, files: readonly string[]): Promise<Record<string, string | null>> {
  const checksums: Record<string, string | null> = {};
  for (const file of files) checksums[toProjectPath(rootDir, file)] = await checksumOf(file);
  return checksums;
}

/**
 * Project path → checksum of every migration and doc in their folders (emitted or not): what the
 * cross-checks and the next migration's timestamp read.
 *
 * @example
 * await folderOutputs(config) // { "backend/src/database/migrations/20261125093000-create-users.ts": "sha256:...", ... }
 */
export async function folderOutputs(config: ResolvedConfig): Promise<Record<string, string>> {
  const outputs: Record<string, string> = {};
  const folders = [
    [config.output.migrations, MIGRATION_NAME],
    [config.output.docs, DOC_NAME],
  ] as const;
  for (const [folder, pattern] of folders) {
    const absolute = fromProjectPath(config.rootDir, folder);
    const names = await readdir(absolute).catch((error: NodeJS.ErrnoException) => {
      if (error.code === "ENOENT") return [];
      throw error;
    });
    for (const name of names.filter((n) => pattern.test(n)).sort()) {
      const checksum = await checksumOf(path.join(absolute, name));
      if (checksum !== null) outputs[toProjectPath(config.rootDir, path.join(absolute, name))] = checksum;
    }
  }
  return outputs;
}
