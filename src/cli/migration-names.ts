/**
 * How a migration file is named in `SequelizeMeta`. sequelize-cli records the file name as it finds
 * it (`20261125090000-create-users.js` when it runs a `tsc` build, `.ts` when it runs the sources
 * through a loader), and compares those names exactly. Everything here compares migrations by the
 * name without its extension, so a history written by one runner is read by the other.
 */

/**
 * The files sequelize-cli picks up as migrations (its own pattern): both runners see the same set.
 */
const MIGRATION_FILE = /^(?!.*\.d\.[cm]?ts$).*\.(cjs|js|cts|ts)$/;
const EXTENSION = /\.(cjs|js|cts|ts)$/;

/** How new rows are named: like a `tsc` build (`.js`), like the sources (`.ts`), or without extension. */
export type RecordStyle = "js" | "ts" | "bare";

/**
 * The migration's identity: its file name without directory and extension. Two files (or a file
 * and a `SequelizeMeta` row) with the same identity are the same migration.
 *
 * @example
 * migrationName("backend/src/database/migrations/20261125090000-create-users.ts") // "20261125090000-create-users"
 * migrationName("20261125090000-create-users.js") // "20261125090000-create-users"
 */
export function migrationName(file: string): string {
  const base = file.split(/[\\/]/).pop() ?? file;
  return base.replace(EXTENSION, "");
}

/**
 * Whether a file in the migrations folder is a migration (sequelize-cli's rule: `.js`, `.cjs`,
 * `.ts`, `.cts`, but not declaration files).
 *
 * @example
 * isMigrationFile("20261125090000-create-users.ts") // true
 * isMigrationFile("20261125090000-create-users.d.ts") // false
 */
export function isMigrationFile(name: string): boolean {
  return MIGRATION_FILE.test(name);
}

/**
 * The name a migration file is recorded under in `SequelizeMeta`: a TypeScript file is recorded as
 * its `tsc` output (`.ts` → `.js`, `.cts` → `.cjs`) in the "js" style, as itself in the "ts" style;
 * a JavaScript file is always recorded as itself (every runner sees it under that name).
 *
 * @example
 * recordedName("20261125090000-create-users.ts", "js") // "20261125090000-create-users.js"
 * recordedName("20261125090000-create-users.ts", "ts") // "20261125090000-create-users.ts"
 * recordedName("20250101000000-legacy.js", "ts") // "20250101000000-legacy.js"
 */
export function recordedName(file: string, style: RecordStyle): string {
  const base = file.split(/[\\/]/).pop() ?? file;
  if (style === "bare") return migrationName(base);
  if (style === "ts" || !/\.c?ts$/.test(base)) return base;
  return base.replace(/\.ts$/, ".js").replace(/\.cts$/, ".cjs");
}

/**
 * The style the history already shows: how the newest row that belongs to a TypeScript file on disk
 * was named (a team running sequelize-cli on its `tsc` build has `.js` rows for them), else
 * `fallback`. Rows of JavaScript files say nothing: every runner names those alike.
 *
 * @example
 * recordStyleOf(["20261125090000-create-users.js"], ["20261125090000-create-users.ts"], "ts") // "js"
 * recordStyleOf([], ["20261125090000-create-users.ts"], "ts") // "ts"
 */
export function recordStyleOf(rows: readonly string[], files: readonly string[], fallback: RecordStyle): RecordStyle {
  const typescript = new Set(files.filter((file) => /\.c?ts$/.test(file)).map(migrationName));
  const evidence = rows.filter((row) => typescript.has(migrationName(row))).sort(byMigrationName);
  const newest = evidence.at(-1);
  if (newest === undefined) return fallback;
  if (/\.c?js$/.test(newest)) return "js";
  return /\.c?ts$/.test(newest) ? "ts" : "bare";
}

/**
 * Run order: by name without extension, so the sources (`.ts` beside hand-written `.js`) and their
 * `tsc` build (all `.js`) run in the same order.
 *
 * @example
 * ["b.js", "a.ts"].sort(byMigrationName) // ["a.ts", "b.js"]
 */
export function byMigrationName(a: string, b: string): number {
  const left = migrationName(a);
  const right = migrationName(b);
  return left < right ? -1 : left > right ? 1 : 0;
}
