/** Plans over the fixture schema: one createTable plan per feature, in dependency order. */
import type { MigrationPlan } from "../../../src/diff/operations.js";
import type { SchemaIR } from "../../../src/ir/types.js";
import type { SequelizeTarget } from "../../../src/emitters/types.js";
import type { MigrationEmitOptions } from "../../../src/emitters/types.js";
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

/** The emit options of the tests: the config defaults, for one Sequelize target. */
export function migrationOptions(sequelize: SequelizeTarget, overrides: Partial<MigrationEmitOptions> = {}): MigrationEmitOptions {
  return { sequelize, lockTimeout: "5s", statementTimeout: "60s", backfillBatchSize: 1000, ...overrides };
}
