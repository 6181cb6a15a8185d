import type { TableIR } from "../../../ir/types.js";
import { tableByName, type DocContext } from "../context.js";
import { blocks, code, codeBlock, heading } from "../markdown.js";
import { mermaidType } from "../sql-type.js";

/** Tables per diagram: Mermaid refuses a diagram past its text limit, and a few dozen boxes are all a reader can follow. */
const TABLES_PER_DIAGRAM = 20;

/**
 * A Mermaid erDiagram of the created and altered tables (as they are after the change), plus the tenant root and the existing tables they
 * reference (shown with their key only, since this change does not touch them). Past TABLES_PER_DIAGRAM tables the diagram is split in
 * parts of that many tables, in order, each with its own sub-heading; a table of another part that one references is shown with its key only.
 *
 * @example
 * erDiagramSection(ctx) // "## Diagrama ER\n\n```mermaid\nerDiagram\n  companies ||--o{ tickets ..."
 */
export function erDiagramSection(ctx: DocContext): string {
  const shown = [...ctx.created, ...ctx.altered];
  const parts: TableIR[][] = [];
  for (let i = 0; i < shown.length; i += TABLES_PER_DIAGRAM) parts.push(shown.slice(i, i + TABLES_PER_DIAGRAM));
  if (parts.length <= 1) return blocks([heading(2, ctx.m.headings.erDiagram), codeBlock("mermaid", erDiagram(ctx, shown))]);
  return blocks([
    heading(2, ctx.m.headings.erDiagram),
    ...parts.map((part, i) =>
      blocks([heading(3, ctx.m.erPart(i + 1, parts.length, code(part[0]!.tableName), code(part[part.length - 1]!.tableName))), codeBlock("mermaid", erDiagram(ctx, part))]),
    ),
  ]);
}

function erDiagram(ctx: DocContext, shown: TableIR[]): string {
  const { tenant } = ctx.input.schema;
  const shownNames = new Set(shown.map((t) => t.tableName));
  const referenced = [...new Set(shown.flatMap((t) => t.foreignKeys.map((f) => f.referencedTable)))].filter((name) => !shownNames.has(name));
  const relationships = shown.flatMap((t) => t.foreignKeys.map((f) => relationship(t, f)));
  const externalEntities = referenced.map((name) => {
    const keyType = name === tenant.tableName ? tenant.keyType : keyTypeOf(tableByName(ctx, name));
    const key = name === tenant.tableName ? tenant.key : (tableByName(ctx, name)?.columns.find((c) => c.primaryKey)?.field ?? "id");
    return `  ${entity(name)} {\n    ${keyType} ${key} PK\n  }`;
  });
  return ["erDiagram", ...relationships, ...externalEntities, ...shown.map(entityBlock)].join("\n");
}

function relationship(t: TableIR, f: TableIR["foreignKeys"][number]): string {
  const optional = f.columns.some((field) => t.columns.find((c) => c.field === field)?.nullable);
  const uniqueRef = t.indexes.some((i) => i.unique && i.where === null && i.columns.join() === f.columns.join());
  const left = optional ? "|o" : "||";
  const right = uniqueRef ? "o|" : "o{";
  return `  ${entity(f.referencedTable)} ${left}--${right} ${entity(t.tableName)} : "${f.columns.join(", ")}"`;
}

function entityBlock(t: TableIR): string {
  const fkFields = new Set(t.foreignKeys.flatMap((f) => f.columns));
  const attributes = t.columns.map((c) => {
    const keys = [c.primaryKey ? "PK" : "", fkFields.has(c.field) ? "FK" : ""].filter(Boolean).join(", ");
    return `    ${mermaidType(c.type)} ${c.field}${keys ? ` ${keys}` : ""}`;
  });
  return `  ${entity(t.tableName)} {\n${attributes.join("\n")}\n  }`;
}

function keyTypeOf(t: TableIR | undefined): string {
  const pk = t?.columns.find((c) => c.primaryKey);
  return pk ? mermaidType(pk.type) : "integer";
}

/** Mermaid entity names allow letters, digits, `_` and `-`; anything else is quoted. */
function entity(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_-]*$/.test(name) ? name : `"${name.replace(/"/g, "'")}"`;
}
