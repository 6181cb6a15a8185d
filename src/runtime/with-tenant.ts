/** `withTenant`: one tenant's unit of work, in a transaction that sets the tenant for row-level security. */
import { TENANT_SETTING } from "../isolation/ddl.js";
import { propagateAsyncContext } from "./async-context.js";
import { enterTenant, runWithTenantStore } from "./context.js";
import { TenantIsolationError } from "./errors.js";
import { assertTenantId, describe, sameTenant, type TenantId } from "./tenant-id.js";

/** What `withTenant` needs of a Sequelize instance: 5 and 6, plain or sequelize-typescript. */
export interface TenantSequelize {
  // `any`: each version passes its own Transaction class; `TransactionOf` recovers it for `fn`.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  transaction(options: object, autoCallback: (transaction: any) => Promise<unknown>): PromiseLike<unknown>;
  query(sql: string, options: object): PromiseLike<unknown>;
}

/**
 * The transaction type of a Sequelize instance. Its `transaction` method is overloaded, and type
 * inference reads the last overload, which on both versions is the unmanaged
 * `transaction(options?): Promise<Transaction>`; a single managed signature is read otherwise.
 */
export type TransactionOf<S> = S extends { transaction(options?: never): PromiseLike<infer T> }
  ? T
  : S extends { transaction(options: never, autoCallback: (transaction: infer T) => never): unknown }
    ? T
    : unknown;

export interface WithTenantOptions {
  /** Passed to `sequelize.transaction(...)`, e.g. `{ isolationLevel }`. */
  transaction?: object;
  /** The setting the policies read; default `app.company_id` (`isolationDdl`'s default). */
  setting?: string;
}

/**
 * Runs `fn(transaction)` for one tenant, in a transaction that starts with
 * `SELECT set_config('app.company_id', $1, true)` (a bound parameter: the id never becomes SQL
 * text). `true` makes it local to the transaction, so the tenant dies with it at COMMIT or
 * ROLLBACK: a pooled connection (or a PgBouncer server connection in transaction mode) never
 * carries it to the next unit of work, and the row-level security policies see no tenant there.
 *
 * Inside `fn` the tenant is also the AsyncLocalStorage context: the guard fills and checks
 * `companyId` from it, and gives guarded model calls made without `{ transaction }` this
 * transaction. Raw `sequelize.query` calls must pass `{ transaction }` themselves (unless the app
 * uses Sequelize's CLS, `Sequelize.useCLS(namespace)`, which `sequelize.transaction(callback)`
 * honours). A nested call for the same tenant reuses the transaction; for another tenant it is
 * refused. Before COMMIT the setting is read back: if something in `fn` switched it to another
 * tenant, the transaction is rolled back and the call fails.
 *
 * @example
 * const open = await withTenant(sequelize, req.user.companyId, (transaction) =>
 *   Ticket.findAll({ where: { status: "open" }, transaction }),
 * );
 */
export async function withTenant<S extends TenantSequelize, R>(
  sequelize: S,
  companyId: TenantId,
  fn: (transaction: TransactionOf<S>) => PromiseLike<R> | R,
  options: WithTenantOptions = {},
): Promise<R> {
  const id = assertTenantId(companyId, "withTenant");
  const outer = enterTenant(id, "withTenant");
  if (outer?.transaction !== undefined && outer.sequelize === sequelize) {
    return await fn(outer.transaction as TransactionOf<S>);
  }
  const setting = options.setting ?? TENANT_SETTING;
  propagateAsyncContext(sequelize);
  const run = async (transaction: TransactionOf<S>): Promise<R> => {
    await sequelize.query("SELECT set_config($1, $2, true)", { bind: [setting, String(id)], transaction, type: "SELECT" });
    const result = await runWithTenantStore({ companyId: id, transaction, sequelize }, () => fn(transaction));
    const rows = (await sequelize.query("SELECT current_setting($1, true) AS tenant", {
      bind: [setting],
      transaction,
      type: "SELECT",
    })) as Array<{ tenant: string | null }>;
    const now = rows[0]?.tenant ?? "";
    if (now === "" || !sameTenant(now, id)) {
      throw new TenantIsolationError(
        "TENANT_SETTING_CHANGED",
        `withTenant(${describe(id)}): ${setting} was changed to ${describe(now)} inside the unit of work; rolled back`,
      );
    }
    return result;
  };
  return (await sequelize.transaction(options.transaction ?? {}, run)) as R;
}
