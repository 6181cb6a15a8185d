import { mkdtemp, mkdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  fileChecksum,
  journalHash,
  lastTimestamp,
  parseJournal,
  parseSnapshot,
  readSnapshot,
  readState,
  serializeJournal,
  serializeSnapshot,
  snapshotStamp,
  type Journal,
} from "../../src/cli/state.js";
import { CliError } from "../../src/cli/problem.js";
import { schemaIR, tableIR } from "../support/ir-builders.js";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "tenant-schema-state-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const journal: Journal = {
  version: 1,
  entries: [
    {
      timestamp: "20261125093000",
      feature: "users",
      description: "create-users",
      migration: "backend/src/database/migrations/20261125093000-create-users.ts",
      doc: "docs/db/schema-changes-users.md",
      checksum: fileChecksum("export {};\n"),
      tables: ["users"],
    },
  ],
};

describe("emit state", () => {
  it("round-trips journal and snapshot through disk", async () => {
    const snapshot = schemaIR([tableIR("users", { feature: "users" }, { line: 5 }), tableIR("tickets", { feature: "tickets" }, { references: ["users"] })]);
    const stateDir = path.join(dir, "state");
    await mkdir(stateDir);
    await writeFile(path.join(stateDir, "journal.json"), serializeJournal(journal));
    await writeFile(path.join(stateDir, "snapshot.json"), serializeSnapshot(snapshot));
    const state = await readState(stateDir, dir);
    expect(state.journal).toEqual(journal);
    expect(state.snapshot).toEqual(snapshot);
    expect(serializeSnapshot(state.snapshot!)).toBe(serializeSnapshot(snapshot));
    expect(state.stamp).toBeNull();
  });

  it("stamps a snapshot with its journal and its own checksum, which a hand edit breaks", async () => {
    const snapshot = schemaIR([tableIR("users", { feature: "users" })]);
    const stamp = snapshotStamp(snapshot, journal);
    expect(stamp.journal).toEqual({ entries: 1, last: "20261125093000", hash: journalHash(journal) });
    const text = serializeSnapshot(snapshot, stamp);
    const read = readSnapshot(text, "s.json");
    expect(read.schema).toEqual(snapshot);
    expect(read.stamp).toEqual(stamp);
    expect(read.checksum).toBe(stamp.checksum);
    // Formatting does not count, contents do.
    expect(readSnapshot(JSON.stringify(JSON.parse(text)), "s.json").checksum).toBe(stamp.checksum);
    expect(readSnapshot(text.replace('"tableName": "users"', '"tableName": "members"'), "s.json").checksum).not.toBe(stamp.checksum);
    // The journal hash sees entries, not the file's formatting.
    expect(journalHash(parseJournal(JSON.stringify(JSON.parse(serializeJournal(journal))), "j.json"))).toBe(journalHash(journal));
    expect(journalHash({ version: 1, entries: [] })).not.toBe(journalHash(journal));
  });

  it("reads a missing state folder as never emitted", async () => {
    expect(await readState(path.join(dir, "nope"), dir)).toEqual({
      journal: { version: 1, entries: [] },
      snapshot: null,
      stamp: null,
      snapshotChecksum: null,
      present: { journal: false, snapshot: false },
    });
  });

  it("prints the snapshot with sorted keys, 2 spaces and a trailing newline, whatever the key order", () => {
    const a = schemaIR([tableIR("users", { feature: "users" })]);
    const reordered = JSON.parse(JSON.stringify(a), (_key, value) =>
      value && typeof value === "object" && !Array.isArray(value) ? Object.fromEntries(Object.entries(value).reverse()) : value,
    );
    const text = serializeSnapshot(a);
    expect(serializeSnapshot(reordered)).toBe(text);
    expect(text.endsWith("}\n")).toBe(true);
    expect(text.split("\n")[1]).toBe('  "acknowledgements": [],');
    expect(text.split("\n")[2]).toBe('  "naming": "snake_case",');
  });

  it("prints the journal in field order", () => {
    const text = serializeJournal(journal);
    expect(Object.keys(JSON.parse(text).entries[0])).toEqual(["timestamp", "feature", "description", "migration", "doc", "checksum", "tables"]);
    expect(text.endsWith("]\n}\n")).toBe(true);
  });

  it("checksums ignore CRLF versus LF but see real edits", () => {
    expect(fileChecksum("a\r\nb\r\n")).toBe(fileChecksum("a\nb\n"));
    expect(fileChecksum("a\nb\n")).not.toBe(fileChecksum("a\nc\n"));
    expect(fileChecksum("")).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it("rejects malformed files naming them", () => {
    expect(() => parseJournal("{", "state/journal.json")).toThrow(/state\/journal\.json: invalid JSON/);
    expect(() => parseJournal('{"version":2,"entries":[]}', "j.json")).toThrow(CliError);
    expect(() => parseJournal('{"version":1,"entries":[{"timestamp":"nope"}]}', "j.json")).toThrow(/entry 0/);
    expect(() => parseSnapshot('{"version":9,"tables":[]}', "s.json")).toThrow(/version 9/);
  });

  it("keeps a change set's grouping and transaction flag in the journal, after the old fields", () => {
    const grouped: Journal = { version: 1, entries: [{ ...journal.entries[0]!, changeSet: "20261125093000", transaction: false }] };
    const text = serializeJournal(grouped);
    expect(Object.keys(JSON.parse(text).entries[0])).toEqual(["timestamp", "feature", "description", "migration", "doc", "checksum", "tables", "changeSet", "transaction"]);
    expect(parseJournal(text, "j.json")).toEqual(grouped);
    expect(() => parseJournal(text.replace('"transaction": false', '"transaction": "no"'), "j.json")).toThrow(/entry 0/);
  });

  it("upgrades a snapshot written before schema evolution instead of refusing it", () => {
    const current = schemaIR([tableIR("users", { feature: "users" })]);
    const old = JSON.parse(serializeSnapshot(current)) as Record<string, unknown> & { tables: Record<string, unknown>[] };
    delete old.acknowledgements;
    const [users] = old.tables;
    delete users!.transition;
    users!.renamedFrom = "members";
    for (const column of users!.columns as Record<string, unknown>[]) {
      delete column.using;
      delete column.backfill;
      column.renamedFrom = null;
    }
    const parsed = parseSnapshot(JSON.stringify(old), "s.json");
    expect(parsed.acknowledgements).toEqual([]);
    expect(parsed.tables[0]!.transition).toEqual({ view: null, columns: [] });
    expect(parsed.tables[0]!.renamedFrom).toEqual({ from: "members", strategy: "expand-contract" });
    expect(parsed.tables[0]!.columns.every((column) => column.using === null && column.backfill === null && column.renamedFrom === null)).toBe(true);
    // A current snapshot comes back unchanged.
    expect(parseSnapshot(serializeSnapshot(current), "s.json")).toEqual(current);
  });

  it("finds the last timestamp", () => {
    const later = { ...journal.entries[0]!, timestamp: "20270101000000" };
    expect(lastTimestamp({ version: 1, entries: [later, journal.entries[0]!] })).toBe("20270101000000");
    expect(lastTimestamp({ version: 1, entries: [] })).toBeNull();
  });
});
