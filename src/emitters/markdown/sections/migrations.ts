import type { DocContext } from "../context.js";
import { blocks, code, codeBlock, heading } from "../markdown.js";

/**
 * "Migrations": the file name and the exact SQL of up and down, never rewritten.
 *
 * @example
 * migrationsSection(ctx) // "## Migrations\n\nArquivo: `2026...ts`\n\n### UP\n\n```sql\n..."
 */
export function migrationsSection(ctx: DocContext): string {
  const { m, input } = ctx;
  return blocks([
    heading(2, m.headings.migrations),
    m.migrations.file(code(input.migrationFile)),
    heading(3, m.headings.up),
    sqlBlock(input.sql.up, m.migrations.empty),
    heading(3, m.headings.down),
    sqlBlock(input.sql.down, m.migrations.empty),
  ]);
}

function sqlBlock(statements: string[], empty: string): string {
  return statements.length === 0 ? empty : codeBlock("sql", statements.map(terminate).join("\n\n"));
}

/**
 * A statement ending in exactly one `;` (trailing whitespace dropped).
 *
 * @example
 * terminate("DROP TABLE x") // "DROP TABLE x;"
 */
export function terminate(statement: string): string {
  const trimmed = statement.trimEnd();
  return trimmed.endsWith(";") ? trimmed : `${trimmed};`;
}
