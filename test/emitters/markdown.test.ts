import prettier from "prettier";
import { describe, expect, it } from "vitest";
import { emitSchemaDoc } from "../../src/emitters/markdown/index.js";
import { messagesFor } from "../../src/emitters/markdown/messages/index.js";
import { docInput, ticketsSql } from "./markdown/doc-input.js";
import { codeBlocks, section } from "./markdown/doc-text.js";
import { fixtureFeature, fixtureSchema } from "../fixtures/schema-ir.js";

const headings = {
  pt: [
    "# Schema Changes: tickets",
    "## Resumo",
    "## Novos Models Sequelize",
    "#### Relações",
    "#### Índices",
    "#### Constraints",
    "## Alterações em Models Existentes",
    "## Migrations",
    "#### UP",
    "#### DOWN",
    "## Estratégia de Rollback",
    "## Performance",
    "## Multi-Tenant Validation",
    "## Isolamento",
    "## Riscos e Mitigações",
    "```mermaid",
  ],
  en: [
    "# Schema Changes: tickets",
    "## Summary",
    "## New Sequelize Models",
    "#### Relations",
    "#### Indexes",
    "#### Constraints",
    "## Changes to Existing Models",
    "## Migrations",
    "#### UP",
    "#### DOWN",
    "## Rollback Strategy",
    "## Performance",
    "## Multi-Tenant Validation",
    "## Isolation",
    "## Risks & Mitigations",
    "```mermaid",
  ],
} as const;



describe("the doc's messages", () => {
  it("has every message in both languages, with the same arguments, and no English left in the Portuguese prose", () => {
    const shape = (value: unknown, path: string, out: Map<string, string>): Map<string, string> => {
      if (typeof value === "function") out.set(path, `function/${value.length}`);
      else if (Array.isArray(value)) value.forEach((v, i) => shape(v, `${path}[${i}]`, out));
      else if (value !== null && typeof value === "object") for (const [k, v] of Object.entries(value)) shape(v, `${path}.${k}`, out);
      else {
        expect(String(value).trim(), path).not.toBe("");
        out.set(path, typeof value);
      }
      return out;
    };
    const [pt, en] = [messagesFor("pt"), messagesFor("en")];
    expect(shape(pt, "m", new Map())).toEqual(shape(en, "m", new Map()));
    // Sentences (not names like "Policies" or "Row-level security") are translated.
    const sentences = (m: typeof en) => [m.isolation.intro, m.isolation.noPolicies, ...m.isolation.roles, m.isolation.rolesCheck, m.lists.reference(300, 1), m.lists.label(1)];
    sentences(pt).forEach((text, i) => expect(text, text).not.toBe(sentences(en)[i]));
  });
});

describe("emitSchemaDoc", () => {
  for (const language of ["pt", "en"] as const) {
    it(`has every section of the template, in order (${language})`, () => {
      const doc = emitSchemaDoc(docInput(), { language }).contents;
      const lines = doc.split("\n");
      expect(lines[0]).toBe(headings[language][0]);
      for (const h of headings[language]) expect(lines, h).toContain(h);
      // Top-level sections in template order (sub-headings repeat per table, so only check `## `).
      const top = headings[language].filter((h) => h.startsWith("## "));
      const topPositions = top.map((h) => lines.indexOf(h));
      expect([...topPositions].sort((a, b) => a - b)).toEqual(topPositions);
    });
  }

  it("is written to the given path, dated from the plan timestamp", () => {
    const file = emitSchemaDoc(docInput(), { language: "pt" });
    expect(file.path).toBe("schema-changes-tickets.md");
    expect(file.contents).toContain("2026-11-25 10:30:00");
    expect(file.contents).toContain("`20261125103000-create-tickets.ts`");
  });

  it("prints the migration's SQL verbatim, each statement terminated once, and nothing else", () => {
    const doc = emitSchemaDoc(docInput(), { language: "en" }).contents;
    const terminated = (s: string) => (s.trimEnd().endsWith(";") ? s.trimEnd() : `${s.trimEnd()};`);
    expect(codeBlocks(section(doc, "#### UP"), "sql")).toEqual([ticketsSql.up.map(terminated).join("\n\n")]);
    expect(codeBlocks(section(doc, "#### DOWN"), "sql")).toEqual([ticketsSql.down.map(terminated).join("\n\n")]);
    expect(doc).not.toContain(";;");
    // No CREATE/DROP statement anywhere that the migration does not run.
    const ddl = [...doc.matchAll(/^(CREATE|DROP|ALTER) [^\n]*$/gm)].map((m) => m[0]);
    const known = [...ticketsSql.up, ...ticketsSql.down].map(terminated);
    expect(ddl.filter((line) => !known.includes(line))).toEqual([]);
  });

  it("gives every index of the plan its reason and a tenant-scoped example query using its columns", () => {
    const input = docInput();
    const doc = emitSchemaDoc(input, { language: "en" }).contents;
    const performance = section(doc, "## Performance");
    const indexes = input.migrations[0]!.plan.operations.flatMap((op) => op.table.indexes.map((index) => ({ table: op.table, index })));
    expect(indexes.length).toBe(7);
    for (const { table, index } of indexes) {
      const block = section(section(performance, `### \`${table.tableName}\``), `#### \`${index.name}\``);
      // The fixture's reasons are all written ones: printed as written.
      expect(index.reason.kind).toBe("written");
      expect(block).toContain(index.reason.kind === "written" ? index.reason.text : "");
      const [query] = codeBlocks(block, "sql");
      expect(query).toContain(`FROM "${table.tableName}"`);
      expect(query).toMatch(/WHERE "company_id" = \$1/);
      for (const column of index.columns) expect(query).toContain(`"${column}"`);
      if (index.where) expect(query).toContain(index.where);
      expect(query).toContain(index.unique ? "LIMIT 1;" : "LIMIT 50;");
    }
    // The queue index ends with a timestamp: equality first, newest first.
    const queue = codeBlocks(section(section(performance, "### `tickets`"), "#### `tickets_company_id_status_created_at_idx`"), "sql")[0]!;
    expect(queue).toMatch(/"status" = 'open'[\s\S]*ORDER BY "created_at" DESC/);
  });

  it("queries a GIN jsonb index by containment and a partial index with its predicate", () => {
    const doc = emitSchemaDoc(docInput("notifications"), { language: "en" }).contents;
    const notifications = section(section(doc, "## Performance"), "### `notifications`");
    const gin = codeBlocks(section(notifications, "#### `notifications_metadata_idx`"), "sql")[0]!;
    expect(gin).toMatch(/"company_id" = \$1/);
    expect(gin).toMatch(/"metadata" @> \$2::jsonb/);
    const partial = codeBlocks(section(notifications, "#### `notifications_company_id_user_id_idx`"), "sql")[0]!;
    expect(partial).toContain(`("status" = 'unread')`);
  });

  it("ticks every tenant check of the fixture's tables", () => {
    for (const language of ["pt", "en"] as const) {
      const validation = section(emitSchemaDoc(docInput(), { language }).contents, "## Multi-Tenant Validation");
      for (const table of ["tags", "tickets", "ticket_tags"]) {
        const list = section(validation, `### \`${table}\``);
        expect(list.match(/^- \[x\] /gm)?.length, table).toBe(7);
        // The fixture has no isolation layer: only the enforced tenant filter stays unticked, saying why.
        expect(list.match(/^- \[ \] .*$/gm), table).toEqual([expect.stringMatching(language === "en" ? /Queries filter by the tenant.*neither row-level security .* nor the runtime guard/ : /Consultas filtram pelo tenant.*nem row-level security .* nem o guard de runtime/)]);
      }
    }
  });

  it("leaves a box unticked, with the reason, when the IR does not prove the property", () => {
    const schema = fixtureSchema();
    const [tags, tickets] = [fixtureFeature(schema, "tickets").find((t) => t.key === "tags")!, schema.tables.find((t) => t.key === "tickets")!];
    tickets.indexes = tickets.indexes.filter((i) => i.name !== "tickets_company_id_idx");
    tags.indexes[0]!.columns = ["name"];
    tickets.foreignKeys.find((f) => f.name === "tickets_assignee_id_fkey")!.referencedTable = "legacy_users";
    const doc = emitSchemaDoc(docInput("tickets", schema), { language: "en" }).contents;
    const validation = section(doc, "## Multi-Tenant Validation");
    expect(section(validation, "### `tickets`")).toContain(
      "- [ ] **Tenant column indexed**: no non-partial btree index leads with `company_id`",
    );
    expect(section(validation, "### `tickets`")).toContain("- [ ] **Referenced tables are tenant-scoped**: references tables outside the schema, scope unknown: `legacy_users`.");
    expect(section(validation, "### `tags`")).toContain("- [ ] **Unique indexes scoped by tenant**: unique across all tenants");
    // A failed proof is also a risk.
    expect(section(doc, "## Risks & Mitigations")).toContain("`tickets`: Tenant column indexed not proved");
    const pt = section(emitSchemaDoc(docInput("tickets", schema), { language: "pt" }).contents, "## Multi-Tenant Validation");
    expect(section(pt, "### `tickets`")).toContain("- [ ] **Coluna tenant indexada**: nenhum índice btree não parcial começa por `company_id`");
  });

  it("lists inverse associations and locks on existing models", () => {
    const doc = emitSchemaDoc(docInput(), { language: "en" }).contents;
    const existing = section(doc, "## Changes to Existing Models");
    expect(existing).toContain("`User` gains `hasMany` `Ticket` as `assignedTickets`");
    expect(existing).toMatch(/SHARE ROW EXCLUSIVE on `users`/);
    const global = emitSchemaDoc(docInput("payments"), { language: "pt" }).contents;
    expect(section(global, "## Alterações em Models Existentes").trim()).toBe("Nenhuma");
  });

  it("computes rollback and risks from the operations", () => {
    const doc = emitSchemaDoc(docInput(), { language: "en" }).contents;
    const rollback = section(doc, "## Rollback Strategy");
    expect(rollback).toContain("npx sequelize-cli db:migrate:undo --name 20261125103000-create-tickets.ts");
    // Down undoes the operations in reverse.
    expect(rollback.indexOf("drops `ticket_tags`")).toBeLessThan(rollback.indexOf("drops `tags`"));
    expect(section(rollback, "### Data loss")).toContain("`ticket_tags`, `tickets`, `tags`");
    const risks = section(doc, "## Risks & Mitigations");
    expect(risks).toContain("`tickets.assignee_id` is ON DELETE SET NULL");
    expect(risks).toContain("`tickets.assignee_id` → `users` is not checked to be of the same tenant");
    expect(risks).toContain("ON DELETE CASCADE chain: `tickets` → `ticket_tags`");
    expect(risks).toContain("`tags_company_id_name_key` is unique on a paranoid table");
    const notifications = section(emitSchemaDoc(docInput("notifications"), { language: "en" }).contents, "## Risks & Mitigations");
    expect(notifications).not.toContain("JSONB without a GIN index");
  });

  it("draws the created tables, the tenant root and referenced tables in Mermaid", () => {
    const [diagram] = codeBlocks(emitSchemaDoc(docInput(), { language: "en" }).contents, "mermaid");
    expect(diagram).toMatch(/^erDiagram\n/);
    expect(diagram).toContain('  companies ||--o{ tickets : "company_id"');
    expect(diagram).toContain('  users |o--o{ tickets : "assignee_id"');
    expect(diagram).toContain('  tickets ||--o{ ticket_tags : "ticket_id"');
    expect(diagram).toMatch(/ {2}ticket_tags \{\n {4}integer id PK\n {4}integer company_id FK\n/);
  });

  it("is deterministic and does not mutate its input", () => {
    const input = docInput();
    const before = structuredClone(input);
    const first = emitSchemaDoc(input, { language: "pt" });
    expect(emitSchemaDoc(input, { language: "pt" })).toEqual(first);
    expect(input).toEqual(before);
  });

  for (const language of ["pt", "en"] as const) {
    it(`survives prettier (${language}) and matches its snapshot`, async () => {
      const doc = emitSchemaDoc(docInput(), { language }).contents;
      const formatted = await prettier.format(doc, { parser: "markdown" });
      expect(await prettier.format(formatted, { parser: "markdown" })).toBe(formatted);
      for (const lang of ["sql", "mermaid", "bash", "ts"]) expect(codeBlocks(formatted, lang)).toEqual(codeBlocks(doc, lang));
      expect(formatted.match(/^- \[x\] /gm)?.length).toBe(doc.match(/^- \[x\] /gm)?.length);
      await expect(formatted).toMatchFileSnapshot(`./markdown/__snapshots__/tickets.${language}.md`);
    });
  }
});
