/** Plans over the fixture schema: one createTable plan per feature, in dependency order. */
import type { MigrationPlan } from "../../../src/diff/operations.js";
import type { SchemaIR } from "../../../src/ir/types.js";
import { fixtureFeature } from "../../fixtures/schema-ir.js";

/** users first (others reference it), then notifications, tickets (tags, tickets, ticket_tags), payments. */
export const featureOrder = ["users", "notifications", "tickets", "payments"] as const;

export function createFeaturePlans(schema: SchemaIR): MigrationPlan[] {
  return featureOrder.map((feature, i) => ({
    feature,
    description: `create-${feature}`,
    timestamp: `2026112512000${i}`,
    transaction: true,
    operations: fixtureFeature(schema, feature).map((table) => ({ kind: "createTable" as const, table })),
  }));
}
