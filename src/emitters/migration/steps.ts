/**
 * Migration steps: one plain-data record per QueryInterface call a migration makes. Operations
 * become steps once (plan-steps.ts); the TypeScript printer and the SQL generator both read the
 * same steps, so the file and the SQL the doc shows cannot drift apart.
 */
import type { ColumnTypeIR, DefaultIR, IndexMethod, ReferentialAction } from "../../ir/types.js";

/** One attribute of `createTable` (later also `addColumn`/`changeColumn`), keyed by database column. */
export interface ColumnDefinition {
  field: string;
  type: ColumnTypeIR;
  allowNull: boolean;
  default: DefaultIR | null;
  primaryKey: boolean;
  autoIncrement: boolean;
  comment: string | null;
}

export type MigrationStep =
  | { kind: "createTable"; table: string; columns: ColumnDefinition[]; comment: string | null }
  | { kind: "dropTable"; table: string }
  | {
      kind: "addForeignKey";
      table: string;
      name: string;
      columns: string[];
      referencedTable: string;
      referencedColumns: string[];
      onDelete: ReferentialAction;
      onUpdate: ReferentialAction;
    }
  | { kind: "addCheck"; table: string; name: string; columns: string[]; expression: string }
  | {
      kind: "addIndex";
      table: string;
      name: string;
      columns: string[];
      unique: boolean;
      method: IndexMethod;
      where: string | null;
      /** A UNIQUE constraint (`addConstraint` type "unique") rather than an index. */
      constraint: boolean;
    }
  /** Drops a foreign key or check by name. */
  | { kind: "removeConstraint"; table: string; name: string }
  | { kind: "removeIndex"; table: string; name: string }
  /** `comment` is always null here: a column comment is its own COMMENT ON step (same SQL in v5 and v6). */
  | { kind: "addColumn"; table: string; column: ColumnDefinition }
  | { kind: "removeColumn"; table: string; field: string }
  | { kind: "renameTable"; from: string; to: string }
  /**
   * A statement Sequelize has no method for, sent with `queryInterface.sequelize.query`.
   * `concurrent`: it must run outside any transaction (CREATE/DROP INDEX CONCURRENTLY).
   */
  | { kind: "sql"; sql: string; concurrent: boolean }
  /**
   * Fills NULLs of `field` with `expression` in batches of `batchSize` rows, per value of
   * `tenantField` (null: a global table, batched by primary key alone), until no row changes.
   */
  | {
      kind: "backfill";
      table: string;
      field: string;
      expression: string;
      tenantField: string | null;
      primaryKey: string;
      batchSize: number;
    };

export type MigrationStepKind = MigrationStep["kind"];

/**
 * Steps of one operation in one direction, by phase. A migration runs every operation's `before`
 * steps, then every `main`, then every `after`: foreign keys go in `after` (up) and their removal
 * in `before` (down), so the order of tables inside a plan never matters.
 */
export interface PhasedSteps {
  before: MigrationStep[];
  main: MigrationStep[];
  after: MigrationStep[];
}

/** Both directions of one operation. */
export interface OperationSteps {
  up: PhasedSteps;
  down: PhasedSteps;
}

/** The steps of a whole migration, in execution order. */
export interface MigrationSteps {
  up: MigrationStep[];
  down: MigrationStep[];
}
