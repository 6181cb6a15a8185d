/**
 * Formatting happens here and nowhere else: emitters return plain text, and every file is
 * formatted once, with the team's own prettier config for the folder it lands in. prettier is
 * loaded on first use, so commands that format nothing never load it.
 *
 * The schema-change doc is the exception that proves the rule: its emitter prints it as prettier
 * prints it for a MarkdownLayout (src/emitters/markdown/markdown.ts). When the resolved options
 * are ones that layout covers (`markdownLayout` below) and the text holds nothing prettier would
 * rewrite (`printedAsIs`), formatting it again would change nothing, so it is returned as is: the
 * doc was ~70 % of prettier's time on a fresh emit (bench shape, CPU of a fresh emit: N = 100
 * 11.9 → 6.5 s, N = 300 28.4 → 11.1 s, peak RSS 1.7 → 0.53 GB). Any other options fall back to prettier.
 */
import { createHash } from "node:crypto";
import { canonicalJson } from "../diff/canonical-json.js";
import { KNOWN_WIDTH, type MarkdownLayout } from "../emitters/markdown/markdown.js";

type Prettier = typeof import("prettier");

let loaded: Promise<Prettier> | null = null;
const prettier = (): Promise<Prettier> => (loaded ??= import("prettier").then((module) => ((module as { default?: Prettier }).default ?? module) as Prettier));

let defaults: Promise<ReadonlyMap<string, unknown>> | null = null;
/** prettier's default of every option it documents. */
const optionDefaults = (api: Prettier) =>
  (defaults ??= api.getSupportInfo().then((info) => new Map(info.options.flatMap((o): [string, unknown][] => (o.name === undefined || o.default === undefined ? [] : [[o.name, o.default]])))));

export interface Formatting {
  /** `sha256:` of what decides the output besides the text: prettier's version, the parser and the resolved options. */
  fingerprint: string;
  /**
   * Formats `contents`; returned as is for a file prettier does not know, and for a doc `printedFor`
   * this file's `markdownLayout` that holds nothing prettier would rewrite.
   */
  format(contents: string, printedFor?: MarkdownLayout): Promise<string>;
  /** For a Markdown file whose options the doc emitter covers: the layout to print it for; else null (prettier formats it). */
  markdownLayout: MarkdownLayout | null;
}

/**
 * How prettier formats a file at `absolutePath` (parser from the extension, options from the
 * nearest prettier config and .editorconfig), without formatting anything yet.
 *
 * @example
 * (await formattingFor("/repo/backend/src/models/User.ts")).fingerprint // "sha256:..."
 */
export async function formattingFor(absolutePath: string): Promise<Formatting> {
  const api = await prettier();
  const info = await api.getFileInfo(absolutePath);
  const options = info.inferredParser === null ? null : ((await api.resolveConfig(absolutePath, { editorconfig: true })) ?? {});
  const layout = info.inferredParser === "markdown" && options !== null ? markdownLayout(options, await optionDefaults(api)) : null;
  const fingerprint = `sha256:${createHash("sha256").update(canonicalJson({ prettier: api.version, parser: info.inferredParser, options })).digest("hex")}`;
  return {
    fingerprint,
    markdownLayout: layout,
    format: async (contents, printedFor) => {
      if (options === null) return contents;
      const fixedPoint = layout !== null && printedFor !== undefined && canonicalJson(printedFor) === canonicalJson(layout) && printedAsIs(contents);
      return fixedPoint ? contents : api.format(contents, { ...options, filepath: absolutePath });
    },
  };
}

/** Options the layout carries (any value), and the only values of those whose output it prints. */
const LAYOUT_OPTIONS = new Set(["printWidth", "tabWidth", "useTabs"]);
const COVERED_VALUES: Record<string, readonly unknown[]> = { proseWrap: ["preserve"], endOfLine: ["lf", "auto"] };

/**
 * The layout the doc emitter prints a Markdown file in for these resolved options, or null when an
 * option could make prettier print it otherwise: printWidth, tabWidth and useTabs are passed on,
 * proseWrap must be "preserve" and endOfLine "lf" (or "auto": the doc has LF only), and every other
 * option (the TypeScript block's quotes, semicolons, trailing commas; plugins; anything unknown) at
 * prettier's default.
 *
 * @example
 * markdownLayout({ printWidth: 120 }, defaults) // { printWidth: 120, tabWidth: 2, useTabs: false }
 * markdownLayout({ proseWrap: "always" }, defaults) // null
 */
export function markdownLayout(options: Readonly<Record<string, unknown>>, defaults: ReadonlyMap<string, unknown>): MarkdownLayout | null {
  for (const [name, value] of Object.entries(options)) {
    if (value === undefined || LAYOUT_OPTIONS.has(name)) continue;
    const covered = COVERED_VALUES[name];
    if (covered !== undefined ? !covered.includes(value) : !defaults.has(name) || canonicalJson(defaults.get(name)) !== canonicalJson(value)) return null;
  }
  const number = (value: unknown, fallback: number) => (typeof value === "number" && Number.isInteger(value) && value > 0 ? value : fallback);
  if (options.useTabs !== undefined && typeof options.useTabs !== "boolean") return null;
  return { printWidth: number(options.printWidth, 80), tabWidth: number(options.tabWidth, 2), useTabs: options.useTabs === true };
}

/**
 * Whether prettier would leave the text of a doc printed for its layout as it is: only characters
 * whose width the emitter knows, and outside code no character prettier escapes or rewrites in text
 * the doc quotes from the schema (a lone `*`, `_` at a word's edge, `\` but before `|`, `&` or `<` before a name, a
 * tab, a run of spaces inside a line or cell, trailing spaces).
 *
 * @example
 * printedAsIs("# T\n\nUse `a_b` here.\n") // true
 * printedAsIs("# T\n\nnote: 2 * 3\n") // false
 */
export function printedAsIs(text: string): boolean {
  if (!KNOWN_WIDTH.test(text) || !text.endsWith("\n") || text.endsWith("\n\n")) return false;
  let fence: string | null = null;
  for (const [i, line] of text.slice(0, -1).split("\n").entries()) {
    const marker = /^(`{3,})/.exec(line)?.[1];
    if (fence !== null) {
      if (marker !== undefined && line === fence) fence = null;
      continue;
    }
    if (marker !== undefined) {
      fence = marker;
      continue;
    }
    if (i === 0 && /^<!--[^<>&]*-->$/.test(line)) continue; // the generated-file header
    const prose = line.replace(/(`+) ?.*? ?\1(?!`)/g, "C");
    const pieces = prose.startsWith("|") && prose.endsWith("|") ? prose.slice(1, -1).split(/(?<!\\)\|/).map((cell) => cell.trim()) : [prose];
    if (pieces.some(unsafe)) return false;
  }
  return fence === null;
}

const unsafe = (piece: string) =>
  /\s$|\t|\S {2}|&[\w#]|<[\w/!?]|\\(?!\|)/.test(piece) || /(?<!\*)\*(?!\*)/.test(piece.replace(/\*\*/g, "")) || /(?<![\p{L}\p{N}_])_|_(?![\p{L}\p{N}_])/u.test(piece);

/**
 * Formats `contents` as prettier would for a file at `absolutePath` (parser from the extension,
 * options from the nearest prettier config). Files prettier does not know are returned as is.
 *
 * @example
 * await formatFile("/repo/backend/src/models/user.ts", "export const a=1") // "export const a = 1;\n"
 */
export async function formatFile(absolutePath: string, contents: string): Promise<string> {
  return (await formattingFor(absolutePath)).format(contents);
}
