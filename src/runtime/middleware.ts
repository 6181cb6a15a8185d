/** `tenantMiddleware`: the request's tenant as the context of everything the request runs. */
import { tenantContext } from "./context.js";
import { TenantIsolationError } from "./errors.js";
import type { TenantId } from "./tenant-id.js";
import { withTenant, type TenantSequelize, type WithTenantOptions } from "./with-tenant.js";

export interface TenantMiddlewareOptions extends WithTenantOptions {
  /**
   * Koa-style only (`(ctx, next)`, where `next()` returns when the rest of the request is done):
   * run the rest of the request in `withTenant(sequelize, ...)`, one transaction per request, so
   * row-level security applies to every query of the request.
   */
  sequelize?: TenantSequelize;
}

/** Koa's `(ctx, next)` and Express's `(req, res, next)`, in one function. */
export type TenantMiddleware<Req> = {
  (ctx: Req, next: () => Promise<unknown>): Promise<unknown>;
  (req: Req, res: unknown, next: (error?: unknown) => void): void;
};

/**
 * A middleware that resolves the request's tenant once and runs the rest of the request in it.
 * Express style `(req, res, next)`: the tenant becomes the AsyncLocalStorage context of the
 * handlers (the guard reads it); Express's `next()` does not wait for the handlers, so a
 * transaction cannot span the request there: wrap a handler's unit of work in
 * `withTenant(sequelize, currentTenant()!, ...)`. Koa style `(ctx, next)`: the same, or, with
 * `{ sequelize }`, the whole rest of the request inside `withTenant`. A resolver that throws or
 * returns no valid id fails the request (Express: `next(error)`).
 *
 * @example
 * app.use(tenantMiddleware((req: Request) => req.user.companyId));            // Express
 * app.use(tenantMiddleware((ctx: Context) => ctx.state.user.companyId, { sequelize })); // Koa
 */
export function tenantMiddleware<Req>(
  resolve: (req: Req) => TenantId | PromiseLike<TenantId>,
  options: TenantMiddlewareOptions = {},
): TenantMiddleware<Req> {
  const { sequelize, ...withTenantOptions } = options;
  async function koa(ctx: Req, next: () => Promise<unknown>): Promise<unknown> {
    const companyId = await resolve(ctx);
    return sequelize !== undefined
      ? withTenant(sequelize, companyId, () => next(), withTenantOptions)
      : tenantContext.run(companyId, () => next());
  }
  function express(req: Req, next: (error?: unknown) => void): void {
    if (sequelize !== undefined) {
      next(
        new TenantIsolationError(
          "TENANT_GUARD_SETUP",
          "tenantMiddleware({ sequelize }) needs a Koa-style next() that waits for the request; with Express, leave " +
            "sequelize out and wrap each unit of work in withTenant(sequelize, currentTenant()!, ...)",
        ),
      );
      return;
    }
    Promise.resolve()
      .then(() => resolve(req))
      .then(
        (companyId) => tenantContext.run(companyId, () => next()),
        (error: unknown) => next(error),
      )
      .catch((error: unknown) => next(error));
  }
  return function tenantScope(req: Req, second: unknown, third?: unknown): Promise<unknown> | void {
    if (typeof third === "function") return express(req, third as (error?: unknown) => void);
    return koa(req, second as () => Promise<unknown>);
  } as TenantMiddleware<Req>;
}
