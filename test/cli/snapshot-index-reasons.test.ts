/**
 * Index reasons are data (a kind, or the user's written text); snapshots written before stored the
 * doc's English sentence. Such a snapshot (the example's, as the previous version wrote it) must
 * load, keep its sentences as written reasons, and give no operation against the same schema as
 * it is written now.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseSnapshot } from "../../src/cli/state.js";
import { diffSchemas } from "../../src/diff/diff.js";

const read = (path: string): string => readFileSync(new URL(path, import.meta.url), "utf8");
const oldText = read("../fixtures/snapshot-english-reasons.json");
const currentText = read("../../examples/backend/src/database/tenant-schema/snapshot.json");

describe("a snapshot with English index reasons", () => {
  it("is in the old format, and the current example snapshot is not", () => {
    const reasons = (text: string) => (JSON.parse(text) as { tables: { indexes: { reason: unknown }[] }[] }).tables.flatMap((t) => t.indexes.map((i) => i.reason));
    expect(reasons(oldText).length).toBeGreaterThan(10);
    expect(reasons(oldText).every((r) => typeof r === "string")).toBe(true);
    expect(reasons(currentText).every((r) => typeof r === "object" && r !== null)).toBe(true);
  });

  it("loads its sentences as written reasons", () => {
    const old = parseSnapshot(oldText, "snapshot.json");
    const notifications = old.tables.find((t) => t.tableName === "notifications")!;
    expect(notifications.indexes.find((i) => i.name === "notifications_company_id_idx")?.reason).toEqual({ kind: "written", text: "Every query filters by tenant (company_id)." });
  });

  it("gives no operation against the same schema snapshotted now, either way", () => {
    const old = parseSnapshot(oldText, "snapshot.json");
    const current = parseSnapshot(currentText, "snapshot.json");
    expect(old.tables.map((t) => t.indexes.map((i) => i.name))).toEqual(current.tables.map((t) => t.indexes.map((i) => i.name)));
    expect(diffSchemas(old, current, { allowDestructive: false }).operations).toEqual([]);
    expect(diffSchemas(current, old, { allowDestructive: false }).operations).toEqual([]);
  });
});
