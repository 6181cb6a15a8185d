/**
 * Migration timestamps are `YYYYMMDDHHMMSS` in UTC (sequelize-cli's format). The clock is always
 * injected; these helpers only do calendar arithmetic on the string form.
 */

const TIMESTAMP = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/;

/**
 * Whether `value` is a well-formed `YYYYMMDDHHMMSS` timestamp that names a real instant.
 *
 * @example
 * isMigrationTimestamp("20261125093000") // true
 * isMigrationTimestamp("20261332000000") // false
 */
export function isMigrationTimestamp(value: string): boolean {
  const date = parseMigrationTimestamp(value);
  return date !== null && formatMigrationTimestamp(date) === value;
}

/**
 * Parses a `YYYYMMDDHHMMSS` timestamp as UTC; null when malformed.
 *
 * @example
 * parseMigrationTimestamp("20261125093000")?.toISOString() // "2026-11-25T09:30:00.000Z"
 */
export function parseMigrationTimestamp(value: string): Date | null {
  const parts = TIMESTAMP.exec(value);
  if (parts === null) return null;
  const [year, month, day, hour, minute, second] = parts.slice(1).map(Number) as [number, number, number, number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  return Number.isNaN(date.getTime()) ? null : date;
}

/**
 * Formats a date as a UTC `YYYYMMDDHHMMSS` timestamp.
 *
 * @example
 * formatMigrationTimestamp(new Date("2026-11-25T09:30:00Z")) // "20261125093000"
 */
export function formatMigrationTimestamp(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, "").replace(/[-T:]/g, "");
}

/**
 * Adds seconds to a timestamp, carrying into minutes, days, months and years.
 *
 * @example
 * addSeconds("20261231235959", 1) // "20270101000000"
 */
export function addSeconds(timestamp: string, seconds: number): string {
  const date = parseMigrationTimestamp(timestamp);
  if (date === null) throw new Error(`Not a YYYYMMDDHHMMSS timestamp: ${timestamp}`);
  return formatMigrationTimestamp(new Date(date.getTime() + seconds * 1000));
}
