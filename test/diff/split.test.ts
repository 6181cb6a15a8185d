import { describe, expect, it } from "vitest";
import { checkIR, columnIR, foreignKeyIR, indexIR, renamedTable, schemaIR, tableIR } from "../support/ir-builders.js";
import { diffSchemas } from "../../src/diff/diff.js";
import type { Operation } from "../../src/diff/operations.js";
import { splitChangeSets } from "../../src/diff/split.js";
import { addSeconds } from "../../src/diff/timestamp.js";
import type { TableIR } from "../../src/ir/types.js";

const NOW = "20261125093000";
const ALLOW = { allowDestructive: true };

function split(before: TableIR[], after: TableIR[], last: string | null = null) {
  const diff = diffSchemas(schemaIR(before), schemaIR(after), ALLOW);
  expect(diff.issues).toEqual([]);
  return splitChangeSets(diff.operations, NOW, last);
}

const tickets = tableIR("tickets", { feature: "support" });

describe("splitChangeSets", () => {
  it("puts an added column, its fill and its index in three migrations: transactional, backfill, indexes", () => {
    const after = {
      ...tickets,
      columns: [...tickets.columns, columnIR("code", { backfill: `'T-' || "id"` })],
      indexes: [indexIR("tickets_code_idx", ["code"])],
    };
    const { changeSets, issues } = split([tickets], [after]);
    expect(issues).toEqual([]);
    expect(changeSets).toHaveLength(1);
    expect(changeSets[0]!.migrations.map((plan) => [plan.timestamp, plan.description, plan.transaction, plan.operations.map((op) => op.kind)])).toEqual([
      [NOW, "add-code-to-tickets", true, ["addColumn"]],
      [addSeconds(NOW, 1), "add-code-to-tickets-backfill", false, ["backfill", "setNotNull"]],
      [addSeconds(NOW, 2), "add-code-to-tickets-indexes", false, ["addIndex"]],
    ]);
  });

  it("orders a transactional migration: constraint drops, renames, new columns, new constraints, column drops", () => {
    const before = { ...tickets, columns: [...tickets.columns, columnIR("old"), columnIR("title")], foreignKeys: [foreignKeyIR("tickets_old_fkey", ["old"], "users")] };
    const after = {
      ...tickets,
      columns: [...tickets.columns, columnIR("subject", { renamedFrom: { from: "title", strategy: "direct" } }), columnIR("note", { type: { kind: "integer" }, nullable: true })],
      checks: [{ name: "tickets_note_check", expression: `"note" > 0`, columns: ["note"], origin: "declared" as const, source: null }],
    };
    const { changeSets } = split([before], [after]);
    const [transactional, validate] = changeSets[0]!.migrations;
    expect(transactional!.operations.map((op) => op.kind)).toEqual(["dropForeignKey", "renameColumn", "addColumn", "addCheck", "dropColumn"]);
    expect(transactional!.description).toBe("alter-tickets");
    expect(validate).toMatchObject({ description: "alter-tickets-validate", transaction: false });
  });

  it("runs a feature renaming a table before another feature that drops a foreign key or a table pointing at it (their downs re-add them to the new name)", () => {
    // Long property run, seeds 2014696026 and 224218320: "billing" sorted first, so going down the
    // rename was undone before billing's down re-added the key to the new name.
    const accounts = tableIR("accounts", { feature: "z-core" });
    const reports: TableIR = renamedTable(accounts, { key: "reports", tableName: "reports", renamedFrom: { from: "accounts", strategy: "expand-contract" } });
    const pointing = (key: string) => {
      const base = tableIR(key, { feature: "billing" });
      return { ...base, columns: [...base.columns, columnIR("accountId", { type: { kind: "integer" }, nullable: true })], foreignKeys: [foreignKeyIR(`${key}_account_id_fkey`, ["accountId"], "accounts")] };
    };
    const invoices = pointing("invoices");
    const projects = pointing("projects");
    const { changeSets, issues } = split([accounts, invoices, projects], [reports, { ...projects, columns: projects.columns.filter((c) => c.name !== "accountId"), foreignKeys: [] }]);
    expect(issues).toEqual([]);
    expect(changeSets.map((change) => change.feature)).toEqual(["z-core", "billing"]);
    expect(changeSets[1]!.migrations[0]!.operations.map((op) => op.kind)).toEqual(["dropForeignKey", "dropColumn", "dropTable"]);
  });

  it("runs a feature creating a table before another feature's foreign key to it, across features", () => {
    const queues = tableIR("queues", { feature: "z-routing" });
    const withQueue = { ...tickets, columns: [...tickets.columns, columnIR("queuesId", { type: { kind: "integer" }, nullable: true })], foreignKeys: [foreignKeyIR("tickets_queues_id_fkey", ["queuesId"], "queues")] };
    const { changeSets } = split([tickets], [withQueue, queues]);
    expect(changeSets.map((change) => change.feature)).toEqual(["z-routing", "support"]);
    const timestamps = changeSets.flatMap((change) => change.migrations.map((plan) => plan.timestamp));
    expect(timestamps).toEqual([NOW, addSeconds(NOW, 1), addSeconds(NOW, 2)]);
    expect(changeSets[0]!.migrations[0]!.description).toBe("create-queues");
  });

  it("drops another feature's foreign key before dropping the table it points at", () => {
    const users = tableIR("users", { feature: "a-users" });
    const referencing = tableIR("tickets", { feature: "support" }, { references: ["users"] });
    const { changeSets } = split([users, referencing], [tickets]);
    expect(changeSets.map((change) => [change.feature, change.migrations[0]!.description])).toEqual([
      ["support", "drop-users-id-from-tickets"],
      ["a-users", "drop-users"],
    ]);
    expect(changeSets[0]!.migrations[0]!.operations.map((op) => op.kind)).toEqual(["dropForeignKey", "dropColumn"]);
  });

  it("names a dropped table's change set after its feature in the snapshot, and drops referencing tables first", () => {
    const parent = tableIR("parents", { feature: "legacy" });
    const child = tableIR("children", { feature: "legacy" }, { references: ["parents"] });
    const { changeSets } = split([parent, child], []);
    expect(changeSets).toHaveLength(1);
    expect(changeSets[0]!.feature).toBe("legacy");
    expect(changeSets[0]!.migrations[0]!.operations.map((op) => (op as Extract<Operation, { kind: "dropTable" }>).table.key)).toEqual(["children", "parents"]);
  });

  it("keeps timestamps after the last journal entry, and keeps pure creations' descriptions", () => {
    const { changeSets } = split([], [tableIR("users", { feature: "users" })], "20261125235959");
    expect(changeSets[0]!.migrations).toEqual([expect.objectContaining({ timestamp: "20261126000000", description: "create-users", transaction: true })]);
  });

  it("describes renames", () => {
    const renamed = renamedTable(tickets, { key: "cases", tableName: "cases", renamedFrom: { from: "tickets", strategy: "expand-contract" as const } });
    expect(split([tickets], [renamed]).changeSets[0]!.migrations[0]!.description).toBe("rename-tickets-to-cases");
    const before = { ...tickets, columns: [...tickets.columns, columnIR("title", { nullable: true })] };
    const after = { ...tickets, columns: [...tickets.columns, columnIR("subject", { nullable: true, renamedFrom: { from: "title", strategy: "expand-contract" } })] };
    expect(split([before], [after]).changeSets[0]!.migrations.map((plan) => plan.description)).toEqual([
      "rename-title-to-subject-in-tickets",
      "rename-title-to-subject-in-tickets-backfill",
    ]);
  });

  it("refuses a malformed clock", () => {
    expect(() => splitChangeSets([], "2026-11-25", null)).toThrow(/YYYYMMDDHHMMSS/);
  });
});

describe("a table renamed in the same change as other operations on it", () => {
  it("runs the rename first, since the other operations name the table and its objects as renamed", () => {
    const reports = { ...tableIR("reports", { feature: "reports" }), columns: [...tableIR("reports", { feature: "reports" }).columns, columnIR("score", { type: { kind: "integer" } })], checks: [checkIR("reports_score_check", `"score" > 0`, ["score"])] };
    const audits: TableIR = renamedTable(reports, { key: "audits", tableName: "audits", renamedFrom: { from: "reports", strategy: "direct" }, checks: [] });
    const { operations } = diffSchemas(schemaIR([reports]), schemaIR([audits]), { allowDestructive: false });
    const [migration] = splitChangeSets(operations, "20261125120000", null).changeSets[0]!.migrations;
    expect(migration!.operations.map((op) => op.kind)).toEqual(["renameTable", "dropCheck"]);
    expect(migration!.operations[1]!.table.tableName).toBe("audits");
  });
});
