/** The include half of the guard: every included tenant model joins on the parent query's tenant. */
import { guardedTenantOf } from "./registry.js";
import type { TenantId } from "./tenant-id.js";
import { andTenant } from "./where.js";

interface Include {
  model?: unknown;
  where?: unknown;
  required?: boolean;
  include?: unknown;
  through?: { where?: unknown; [key: string]: unknown };
  association?: { through?: { model?: unknown } };
}

/**
 * Adds `tenant = companyId` to the `where` of every included tenant model, at any depth, and to
 * the junction of a belongsToMany (`through.where`). A `where` on an include makes Sequelize turn
 * it into an INNER join unless `required` is given, so `required` is first fixed to what the
 * caller's own include asked for: an optional association stays a LEFT join, and its condition
 * goes into the ON clause (another tenant's row is simply not joined).
 *
 * Runs in `beforeFindAfterExpandIncludeAll`, where Sequelize has resolved every include to its
 * model and association.
 *
 * @example
 * constrainIncludes(options.include, 1); // assignee: ON ... AND "assignee"."company_id" = 1
 */
export function constrainIncludes(includes: unknown, companyId: TenantId): void {
  if (!Array.isArray(includes)) return;
  for (const include of includes as Include[]) {
    if (include === null || typeof include !== "object") continue;
    const tenant = guardedTenantOf(include.model);
    if (tenant !== undefined) {
      if (include.required === undefined) include.required = include.where !== undefined;
      include.where = andTenant(include.where, tenant.field, companyId);
    }
    const junction = guardedTenantOf(include.association?.through?.model);
    if (junction !== undefined) {
      include.through = { ...(include.through ?? {}), where: andTenant(include.through?.where, junction.field, companyId) };
    }
    constrainIncludes(include.include, companyId);
  }
}
