import type { MigrationPlan } from "../../diff/operations.js";
import type { SchemaIR } from "../../ir/types.js";
import type { MigrationSql } from "../types.js";

/** What the schema-change doc is written from: the plan, the schemas around it and its exact SQL. */
export interface SchemaDocInput {
  plan: MigrationPlan;
  /** The schema after the change. */
  schema: SchemaIR;
  /** The schema before (last snapshot); null on the first emit. */
  previous: SchemaIR | null;
  /** The exact SQL the migration executes, statement by statement. */
  sql: MigrationSql;
  /** e.g. "20261125103000-create-notifications.ts" */
  migrationFile: string;
  /** Where the CLI writes the doc, relative to the docs folder. */
  path: string;
}
