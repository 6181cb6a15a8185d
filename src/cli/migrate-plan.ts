/**
 * The pure part of `tenant-schema migrate`: which migrations are applied, pending or recorded but
 * missing on disk, and which ones `up` and `down` run, from the folder's file names, the
 * `SequelizeMeta` rows and the emit journal. No disk, no database.
 */
import type { JournalEntry } from "./state.js";
import { byMigrationName, migrationName } from "./migration-names.js";
import { CliError } from "./problem.js";

export type MigrationState = "applied" | "pending" | "missing";

export interface MigrationStatus {
  /** The name without extension: the identity shared by a file and its `SequelizeMeta` row. */
  name: string;
  state: MigrationState;
  /** File name in the migrations folder; null when only `SequelizeMeta` knows it. */
  file: string | null;
  /** `SequelizeMeta` rows naming it (`x.js`, `x.ts`, ...); empty while pending. */
  recordedAs: string[];
  /** From the emit journal; null for hand-written migrations. */
  feature: string | null;
  /** Timestamp of the first migration of its change set; null for hand-written migrations. */
  changeSet: string | null;
  /** false: emitted to run without a wrapping transaction; null when the journal does not say. */
  transaction: boolean | null;
}

export interface StatusInput {
  /** File names in the migrations folder (migration files only). */
  files: readonly string[];
  /** `name` of every `SequelizeMeta` row. */
  rows: readonly string[];
  journal: readonly JournalEntry[];
}

/** Which migrations `down` reverts. */
export type DownSelector =
  | { kind: "step"; count: number }
  | { kind: "to"; migration: string }
  | { kind: "all" }
  /** A change set by the timestamp of its first migration; null: the newest applied one. */
  | { kind: "changeSet"; timestamp: string | null };

/**
 * Every migration the folder or `SequelizeMeta` knows, in run order, with its state and what the
 * journal says of it. Two files for one migration (`x.ts` and `x.js`) are refused: which one would
 * run is a guess.
 *
 * @example
 * migrationStatus({ files: ["20261125090000-create-users.ts"], rows: ["20261125090000-create-users.js"], journal: [] })
 * // [{ name: "20261125090000-create-users", state: "applied", recordedAs: ["20261125090000-create-users.js"], ... }]
 */
export function migrationStatus(input: StatusInput): MigrationStatus[] {
  const files = new Map<string, string>();
  for (const file of input.files) {
    const name = migrationName(file);
    const other = files.get(name);
    if (other !== undefined) {
      throw new CliError([{ file: null, line: null, message: `${other} and ${file} are one migration in two files; keep one of them in the migrations folder` }], 2);
    }
    files.set(name, file);
  }
  const rows = new Map<string, string[]>();
  for (const row of input.rows) rows.set(migrationName(row), [...(rows.get(migrationName(row)) ?? []), row]);
  const entries = new Map(input.journal.map((entry) => [migrationName(entry.migration), entry]));
  const names = [...new Set([...files.keys(), ...rows.keys()])].sort(byMigrationName);
  return names.map((name) => {
    const file = files.get(name) ?? null;
    const recordedAs = rows.get(name) ?? [];
    const entry = entries.get(name);
    return {
      name,
      state: recordedAs.length === 0 ? "pending" : file === null ? "missing" : "applied",
      file,
      recordedAs,
      feature: entry?.feature ?? null,
      changeSet: entry === undefined ? null : (entry.changeSet ?? entry.timestamp),
      transaction: entry?.transaction ?? null,
    };
  });
}

/**
 * The pending migrations `up` runs, in order: all of them, or those up to and including `to`.
 *
 * @example
 * planUp(status).map((m) => m.name) // every pending migration
 * planUp(status, "20261125090005").map((m) => m.name) // the pending ones up to that timestamp
 */
export function planUp(status: readonly MigrationStatus[], to?: string): MigrationStatus[] {
  const pending = status.filter((migration) => migration.state === "pending");
  if (to === undefined) return pending;
  const target = findMigration(status, to, "--to");
  if (target.state === "pending") return pending.filter((migration) => byMigrationName(migration.name, target.name) <= 0);
  return [];
}

/**
 * The applied migrations `down` reverts, newest first. Only the newest ones can be reverted (an
 * older migration's `down` would run under schema that later migrations built on), and each needs
 * its file on disk.
 *
 * @example
 * planDown(status, { kind: "step", count: 1 }) // the newest applied migration
 * planDown(status, { kind: "changeSet", timestamp: null }) // every migration of the newest applied change set
 */
export function planDown(status: readonly MigrationStatus[], selector: DownSelector): MigrationStatus[] {
  const applied = status.filter((migration) => migration.state !== "pending");
  const newestFirst = [...applied].reverse();
  const selected = selectDown(status, applied, newestFirst, selector);
  const missing = selected.find((migration) => migration.file === null);
  if (missing !== undefined) {
    throw usage(`${missing.recordedAs.join(", ")} is recorded in SequelizeMeta but its file is not in the migrations folder; restore the file to revert it`);
  }
  return selected;
}

function selectDown(status: readonly MigrationStatus[], applied: MigrationStatus[], newestFirst: MigrationStatus[], selector: DownSelector): MigrationStatus[] {
  switch (selector.kind) {
    case "all":
      return newestFirst;
    case "step":
      if (!Number.isInteger(selector.count) || selector.count < 1) throw usage(`--step: expected a whole number of at least 1, got ${selector.count}`);
      if (selector.count > applied.length) throw usage(`--step ${selector.count}: only ${applied.length} migration(s) are applied (use --all to revert every one)`);
      return newestFirst.slice(0, selector.count);
    case "to": {
      const target = findMigration(status, selector.migration, "--to");
      if (target.state === "pending") throw usage(`--to ${selector.migration}: ${target.file ?? target.name} is not applied`);
      return newestFirst.filter((migration) => byMigrationName(migration.name, target.name) >= 0);
    }
    case "changeSet":
      return selectChangeSet(applied, newestFirst, selector.timestamp);
  }
}

function selectChangeSet(applied: MigrationStatus[], newestFirst: MigrationStatus[], timestamp: string | null): MigrationStatus[] {
  const newest = newestFirst[0];
  if (newest === undefined) throw usage("--change-set: no migration is applied");
  const changeSet = timestamp ?? newest.changeSet;
  if (changeSet === null) {
    throw usage(`--change-set: the newest applied migration, ${newest.file ?? newest.name}, is not part of an emitted change set; use --step or --to`);
  }
  const members = applied.filter((migration) => migration.changeSet === changeSet);
  if (members.length === 0) throw usage(`--change-set ${changeSet}: no migration of that change set is applied`);
  const oldest = members[0]!;
  const after = newestFirst.filter((migration) => byMigrationName(migration.name, oldest.name) > 0 && migration.changeSet !== changeSet);
  if (after.length > 0) {
    const names = after.map((migration) => migration.file ?? migration.name).reverse();
    throw usage(
      `--change-set ${changeSet}: ${names.length} newer migration(s) are applied after it (${names.join(", ")}); revert them first, or use --to ${oldest.file ?? oldest.name} to revert everything down to it`,
    );
  }
  return newestFirst.filter((migration) => migration.changeSet === changeSet);
}

/**
 * The migration `query` names: a file or `SequelizeMeta` name with or without extension, or the
 * `YYYYMMDDHHMMSS` prefix of exactly one migration.
 *
 * @example
 * findMigration(status, "20261125090000", "--to").name // "20261125090000-create-users"
 * findMigration(status, "20261125090000-create-users.js", "--to").name // "20261125090000-create-users"
 */
export function findMigration(status: readonly MigrationStatus[], query: string, flag: string): MigrationStatus {
  const name = migrationName(query);
  const exact = status.find((migration) => migration.name === name);
  if (exact !== undefined) return exact;
  const byTimestamp = /^\d{14}$/.test(query) ? status.filter((migration) => migration.name.startsWith(`${query}-`)) : [];
  if (byTimestamp.length === 1) return byTimestamp[0]!;
  if (byTimestamp.length > 1) throw usage(`${flag} ${query}: ${byTimestamp.length} migrations start with that timestamp (${byTimestamp.map((m) => m.file ?? m.name).join(", ")}); name one`);
  throw usage(`${flag} ${query}: no such migration in the migrations folder or in SequelizeMeta`);
}

function usage(message: string): CliError {
  return new CliError([{ file: null, line: null, message }], 2);
}
