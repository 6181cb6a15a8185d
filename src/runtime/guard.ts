/**
 * The runtime guard (issue 9, layer 3): Sequelize hooks on tenant models that refuse a query,
 * write or delete that is not confined to one tenant, fill `companyId` from the tenant context,
 * and confine included tenant associations to the parent's tenant. Works on Sequelize 5 and 6
 * (plain models and sequelize-typescript 1 and 2) without importing either: hooks are added with
 * `Model.addHook`, operators matched by their `Symbol.for` names.
 */
import { propagateAsyncContext } from "./async-context.js";
import { currentTenantStore, type TenantStore } from "./context.js";
import { TenantIsolationError } from "./errors.js";
import { constrainIncludes } from "./guard-includes.js";
import { guardedTenantOf, registerGuardedModel, type GuardedTenant } from "./registry.js";
import { describe, sameTenant, type TenantId } from "./tenant-id.js";
import { andTenant, tenantConstraint } from "./where.js";

export interface TenantGuardOptions {
  /** The tenant attribute of the models; default `companyId`. */
  attribute?: string;
}

/**
 * The explicit opt-out for a cross-tenant (admin, back-office, maintenance) call:
 * `Ticket.count({ tenantScope: "all" })`. The guard then neither requires nor adds a tenant;
 * row-level security, when on, still applies to the database role.
 */
export const ALL_TENANTS = "all" as const;

/** A model class as the guard uses it, on either Sequelize version (structural, nothing imported). */
interface ModelClass {
  name: string;
  sequelize?: unknown;
  rawAttributes?: Record<string, { field?: string }>;
  isInitialized?: boolean;
  addHook(hookType: string, name: string, fn: (...args: never[]) => unknown): unknown;
  removeHook(hookType: string, name: string): unknown;
  [member: string]: unknown;
}

interface Instance {
  isNewRecord?: boolean;
  dataValues?: Record<string, unknown>;
  _previousDataValues?: Record<string, unknown>;
  get(key: string, options?: object): unknown;
  set(key: string, value: unknown): unknown;
  changed(key: string): boolean;
}

type Options = Record<string | symbol, unknown>;

/** Where `beforeFind` leaves the query's tenant for `beforeFindAfterExpandIncludeAll` (same options object). */
const RESOLVED = Symbol.for("tenant-schema.resolved-tenant");
const HOOK_NAME = "tenant-schema:guard";

/**
 * Guards tenant models. Given the `models` array, it guards every model that has the tenant
 * attribute and leaves global ones alone; given one model, that model must have it. It may be
 * called before the models are initialized (at import time, in the model file, before
 * `new Sequelize({ models })`): the hooks are then added when Sequelize initializes the model,
 * or a subclass of it (the team's class over a generated base), and again whenever a model is
 * initialized again. Installing twice is a no-op. The emitted tenant models call it themselves.
 *
 * What it refuses, each with a `TenantIsolationError` naming the model and the call:
 * - find/count/update/destroy/restore/sum/min/max/increment whose `where` does not confine the
 *   tenant attribute to one tenant, when no tenant context gives one (with a context, the
 *   context's tenant is added to the `where`);
 * - a `where`, an instance or a created row of another tenant than the context's;
 * - create/bulkCreate/upsert without a tenant (the context's is filled in when there is one);
 * - an update that changes the tenant attribute (instance or bulk, or bulkCreate's
 *   `updateOnDuplicate`);
 * and it adds `companyId = <the query's tenant>` to every included tenant model (and
 * belongsToMany junction), keeping LEFT joins LEFT. `{ tenantScope: "all" }` opts a call out.
 * Calls made with `{ hooks: false }` skip it like any Sequelize hook, as do raw queries: row-level
 * security is the layer below for those.
 *
 * @example
 * const sequelize = new Sequelize(url, { models });
 * installTenantGuard(models, { attribute: "companyId" });
 * await tenantContext.run(1, () => Ticket.findAll({ where: { status: "open" } })); // company 1's only
 * await Ticket.findAll({ where: { status: "open" } }); // TenantIsolationError: no tenant
 */
export function installTenantGuard(target: object | readonly object[], options: TenantGuardOptions = {}): void {
  const attribute = options.attribute ?? "companyId";
  if (Array.isArray(target)) {
    for (const model of target) guardModel(model as ModelClass, attribute, false);
  } else {
    guardModel(target as ModelClass, attribute, true);
  }
}

function guardModel(model: ModelClass, attribute: string, required: boolean): void {
  if (typeof (model as unknown) !== "function") {
    throw new TenantIsolationError("TENANT_GUARD_SETUP", `installTenantGuard: ${describe(model)} is not a model class`);
  }
  if (isInitialized(model)) {
    installNow(model, attribute, required);
    return;
  }
  // sequelize-typescript 2 initializes through `initialize` (which calls Model.init directly);
  // sequelize-typescript 1 and plain Sequelize through `init`. Wrap the one this class uses.
  const method = typeof model.initialize === "function" ? "initialize" : "init";
  const original = model[method] as (this: ModelClass, ...args: unknown[]) => unknown;
  if (typeof original !== "function") {
    throw new TenantIsolationError("TENANT_GUARD_SETUP", `installTenantGuard: ${model.name} is not a Sequelize model (no ${method})`);
  }
  Object.defineProperty(model, method, {
    configurable: true,
    writable: true,
    value: function initializeGuarded(this: ModelClass, ...args: unknown[]): unknown {
      const result = original.apply(this, args);
      installNow(this, attribute, required);
      return result;
    },
  });
}

function isInitialized(model: ModelClass): boolean {
  if (model.isInitialized === true) return true;
  return Object.prototype.hasOwnProperty.call(model, "rawAttributes") && model.sequelize !== undefined;
}

function installNow(model: ModelClass, attribute: string, required: boolean): void {
  const guarded = guardedTenantOf(model);
  if (guarded !== undefined) {
    // Sequelize's init starts a model's hooks afresh: a model initialized again (by a second
    // `new Sequelize({ models })`) would otherwise stay registered here and run unguarded.
    addHooks(model, guarded);
    return;
  }
  const definition = model.rawAttributes?.[attribute];
  if (definition === undefined) {
    if (!required) return;
    throw new TenantIsolationError(
      "TENANT_GUARD_SETUP",
      `installTenantGuard: ${model.name} has no attribute ${attribute}; it is not a tenant model (global tables need no guard)`,
    );
  }
  const tenant: GuardedTenant = { attribute, field: definition.field ?? attribute };
  registerGuardedModel(model, tenant);
  addHooks(model, tenant);
  wrapStatics(model, tenant);
}

/** Adds the guard's hooks, replacing any it added before (so installing again changes nothing). */
function addHooks(model: ModelClass, tenant: GuardedTenant): void {
  propagateAsyncContext(model.sequelize);
  for (const [hookType, hook] of Object.entries(hooksFor(model, tenant))) {
    model.removeHook(hookType, HOOK_NAME);
    model.addHook(hookType, HOOK_NAME, hook as (...args: never[]) => unknown);
  }
}

/** The query's tenant, after checking `options.where` against the context; undefined for `tenantScope: "all"`. */
function scopeQuery(model: ModelClass, tenant: GuardedTenant, options: Options, call: string): TenantId | undefined {
  if (options.tenantScope === ALL_TENANTS) return undefined;
  const store = currentTenantStore();
  adoptTransaction(model, options, store);
  const constraint = tenantConstraint(options.where, [tenant.attribute, tenant.field]);
  if (constraint.kind === "other") {
    throw refusal("TENANT_UNCONSTRAINED", model, call, `its where constrains ${tenant.attribute} to ${constraint.reason}, not to one tenant`);
  }
  if (constraint.kind === "one") {
    if (store !== undefined && !sameTenant(constraint.value, store.companyId)) {
      throw refusal(
        "TENANT_MISMATCH",
        model,
        call,
        `its where names ${tenant.attribute} ${describe(constraint.value)} inside the context of tenant ${describe(store.companyId)}`,
      );
    }
    return constraint.value;
  }
  if (store === undefined) {
    throw refusal("TENANT_MISSING", model, call, `its where does not constrain ${tenant.attribute} and no tenant context is set`);
  }
  options.where = andTenant(options.where, tenant.field, store.companyId);
  return store.companyId;
}

/** Checks (and on a new record fills) the tenant of a row being written. */
function scopeRow(model: ModelClass, tenant: GuardedTenant, row: Instance, options: Options, call: string): void {
  const store = currentTenantStore();
  adoptTransaction(model, options, store);
  let value = row.get(tenant.attribute, { raw: true });
  if ((value === undefined || value === null) && store !== undefined && options.tenantScope !== ALL_TENANTS) {
    row.set(tenant.attribute, store.companyId);
    value = store.companyId;
  }
  if (value === undefined || value === null) {
    throw refusal("TENANT_MISSING", model, call, `the row has no ${tenant.attribute} and no tenant context is set`);
  }
  if (store !== undefined && options.tenantScope !== ALL_TENANTS && !sameTenant(value as TenantId, store.companyId)) {
    throw refusal(
      "TENANT_MISMATCH",
      model,
      call,
      `the row's ${tenant.attribute} is ${describe(value)} inside the context of tenant ${describe(store.companyId)}`,
    );
  }
}

/** An existing row being saved, destroyed or restored: its tenant must not change, and must be the context's. */
function scopeExisting(model: ModelClass, tenant: GuardedTenant, row: Instance, options: Options, call: string): void {
  const store = currentTenantStore();
  adoptTransaction(model, options, store);
  const stored = row._previousDataValues?.[tenant.attribute] ?? row.get(tenant.attribute, { raw: true });
  if (call !== "destroy" && call !== "restore" && row.changed(tenant.attribute)) {
    throw refusal(
      "TENANT_CHANGE",
      model,
      call,
      `it changes ${tenant.attribute} from ${describe(stored)} to ${describe(row.get(tenant.attribute, { raw: true }))}; a row never moves to another tenant`,
    );
  }
  if (options.tenantScope === ALL_TENANTS) return;
  if (stored === undefined || stored === null) {
    throw refusal("TENANT_MISSING", model, call, `the instance was loaded without ${tenant.attribute}, so its tenant cannot be checked`);
  }
  if (store !== undefined && !sameTenant(stored as TenantId, store.companyId)) {
    throw refusal(
      "TENANT_MISMATCH",
      model,
      call,
      `the instance belongs to tenant ${describe(stored)}, not to the context's tenant ${describe(store.companyId)}`,
    );
  }
}

function refuseTenantWrite(model: ModelClass, tenant: GuardedTenant, values: unknown, scope: TenantId | undefined, call: string): void {
  if (values === null || typeof values !== "object") return;
  for (const key of [tenant.attribute, tenant.field]) {
    if (!Object.prototype.hasOwnProperty.call(values, key)) continue;
    const value = (values as Record<string, unknown>)[key];
    if (scope === undefined || value === undefined || value === null || !sameTenant(value as TenantId, scope)) {
      throw refusal("TENANT_CHANGE", model, call, `it sets ${tenant.attribute} to ${describe(value)}; a row never moves to another tenant`);
    }
  }
}

function hooksFor(model: ModelClass, tenant: GuardedTenant): Record<string, (...args: never[]) => void> {
  return {
    beforeFind: (options: Options) => {
      options[RESOLVED] = { tenant: scopeQuery(model, tenant, options, options.plain === true ? "findOne" : "findAll") };
    },
    beforeFindAfterExpandIncludeAll: (options: Options) => {
      const resolved = options[RESOLVED] as { tenant: TenantId | undefined } | undefined;
      if (resolved?.tenant !== undefined) constrainIncludes(options.include, resolved.tenant);
    },
    beforeCount: (options: Options) => {
      scopeQuery(model, tenant, options, "count");
    },
    beforeBulkUpdate: (options: Options) => {
      const scope = scopeQuery(model, tenant, options, "update");
      if (options.tenantScope !== ALL_TENANTS) refuseTenantWrite(model, tenant, options.attributes, scope, "update");
    },
    beforeBulkDestroy: (options: Options) => {
      scopeQuery(model, tenant, options, "destroy");
    },
    beforeBulkRestore: (options: Options) => {
      scopeQuery(model, tenant, options, "restore");
    },
    beforeValidate: (instance: Instance, options: Options) => {
      // Fill before Sequelize's NOT NULL validation refuses the missing tenant; the checks come in beforeCreate.
      // Bulk update validates a throwaway build of the new values: not a row being created.
      if (instance.isNewRecord !== true || options.type === "BULKUPDATE" || options.tenantScope === ALL_TENANTS) return;
      scopeRow(model, tenant, instance, options, "create");
    },
    beforeCreate: (instance: Instance, options: Options) => scopeRow(model, tenant, instance, options, "create"),
    beforeBulkCreate: (instances: Instance[], options: Options) => {
      const duplicates = options.updateOnDuplicate;
      if (Array.isArray(duplicates) && (duplicates.includes(tenant.attribute) || duplicates.includes(tenant.field))) {
        throw refusal("TENANT_CHANGE", model, "bulkCreate", `updateOnDuplicate lists ${tenant.attribute}; a row never moves to another tenant`);
      }
      for (const instance of instances) scopeRow(model, tenant, instance, options, "bulkCreate");
    },
    beforeUpsert: (values: Record<string, unknown>, options: Options) => {
      const instance = options.instance as Instance | undefined;
      const row = instance ?? ({
        get: (key: string) => values[key],
        set: (key: string, value: unknown) => (values[key] = value),
        changed: () => false,
      } as Instance);
      scopeRow(model, tenant, row, options, "upsert");
    },
    beforeUpdate: (instance: Instance, options: Options) => scopeExisting(model, tenant, instance, options, "update"),
    beforeDestroy: (instance: Instance, options: Options) => scopeExisting(model, tenant, instance, options, "destroy"),
    beforeRestore: (instance: Instance, options: Options) => scopeExisting(model, tenant, instance, options, "restore"),
  };
}

/**
 * `sum`/`min`/`max` (through `aggregate`) and `increment`/`decrement` run no hooks in either
 * version: the guard wraps them as own static members of the model.
 */
function wrapStatics(model: ModelClass, tenant: GuardedTenant): void {
  const aggregate = model.aggregate as (this: ModelClass, attribute: unknown, fn: unknown, options?: Options) => unknown;
  const increment = model.increment as (this: ModelClass, fields: unknown, options?: Options) => unknown;
  Object.defineProperty(model, "aggregate", {
    configurable: true,
    writable: true,
    value: function aggregateGuarded(this: ModelClass, attribute: unknown, fn: unknown, options: Options = {}) {
      const scoped = { ...options };
      scopeQuery(model, tenant, scoped, typeof fn === "string" ? fn : "aggregate");
      return aggregate.call(this, attribute, fn, scoped);
    },
  });
  Object.defineProperty(model, "increment", {
    configurable: true,
    writable: true,
    value: function incrementGuarded(this: ModelClass, fields: unknown, options: Options = {}) {
      const scoped = { ...options };
      const call = scoped.increment === false ? "decrement" : "increment";
      // An instance's increment comes here with `where: { id }` and the instance: its tenant confines it.
      const instance = scoped.instance as Instance | undefined;
      const own = instance?.get(tenant.attribute, { raw: true });
      if (instance !== undefined && own !== undefined && own !== null && tenantConstraint(scoped.where, [tenant.attribute, tenant.field]).kind === "none") {
        scoped.where = andTenant(scoped.where, tenant.field, own as TenantId);
      }
      const scope = scopeQuery(model, tenant, scoped, call);
      const names = typeof fields === "string" ? [fields] : Array.isArray(fields) ? fields : Object.keys(fields ?? {});
      if (names.includes(tenant.attribute) || names.includes(tenant.field)) {
        refuseTenantWrite(model, tenant, { [tenant.attribute]: undefined }, scope, call);
      }
      return increment.call(this, fields, scoped);
    },
  });
}

/** A guarded call without `{ transaction }` inside `withTenant` joins its transaction (same Sequelize only). */
function adoptTransaction(model: ModelClass, options: Options, store: TenantStore | undefined): void {
  if (options.transaction !== undefined || store?.transaction === undefined) return;
  if (store.sequelize === model.sequelize) options.transaction = store.transaction;
}

function refusal(code: TenantIsolationError["code"], model: ModelClass, call: string, why: string): TenantIsolationError {
  const way =
    code === "TENANT_MISSING"
      ? ` Pass where: { ${guardedTenantOf(model)?.attribute ?? "companyId"} }, run it inside withTenant(...) or tenantContext.run(...), or pass { tenantScope: "all" } for a deliberate cross-tenant call.`
      : "";
  return new TenantIsolationError(code, `tenant guard refused ${model.name}.${call}: ${why}.${way}`);
}
