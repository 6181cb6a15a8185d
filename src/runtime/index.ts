/** The tenant isolation runtime that ships in the package: withTenant, the tenant context, the guard. */
export { withTenant, type TenantSequelize, type TransactionOf, type WithTenantOptions } from "./with-tenant.js";
export { tenantContext, currentTenant } from "./context.js";
export { tenantMiddleware, type TenantMiddleware, type TenantMiddlewareOptions } from "./middleware.js";
export { installTenantGuard, ALL_TENANTS, type TenantGuardOptions } from "./guard.js";
export type { GuardedTenant } from "./registry.js";
export { TenantIsolationError, type TenantIsolationCode } from "./errors.js";
export { assertTenantId, type TenantId } from "./tenant-id.js";
