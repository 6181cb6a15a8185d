import { readdir } from "node:fs/promises";
import path from "node:path";
import { looksGenerated } from "./ownership.js";
import { readIfExists } from "./paths.js";

/** sequelize-cli's migration file names: `YYYYMMDDHHMMSS-<name>.<js|ts|cjs|mjs|cts|mts>`. */
export const MIGRATION_NAME = /^(\d{14})-.+\.[cm]?[jt]s$/;

/** Schema-change docs: `schema-changes-<feature>[-<timestamp>].md`. */
export const DOC_NAME = /^schema-changes-.+\.md$/;

export interface FolderFile {
  /** File name in the folder. */
  name: string;
  /** Absolute path. */
  path: string;
  text: string;
  /** Carries the tenant-schema header. */
  generated: boolean;
}

/**
 * The files of `folder` (not recursive) whose names match `pattern`, with their text, in name order;
 * none when the folder does not exist.
 *
 * @example
 * (await folderFiles("/repo/backend/src/database/migrations", MIGRATION_NAME)).filter((f) => f.generated)
 */
export async function folderFiles(folder: string, pattern: RegExp): Promise<FolderFile[]> {
  let names: string[];
  try {
    names = await readdir(folder);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
  const files: FolderFile[] = [];
  for (const name of names.filter((n) => pattern.test(n)).sort()) {
    const text = await readIfExists(path.join(folder, name));
    if (text !== null) files.push({ name, path: path.join(folder, name), text, generated: looksGenerated(text) });
  }
  return files;
}

/**
 * The latest `YYYYMMDDHHMMSS` prefix among the files in the migrations folder, or null. Teams keep
 * hand-written migrations next to emitted ones; new migrations must sort after all of them, since
 * Umzug and sequelize-cli run migrations in file-name order.
 *
 * @example
 * await latestMigrationTimestamp("/repo/backend/src/database/migrations") // "20261125093000"
 */
export async function latestMigrationTimestamp(folder: string): Promise<string | null> {
  let names: string[];
  try {
    names = await readdir(folder);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
  return names
    .map((name) => MIGRATION_NAME.exec(name)?.[1])
    .filter((timestamp): timestamp is string => timestamp !== undefined)
    .reduce<string | null>((max, timestamp) => (max === null || timestamp > max ? timestamp : max), null);
}
