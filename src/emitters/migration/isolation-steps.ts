/** Steps of the tenant isolation operations, and of references added after a new tenant key. */
import type { IsolationObject } from "../../diff/operations.js";
import type { ForeignKeyIR, TableIR } from "../../ir/types.js";
import { immutableTenantDdl, rowLevelSecurityDdl } from "../../isolation/ddl.js";
import { addForeignKeyIfMissing, alterTable } from "./alter-sql.js";
import { quoteIdent as q } from "./sql-text.js";
import { mainSteps, sqlStep } from "./step-helpers.js";
import type { OperationSteps } from "./steps.js";

/**
 * isolationDdl's statements for the object (the same SQL a hand-applied schema runs); down drops it.
 *
 * @example
 * addIsolationSteps(tickets, { kind: "rowLevelSecurity", rls }).up.main.map((s) => s.kind) // ["sql", "sql", "sql"]
 */
export function addIsolationSteps(table: TableIR, object: IsolationObject): OperationSteps {
  const ddl = object.kind === "immutableTenant" ? immutableTenantDdl(table.tableName, object.immutable) : rowLevelSecurityDdl(table.tableName, object.rls);
  return mainSteps(ddl.up.map(sqlStep), ddl.down.map(sqlStep));
}

/**
 * @example
 * dropIsolationSteps(tickets, object).down // addIsolationSteps(tickets, object).up
 */
export function dropIsolationSteps(table: TableIR, object: IsolationObject): OperationSteps {
  const add = addIsolationSteps(table, object);
  return { up: add.down, down: add.up };
}

/**
 * A reference to a key built in the same migration without a transaction: every statement is
 * re-runnable (added only if missing, dropped IF EXISTS), and all in `main`, so it runs in plan
 * order after the key, not before every build.
 *
 * @example
 * addForeignKeyAfterKeySteps(tickets, fk).up.main[0].sql // 'DO $$ BEGIN IF NOT EXISTS (...) THEN ALTER TABLE ... NOT VALID; END IF; END $$'
 */
export function addForeignKeyAfterKeySteps(table: TableIR, fk: ForeignKeyIR): OperationSteps {
  return mainSteps([sqlStep(addForeignKeyIfMissing(table.tableName, fk, true))], [sqlStep(alterTable(table.tableName, `DROP CONSTRAINT IF EXISTS ${q(fk.name)}`))]);
}

/**
 * The reference a composite one replaced, dropped once that one is valid; down restores it validated.
 *
 * @example
 * dropForeignKeyAfterKeySteps(tickets, old).up.main[0].sql // 'ALTER TABLE "tickets" DROP CONSTRAINT IF EXISTS "tickets_assignee_id_fkey"'
 */
export function dropForeignKeyAfterKeySteps(table: TableIR, fk: ForeignKeyIR): OperationSteps {
  const add = addForeignKeyAfterKeySteps(table, fk);
  return mainSteps(add.down.main, [sqlStep(addForeignKeyIfMissing(table.tableName, fk, false))]);
}
