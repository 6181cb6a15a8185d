/**
 * The SQL a schema-change doc shows, read back for tests: per migration file ("### `file`"), the
 * statements under its UP and DOWN headings. The doc promises them verbatim (what the migration
 * executes), so tests compare them with what ran and lint them with squawk.
 */

/** One migration file as its change set's doc shows it. */
export interface DocMigration {
  file: string;
  up: string;
  down: string;
}

/**
 * The Migrations section of a doc: per "### `file`" heading, the SQL under its UP and DOWN
 * headings ("" when the doc says there is none).
 *
 * @example
 * docMigrations(doc)[0] // { file: "20261125110000-add-priority-to-tickets.ts", up: "SET LOCAL ...", down: "..." }
 */
export function docMigrations(doc: string): DocMigration[] {
  const parts = doc.split(/^### `([^`]+\.(?:ts|js))`\s*$/m);
  const result: DocMigration[] = [];
  for (let i = 1; i < parts.length; i += 2) {
    const body = (parts[i + 1] ?? "").split(/^##\s/m)[0] ?? "";
    result.push({ file: parts[i] ?? "", up: sqlUnder(body, /^#### (UP)\s*$/m), down: sqlUnder(body, /^#### (DOWN)\s*$/m) });
  }
  return result;
}

function sqlUnder(body: string, heading: RegExp): string {
  const start = heading.exec(body);
  if (!start) throw new Error(`no ${heading.source} heading in:\n${body.slice(0, 400)}`);
  const after = body.slice(start.index + start[0].length);
  const next = after.search(/^#{1,4}\s/m);
  const section = next === -1 ? after : after.slice(0, next);
  return /```sql\n([\s\S]*?)\n```/.exec(section)?.[1] ?? "";
}

/**
 * The statements of a doc's SQL block: split where the doc separates them (`;` then a blank line),
 * each without its final `;`.
 *
 * @example
 * docStatements("SET LOCAL a = 1;\n\nALTER TABLE t ADD c int;") // ["SET LOCAL a = 1", "ALTER TABLE t ADD c int"]
 */
export function docStatements(sql: string): string[] {
  return sql
    .split(/;\n\n/)
    // A comment line (e.g. "-- repeated per tenant until no row changes") explains, it does not run.
    .map((statement) => normalizeStatement(statement.split("\n").filter((line) => !/^\s*--/.test(line)).join("\n")))
    .filter((statement) => statement !== "");
}

/**
 * A statement as compared: trimmed, without its final `;`.
 *
 * @example
 * normalizeStatement("  DROP TABLE x;\n") // "DROP TABLE x"
 */
export function normalizeStatement(statement: string): string {
  return statement.trim().replace(/;$/, "").trim();
}
