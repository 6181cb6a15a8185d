import type { MigrationPlan } from "../../diff/operations.js";
import type { EmittedFile, MigrationEmitOptions, MigrationSql } from "../types.js";
import { blocksSql, migrationBlocks } from "./blocks.js";
import { callsSql } from "./call-sql.js";
import { printMigrationFile } from "./migration-file.js";
import { planSteps } from "./plan-steps.js";

export type { MigrationStep, MigrationSteps, ColumnDefinition } from "./steps.js";
export { planSteps } from "./plan-steps.js";
export { describeOperation } from "./describe-operation.js";
export { COMMIT, REPEATED, REPEATED_PER_TENANT, START_TRANSACTION } from "./blocks.js";

/**
 * The migration of a plan: a TypeScript QueryInterface migration (`up` and a `down` that reverses
 * it) and the exact SQL each direction executes. `plan.transaction`: everything in one
 * transaction under `SET LOCAL lock_timeout`/`statement_timeout`; otherwise each ALTER in its own
 * short transaction, concurrent index builds alone, backfills as batched loops (in `sql`, a loop's
 * statement appears once after a `-- repeated ...` comment line).
 *
 * `schema` is the schema after the change; the operations carry everything they need.
 *
 * @example
 * const { file, sql } = emitMigration(
 *   { feature: "users", description: "create-users", timestamp: "20261125120000", transaction: true,
 *     operations: [{ kind: "createTable", table: users }] },
 *   { sequelize: 6, lockTimeout: "5s", statementTimeout: "60s", backfillBatchSize: 1000 },
 * );
 * file.path // "20261125120000-create-users.ts"
 * sql.up[0] // "SET LOCAL lock_timeout = '5s'"
 */
export function emitMigration(plan: MigrationPlan, options: MigrationEmitOptions): { file: EmittedFile; sql: MigrationSql } {
  const steps = planSteps(plan, options);
  const blocks = {
    up: migrationBlocks(steps.up, plan.transaction, options),
    down: migrationBlocks(steps.down, plan.transaction, options),
  };
  return {
    file: { path: `${plan.timestamp}-${plan.description}.ts`, contents: printMigrationFile(plan, blocks) },
    sql: { up: blocksSql(blocks.up, callsSql), down: blocksSql(blocks.down, callsSql) },
  };
}
