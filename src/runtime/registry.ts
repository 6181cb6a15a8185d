/** Which model classes the guard protects, and by which attribute. */

/** How a model is guarded: its tenant attribute and that attribute's column. */
export interface GuardedTenant {
  attribute: string;
  field: string;
}

// One registry per process, shared by the CommonJS and the ES module build of the package.
const REGISTRY_KEY = Symbol.for("tenant-schema.guarded-models");
const registry: WeakMap<object, GuardedTenant> = ((globalThis as Record<symbol, unknown>)[REGISTRY_KEY] ??=
  new WeakMap<object, GuardedTenant>()) as WeakMap<object, GuardedTenant>;

/**
 * The guard of a model, if it has one (the include constraint asks this of included models).
 *
 * @example
 * guardedTenantOf(Ticket) // { attribute: "companyId", field: "company_id" }
 */
export function guardedTenantOf(model: unknown): GuardedTenant | undefined {
  return typeof model === "function" ? registry.get(model) : undefined;
}

/** Records `model` as guarded; false when it already was (installing twice is a no-op). */
export function registerGuardedModel(model: object, tenant: GuardedTenant): boolean {
  if (registry.has(model)) return false;
  registry.set(model, tenant);
  return true;
}
