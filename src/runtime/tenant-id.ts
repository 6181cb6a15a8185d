/** Tenant ids as the runtime accepts them: what `tenant.keyType` (integer, bigint, uuid) can hold. */
import { TenantIsolationError } from "./errors.js";

/** A tenant id: a safe non-negative integer, a bigint, or a string of decimal digits or a UUID. */
export type TenantId = number | bigint | string;

const DIGITS = /^[0-9]{1,20}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Checks a tenant id before it reaches SQL or a `where`: anything else (null, an object, NaN,
 * 1.5, "1 OR 1=1", "") is refused, naming `where` it came from.
 *
 * @example
 * assertTenantId(7, "withTenant") // 7
 * assertTenantId("7; DROP TABLE x", "withTenant") // throws TenantIsolationError TENANT_INVALID_ID
 */
export function assertTenantId(value: unknown, where: string): TenantId {
  const valid =
    (typeof value === "number" && Number.isSafeInteger(value) && value >= 0) ||
    (typeof value === "bigint" && value >= 0n) ||
    (typeof value === "string" && (DIGITS.test(value) || UUID.test(value)));
  if (!valid) {
    throw new TenantIsolationError(
      "TENANT_INVALID_ID",
      `${where}: ${describe(value)} is not a tenant id (expected a non-negative integer, a bigint, or a string of digits or a UUID)`,
    );
  }
  return value as TenantId;
}

/**
 * Whether two ids name the same tenant: `1`, `1n` and `"1"` do (a bigint column comes back as a
 * string from pg); UUIDs compare case-insensitively.
 *
 * @example
 * sameTenant(1, "1") // true
 */
export function sameTenant(a: TenantId, b: TenantId): boolean {
  return String(a).toLowerCase() === String(b).toLowerCase();
}

/** A value as an error message shows it: strings quoted, the rest as JavaScript prints it. */
export function describe(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "bigint") return `${value}n`;
  if (value === null || typeof value !== "object") return String(value);
  try {
    return JSON.stringify(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}
