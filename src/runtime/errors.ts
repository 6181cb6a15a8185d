/** The error every isolation refusal of the runtime throws: the guard's, `withTenant`'s, the middleware's. */

/** Why a call was refused; stable strings, for code that handles one case (`error.code === ...`). */
export type TenantIsolationCode =
  | "TENANT_INVALID_ID"
  | "TENANT_MISSING"
  | "TENANT_MISMATCH"
  | "TENANT_UNCONSTRAINED"
  | "TENANT_CHANGE"
  | "TENANT_SETTING_CHANGED"
  | "TENANT_GUARD_SETUP";

/**
 * A call refused because it would cross, or could not name, its tenant. `instanceof` works within
 * one copy of the package; `code` works across copies (a CommonJS and an ES module build at once).
 *
 * @example
 * try { await Ticket.findAll(); } catch (error) {
 *   if (error instanceof TenantIsolationError && error.code === "TENANT_MISSING") ...
 * }
 */
export class TenantIsolationError extends Error {
  override readonly name = "TenantIsolationError";
  readonly code: TenantIsolationCode;

  constructor(code: TenantIsolationCode, message: string) {
    super(message);
    this.code = code;
  }
}
