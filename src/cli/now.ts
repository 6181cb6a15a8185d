import { formatMigrationTimestamp, isMigrationTimestamp } from "../diff/timestamp.js";
import { CliError } from "./problem.js";

/**
 * The `--now` flag as a migration timestamp: `YYYYMMDDHHMMSS` as is, or any ISO date (UTC).
 *
 * @example
 * parseNow("2026-11-25T09:30:00Z") // "20261125093000"
 * parseNow("20261125093000") // "20261125093000"
 */
export function parseNow(value: string): string {
  if (isMigrationTimestamp(value)) return value;
  const time = /^\d{4}-\d{2}-\d{2}/.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(time)) {
    throw new CliError([{ file: null, line: null, message: `--now: expected YYYYMMDDHHMMSS or an ISO date, got "${value}"` }], 2);
  }
  return formatMigrationTimestamp(new Date(time));
}
