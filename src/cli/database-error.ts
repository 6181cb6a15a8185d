/**
 * One line for an error from the database or the driver: what PostgreSQL said, its detail and its
 * SQLSTATE, as a person reads it in a terminal or a CI log (no stack trace).
 */

interface DriverError {
  message?: unknown;
  code?: unknown;
  detail?: unknown;
  /** Sequelize keeps the driver's error here (`original` is the same object). */
  parent?: unknown;
  original?: unknown;
  cause?: unknown;
}

/**
 * @example
 * databaseErrorLine(sequelizeError) // 'relation "tickets" already exists [42P07]'
 * databaseErrorLine(new Error("connect ECONNREFUSED 127.0.0.1:1")) // "connect ECONNREFUSED 127.0.0.1:1"
 */
export function databaseErrorLine(error: unknown): string {
  const driver = driverError(error);
  const message = text(driver.message) ?? text((error as DriverError | null)?.message) ?? String(error);
  const detail = text(driver.detail);
  const code = typeof driver.code === "string" && /^[0-9A-Z]{5}$/.test(driver.code) ? driver.code : null;
  const line = `${message}${detail === null ? "" : ` (${detail})`}${code === null ? "" : ` [${code}]`}`;
  return line.replace(/\s*\n\s*/g, " ").trim() || (error instanceof Error ? error.name : "unknown error");
}

/** The innermost error that carries what the driver said. */
function driverError(error: unknown): DriverError {
  let current = error as DriverError | null;
  for (let depth = 0; depth < 5 && current !== null && typeof current === "object"; depth++) {
    const inner = (current.parent ?? current.original ?? current.cause) as DriverError | null | undefined;
    if (inner === undefined || inner === null || typeof inner !== "object") return current;
    current = inner;
  }
  return current ?? {};
}

function text(value: unknown): string | null {
  return typeof value === "string" && value.trim() !== "" ? value : null;
}
