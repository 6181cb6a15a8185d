/**
 * Raw statements of schema evolution, one small builder each. Statements that may run again after
 * a partial failure say IF [NOT] EXISTS, or are idempotent by nature.
 */
import type { CheckIR, ForeignKeyIR, IndexIR } from "../../ir/types.js";
import { quoteIdent as q, quoteLiteral } from "./sql-text.js";

const columnList = (columns: readonly string[]) => columns.map(q).join(", ");

/**
 * @example
 * alterTable("tickets", 'ALTER COLUMN "priority" DROP NOT NULL')
 * // 'ALTER TABLE "tickets" ALTER COLUMN "priority" DROP NOT NULL'
 */
export function alterTable(table: string, action: string): string {
  return `ALTER TABLE ${q(table)} ${action}`;
}

/**
 * A CHECK added NOT VALID: a brief ACCESS EXCLUSIVE lock, no scan (VALIDATE comes later).
 *
 * @example
 * addCheckNotValid("tickets", check) // 'ALTER TABLE "tickets" ADD CONSTRAINT "c" CHECK (...) NOT VALID'
 */
export function addCheckNotValid(table: string, check: Pick<CheckIR, "name" | "expression">): string {
  return alterTable(table, `ADD CONSTRAINT ${q(check.name)} CHECK (${check.expression}) NOT VALID`);
}

/**
 * A foreign key of any number of columns (Sequelize's addConstraint takes one referenced field).
 *
 * @example
 * addForeignKeySql("ratings", fk)
 * // 'ALTER TABLE "ratings" ADD CONSTRAINT "ratings_ticket_fkey" FOREIGN KEY ("company_id", "ticket_id") REFERENCES "tickets" ("company_id", "id") ON DELETE CASCADE ON UPDATE CASCADE'
 */
export function addForeignKeySql(table: string, fk: Pick<ForeignKeyIR, "name" | "columns" | "referencedTable" | "referencedColumns" | "onDelete" | "onUpdate" | "onDeleteColumns">): string {
  const onDelete = fk.onDeleteColumns === undefined ? fk.onDelete : `${fk.onDelete} (${columnList(fk.onDeleteColumns)})`;
  return alterTable(
    table,
    `ADD CONSTRAINT ${q(fk.name)} FOREIGN KEY (${columnList(fk.columns)}) REFERENCES ${q(fk.referencedTable)} (${columnList(fk.referencedColumns)}) ON DELETE ${onDelete} ON UPDATE ${fk.onUpdate}`,
  );
}

/**
 * A foreign key added only when it is not there yet: for a migration without a transaction, which
 * must be safe to re-run after a failure. `notValid`: no scan (VALIDATE comes later).
 *
 * @example
 * addForeignKeyIfMissing("tickets", fk, true)
 * // 'DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE ...) THEN ALTER TABLE "tickets" ADD CONSTRAINT ... NOT VALID; END IF; END $$'
 */
export function addForeignKeyIfMissing(table: string, fk: ForeignKeyIR, notValid: boolean): string {
  const exists = `SELECT 1 FROM pg_constraint WHERE conrelid = ${quoteLiteral(q(table))}::regclass AND conname = ${quoteLiteral(fk.name)}`;
  return `DO $$ BEGIN IF NOT EXISTS (${exists}) THEN ${addForeignKeySql(table, fk)}${notValid ? " NOT VALID" : ""}; END IF; END $$`;
}

/**
 * A foreign key added NOT VALID (no scan of either table; VALIDATE comes later).
 *
 * @example
 * addForeignKeyNotValid("tickets", fk) // 'ALTER TABLE "tickets" ADD CONSTRAINT "fk" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE ... NOT VALID'
 */
export function addForeignKeyNotValid(table: string, fk: ForeignKeyIR): string {
  return `${addForeignKeySql(table, fk)} NOT VALID`;
}

/**
 * Built without blocking writes; IF NOT EXISTS so a re-run after a failure skips a finished build.
 *
 * @example
 * createIndexConcurrently("tickets", index)
 * // 'CREATE INDEX CONCURRENTLY IF NOT EXISTS "tickets_status_idx" ON "tickets" ("status")'
 */
export function createIndexConcurrently(table: string, index: Pick<IndexIR, "name" | "columns" | "unique" | "method" | "where" | "expression">): string {
  return createIndexSql(table, index, "CONCURRENTLY IF NOT EXISTS ");
}

/**
 * CREATE INDEX of any index: plain columns or an expression key list, partial or not; `options` goes
 * between INDEX and the name (`CONCURRENTLY IF NOT EXISTS `).
 *
 * @example
 * createIndexSql("users", { name: "users_lower_email_idx", columns: ["email"], expression: 'lower("email")', unique: true, method: "btree", where: null })
 * // 'CREATE UNIQUE INDEX "users_lower_email_idx" ON "users" (lower("email"))'
 */
export function createIndexSql(table: string, index: Pick<IndexIR, "name" | "columns" | "unique" | "method" | "where" | "expression">, options = ""): string {
  const using = index.method === "btree" ? "" : ` USING ${index.method}`;
  const where = index.where === null ? "" : ` WHERE ${index.where}`;
  const keys = index.expression ?? columnList(index.columns);
  return `CREATE ${index.unique ? "UNIQUE " : ""}INDEX ${options}${q(index.name)} ON ${q(table)}${using} (${keys})${where}`;
}

/**
 * Turns a unique index built CONCURRENTLY into the UNIQUE constraint of the same name (a brief
 * ACCESS EXCLUSIVE, no scan); skipped when the constraint exists, so a re-run after a failure works.
 *
 * @example
 * addUniqueUsingIndex("users", "users_email_key")
 * // 'DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conrelid = \'"users"\'::regclass AND conname = \'users_email_key\') THEN ALTER TABLE ... END IF; END $$'
 */
export function addUniqueUsingIndex(table: string, name: string): string {
  const exists = `SELECT 1 FROM pg_constraint WHERE conrelid = ${quoteLiteral(q(table))}::regclass AND conname = ${quoteLiteral(name)}`;
  return `DO $$ BEGIN IF NOT EXISTS (${exists}) THEN ${alterTable(table, `ADD CONSTRAINT ${q(name)} UNIQUE USING INDEX ${q(name)}`)}; END IF; END $$`;
}

/**
 * @example
 * createEnumTypeSql("mood", ["sad", ""]) // `CREATE TYPE "mood" AS ENUM ('sad', '')`
 */
export function createEnumTypeSql(name: string, values: readonly string[]): string {
  return `CREATE TYPE ${q(name)} AS ENUM (${values.map(quoteLiteral).join(", ")})`;
}

/**
 * @example
 * dropIndexConcurrently("tickets_status_idx") // 'DROP INDEX CONCURRENTLY IF EXISTS "tickets_status_idx"'
 */
export function dropIndexConcurrently(name: string): string {
  return `DROP INDEX CONCURRENTLY IF EXISTS ${q(name)}`;
}

/**
 * @example
 * commentOn("COLUMN", '"tickets"."title"', null) // 'COMMENT ON COLUMN "tickets"."title" IS NULL'
 */
export function commentOn(kind: "TABLE" | "COLUMN", target: string, comment: string | null): string {
  return `COMMENT ON ${kind} ${target} IS ${comment === null ? "NULL" : quoteLiteral(comment)}`;
}

/** One side of a sync trigger: its database column, and the SQL of its default (null: none). */
export interface SyncColumn {
  field: string;
  defaultSql: string | null;
}

/**
 * The trigger function of an expand/contract column rename. On INSERT, a side the writer did not
 * set takes the other's value (old code writes the old name, new code the new one). Column defaults
 * are applied before a BEFORE trigger runs, so "not set" means NULL or equal to the column's own
 * default; when both sides look unset, the new side's value wins unless it is NULL. On UPDATE, the
 * column that changed is copied to the other.
 *
 * @example
 * syncFunction("tickets_status_state_sync_fn", { field: "status", defaultSql: "'open'" }, { field: "state", defaultSql: "'open'" })
 * // 'CREATE OR REPLACE FUNCTION "tickets_status_state_sync_fn"() RETURNS trigger ...'
 */
export function syncFunction(name: string, oldColumn: SyncColumn, newColumn: SyncColumn): string {
  const [oldCol, newCol] = [q(oldColumn.field), q(newColumn.field)];
  const unset = (column: SyncColumn) =>
    column.defaultSql === null
      ? `NEW.${q(column.field)} IS NULL`
      : `NEW.${q(column.field)} IS NULL OR NEW.${q(column.field)} IS NOT DISTINCT FROM (${column.defaultSql})`;
  return [
    `CREATE OR REPLACE FUNCTION ${q(name)}() RETURNS trigger LANGUAGE plpgsql AS $$`,
    "DECLARE",
    "  old_unset boolean;",
    "  new_unset boolean;",
    "BEGIN",
    "  IF TG_OP = 'INSERT' THEN",
    `    old_unset := ${unset(oldColumn)};`,
    `    new_unset := ${unset(newColumn)};`,
    `    IF new_unset AND (NOT old_unset OR NEW.${newCol} IS NULL) THEN`,
    `      NEW.${newCol} := NEW.${oldCol};`,
    "    ELSIF old_unset THEN",
    `      NEW.${oldCol} := NEW.${newCol};`,
    "    END IF;",
    `  ELSIF NEW.${newCol} IS DISTINCT FROM OLD.${newCol} THEN`,
    `    NEW.${oldCol} := NEW.${newCol};`,
    `  ELSIF NEW.${oldCol} IS DISTINCT FROM OLD.${oldCol} THEN`,
    `    NEW.${newCol} := NEW.${oldCol};`,
    "  END IF;",
    "  RETURN NEW;",
    "END",
    "$$",
  ].join("\n");
}

/**
 * @example
 * syncTrigger("tickets", "tickets_title_subject_sync", "tickets_title_subject_sync_fn")
 * // 'CREATE TRIGGER "tickets_title_subject_sync" BEFORE INSERT OR UPDATE ON "tickets" FOR EACH ROW EXECUTE FUNCTION "tickets_title_subject_sync_fn"()'
 */
export function syncTrigger(table: string, trigger: string, fn: string): string {
  return `CREATE TRIGGER ${q(trigger)} BEFORE INSERT OR UPDATE ON ${q(table)} FOR EACH ROW EXECUTE FUNCTION ${q(fn)}()`;
}

/**
 * The statements of a backfill: the tenants that still have NULLs, and the batch UPDATE repeated
 * (per tenant, `$1`) until it changes no row. Rows whose expression is NULL are skipped, so the
 * loop always ends (those rows then fail the NOT NULL validation with a clear error).
 *
 * @example
 * backfillSql({ table: "tickets", field: "priority", expression: "0", tenantField: "company_id", primaryKey: "id", batchSize: 1000 }).update
 * // 'UPDATE "tickets" SET "priority" = 0 WHERE "id" IN (SELECT "id" FROM "tickets" WHERE "company_id" = $1 AND "priority" IS NULL AND (0) IS NOT NULL LIMIT 1000)'
 */
export function backfillSql(backfill: {
  table: string;
  field: string;
  expression: string;
  where?: string | null;
  tenantField: string | null;
  primaryKey: string;
  batchSize: number;
}): { tenants: string | null; update: string } {
  const { table, field, expression, tenantField, primaryKey, batchSize } = backfill;
  const tenantFilter = tenantField === null ? "" : `${q(tenantField)} = $1 AND `;
  const where = backfill.where ?? `${q(field)} IS NULL`;
  return {
    tenants:
      tenantField === null ? null : `SELECT DISTINCT ${q(tenantField)} AS "tenant" FROM ${q(table)} WHERE ${where}`,
    update:
      `UPDATE ${q(table)} SET ${q(field)} = ${expression} WHERE ${q(primaryKey)} IN ` +
      `(SELECT ${q(primaryKey)} FROM ${q(table)} WHERE ${tenantFilter}${where} AND (${expression}) IS NOT NULL LIMIT ${batchSize})`,
  };
}
