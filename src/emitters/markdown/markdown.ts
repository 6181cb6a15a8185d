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
 * How the doc is laid out for the team's formatter: the prettier options that change a Markdown
 * file with this doc's content. The doc is printed as prettier prints it with them (a fixed point),
 * so the CLI need not run prettier on it (see src/cli/format.ts, which decides when that holds).
 */
export interface MarkdownLayout {
  /** Line width the one embedded TypeScript block is broken at (prettier's printWidth). */
  printWidth: number;
  /** Indent width: a nested list sits under its item's text plus tabWidth - 2 (0 to 3) spaces, and TypeScript indents by it. */
  tabWidth: number;
  /** TypeScript indents by tabs. */
  useTabs: boolean;
}

/** prettier's defaults, which the examples are formatted with. */
export const DEFAULT_LAYOUT: MarkdownLayout = { printWidth: 80, tabWidth: 2, useTabs: false };

/**
 * A GFM table, its columns padded to their widest cell (at least 3) as prettier aligns them. Pipes
 * are escaped and newlines flattened, because either would break the row.
 *
 * @example
 * table(["A", "B"], [["1", "2"]]) // "| A   | B   |\n| --- | --- |\n| 1   | 2   |"
 */
export function table(header: string[], rows: string[][]): string {
  const cells = [header, ...rows].map((row) => row.map(escapeCell));
  const widths = header.map((_, i) => Math.max(3, ...cells.map((row) => textWidth(row[i] ?? ""))));
  const line = (row: string[]) => `| ${row.map((cell, i) => cell + " ".repeat((widths[i] ?? 0) - textWidth(cell))).join(" | ")} |`;
  const [head, ...body] = cells;
  return [line(head!), `| ${widths.map((w) => "-".repeat(w)).join(" | ")} |`, ...body.map(line)].join("\n");
}

function escapeCell(text: string): string {
  return text.replace(/\r?\n/g, " ").replace(/\|/g, "\\|").trim();
}

/**
 * Characters whose display width the doc knows (prettier pads table cells by display width): printable
 * ASCII, Latin-1 letters and signs, Latin Extended-A, dashes, quotes, the ellipsis, arrows.
 * A doc with any other character is left to prettier.
 */
export const KNOWN_WIDTH = /^[\x20-\x7e\u00a0-\u00a8\u00aa-\u00ad\u00af-\u017f\u2010-\u2026\u2190-\u2193\t\n]*$/;

/**
 * The columns `text` takes (one per character of KNOWN_WIDTH).
 *
 * @example
 * textWidth("Não → sim") // 9
 */
export function textWidth(text: string): number {
  return text.length;
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

