import { readdir } from "node:fs/promises";

const MIGRATION_NAME = /^(\d{14})-.+\.[cm]?[jt]s$/;

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
