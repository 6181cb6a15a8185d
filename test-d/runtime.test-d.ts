import { expectError, expectType } from "tsd";
import { Sequelize, type Transaction } from "sequelize";
import { Sequelize as TypescriptSequelize } from "sequelize-typescript";
import { installTenantGuard, tenantMiddleware, withTenant, type TenantId } from "tenant-schema";

declare const sequelize: Sequelize;
declare const typescriptSequelize: TypescriptSequelize;

// The unit of work gets the instance's own Transaction type, and withTenant returns fn's result.
expectType<Promise<number>>(withTenant(sequelize, 1, async (transaction) => {
  expectType<Transaction>(transaction);
  return 1;
}));
expectType<Promise<string>>(withTenant(typescriptSequelize, "4a5c1e0e-8d1f-4c9b-9a43-3f2e7c1b9d10", async (transaction) => {
  expectType<Transaction>(transaction);
  return "done";
}));
withTenant(sequelize, 1n, () => 1);

// A tenant id is a number, a bigint or a string; nothing else compiles.
expectError(withTenant(sequelize, null, async () => 1));
expectError(withTenant(sequelize, { id: 1 }, async () => 1));
expectError(withTenant({}, 1, async () => 1));

// The middleware's resolver gets the request type it declares.
tenantMiddleware((req: { user: { companyId: number } }) => req.user.companyId);
tenantMiddleware(async (ctx: { state: { tenant: TenantId } }) => ctx.state.tenant);
expectError(tenantMiddleware((req: { user: { companyId: number } }) => req.user));

installTenantGuard([], { attribute: "companyId" });
expectError(installTenantGuard([], { attribute: 1 }));
