/**
 * The table of contents: a link to every section and sub-section (levels 2 and 3) of the doc, so a
 * doc of hundreds of tables stays navigable; the sub-sections of the sections named in `collapsed`
 * are left out (they repeat, per table, the tables already listed: each list item costs the
 * formatter about a millisecond, so three per table would be a second at 300 tables). Anchors are the ones GitHub (and GitLab, VS Code) give
 * headings: the heading's text lower-cased, punctuation dropped, spaces turned into hyphens, and a
 * slug met again suffixed -1, -2, … in document order, every heading level counted.
 */
import { blocks, heading, type MarkdownLayout } from "./markdown.js";

/**
 * The contents block to place between `before` (the title and metadata) and `body` (the sections).
 *
 * @example
 * tableOfContents("Contents", "# Schema Changes: tickets", "## Summary\n\n...\n\n### `Ticket` (`tickets`)", new Set(["Performance"]), DEFAULT_LAYOUT)
 * // "## Contents\n\n- [Summary](#summary)\n  - [`Ticket` (`tickets`)](#ticket-tickets)"
 */
export function tableOfContents(title: string, before: string, body: string, collapsed: ReadonlySet<string>, layout: MarkdownLayout): string {
  // prettier puts a nested list under its item's text ("- ": 2 columns) plus tabWidth - 2 spaces, 0 to 3.
  const nested = " ".repeat(2 + Math.min(3, Math.max(0, layout.tabWidth - 2)));
  const seen = new Map<string, number>();
  const anchor = (text: string) => {
    const base = slug(text);
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    return count === 0 ? base : `${base}-${count}`;
  };
  headings(before).forEach((h) => anchor(h.text));
  anchor(title);
  let section = "";
  const entries = headings(body).flatMap((h) => {
    const id = anchor(h.text);
    if (h.level === 2) section = h.text;
    const listed = h.level === 2 || (h.level === 3 && !collapsed.has(section));
    return listed ? [`${h.level === 3 ? nested : ""}- [${h.text}](#${id})`] : [];
  });
  return blocks([heading(2, title), entries.join("\n")]);
}

/** The ATX headings of `markdown` outside fenced code blocks, in order. */
function headings(markdown: string): { level: number; text: string }[] {
  const found: { level: number; text: string }[] = [];
  let fence: string | null = null;
  for (const line of markdown.split("\n")) {
    const marker = /^(`{3,})/.exec(line)?.[1];
    if (fence !== null) {
      if (marker !== undefined && marker.length >= fence.length && line.trim() === marker) fence = null;
      continue;
    }
    if (marker !== undefined) {
      fence = marker;
      continue;
    }
    const match = /^(#{1,6}) (.*)$/.exec(line);
    if (match) found.push({ level: match[1]!.length, text: match[2]!.trim() });
  }
  return found;
}

/**
 * GitHub's anchor of a heading: its text (code spans as their content) lower-cased, every
 * character but letters, marks, digits, `_`, `-` and spaces dropped, spaces as hyphens.
 *
 * @example
 * slug("`Ticket` (`tickets`)") // "ticket-tickets"
 * slug("Risks & Mitigations") // "risks--mitigations"
 */
function slug(text: string): string {
  const plain = text.replace(/(`+) ?(.*?) ?\1/g, "$2");
  return plain.toLowerCase().replace(/[^\p{L}\p{M}\p{N}\p{Pc}\- ]/gu, "").replace(/ /g, "-");
}
