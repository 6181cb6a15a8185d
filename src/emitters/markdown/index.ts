/**
 * The schema-change document: one Markdown file per change set, in Portuguese or English, written
 * from its operations, the schemas around it and the exact SQL of each of its migrations. Pure
 * and deterministic: the date comes from the first migration's timestamp.
 */
import type { DocEmitOptions, EmittedFile } from "../types.js";
import { docContext } from "./context.js";
import type { SchemaDocInput } from "./input.js";
import { blocks } from "./markdown.js";
import { erDiagramSection } from "./sections/er-diagram.js";
import { existingModelsSection } from "./sections/existing-models.js";
import { migrationsSection } from "./sections/migrations.js";
import { newModelsSection } from "./sections/new-models.js";
import { performanceSection } from "./sections/performance.js";
import { risksSection } from "./sections/risks.js";
import { rollbackSection } from "./sections/rollback.js";
import { summarySection, titleSection } from "./sections/summary.js";
import { tableOfContents } from "./contents.js";
import { tenantValidationSection } from "./sections/tenant-validation.js";
import { isolationSection } from "./sections/isolation.js";

export type { DocMigration, SchemaDocInput } from "./input.js";

/**
 * Emits the schema-change doc of one change set: the title, a table of contents, then the sections.
 *
 * @example
 * emitSchemaDoc(
 *   { change, migrations: [{ plan, file: "20261125103000-create-tickets.ts", sql }], schema, previous, path: "schema-changes-tickets.md" },
 *   { language: "pt" },
 * ).contents // "# Schema Changes: tickets\n..."
 */
export function emitSchemaDoc(input: SchemaDocInput, options: DocEmitOptions): EmittedFile {
  const ctx = docContext(input, options);
  const title = titleSection(ctx);
  const body = blocks([
    summarySection(ctx),
    newModelsSection(ctx),
    existingModelsSection(ctx),
    migrationsSection(ctx),
    rollbackSection(ctx),
    performanceSection(ctx),
    tenantValidationSection(ctx),
    isolationSection(ctx),
    risksSection(ctx),
    erDiagramSection(ctx),
  ]);
  // Performance and Multi-Tenant Validation have a sub-section per table, in the order New Sequelize Models lists them.
  const collapsed = new Set([ctx.m.headings.performance, ctx.m.headings.tenantValidation]);
  const contents = blocks([title, tableOfContents(ctx.m.headings.contents, title, body, collapsed, ctx.layout), body]);
  return { path: input.path, contents: `${contents}\n` };
}
