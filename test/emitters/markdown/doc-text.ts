/** Reading a schema-change doc in tests: its sections and code blocks, by their Markdown. */

/** The text between a heading line and the next heading of the same or a higher level. */
export function section(doc: string, headingLine: string): string {
  const level = /^#+/.exec(headingLine)![0].length;
  const lines = doc.split("\n");
  const start = lines.indexOf(headingLine);
  if (start < 0) throw new Error(`no heading ${headingLine}`);
  const end = lines.findIndex((line, i) => i > start && /^#+ /.test(line) && /^#+/.exec(line)![0].length <= level);
  return lines.slice(start + 1, end < 0 ? undefined : end).join("\n");
}

/** Bodies of the fenced code blocks of one language, in order. */
export function codeBlocks(text: string, language: string): string[] {
  return [...text.matchAll(new RegExp("```" + language + "\\n([\\s\\S]*?)\\n```", "g"))].map((m) => m[1]!);
}

/** The doc with its tables' cell padding taken out (`| a   | b |` → `| a | b |`), for matching rows by their text. */
export function unpadded(doc: string): string {
  return doc.replace(/^\|.*\|$/gm, (row) => row.replace(/ {2,}\|/g, " |").replace(/\| -{3,}(?= \|)/g, "| ---"));
}
