import type { CheckIR, ColumnIR, DefaultIR, ForeignKeyIR, ImmutableTenantIR, IndexIR, RowLevelSecurityIR, TableIR } from "../ir/types.js";

/**
 * One schema change, carrying what both directions need: `up` applies it, `down` reverses it
 * exactly from the same data. `table` is always the table as it is AFTER the change (for
 * `dropTable`, as it was before). Column references are ColumnIR; databases names come from
 * `table.tableName` and `column.field`.
 *
 * Every emitter matches on `kind` with `.exhaustive()`: a new kind breaks the build wherever it is
 * not handled yet.
 */
export type Operation =
  | { kind: "createTable"; table: TableIR }
  /** Destructive: needs an acknowledgement; down recreates the structure, not the data. */
  | { kind: "dropTable"; table: TableIR }
  /**
   * ALTER TABLE RENAME, plus the table's sequence and every index/constraint whose generated name
   * changes with it. Strategy "expand-contract" also creates the old name as an updatable view.
   */
  | { kind: "renameTable"; from: TableIR; table: TableIR; strategy: "expand-contract" | "direct" }
  /** The compatibility view of an expand/contract table rename is dropped (the hint was removed). */
  | { kind: "dropCompatibilityView"; table: TableIR; view: string }
  /**
   * Nullable, or NOT NULL with a default: added in place. NOT NULL without a default: added
   * nullable here, then filled and constrained by `backfill` + `setNotNull` in later migrations.
   */
  | { kind: "addColumn"; table: TableIR; column: ColumnIR; nullable: boolean }
  /** Destructive: needs an acknowledgement; down restores the column (its data is gone). */
  | { kind: "dropColumn"; table: TableIR; column: ColumnIR }
  /** Direct rename (opt-in). */
  | { kind: "renameColumn"; table: TableIR; from: ColumnIR; to: ColumnIR }
  /** Expand: the new column is added (nullable) and kept in sync with the old one by a trigger. */
  | { kind: "expandColumnRename"; table: TableIR; from: ColumnIR; to: ColumnIR }
  /** Contract: the sync trigger and the old column (with its indexes and constraints) are dropped. */
  | { kind: "contractColumnRename"; table: TableIR; from: ColumnIR; to: ColumnIR }
  /**
   * `rewrite`: PostgreSQL rewrites the table (and its indexes) under an ACCESS EXCLUSIVE lock;
   * `using`/`downUsing` convert values (null: an implicit cast is enough).
   */
  | { kind: "alterColumnType"; table: TableIR; from: ColumnIR; to: ColumnIR; rewrite: boolean; using: string | null; downUsing: string | null }
  /** Fills NULLs of an existing column in bounded batches, per tenant. Down: nothing to undo. */
  | { kind: "backfill"; table: TableIR; column: ColumnIR; expression: string }
  /** Staged: CHECK (col IS NOT NULL) NOT VALID → VALIDATE → SET NOT NULL → DROP CHECK. */
  | { kind: "setNotNull"; table: TableIR; column: ColumnIR }
  | { kind: "dropNotNull"; table: TableIR; column: ColumnIR }
  | { kind: "alterDefault"; table: TableIR; column: ColumnIR; from: DefaultIR | null; to: DefaultIR | null }
  | { kind: "alterColumnComment"; table: TableIR; column: ColumnIR; from: string | null; to: string | null }
  | { kind: "alterTableComment"; table: TableIR; from: string | null; to: string | null }
  /** On an existing table: CONCURRENTLY with IF NOT EXISTS, in a migration without a transaction. */
  | { kind: "addIndex"; table: TableIR; index: IndexIR; concurrently: boolean }
  | { kind: "dropIndex"; table: TableIR; index: IndexIR; concurrently: boolean }
  | { kind: "renameIndex"; table: TableIR; from: string; to: string }
  /** On an existing table: NOT VALID here, `validateConstraint` in a later migration. */
  | { kind: "addCheck"; table: TableIR; check: CheckIR; notValid: boolean }
  | { kind: "dropCheck"; table: TableIR; check: CheckIR }
  /**
   * `afterKey`: the key it references is a unique constraint this change adds to an existing table
   * (built CONCURRENTLY, in the migration without a transaction): the foreign key is added after it,
   * in that migration, then validated, then the reference it replaces is dropped (see src/diff/isolation.ts).
   */
  | { kind: "addForeignKey"; table: TableIR; foreignKey: ForeignKeyIR; notValid: boolean; afterKey?: true }
  | { kind: "dropForeignKey"; table: TableIR; foreignKey: ForeignKeyIR; afterKey?: true }
  | { kind: "renameConstraint"; table: TableIR; from: string; to: string }
  /** VALIDATE CONSTRAINT (SHARE UPDATE EXCLUSIVE: reads and writes go on). Down: nothing to undo. */
  | { kind: "validateConstraint"; table: TableIR; name: string; afterKey?: true }
  /** A tenant isolation object of the table (src/isolation): created with it or added; down drops it. */
  | { kind: "addIsolation"; table: TableIR; object: IsolationObject }
  /** Dropped (turned off, or its table dropped); down re-creates it. */
  | { kind: "dropIsolation"; table: TableIR; object: IsolationObject }
  /**
   * Enum values changed: the enum CHECK is replaced (the new one NOT VALID, validated later).
   * Removed values declared in `remap` are converted by `remapEnumValues`; the others are
   * destructive (an acknowledgement) and the migration first refuses, changing nothing, while rows
   * still hold them. Down restores the previous CHECK after mapping back the reversible remaps.
   */
  | { kind: "changeEnumValues"; table: TableIR; column: ColumnIR; from: CheckIR; to: CheckIR; added: string[]; removed: string[]; remap: EnumRemap[] }
  /**
   * Rows holding removed values get their declared replacement, in bounded batches (per tenant),
   * before the new enum CHECK is validated. Its down is part of `changeEnumValues`' down (only
   * there does neither CHECK stand in the way).
   */
  | { kind: "remapEnumValues"; table: TableIR; column: ColumnIR; remap: EnumRemap[] }
  /**
   * A PostgreSQL ENUM type first used by this change: created before the tables and columns that
   * use it (`table` is one of them, for the feature). Down drops it after them.
   */
  | { kind: "createEnumType"; table: TableIR; name: string; values: string[] }
  /** The last column of a PostgreSQL ENUM type is gone: the type is dropped after it (`table`: its last user). */
  | { kind: "dropEnumType"; table: TableIR; name: string; values: string[] }
  /**
   * `ALTER TYPE ... ADD VALUE`, in a short transaction of its own in the non-transactional phase (a
   * new value cannot be used in the transaction that adds it; PostgreSQL 12+ allows the statement in one). PostgreSQL cannot drop a value:
   * down rebuilds the type with `previous` (type swap) and converts `columns`, every column using it.
   */
  | {
      kind: "addEnumValue";
      table: TableIR;
      name: string;
      value: string;
      /** Where the value goes among the existing ones (null: the type had none). */
      position: { before: string } | { after: string } | null;
      previous: string[];
      columns: EnumColumnUse[];
    };


/** What `addIsolation` / `dropIsolation` create or drop. */
export type IsolationObject = { kind: "immutableTenant"; immutable: ImmutableTenantIR } | { kind: "rowLevelSecurity"; rls: RowLevelSecurityIR };

/**
 * A removed enum value and the kept value its rows become. `reversible`: `to` is new in this
 * change and no other value becomes it, so down maps every `to` back to `from` exactly; otherwise
 * (a merge into a value that existed) down leaves those rows at `to`.
 */
export interface EnumRemap {
  from: string;
  to: string;
  reversible: boolean;
}

/** A column using a PostgreSQL ENUM type, with its table's database name. */
export interface EnumColumnUse {
  tableName: string;
  column: ColumnIR;
}

export type OperationKind = Operation["kind"];

/** What one migration file does. */
export interface MigrationPlan {
  feature: string;
  /** Human description used in the file name, e.g. "create-notifications". */
  description: string;
  /** YYYYMMDDHHMMSS, injected (never read from a clock inside an emitter). */
  timestamp: string;
  /**
   * true: everything runs in one transaction with `SET LOCAL lock_timeout`. false: each statement
   * commits on its own (CREATE INDEX CONCURRENTLY, batched backfills, VALIDATE, staged NOT NULL),
   * and every statement is safe to re-run after a failure (IF [NOT] EXISTS, idempotent checks).
   */
  transaction: boolean;
  operations: Operation[];
}

/**
 * One feature change: the migrations it needs, in order (a transactional one, then as needed one
 * for backfills and validations, then one for concurrent index builds, which so do not pay for the
 * backfill's updates), explained by one doc.
 */
export interface ChangeSet {
  feature: string;
  migrations: MigrationPlan[];
}
