/**
 * Language-free facts the plan layer derives from a change set's operations: the lock each takes,
 * how risky it is and the risks (with the squawk findings they explain). The migration emitter and
 * the doc read the same decisions; the doc's messages word them, per language.
 */
import type { ColumnTypeIR, DefaultIR } from "../ir/types.js";

/**
 * The lock an operation takes on existing data and for how long; the messages word it. Modes are
 * PostgreSQL's table lock modes; "brief" means catalog work only, so the wait for the lock (bounded
 * by lock_timeout) costs more than holding it.
 */
export type LockFact =
  /** Only a table created in this change set is locked: nobody uses it yet. */
  | { kind: "newTable"; table: string }
  /** ACCESS EXCLUSIVE, brief: metadata only. */
  | { kind: "metadata"; table: string }
  /** ACCESS EXCLUSIVE for the whole table rewrite (and its index rebuilds). */
  | { kind: "rewrite"; table: string }
  /** SHARE UPDATE EXCLUSIVE, brief (COMMENT, ALTER INDEX RENAME): reads and writes go on. */
  | { kind: "catalog"; table: string }
  /** ACCESS EXCLUSIVE on the compatibility view only; the table is not locked. */
  | { kind: "view"; view: string }
  /** SHARE UPDATE EXCLUSIVE while the table is scanned: reads and writes go on. */
  | { kind: "validate"; table: string }
  /** SHARE UPDATE EXCLUSIVE during a concurrent index build or drop: reads and writes go on. */
  | { kind: "concurrent"; table: string }
  /** SHARE for the whole index build: reads go on, writes wait. */
  | { kind: "blockingIndex"; table: string }
  /** ACCESS EXCLUSIVE while a constraint added without NOT VALID scans the table. */
  | { kind: "blockingScan"; table: string }
  /** SHARE ROW EXCLUSIVE on both tables; brief with NOT VALID, for the whole scan without. */
  | { kind: "foreignKey"; tables: string[]; scan: boolean }
  /** ROW EXCLUSIVE plus the row locks of one batch at a time. */
  | { kind: "rowBatches"; table: string }
  /** Brief ACCESS EXCLUSIVE steps around a SHARE UPDATE EXCLUSIVE validation scan. */
  | { kind: "staged"; table: string };

/** How much an operation can hurt in production; the reason is worded per operation. */
export type RiskLevel = "low" | "medium" | "high";

/**
 * squawk rules (https://squawkhq.com/docs/) whose findings this project accepts on purpose; the
 * risk row names the rule so a squawk report can be matched against the doc.
 */
export type SquawkRule =
  | "changing-column-type"
  | "adding-field-with-default"
  | "ban-drop-column"
  | "ban-drop-table"
  | "ban-drop-not-null"
  | "renaming-column"
  | "renaming-table"
  | "require-concurrent-index-creation"
  | "require-concurrent-index-deletion"
  | "constraint-missing-not-valid"
  | "adding-foreign-key-constraint"
  | "prefer-text-field"
  | "prefer-bigint-over-int"
  | "prefer-identity"
  | "require-lock-timeout"
  | "require-statement-timeout"
  | "adding-not-nullable-field"
  | "prefer-robust-stmts";

/** A risk of an evolution operation; `rules` are the squawk findings it explains. */
export type ChangeRiskFact =
  | { kind: "typeChange"; table: string; column: string; from: string; to: string; rewrite: boolean; using: string | null; rules: SquawkRule[] }
  | { kind: "sqlDefault"; table: string; column: string; expression: string; rules: SquawkRule[] }
  | { kind: "droppedTable"; table: string; rules: SquawkRule[] }
  | { kind: "droppedColumn"; table: string; column: string; rules: SquawkRule[] }
  | { kind: "removedEnumValues"; table: string; column: string; values: string[]; rules: SquawkRule[] }
  /** Removed values converted by a remap; `reversible` pairs are mapped back by down. */
  | { kind: "remappedEnumValues"; table: string; column: string; pairs: { from: string; to: string; reversible: boolean }[]; rules: SquawkRule[] }
  /**
   * ALTER TYPE ... ADD VALUE, outside a transaction (no SET LOCAL lock_timeout); its down rebuilds the
   * type without the value and converts `columns` (`table.column`), rewriting their tables.
   */
  | { kind: "enumValueAdded"; type: string; value: string; columns: string[]; rules: SquawkRule[] }
  | { kind: "directRename"; table: string; from: string; to: string; target: "table" | "column"; rules: SquawkRule[] }
  | { kind: "expandRename"; table: string; from: string; to: string; target: "table" | "column"; rules: SquawkRule[] }
  | { kind: "contractRename"; table: string; old: string; target: "table" | "column"; rules: SquawkRule[] }
  | { kind: "droppedNotNull"; table: string; column: string; rules: SquawkRule[] }
  | { kind: "stagedNotNull"; table: string; column: string; check: string; rules: SquawkRule[] }
  | { kind: "notValidConstraint"; table: string; name: string; rules: SquawkRule[] }
  | { kind: "validatedOnAdd"; table: string; name: string; foreignKey: boolean; rules: SquawkRule[] }
  | { kind: "backfill"; table: string; column: string; perTenant: boolean; rules: SquawkRule[] }
  | { kind: "blockingIndex"; table: string; index: string; drop: boolean; rules: SquawkRule[] }
  | { kind: "typeConvention"; convention: "varchar" | "integer" | "serial"; columns: string[]; rules: SquawkRule[] }
  | { kind: "rollbackDrops"; tables: string[]; columns: string[]; rules: SquawkRule[] }
  /** Index builds/drops CONCURRENTLY (either direction): outside a transaction, so no SET LOCAL lock_timeout. */
  | { kind: "concurrentIndexWait"; indexes: string[]; rules: SquawkRule[] }
  /** Down of a staged SET NOT NULL drops the NOT NULL again. */
  | { kind: "rollbackDropsNotNull"; columns: string[]; rules: SquawkRule[] }
  /**
   * Down re-adds a NOT NULL column on a table with rows: existing rows get `value` (the column's
   * own default when `ownDefault`; else an UPDATE sets it between ADD COLUMN and SET NOT NULL: an
   * SQL expression over `n`, the row's number in primary-key order, when `perRow`, else one constant).
   * `copiedFrom`: the column whose values come back first (a contracted rename); `value` fills only
   * where it is NULL. `value` is a DefaultIR (a fill value is an `sql` one), printed as defaults are. `guarded`: a NOT NULL foreign-key column, for which no valid value exists: the
   * down raises an error before altering anything while such rows exist.
   */
  | {
      kind: "restoredNotNull";
      table: string;
      column: string;
      /** The column's type, which the value is printed for. */
      type: ColumnTypeIR;
      value: DefaultIR;
      ownDefault: boolean;
      perRow: boolean;
      copiedFrom: string | null;
      guarded: boolean;
      rules: SquawkRule[];
    }
  /** Indexes dropped with their column: down rebuilds them inside its transaction, without CONCURRENTLY. */
  | { kind: "rollbackIndexes"; indexes: string[]; rules: SquawkRule[] }
  /** Down re-adds dropped or replaced checks and foreign keys validated, inside its transaction. */
  | { kind: "rollbackConstraints"; checks: string[]; foreignKeys: string[]; rules: SquawkRule[] }
  /** Steps of the migrations without a transaction that are plain ALTERs (staged NOT NULL, VALIDATE). */
  | { kind: "rerunnableSteps"; items: string[]; rules: SquawkRule[] };

