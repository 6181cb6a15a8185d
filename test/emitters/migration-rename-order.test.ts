/**
 * A table rename and a foreign key dropped in the same plan: every other step names the table as
 * renamed, so the rename runs first going up and is undone last going down (found by the long
 * property run, seed 1306122820: down re-added the foreign key after the rename was undone).
 */
import { describe, expect, it } from "vitest";
import type { MigrationPlan } from "../../src/diff/operations.js";
import { planSteps } from "../../src/emitters/migration/index.js";
import { fixtureSchema } from "../fixtures/schema-ir.js";

describe("planSteps with a table rename and a dropped foreign key to it", () => {
  const schema = fixtureSchema();
  const users = schema.tables.find((t) => t.key === "users")!;
  const notifications = schema.tables.find((t) => t.key === "notifications")!;
  const members = { ...users, key: "members", tableName: "members" };
  const fk = { ...notifications.foreignKeys.find((f) => f.referencedTable === "users")!, referencedTable: "members" };
  const plan: MigrationPlan = {
    feature: "users",
    description: "rename-users",
    timestamp: "20261126000000",
    transaction: true,
    operations: [
      { kind: "renameTable", from: users, table: members, strategy: "expand-contract" },
      { kind: "dropForeignKey", table: notifications, foreignKey: fk },
    ],
  };
  const steps = planSteps(plan, { backfillBatchSize: 1000 });
  const at = (list: readonly { kind: string }[], kind: string) => list.findIndex((step) => step.kind === kind);

  it("renames before dropping the foreign key going up", () => {
    expect(at(steps.up, "renameTable")).toBeGreaterThanOrEqual(0);
    expect(at(steps.up, "renameTable")).toBeLessThan(at(steps.up, "removeConstraint"));
  });

  it("re-adds the foreign key (to the renamed table) before renaming back going down", () => {
    expect(at(steps.down, "addForeignKey")).toBeGreaterThanOrEqual(0);
    expect(at(steps.down, "addForeignKey")).toBeLessThan(at(steps.down, "renameTable"));
  });
});
