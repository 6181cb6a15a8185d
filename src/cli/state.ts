/**
 * The committed emit state, in `config.output.state`: `journal.json` lists every migration ever
 * emitted (so hand edits and deletions are caught, and timestamps keep increasing) and
 * `snapshot.json` is the SchemaIR as of the last emit (what the next emit diffs against).
 */
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { canonicalJson } from "../diff/canonical-json.js";
import { isMigrationTimestamp } from "../diff/timestamp.js";
import type { SchemaIR } from "../ir/types.js";
import { compactSnapshot, normalizeSnapshot } from "./normalize-snapshot.js";
import { readIfExists, toProjectPath } from "./paths.js";
import { CliError } from "./problem.js";

export const JOURNAL_FILE = "journal.json";
export const SNAPSHOT_FILE = "snapshot.json";

export interface JournalEntry {
  /** YYYYMMDDHHMMSS of the migration. */
  timestamp: string;
  feature: string;
  description: string;
  /** Migration file, relative to the project root, forward slashes. */
  migration: string;
  /** Schema-change doc, relative to the project root. */
  doc: string;
  /** `sha256:<hex>` of the migration with CRLF turned into LF (a checkout on Windows is not an edit). */
  checksum: string;
  /** Keys of the tables the migration touches. */
  tables: string[];
  /** Timestamp of the first migration of its change set (entries of one change set share it and its doc). */
  changeSet?: string;
  /** false: the migration runs without a wrapping transaction (backfills, validations, concurrent indexes). */
  transaction?: boolean;
}

export interface Journal {
  version: 1;
  entries: JournalEntry[];
}

export interface EmitState {
  journal: Journal;
  /** Null before the first emit. */
  snapshot: SchemaIR | null;
}

/**
 * @example
 * fileChecksum("a\r\nb") === fileChecksum("a\nb") // true
 */
export function fileChecksum(contents: string): string {
  return `sha256:${createHash("sha256").update(contents.replace(/\r\n/g, "\n")).digest("hex")}`;
}

/**
 * Journal text: 2-space JSON, fields in a fixed order, trailing newline.
 *
 * @example
 * serializeJournal({ version: 1, entries: [] }) // '{\n  "version": 1,\n  "entries": []\n}\n'
 */
export function serializeJournal(journal: Journal): string {
  const entries = journal.entries.map((entry) => ({
    timestamp: entry.timestamp,
    feature: entry.feature,
    description: entry.description,
    migration: entry.migration,
    doc: entry.doc,
    checksum: entry.checksum,
    tables: entry.tables,
    ...(entry.changeSet === undefined ? {} : { changeSet: entry.changeSet }),
    ...(entry.transaction === undefined ? {} : { transaction: entry.transaction }),
  }));
  return `${JSON.stringify({ version: journal.version, entries }, null, 2)}\n`;
}

/**
 * Snapshot text: the IR with sorted keys, 2-space JSON, trailing newline.
 *
 * @example
 * serializeSnapshot(schema).endsWith("}\n") // true
 */
export function serializeSnapshot(schema: SchemaIR): string {
  return `${canonicalJson(compactSnapshot(schema), { indent: 2 })}\n`;
}

/**
 * Parses and checks `journal.json`; `file` names it in errors.
 *
 * @example
 * parseJournal('{"version":1,"entries":[]}', "state/journal.json").entries // []
 */
export function parseJournal(text: string, file: string): Journal {
  const data = parseJson(text, file) as Partial<Journal> | null;
  if (data === null || typeof data !== "object" || data.version !== 1 || !Array.isArray(data.entries)) {
    throw stateError(file, "not a version 1 journal (expected { version: 1, entries: [...] })");
  }
  data.entries.forEach((entry, index) => {
    const ok =
      typeof entry === "object" &&
      entry !== null &&
      typeof entry.timestamp === "string" &&
      isMigrationTimestamp(entry.timestamp) &&
      typeof entry.feature === "string" &&
      typeof entry.description === "string" &&
      typeof entry.migration === "string" &&
      typeof entry.doc === "string" &&
      typeof entry.checksum === "string" &&
      Array.isArray(entry.tables) &&
      (entry.changeSet === undefined || (typeof entry.changeSet === "string" && isMigrationTimestamp(entry.changeSet))) &&
      (entry.transaction === undefined || typeof entry.transaction === "boolean");
    if (!ok) throw stateError(file, `entry ${index} is malformed`);
  });
  return { version: 1, entries: data.entries };
}

/**
 * Parses `snapshot.json`, refusing IR versions this build does not know and upgrading snapshots of
 * older builds of the same version (fields added since are filled with neutral values).
 *
 * @example
 * parseSnapshot(serializeSnapshot(schema), "state/snapshot.json") // deep-equals schema
 */
export function parseSnapshot(text: string, file: string): SchemaIR {
  const data = parseJson(text, file) as Partial<SchemaIR> | null;
  if (data === null || typeof data !== "object" || !Array.isArray(data.tables)) throw stateError(file, "not a schema snapshot");
  if (data.version !== 1) throw stateError(file, `snapshot version ${String(data.version)} is not supported by this tenant-schema (expected 1)`);
  return normalizeSnapshot(data as Record<string, unknown> & { tables: unknown[] });
}

/**
 * Reads the state folder; missing files mean "never emitted".
 *
 * @example
 * await readState("/repo/backend/src/database/tenant-schema", "/repo") // { journal, snapshot }
 */
export async function readState(stateDir: string, rootDir: string): Promise<EmitState> {
  const journalPath = path.join(stateDir, JOURNAL_FILE);
  const snapshotPath = path.join(stateDir, SNAPSHOT_FILE);
  const journalText = await readIfExists(journalPath);
  const snapshotText = await readIfExists(snapshotPath);
  const relative = (file: string) => toProjectPath(rootDir, file);
  return {
    journal: journalText === null ? { version: 1, entries: [] } : parseJournal(journalText, relative(journalPath)),
    snapshot: snapshotText === null ? null : parseSnapshot(snapshotText, relative(snapshotPath)),
  };
}

/**
 * The latest timestamp in the journal, or null when empty.
 *
 * @example
 * lastTimestamp({ version: 1, entries: [] }) // null
 */
export function lastTimestamp(journal: Journal): string | null {
  return journal.entries.reduce<string | null>((max, entry) => (max === null || entry.timestamp > max ? entry.timestamp : max), null);
}


function parseJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw stateError(file, `invalid JSON (${(error as Error).message})`);
  }
}

function stateError(file: string, message: string): CliError {
  return new CliError([{ file, line: null, message }], 2);
}
