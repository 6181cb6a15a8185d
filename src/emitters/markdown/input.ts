import type { ChangeSet, MigrationPlan } from "../../diff/operations.js";
import type { SchemaIR } from "../../ir/types.js";
import type { MigrationSql } from "../types.js";

/** One migration file of the change set, with the exact SQL it executes. */
export interface DocMigration {
  plan: MigrationPlan;
  /** e.g. "20261125103000-add-priority-to-tickets.ts" */
  file: string;
  sql: MigrationSql;
}

/**
 * What the schema-change doc of one change set is written from: the change set, each of its
 * migration files with their exact SQL (in the order they run), and the schemas around it.
 */
export interface SchemaDocInput {
  change: ChangeSet;
  /** Same order as `change.migrations`. */
  migrations: DocMigration[];
  /** The schema after the change. */
  schema: SchemaIR;
  /** The schema before (last snapshot); null on the first emit. */
  previous: SchemaIR | null;
  /** Where the CLI writes the doc, relative to the docs folder. */
  path: string;
}
