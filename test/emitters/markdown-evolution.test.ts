/**
 * The doc of evolution change sets: hand-built change sets over the fixture schema, in both
 * languages. squawk (the real binary) lints each change set's up SQL, and every rule it reports
 * about the schema change must be named in Riscos e Mitigações.
 */
import prettier from "prettier";
import { describe, expect, it } from "vitest";
import type { Operation } from "../../src/diff/operations.js";
import { emitSchemaDoc, type SchemaDocInput } from "../../src/emitters/markdown/index.js";
import { messagesFor } from "../../src/emitters/markdown/messages/index.js";
import { lockOf } from "../../src/plan/lock.js";
import { operationText, undoText } from "../../src/emitters/markdown/messages/operation-text.js";
import { notNullCheckName } from "../../src/ir/naming.js";
import { fixtureSchema } from "../fixtures/schema-ir.js";
import { squawk } from "../support/squawk.js";
import { emitMigration } from "../../src/emitters/migration/index.js";
import { addPriorityInput, changeInput, dropAssigneeInput, everyKind, migration, renameSubjectInput, rewriteAndEnumInput } from "./markdown/doc-input.js";
import { codeBlocks, section, unpadded } from "./markdown/doc-text.js";

const languages = ["pt", "en"] as const;
const inputs: Record<string, () => SchemaDocInput> = {
  addPriority: addPriorityInput,
  dropAssignee: dropAssigneeInput,
  renameSubject: renameSubjectInput,
  rewriteAndEnum: rewriteAndEnumInput,
};
const sections = {
  pt: ["## Resumo", "## Novos Models Sequelize", "## Alterações em Models Existentes", "## Migrations", "## Estratégia de Rollback", "## Performance", "## Multi-Tenant Validation", "## Isolamento", "## Riscos e Mitigações", "## Diagrama ER"],
  en: ["## Summary", "## New Sequelize Models", "## Changes to Existing Models", "## Migrations", "## Rollback Strategy", "## Performance", "## Multi-Tenant Validation", "## Isolation", "## Risks & Mitigations", "## ER Diagram"],
} as const;
const code = (s: string) => `\`${s}\``;



const terminated = (s: string) => (s.trimEnd().endsWith(";") ? s.trimEnd() : `${s.trimEnd()};`);
// Rows matched by their text: the table padding (as prettier aligns it) taken out.
const doc = (input: SchemaDocInput, language: "pt" | "en") => unpadded(emitSchemaDoc(input, { language }).contents);

describe("emitSchemaDoc for evolution change sets", () => {
  for (const [name, build] of Object.entries(inputs)) {
    for (const language of languages) {
      it(`${name}: every section in order, every migration's SQL verbatim (${language})`, () => {
        const input = build();
        const text = doc(input, language);
        const lines = text.split("\n");
        const positions = sections[language].map((h) => lines.indexOf(h));
        expect(positions.every((p) => p >= 0), JSON.stringify(positions)).toBe(true);
        expect([...positions].sort((a, b) => a - b)).toEqual(positions);
        const migrations = section(text, "## Migrations");
        for (const m of input.migrations) {
          const block = section(migrations, `### ${code(m.file)}`);
          const empty = messagesFor(language).migrations.empty;
          const up = section(block, "#### UP");
          const down = section(block, "#### DOWN");
          expect(codeBlocks(up, "sql")).toEqual(m.sql.up.length === 0 ? [] : [m.sql.up.map(terminated).join("\n\n")]);
          expect(codeBlocks(down, "sql")).toEqual(m.sql.down.length === 0 ? [] : [m.sql.down.map(terminated).join("\n\n")]);
          if (m.sql.down.length === 0) expect(down.trim()).toBe(empty);
          expect(block).toContain(messagesFor(language).changes.migrationKind(m.plan.transaction, []).slice(0, 12));
        }
        // Rollback undoes the migrations newest first.
        const [commands] = codeBlocks(section(text, `## ${language === "pt" ? "Estratégia de Rollback" : "Rollback Strategy"}`), "bash");
        expect(commands).toBe([...input.migrations].reverse().map((m) => `npx sequelize-cli db:migrate:undo --name ${m.file}`).join("\n"));
      });
    }
  }

  it("lists every operation kind with its lock level and risk, in both languages", () => {
    const ops = Object.values(everyKind()) as Operation[];
    const schema = fixtureSchema();
    const input = changeInput("tickets", [migration("tickets", "everything", "20261127000000", true, ops, { up: [], down: [] })], schema, fixtureSchema());
    for (const language of languages) {
      const m = messagesFor(language);
      const text = doc(input, language);
      const existing = section(text, language === "pt" ? "## Alterações em Models Existentes" : "## Changes to Existing Models");
      const rows = existing.split("\n").filter((l) => l.startsWith("| `"));
      const created = new Set(["notifications"]);
      for (const op of ops.filter((o) => o.kind !== "createTable")) {
        const change = operationText(m.changes, op, code).replace(/\|/g, "\\|");
        const lock = m.changes.lock(lockOf(op, created), code);
        expect(rows.some((r) => r.includes(change) && r.includes(lock)), `${op.kind}: ${change} / ${lock}`).toBe(true);
      }
      // Down describes every operation too, newest first.
      const downList = section(text, language === "pt" ? "### O que o down faz" : "### What down does");
      const undone = [...ops].reverse().map((op) => undoText(m.changes, op, code, (items) => items.join(", ")));
      const positions = undone.map((u) => downList.indexOf(u));
      expect(positions.every((p) => p >= 0)).toBe(true);
      expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    }
    const en = doc(input, "en");
    expect(en).toContain("SHARE UPDATE EXCLUSIVE on `tickets` (CONCURRENTLY): reads and writes go on");
    expect(en).toContain("ACCESS EXCLUSIVE on the view `old_labels` only, brief");
    expect(en).toContain("ROW EXCLUSIVE on `tickets`; row locks of one batch at a time");
    expect(doc(input, "pt")).toContain("SHARE UPDATE EXCLUSIVE em `tickets` enquanto ela é varrida: leituras e escritas continuam");
  });

  it("adding a column with an index: lock per operation, the concurrent build explained, example query, rollback checks", () => {
    const text = doc(addPriorityInput(), "en");
    const existing = section(text, "## Changes to Existing Models");
    expect(existing).toMatch(/adds column `priority` \(NOT NULL, default `'normal'`\) \| ACCESS EXCLUSIVE on `tickets`, brief: metadata only \| Low/);
    expect(existing).toMatch(/adds index `tickets_company_id_priority_idx` concurrently \| SHARE UPDATE EXCLUSIVE on `tickets` \(CONCURRENTLY\)/);
    expect(existing).toMatch(/validates `tickets_priority_check` against existing rows \| SHARE UPDATE EXCLUSIVE on `tickets` while it is scanned/);
    const migrations = section(text, "## Migrations");
    expect(section(migrations, "### `20261126090002-add-priority-to-tickets-indexes.ts`")).toContain("CREATE/DROP INDEX CONCURRENTLY cannot run inside a transaction");
    expect(section(migrations, "### `20261126090000-add-priority-to-tickets.ts`")).toContain("Runs in one transaction");
    const performance = section(text, "## Performance");
    const [query] = codeBlocks(section(section(performance, "### `tickets`"), "#### `tickets_company_id_priority_idx`"), "sql");
    expect(query).toMatch(/WHERE "company_id" = \$1\n {2}AND "priority" = 'low'/);
    expect(performance).toContain("is built CONCURRENTLY on `tickets`");
    const risks = section(text, "## Risks & Mitigations");
    expect(risks).toContain("`tickets_priority_check` on `tickets` is added NOT VALID and validated in a later migration");
    expect(risks).toMatch(/`tickets\.priority`[^|]*\(squawk: `prefer-text-field`\)/);
    const [verify] = codeBlocks(section(text, "### Verify after rollback"), "sql");
    expect(verify).toContain(`(table_name, column_name) IN (('tickets', 'priority'))`);
    expect(verify).toContain(`indexname IN ('tickets_company_id_priority_idx')`);
    expect(verify).toContain(`WHERE regexp_replace(name, '\\.[cm]?[jt]s$', '') IN ('20261126090000-add-priority-to-tickets', '20261126090001-add-priority-to-tickets-backfill', '20261126090002-add-priority-to-tickets-indexes')`);
    expect(section(text, "### Data loss")).toContain("`tickets.priority`");
  });

  it("dropping a column: destructive warning with a backup command, structure-not-data, squawk rule named", () => {
    for (const language of languages) {
      const text = doc(dropAssigneeInput(), language);
      const rollback = section(text, language === "pt" ? "## Estratégia de Rollback" : "## Rollback Strategy");
      const destructive = section(rollback, language === "pt" ? "### Alterações destrutivas" : "### Destructive changes");
      expect(destructive).toContain("`tickets.assignee_id`");
      expect(destructive).toContain(language === "pt" ? "Faça backup ANTES de rodar o up" : "Back it up BEFORE running up");
      expect(codeBlocks(destructive, "bash")).toEqual([`psql "$DATABASE_URL" -c '\\copy (SELECT "id", "assignee_id" FROM "tickets") TO '\\''tickets-assignee_id.csv'\\'' CSV HEADER'`]);
      expect(destructive).toContain(language === "pt" ? "O down restaura a estrutura, não os dados" : "Down restores the structure, not the data");
      const risks = section(text, language === "pt" ? "## Riscos e Mitigações" : "## Risks & Mitigations");
      expect(risks).toMatch(/`tickets\.assignee_id`[^\n]*\(squawk: `ban-drop-column`\)/);
      expect(risks).toMatch(/`tickets_assignee_id_idx`[^\n]*\(squawk: `require-concurrent-index-deletion`\)/);
      const [verify] = codeBlocks(section(rollback, language === "pt" ? "### Verificação após o rollback" : "### Verify after rollback"), "sql");
      expect(verify).toContain(`(VALUES ('tickets', 'assignee_id'))`);
    }
    expect(section(doc(dropAssigneeInput(), "en"), "## Changes to Existing Models")).toMatch(/drops column `assignee_id` and its data \| ACCESS EXCLUSIVE on `tickets`, brief: metadata only \| High/);
  });

  it("expand/contract rename: phases with what to deploy between them, staged NOT NULL explained", () => {
    for (const language of languages) {
      const text = doc(renameSubjectInput(), language);
      const phases = section(text, language === "pt" ? "### Fases expand/contract" : "### Expand/contract phases");
      const steps = phases.split("\n").filter((l) => l.startsWith("- "));
      expect(steps).toHaveLength(3);
      expect(steps[0]).toMatch(/^- \*\*Expand/);
      expect(steps[1]).toContain('`.renamedFrom("subject")`');
      expect(steps[2]).toMatch(/^- \*\*Contract/);
      const risks = section(text, language === "pt" ? "## Riscos e Mitigações" : "## Risks & Mitigations");
      expect(risks).toContain(code(notNullCheckName("tickets", "title")));
      expect(risks).toContain("SHARE UPDATE EXCLUSIVE");
    }
    const en = doc(renameSubjectInput(), "en");
    expect(section(en, "## Migrations")).toContain("each backfill batch commits on its own");
    expect(section(en, "### What down does")).toContain("drops the sync trigger and `title`; `subject` still holds every value");
  });

  it("a rewriting type change and removed enum values: ACCESS EXCLUSIVE for the rewrite, backup of the affected rows", () => {
    const text = doc(rewriteAndEnumInput(), "en");
    expect(section(text, "## Changes to Existing Models")).toMatch(
      /changes `subject` from `VARCHAR\(255\)` to `JSONB` using `jsonb_build_object\('text', "subject"\)` \(rewrites the table\) \| ACCESS EXCLUSIVE on `tickets` for the whole table rewrite: reads and writes wait \| High/,
    );
    const risks = section(text, "## Risks & Mitigations");
    expect(risks).toMatch(/`tickets\.subject`: `VARCHAR\(255\)` → `JSONB` rewrites the table \(squawk: `changing-column-type`\) \| ACCESS EXCLUSIVE on `tickets` for the whole rewrite/);
    expect(risks).toContain("Values `pending` removed from `tickets.status`");
    const [backup] = codeBlocks(section(text, "### Destructive changes"), "bash");
    expect(backup).toContain(`WHERE "status" IN ('\\''pending'\\''))`);
    expect(section(text, "## Performance")).toContain("The rewrite of `tickets` also rebuilds its 4 indexes");
    expect(doc(rewriteAndEnumInput(), "pt")).toContain("ACCESS EXCLUSIVE em `tickets` durante toda a reescrita da tabela");
  });

  it("names in Riscos e Mitigações every squawk rule the emitted up and down SQL trigger (nothing excepted but the conventions)", async () => {
    const options = { sequelize: 6 as const, lockTimeout: "5s", statementTimeout: "60s", backfillBatchSize: 1000 };
    for (const [name, build] of Object.entries(inputs)) {
      const given = build();
      // The SQL the migration emitter really writes for these plans, linted as each migration runs.
      const input = { ...given, migrations: given.migrations.map((m) => ({ ...m, sql: emitMigration(m.plan, options).sql })) };
      const rules = new Set<string>();
      for (const m of input.migrations) {
        for (const statements of [m.sql.up, m.sql.down]) {
          for (const finding of await squawk(statements.map(terminated).join("\n\n"), { inTransaction: m.plan.transaction })) rules.add(finding.rule);
        }
      }
      expect(rules.size, name).toBeGreaterThan(0);
      for (const language of languages) {
        const risks = section(doc(input, language), language === "pt" ? "## Riscos e Mitigações" : "## Risks & Mitigations");
        for (const rule of rules) expect(risks, `${name} ${language}`).toContain(code(rule));
      }
    }
  });

  it("is deterministic, does not mutate its input, and is prettier-stable", async () => {
    const input = renameSubjectInput();
    const before = structuredClone(input);
    const first = emitSchemaDoc(input, { language: "pt" });
    expect(emitSchemaDoc(input, { language: "pt" })).toEqual(first);
    expect(input).toEqual(before);
    for (const build of Object.values(inputs)) {
      const text = emitSchemaDoc(build(), { language: "en" }).contents;
      const formatted = await prettier.format(text, { parser: "markdown" });
      expect(formatted).toBe(text); // printed as prettier prints it: the CLI skips prettier for the doc

      for (const lang of ["sql", "bash", "ts", "mermaid"]) expect(codeBlocks(formatted, lang)).toEqual(codeBlocks(text, lang));
    }
  });

  for (const language of languages) {
    it(`matches its snapshot: drop a column with acknowledgement (${language})`, async () => {
      const formatted = await prettier.format(doc(dropAssigneeInput(), language), { parser: "markdown" });
      await expect(formatted).toMatchFileSnapshot(`./markdown/__snapshots__/drop-assignee.${language}.md`);
    });
  }
});

describe("enum values removed by a type change (the CHECK is re-added around ALTER TYPE)", () => {
  function shrinkAndWiden(): SchemaDocInput {
    const previous = fixtureSchema();
    const schema = fixtureSchema();
    const before = previous.tables.find((t) => t.key === "tickets")!;
    const tickets = schema.tables.find((t) => t.key === "tickets")!;
    const from = before.columns.find((c) => c.field === "status")!;
    const to = { ...from, type: { kind: "enum" as const, values: ["open", "closed"], length: 300 } };
    tickets.columns = tickets.columns.map((c) => (c.field === "status" ? to : c));
    schema.acknowledgements.push({ kind: "removeEnumValues", table: "tickets", column: "status", values: ["pending"], reason: "Pending merged into open.", source: null });
    return changeInput(
      "tickets",
      [
        migration("tickets", "alter-tickets", "20261126130000", true, [
          { kind: "alterColumnType", table: tickets, from, to, rewrite: false, using: null, downUsing: null },
        ], { up: [`ALTER TABLE "tickets" ALTER COLUMN "status" TYPE VARCHAR(300)`], down: [`ALTER TABLE "tickets" ALTER COLUMN "status" TYPE VARCHAR(255)`] }),
      ],
      schema,
      previous,
    );
  }

  it.each(languages)("is destructive in the doc (%s): backup of the rows holding them, the acknowledgement's reason", (language) => {
    const text = doc(shrinkAndWiden(), language);
    expect(text).toContain("`tickets.status (pending)`");
    expect(text).toContain(`\\copy (SELECT "id", "status" FROM "tickets" WHERE "status" IN ('\\''pending'\\''))`);
    expect(text).toContain("Pending merged into open.");
  });
});
