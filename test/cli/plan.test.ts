import { describe, expect, it } from "vitest";
import { describeCreation, kebabCase, planChanges } from "../../src/diff/plan.js";
import { addSeconds, isMigrationTimestamp } from "../../src/diff/timestamp.js";
import { columnIR, schemaIR, tableIR } from "../support/ir-builders.js";

const NOW = "20261125093000";

/** Every migration of every change set, in run order. */
function planMigrations(...args: Parameters<typeof planChanges>) {
  const result = planChanges(...args);
  return { plans: result.changeSets.flatMap((change) => change.migrations), issues: result.issues };
}

describe("planChanges", () => {
  it("plans one migration per feature for a first emit", () => {
    const next = schemaIR([tableIR("users", { feature: "users" }), tableIR("tickets", { feature: "tickets" }), tableIR("ticketComments", { feature: "tickets" })]);
    const { plans, issues } = planMigrations(null, next, NOW, null);
    expect(issues).toEqual([]);
    expect(plans.map((plan) => plan.feature)).toEqual(["tickets", "users"]);
    expect(plans[0]!.description).toBe("create-ticket-comments-tickets");
    expect(plans[0]!.operations.map((op) => op.table.key)).toEqual(["ticketComments", "tickets"]);
    expect(plans[1]!.description).toBe("create-users");
    expect(plans.flatMap((plan) => plan.operations).every((op) => op.kind === "createTable")).toBe(true);
  });

  it("orders a feature after the feature whose new tables it references, and tables within a feature", () => {
    const next = schemaIR([
      tableIR("accounts", { feature: "z-billing" }),
      tableIR("tickets", { feature: "a-support" }, { references: ["accounts", "queues"] }),
      tableIR("queues", { feature: "a-support" }),
    ]);
    const { plans, issues } = planMigrations(null, next, NOW, null);
    expect(issues).toEqual([]);
    expect(plans.map((plan) => plan.feature)).toEqual(["z-billing", "a-support"]);
    expect(plans[1]!.operations.map((op) => op.table.key)).toEqual(["queues", "tickets"]);
  });

  it("ignores references to tables that already exist", () => {
    const previous = schemaIR([tableIR("accounts", { feature: "z-billing" })]);
    const next = schemaIR([tableIR("accounts", { feature: "z-billing" }), tableIR("tickets", { feature: "a-support" }, { references: ["accounts"] })]);
    const { plans, issues } = planMigrations(previous, next, NOW, "20261101000000");
    expect(issues).toEqual([]);
    expect(plans.map((plan) => plan.feature)).toEqual(["a-support"]);
  });

  it("gives strictly increasing timestamps, after the last journal entry", () => {
    const next = schemaIR([tableIR("a", { feature: "fa" }), tableIR("b", { feature: "fb" }), tableIR("c", { feature: "fc" })]);
    const fresh = planMigrations(null, next, NOW, null).plans.map((plan) => plan.timestamp);
    expect(fresh).toEqual([NOW, addSeconds(NOW, 1), addSeconds(NOW, 2)]);
    // A clock behind the journal (or equal to it) still moves forward.
    const behind = planMigrations(null, next, "20261125092959", "20261125235959").plans.map((plan) => plan.timestamp);
    expect(behind).toEqual(["20261126000000", "20261126000001", "20261126000002"]);
    const equal = planMigrations(null, next, NOW, NOW).plans.map((plan) => plan.timestamp);
    expect(equal[0]).toBe(addSeconds(NOW, 1));
    for (const list of [fresh, behind, equal]) {
      expect(list.every(isMigrationTimestamp)).toBe(true);
      expect([...list].sort()).toEqual(list);
      expect(new Set(list).size).toBe(list.length);
    }
  });

  it("plans nothing when the schema equals the snapshot, even if declarations moved", () => {
    const previous = schemaIR([tableIR("users", { feature: "users" }, { line: 3 })]);
    const next = schemaIR([tableIR("users", { feature: "users" }, { line: 40 })]);
    expect(planMigrations(previous, next, NOW, NOW)).toEqual({ plans: [], issues: [] });
    expect(planChanges(previous, next, NOW, NOW).snapshot.tables[0]!.source).toEqual({ file: "schema/users.ts", line: 40 });
  });

  it("turns a changed emitted table into one change set named after the change", () => {
    const before = tableIR("tickets", { feature: "tickets" }, { line: 7 });
    const after = { ...before, columns: [...before.columns, columnIR("priority", { nullable: true })] };
    const { changeSets, issues } = planChanges(schemaIR([before]), schemaIR([after]), NOW, NOW);
    expect(issues).toEqual([]);
    expect(changeSets).toHaveLength(1);
    expect(changeSets[0]!.migrations.map((plan) => [plan.description, plan.transaction, plan.operations.map((op) => op.kind)])).toEqual([
      ["add-priority-to-tickets", true, ["addColumn"]],
    ]);
  });

  it("reports a change it cannot make with what to write and where it is declared", () => {
    const before = tableIR("tickets", { feature: "tickets", columns: [columnIR("title", { nullable: true })] });
    const after = tableIR("tickets", { feature: "tickets", columns: [columnIR("title")] }, { line: 7 });
    const withoutFill = planChanges(schemaIR([before]), schemaIR([after]), NOW, NOW);
    expect(withoutFill.issues).toEqual([]);
    // nullable → NOT NULL without a fill expression is a staged SET NOT NULL (re-runnable once the NULLs are fixed).
    expect(withoutFill.changeSets[0]!.migrations.map((plan) => plan.operations.map((op) => op.kind))).toEqual([["setNotNull"]]);
    const added = tableIR("tickets", { feature: "tickets", columns: [columnIR("title", { nullable: true }), columnIR("code")] }, { line: 7 });
    const { changeSets, issues } = planChanges(schemaIR([before]), schemaIR([added]), NOW, NOW);
    expect(changeSets).toEqual([]);
    expect(issues).toEqual([expect.objectContaining({ code: "not-null-without-default", table: "tickets", source: { file: "schema/tickets.ts", line: 7 } })]);
    expect(issues[0]!.message).toContain(".default(...) or .backfill(sql`...`)");
  });

  it("does not report model-only changes such as a new inverse association", () => {
    const before = tableIR("users", { feature: "users" });
    const after = tableIR("users", { feature: "users", associations: [{ kind: "hasMany", as: "tickets", target: "tickets", targetModel: "Ticket", foreignKey: "userId" }] });
    const tickets = tableIR("tickets", { feature: "tickets" }, { references: ["users"] });
    const { plans, issues } = planMigrations(schemaIR([before]), schemaIR([after, tickets]), NOW, NOW);
    expect(issues).toEqual([]);
    expect(plans.map((plan) => plan.description)).toEqual(["create-tickets"]);
  });

  it("refuses a removed table at its old declaration unless acknowledged", () => {
    const { changeSets, issues } = planChanges(schemaIR([tableIR("users", { feature: "users" }, { line: 4 })]), schemaIR([]), NOW, NOW);
    expect(changeSets.map((change) => change.migrations.map((plan) => plan.description))).toEqual([["drop-users"]]);
    expect(issues).toEqual([
      expect.objectContaining({ code: "data-loss-drop-table", table: "users", source: { file: "schema/users.ts", line: 4 } }),
    ]);
    expect(planChanges(schemaIR([tableIR("users", { feature: "users" })]), schemaIR([]), NOW, NOW, { allowDestructive: true }).issues).toEqual([]);
  });

  it("renames a table instead of creating a second one", () => {
    const renamed = tableIR("members", { feature: "users", tableName: "members", renamedFrom: { from: "users", strategy: "direct" } });
    const { changeSets, issues } = planChanges(schemaIR([tableIR("users", { feature: "users" })]), schemaIR([renamed]), NOW, NOW);
    expect(issues).toEqual([]);
    expect(changeSets.map((change) => change.migrations.map((plan) => [plan.description, plan.operations.map((op) => op.kind)]))).toEqual([
      [["rename-users-to-members", ["renameTable"]]],
    ]);
  });

  it("reports features whose new tables reference each other", () => {
    const next = schemaIR([tableIR("a", { feature: "fa" }, { references: ["b"] }), tableIR("b", { feature: "fb" }, { references: ["a"] })]);
    const { plans, issues } = planMigrations(null, next, NOW, null);
    expect(plans).toHaveLength(2);
    expect(issues.map((issue) => issue.code)).toEqual(["feature-cycle"]);
  });

  it("refuses a malformed clock", () => {
    expect(() => planMigrations(null, schemaIR([]), "2026-11-25", null)).toThrow(/YYYYMMDDHHMMSS/);
  });
});

describe("describeCreation", () => {
  it("kebab-cases and summarises long lists", () => {
    expect(kebabCase("ticketComments")).toBe("ticket-comments");
    expect(describeCreation([{ key: "users" }])).toBe("create-users");
    const many = ["notificationPreferences", "notificationDeliveries", "notificationTemplates", "notifications"].map((key) => ({ key }));
    const description = describeCreation(many);
    expect(description).toBe("create-notification-preferences-and-3-more");
    expect(description.length).toBeLessThanOrEqual(60);
  });
});
