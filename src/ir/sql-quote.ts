/**
 * Quoting for the SQL text every layer writes (the DSL's `sql` fragments, the diff, the migration
 * emitter, the doc): one implementation, so a name or a literal is spelled the same everywhere.
 */

/**
 * A quoted identifier (embedded quotes doubled).
 *
 * @example
 * quoteIdent("ticket_tags") // '"ticket_tags"'
 */
export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/**
 * A string literal (standard_conforming_strings: only quotes need doubling).
 *
 * @example
 * quoteLiteral("it's") // "'it''s'"
 */
export function quoteLiteral(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}
