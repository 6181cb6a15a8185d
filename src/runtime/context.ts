/**
 * The tenant of the current asynchronous flow (a request, a job), in an AsyncLocalStorage: set by
 * `withTenant`, `tenantContext.run` and `tenantMiddleware`, read by the guard.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { TenantIsolationError } from "./errors.js";
import { assertTenantId, describe, sameTenant, type TenantId } from "./tenant-id.js";

/** What the flow knows: its tenant and, inside `withTenant`, the transaction and its Sequelize. */
export interface TenantStore {
  readonly companyId: TenantId;
  readonly transaction?: unknown;
  readonly sequelize?: unknown;
}

// One storage per process, even when the CommonJS and the ES module build are both loaded (each
// would otherwise hold its own, and a tenant set through one would be invisible to the other).
const STORAGE_KEY = Symbol.for("tenant-schema.tenant-context");
const storage: AsyncLocalStorage<TenantStore> = ((globalThis as Record<symbol, unknown>)[STORAGE_KEY] ??=
  new AsyncLocalStorage<TenantStore>()) as AsyncLocalStorage<TenantStore>;

/** The store of the current flow, if any (for `withTenant` and the guard). */
export function currentTenantStore(): TenantStore | undefined {
  return storage.getStore();
}

/** Runs `fn` with `store` as the flow's tenant store. */
export function runWithTenantStore<R>(store: TenantStore, fn: () => R): R {
  return storage.run(store, fn);
}

/**
 * The tenant of the current flow, or undefined outside any tenant context.
 *
 * @example
 * tenantContext.run(7, () => currentTenant()) // 7
 * currentTenant() // undefined
 */
export function currentTenant(): TenantId | undefined {
  return storage.getStore()?.companyId;
}

/**
 * Refuses entering tenant `companyId` from inside another tenant's context: one flow, one tenant.
 * Returns the enclosing store when it is the same tenant.
 */
export function enterTenant(companyId: TenantId, call: string): TenantStore | undefined {
  const outer = storage.getStore();
  if (outer !== undefined && !sameTenant(outer.companyId, companyId)) {
    throw new TenantIsolationError(
      "TENANT_MISMATCH",
      `${call}(${describe(companyId)}) inside the context of tenant ${describe(outer.companyId)}: one unit of work serves one ` +
        `tenant; finish the outer one first, or start the other tenant's work outside it`,
    );
  }
  return outer;
}

/**
 * The AsyncLocalStorage variant of `withTenant`, for request middleware and jobs: no transaction,
 * only the tenant, which the guard reads (so model calls need not repeat `companyId`) and which
 * `withTenant` checks. Nested with the same tenant keeps the outer context; with another, refuses.
 *
 * @example
 * await tenantContext.run(req.user.companyId, async () => {
 *   const open = await Ticket.findAll({ where: { status: "open" } }); // the guard adds companyId
 * });
 */
export const tenantContext = {
  run<R>(companyId: TenantId, fn: () => R): R {
    const id = assertTenantId(companyId, "tenantContext.run");
    const outer = enterTenant(id, "tenantContext.run");
    return outer !== undefined ? fn() : storage.run({ companyId: id }, fn);
  },
};
