/**
 * Reading and narrowing a Sequelize `where` on the tenant attribute. Sequelize 5 and 6 spell their
 * operators as `Symbol.for("and")`, `Symbol.for("eq")`, ... so they are matched here without
 * importing either version.
 */
import type { TenantId } from "./tenant-id.js";

const AND = Symbol.for("and");
const EQ = Symbol.for("eq");
const IN = Symbol.for("in");

/** What a `where` says about the tenant: nothing, exactly one tenant, or something else (`reason`). */
export type TenantConstraint =
  | { kind: "none" }
  | { kind: "one"; value: TenantId }
  | { kind: "other"; reason: string };

/**
 * The tenant a `where` confines the query to, looking at the top level and inside `Op.and`
 * (where paranoid models and scopes put their conditions) under the attribute or its field name.
 * `Op.or`, `Op.ne`, several values, `null` or a literal do not confine it to one tenant.
 *
 * @example
 * tenantConstraint({ companyId: 1, status: "open" }, ["companyId", "company_id"]) // { kind: "one", value: 1 }
 * tenantConstraint({ status: "open" }, ["companyId", "company_id"]) // { kind: "none" }
 */
export function tenantConstraint(where: unknown, names: readonly string[]): TenantConstraint {
  if (where === undefined || where === null) return { kind: "none" };
  if (!isPlainObject(where)) {
    return Array.isArray(where) ? combine(where.map((part) => tenantConstraint(part, names))) : { kind: "none" };
  }
  const found: TenantConstraint[] = [];
  for (const name of names) {
    if (Object.prototype.hasOwnProperty.call(where, name)) found.push(valueConstraint(where[name]));
  }
  const and = where[AND as unknown as string];
  if (and !== undefined) {
    const parts = Array.isArray(and) ? and : [and];
    found.push(...parts.map((part) => tenantConstraint(part, names)));
  }
  return combine(found);
}

function valueConstraint(value: unknown): TenantConstraint {
  if (isTenantValue(value)) return { kind: "one", value };
  if (Array.isArray(value)) return inList(value);
  if (isPlainObject(value)) {
    const keys = Reflect.ownKeys(value);
    if (keys.length === 1 && keys[0] === EQ && isTenantValue(value[EQ as unknown as string])) {
      return { kind: "one", value: value[EQ as unknown as string] as TenantId };
    }
    if (keys.length === 1 && keys[0] === IN && Array.isArray(value[IN as unknown as string])) {
      return inList(value[IN as unknown as string] as unknown[]);
    }
  }
  return { kind: "other", reason: "a condition other than equality to one tenant" };
}

function inList(values: readonly unknown[]): TenantConstraint {
  const distinct = new Set(values.map((value) => String(value).toLowerCase()));
  if (values.length > 0 && distinct.size === 1 && isTenantValue(values[0])) return { kind: "one", value: values[0] };
  return { kind: "other", reason: `a list of ${distinct.size} tenants` };
}

/** Conjuncts: one tenant if every constraining part names the same one. */
function combine(parts: readonly TenantConstraint[]): TenantConstraint {
  let one: TenantConstraint = { kind: "none" };
  for (const part of parts) {
    if (part.kind === "none") continue;
    if (part.kind === "other") return part;
    if (one.kind === "one" && String(one.value).toLowerCase() !== String(part.value).toLowerCase()) {
      return { kind: "other", reason: `two different tenants (${String(one.value)} and ${String(part.value)})` };
    }
    one = part;
  }
  return one;
}

/**
 * `where` AND `field = companyId`, leaving the caller's object untouched. The field name (not the
 * attribute) is used because some hooks run after Sequelize mapped attributes to fields, and a
 * field name passes through that mapping unchanged.
 *
 * @example
 * andTenant({ status: "open" }, "company_id", 1) // { [Op.and]: [{ status: "open" }, { company_id: 1 }] }
 */
export function andTenant(where: unknown, field: string, companyId: TenantId): Record<string | symbol, unknown> {
  const condition = { [field]: companyId };
  if (where === undefined || where === null) return condition;
  if (isPlainObject(where) && Reflect.ownKeys(where).length === 0) return condition;
  return { [AND]: [where, condition] };
}

function isTenantValue(value: unknown): value is TenantId {
  return (typeof value === "number" && Number.isFinite(value)) || typeof value === "bigint" || typeof value === "string";
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== "object") return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}
