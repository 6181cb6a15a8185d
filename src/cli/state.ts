/**
 * The committed emit state, in `config.output.state`: `journal.json` lists every migration ever
 * emitted with its doc (so hand edits and deletions are caught, and timestamps keep increasing),
 * `snapshot.json` is the SchemaIR as of the last emit (what the next emit diffs against), stamped
 * with the journal it belongs to and its own checksum, so that a lost, stale or edited snapshot is
 * told apart from a good one. `manifest.json` (manifest.ts) records the other generated files.
 */
import { createHash } from "node:crypto";
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
  /** `sha256:<hex>` of the doc as emitted (absent in journals of older tenant-schema versions). */
  docChecksum?: string;
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

/**
 * What a snapshot records about the state it was written with: the journal as it was (entry count,
 * last timestamp, hash of its entries) and the checksum of the snapshot's own schema.
 */
export interface SnapshotStamp {
  journal: { entries: number; last: string | null; hash: string };
  checksum: string;
}

export interface EmitState {
  /** Empty when `journal.json` does not exist (see `present`). */
  journal: Journal;
  /** Null before the first emit. */
  snapshot: SchemaIR | null;
  /** The snapshot's stamp; null for a snapshot of an older tenant-schema (or a stamp that was removed). */
  stamp: SnapshotStamp | null;
  /** Checksum of the snapshot's schema as it is on disk (to compare with the stamp); null without a snapshot. */
  snapshotChecksum: string | null;
  /** Which state files exist. */
  present: { journal: boolean; snapshot: boolean };
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
    ...(entry.docChecksum === undefined ? {} : { docChecksum: entry.docChecksum }),
    tables: entry.tables,
    ...(entry.changeSet === undefined ? {} : { changeSet: entry.changeSet }),
    ...(entry.transaction === undefined ? {} : { transaction: entry.transaction }),
  }));
  return `${JSON.stringify({ version: journal.version, entries }, null, 2)}\n`;
}

/**
 * Snapshot text: the IR with sorted keys, 2-space JSON, trailing newline; with a stamp when given.
 *
 * @example
 * serializeSnapshot(schema).endsWith("}\n") // true
 */
export function serializeSnapshot(schema: SchemaIR, stamp?: SnapshotStamp): string {
  const compact = compactSnapshot(schema);
  return `${canonicalJson(stamp === undefined ? compact : { ...compact, stamp }, { indent: 2 })}\n`;
}

/**
 * The hash the snapshot's stamp keeps of a journal: its entries, whatever the file's formatting.
 *
 * @example
 * journalHash({ version: 1, entries: [] }) // "sha256:..."
 */
export function journalHash(journal: Journal): string {
  return fileChecksum(canonicalJson({ version: journal.version, entries: journal.entries }));
}

/**
 * The stamp of a snapshot of `schema` written together with `journal`.
 *
 * @example
 * snapshotStamp(schema, journal).journal.entries // journal.entries.length
 */
export function snapshotStamp(schema: SchemaIR, journal: Journal): SnapshotStamp {
  return {
    journal: { entries: journal.entries.length, last: lastTimestamp(journal), hash: journalHash(journal) },
    // What is written (the compact form), as `readSnapshot` checksums what it reads.
    checksum: schemaChecksum(compactSnapshot(schema)),
  };
}

/** Checksum of a snapshot's schema (any JSON value: what is on disk, before it is upgraded). */
const schemaChecksum = (schema: unknown): string => fileChecksum(canonicalJson(schema));

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
      (entry.docChecksum === undefined || typeof entry.docChecksum === "string") &&
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
  return readSnapshot(text, file).schema;
}

/**
 * Parses `snapshot.json` with its stamp and the checksum of the schema it holds.
 *
 * @example
 * readSnapshot(serializeSnapshot(schema, stamp), "s.json").stamp // stamp
 */
export function readSnapshot(text: string, file: string): { schema: SchemaIR; stamp: SnapshotStamp | null; checksum: string } {
  const data = parseJson(text, file) as (Partial<SchemaIR> & { stamp?: unknown }) | null;
  if (data === null || typeof data !== "object" || !Array.isArray(data.tables)) throw stateError(file, "not a schema snapshot");
  if (data.version !== 1) throw stateError(file, `snapshot version ${String(data.version)} is not supported by this tenant-schema (expected 1)`);
  const { stamp, ...schema } = data;
  return {
    schema: normalizeSnapshot(schema as Record<string, unknown> & { tables: unknown[] }),
    stamp: isStamp(stamp) ? stamp : null,
    checksum: schemaChecksum(schema),
  };
}

function isStamp(value: unknown): value is SnapshotStamp {
  const stamp = value as Partial<SnapshotStamp> | null | undefined;
  const journal = stamp?.journal as Partial<SnapshotStamp["journal"]> | undefined;
  return (
    typeof stamp?.checksum === "string" &&
    typeof journal?.entries === "number" &&
    typeof journal.hash === "string" &&
    (journal.last === null || typeof journal.last === "string")
  );
}

/**
 * Reads the state folder; missing files read as empty (whether that means "never emitted" or "lost"
 * is for the cross-checks to say, from `present` and the folders).
 *
 * @example
 * await readState("/repo/backend/src/database/tenant-schema", "/repo") // { journal, snapshot, stamp, ... }
 */
export async function readState(stateDir: string, rootDir: string): Promise<EmitState> {
  const journalPath = path.join(stateDir, JOURNAL_FILE);
  const snapshotPath = path.join(stateDir, SNAPSHOT_FILE);
  const journalText = await readIfExists(journalPath);
  const snapshotText = await readIfExists(snapshotPath);
  const relative = (file: string) => toProjectPath(rootDir, file);
  const snapshot = snapshotText === null ? null : readSnapshot(snapshotText, relative(snapshotPath));
  return {
    journal: journalText === null ? { version: 1, entries: [] } : parseJournal(journalText, relative(journalPath)),
    snapshot: snapshot?.schema ?? null,
    stamp: snapshot?.stamp ?? null,
    snapshotChecksum: snapshot?.checksum ?? null,
    present: { journal: journalText !== null, snapshot: snapshotText !== null },
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
