import { quoteIdent } from "../../ir/sql-quote.js";

export { quoteIdent };
/**
 * The few Markdown building blocks the doc needs. Sections compose these instead of writing
 * Markdown syntax inline, so escaping rules live in one place.
 */

/**
 * A heading line.
 *
 * @example
 * heading(2, "Resumo") // "## Resumo"
 */
export function heading(level: 1 | 2 | 3 | 4, text: string): string {
  return `${"#".repeat(level)} ${text}`;
}

/**
 * An inline code span that stays a single span whatever backticks the text holds.
 *
 * @example
 * code("company_id") // "`company_id`"
 */
export function code(text: string): string {
  const longestRun = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(longestRun + 1);
  const pad = longestRun > 0 ? " " : "";
  return `${fence}${pad}${text}${pad}${fence}`;
}

/**
 * A fenced code block; the fence grows past any backtick run in the body.
 *
 * @example
 * codeBlock("sql", 'SELECT 1;') // "```sql\nSELECT 1;\n```"
 */
export function codeBlock(language: string, body: string): string {
  const longestRun = Math.max(2, ...(body.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(longestRun + 1);
  return `${fence}${language}\n${body}\n${fence}`;
}

/**
 * A GFM table. Pipes are escaped and newlines flattened, because either would break the row.
 *
 * @example
 * table(["A", "B"], [["1", "2"]]) // "| A | B |\n| --- | --- |\n| 1 | 2 |"
 */
export function table(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.map(escapeCell).join(" | ")} |`;
  return [line(header), `| ${header.map(() => "---").join(" | ")} |`, ...rows.map(line)].join("\n");
}

function escapeCell(text: string): string {
  return text.replace(/\r?\n/g, " ").replace(/\|/g, "\\|");
}

/**
 * A bullet list, one item per line.
 *
 * @example
 * bulletList(["a", "b"]) // "- a\n- b"
 */
export function bulletList(items: string[]): string {
  return items.map((item) => `- ${item}`).join("\n");
}

/**
 * A task-list item: ticked or not.
 *
 * @example
 * checkbox(true, "tenant column") // "- [x] tenant column"
 */
export function checkbox(checked: boolean, text: string): string {
  return `- [${checked ? "x" : " "}] ${text}`;
}

/**
 * Joins blocks with one blank line, dropping empty ones, so optional parts leave no gaps.
 *
 * @example
 * blocks(["# T", "", "text"]) // "# T\n\ntext"
 */
export function blocks(parts: string[]): string {
  return parts.filter((part) => part.trim() !== "").join("\n\n");
}

