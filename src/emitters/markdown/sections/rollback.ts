import type { MigrationExtension } from "../../types.js";
import type { Operation } from "../../../diff/operations.js";
import type { AcknowledgementIR, TableIR } from "../../../ir/types.js";
import type { DocContext } from "../context.js";
import type { RenamePhase } from "../facts.js";
import { blocks, bulletList, code, codeBlock, DEFAULT_LAYOUT, heading, quoteIdent, type MarkdownLayout } from "../markdown.js";
import { removedEnumValues } from "../../../plan/enum-values.js";
import { rollbackChecks } from "../../../plan/rollback-checks.js";
import { INLINE_LIMIT, longLists } from "../long-lists.js";
import { undoText } from "../messages/operation-text.js";

/**
 * "Rollback Strategy", computed from the operations: commands (newest migration first), the
 * phases of expand/contract renames, what down does, backups for destructive changes, data lost
 * on rollback, and queries that prove the rollback is complete.
 *
 * @example
 * rollbackSection(ctx) // "## Estratégia de Rollback\n\n### Como executar..."
 */
export function rollbackSection(ctx: DocContext): string {
  const { m, input } = ctx;
  const ops = ctx.operations.map((o) => o.op);
  const files = input.migrations.map((x) => recordedName(x.file, ctx.extension));
  const newestFirst = [...files].reverse();
  const evolving = ops.some((op) => op.kind !== "createTable");
  const phases = renamePhases(ops);
  // Down runs newest first, so what it throws away is listed in that order too.
  const lostTables = [...ops].reverse().flatMap((op) => (op.kind === "createTable" ? [op.table.tableName] : []));
  const lostValues = ops.flatMap((op) =>
    op.kind === "addColumn"
      ? [`${op.table.tableName}.${op.column.field}`]
      : op.kind === "alterColumnType" && op.rewrite && op.downUsing !== null
        ? [`${op.table.tableName}.${op.to.field}`]
        : [],
  );
  const backups = destructiveBackups(ops, input.schema.acknowledgements);
  const concurrent = concurrentIndexes(ops);
  // Each sub-section lists what its sentences only count (long-lists.ts).
  const [invalidLists, undoLists, destructiveLists, lossLists] = [longLists(m), longLists(m), longLists(m), longLists(m)];
  return blocks([
    heading(2, m.headings.rollback),
    heading(3, m.headings.howToRun),
    ctx.created.length > 0 ? m.rollback.revertCodeFirst : "",
    evolving ? m.rollback.revertChangesFirst : "",
    files.length > 1 ? m.rollback.runInReverse : "",
    m.rollback.recordedAs(code(ctx.extension)),
    m.rollback.sequelizeCli,
    codeBlock("bash", newestFirst.map((f) => `npx sequelize-cli db:migrate:undo --name ${f}`).join("\n")),
    m.rollback.umzug,
    codeBlock("ts", umzugDown(newestFirst, ctx.layout)),
    concurrent.length === 0
      ? ""
      : blocks([
          heading(3, m.rollback.invalidIndexTitle),
          m.rollback.invalidIndex(invalidLists.list(concurrent.map(code))),
          invalidLists.details(),
          m.rollback.invalidIndexDetect,
          codeBlock("sql", invalidIndexQuery(concurrent)),
          m.rollback.invalidIndexDrop,
          codeBlock("sql", concurrent.map((i) => `DROP INDEX CONCURRENTLY IF EXISTS ${quoteIdent(i)};`).join("\n")),
        ]),
    phases.length === 0 ? "" : blocks([heading(3, m.rollback.phases), m.rollback.phasesIntro, ...phases.map((p) => bulletList(m.changes.phase(p, code)))]),
    heading(3, m.headings.whatDownDoes),
    m.rollback.order,
    bulletList([...ops].reverse().map((op) => `${namesItsTable(op) ? "" : `${code(op.table.tableName)}: `}${undoText(m.changes, op, code, undoLists.list)}`)),
    undoLists.details(),
    backups.items.length === 0
      ? ""
      : blocks([
          heading(3, m.rollback.destructiveTitle),
          bulletList(
            backups.entries.map((e) =>
              e.acknowledgement === null
                ? m.rollback.unacknowledged(code(e.item))
                : m.rollback.acknowledged(code(e.item), oneLine(e.acknowledgement.reason), e.acknowledgement.source ? code(`${e.acknowledgement.source.file}:${e.acknowledgement.source.line}`) : null),
            ),
          ),
          m.rollback.destructive(destructiveLists.list(backups.items.map(code))),
          destructiveLists.details(),
          codeBlock("bash", backups.commands.join("\n")),
          m.rollback.structureNotData,
        ]),
    heading(3, m.headings.dataLoss),
    lostTables.length === 0 ? "" : m.rollback.dataLoss(lossLists.list(lostTables.map(code))),
    lostTables.length === 0 ? "" : codeBlock("bash", shellCommand(["pg_dump", "--data-only", ...lostTables.map((t) => `--table=${shellQuote(quoteIdent(t))}`)], `"$DATABASE_URL" > backup.sql`)),
    lostValues.length === 0 ? "" : m.rollback.rollbackLoss(lossLists.list(lostValues.map(code))),
    lostTables.length === 0 && lostValues.length === 0 ? m.rollback.noDataLoss : "",
    lossLists.details(),
    heading(3, m.headings.verify),
    m.rollback.verifyIntro,
    codeBlock("sql", verifyQueries(ctx, ops, files)),
  ]);
}

/**
 * The expand and contract phases of the change set's renames.
 *
 * @example
 * renamePhases([{ kind: "expandColumnRename", ... }]) // [{ phase: "expand", target: "column", from: "title", to: "subject", ... }]
 */
export function renamePhases(ops: Operation[]): RenamePhase[] {
  return ops.flatMap((op): RenamePhase[] => {
    const table = op.table.tableName;
    if (op.kind === "renameTable" && op.strategy === "expand-contract") {
      return [{ phase: "expand", target: "table", table, from: op.from.tableName, to: table, hint: `.renamedFrom(${JSON.stringify(op.from.key)})` }];
    }
    if (op.kind === "expandColumnRename" || op.kind === "contractColumnRename") {
      const phase = op.kind === "expandColumnRename" ? "expand" : "contract";
      return [{ phase, target: "column", table, from: op.from.field, to: op.to.field, hint: `.renamedFrom(${JSON.stringify(op.from.name)})` }];
    }
    if (op.kind === "dropCompatibilityView") {
      return [{ phase: "contract", target: "table", table, from: op.view, to: table, hint: `.renamedFrom(...)` }];
    }
    return [];
  });
}

/**
 * What the destructive operations destroy, a backup command for each (to run before up), and the
 * acknowledgement that let each through (null: `--allow-destructive`).
 */
function destructiveBackups(
  ops: Operation[],
  acknowledgements: readonly AcknowledgementIR[],
): { items: string[]; commands: string[]; entries: { item: string; acknowledgement: AcknowledgementIR | null }[] } {
  // Acknowledgements name the table by its DSL key, possibly the key it had before a rename.
  const keys = (t: TableIR) => [t.key, ...(t.renamedFrom ? [t.renamedFrom.from] : [])];
  const ack = (op: Operation): AcknowledgementIR | null =>
    acknowledgements.find((a) => {
      if (!keys(op.table).includes(a.table)) return false;
      if (op.kind === "dropTable") return a.kind === "dropTable";
      if (op.kind === "dropColumn") return a.kind === "dropColumn" && a.column === op.column.name;
      const removed = removedEnumValues(op);
      if (removed !== null) return a.kind === "removeEnumValues" && a.column === removed.column.name && removed.values.some((v) => a.values.includes(v));
      return false;
    }) ?? null;
  const psql = (copy: string) => `psql "$DATABASE_URL" -c ${shellQuote(copy)}`;
  const entries = ops.flatMap((op) => {
    const t = op.table.tableName;
    if (op.kind === "dropTable") {
      return [{ item: t, acknowledgement: ack(op), command: `pg_dump --table=${shellQuote(quoteIdent(t))} "$DATABASE_URL" > ${fileName(t)}.sql` }];
    }
    if (op.kind === "dropColumn") {
      const c = op.column.field;
      return [{ item: `${t}.${c}`, acknowledgement: ack(op), command: psql(`\\copy (SELECT "id", ${quoteIdent(c)} FROM ${quoteIdent(t)}) TO '${fileName(`${t}-${c}`)}.csv' CSV HEADER`) }];
    }
    const removed = removedEnumValues(op);
    if (removed !== null) {
      const c = removed.column.field;
      const values = removed.values.map((v) => `'${v.replace(/'/g, "''")}'`).join(", ");
      return [
        {
          item: `${t}.${c} (${removed.values.join(", ")})`,
          acknowledgement: ack(op),
          command: psql(`\\copy (SELECT "id", ${quoteIdent(c)} FROM ${quoteIdent(t)} WHERE ${quoteIdent(c)} IN (${values})) TO '${fileName(`${t}-${c}`)}-removed.csv' CSV HEADER`),
        },
      ];
    }
    return [];
  });
  return { items: entries.map((e) => e.item), commands: entries.map((e) => e.command), entries: entries.map((e) => ({ item: e.item, acknowledgement: e.acknowledgement })) };
}

/**
 * Indexes built CONCURRENTLY in either direction: by up (added) or by down (dropped concurrently).
 */
function concurrentIndexes(ops: Operation[]): string[] {
  return ops.flatMap((op) => ((op.kind === "addIndex" || op.kind === "dropIndex") && op.concurrently ? [op.index.name] : []));
}

/** Rows for every INVALID index among `indexes`: what a failed CONCURRENTLY build leaves behind. */
function invalidIndexQuery(indexes: string[]): string {
  const names = sqlItems(indexes.map((i) => `'${i.replace(/'/g, "''")}'`));
  return [
    "SELECT c.relname AS index_name, t.relname AS table_name",
    "FROM pg_index i",
    "JOIN pg_class c ON c.oid = i.indexrelid",
    "JOIN pg_class t ON t.oid = i.indrelid",
    `WHERE NOT i.indisvalid AND c.relnamespace = current_schema()::regnamespace AND c.relname IN (${names});`,
  ].join("\n");
}

/** A reason written over several lines, as one line of Markdown text. */
const oneLine = (s: string) => s.replace(/\s+/g, " ").trim();

/**
 * A migration's name as the project's runner records it in SequelizeMeta: the emitted file's name
 * with the extension the runner sees (`.js` when it runs the `tsc` output).
 *
 * @example
 * recordedName("20261125093000-create-invoices.ts", ".js") // "20261125093000-create-invoices.js"
 */
export function recordedName(file: string, extension: MigrationExtension): string {
  return file.replace(/\.ts$/, extension);
}

/**
 * umzug 3's down of exactly these migrations, in the order given (newest first), and never a later
 * one (`to:` would also revert every migration after the change set). `rerun: "SKIP"` passes over
 * the ones not applied (a change set that stopped half-way); a name umzug does not know still
 * fails. Laid out the way prettier prints it: the object stays expanded, the array on one line when
 * it fits in 80 columns.
 *
 * @example
 * umzugDown(["b.ts", "a.ts"]) // 'await umzug.down({\n  migrations: ["b.ts", "a.ts"],\n  rerun: "SKIP",\n});'
 */
export function umzugDown(names: readonly string[], layout: MarkdownLayout = DEFAULT_LAYOUT): string {
  // As prettier prints it: the object stays broken (it is written so), the array breaks when its line is wider than printWidth.
  const indent = layout.useTabs ? "\t" : " ".repeat(layout.tabWidth);
  const inline = `${indent}migrations: [${names.map((n) => JSON.stringify(n)).join(", ")}],`;
  const fits = inline.length - indent.length + layout.tabWidth <= layout.printWidth;
  const list = fits ? inline : [`${indent}migrations: [`, ...names.map((n) => `${indent}${indent}${JSON.stringify(n)},`), `${indent}],`].join("\n");
  return `await umzug.down({\n${list}\n${indent}rerun: "SKIP",\n});`;
}

/** Queries that return rows while the rollback is incomplete; names are as they are after down. */
function verifyQueries(ctx: DocContext, ops: Operation[], files: string[]): string {
  const { m } = ctx;
  const { tablesGone, tablesBack, columnsGone, columnsBack, indexesGone } = rollbackChecks(ops, ctx.createdNames);
  const literal = (s: string) => `'${s.replace(/'/g, "''")}'`;
  const pairs = (xs: readonly (readonly [string, string])[]) => sqlItems(xs.map(([t, c]) => `(${literal(t)}, ${literal(c)})`));
  const regclasses = (xs: string[]) => sqlItems(xs.map((t) => literal(quoteIdent(t))));

  const queries = [
    tablesGone.length === 0
      ? ""
      : `-- ${m.rollback.verifyTablesGone}\nSELECT t.name FROM unnest(ARRAY[${regclasses(tablesGone)}]) AS t(name) WHERE to_regclass(t.name) IS NOT NULL;`,
    tablesBack.length === 0
      ? ""
      : `-- ${m.rollback.verifyTablesBack}\nSELECT t.name FROM unnest(ARRAY[${regclasses(tablesBack)}]) AS t(name) WHERE to_regclass(t.name) IS NULL;`,
    columnsGone.length === 0
      ? ""
      : `-- ${m.rollback.verifyColumnsGone}\nSELECT table_name, column_name FROM information_schema.columns\nWHERE table_schema = current_schema() AND (table_name, column_name) IN (${pairs(columnsGone)});`,
    columnsBack.length === 0
      ? ""
      : `-- ${m.rollback.verifyColumnsBack}\nSELECT v.t, v.c FROM (VALUES ${pairs(columnsBack)}) AS v(t, c)\nWHERE NOT EXISTS (SELECT 1 FROM information_schema.columns i WHERE i.table_schema = current_schema() AND i.table_name = v.t AND i.column_name = v.c);`,
    indexesGone.length === 0
      ? ""
      : `-- ${m.rollback.verifyIndexesGone}\nSELECT indexname FROM pg_indexes WHERE schemaname = current_schema() AND indexname IN (${sqlItems(indexesGone.map(literal))});`,
    // Matched without the extension: a runner that records `.js` names while the doc says `.ts`
    // (or the other way round) must not read as rolled back.
    `-- ${m.rollback.verifyMeta}\nSELECT name FROM "SequelizeMeta" WHERE regexp_replace(name, '\\.[cm]?[jt]s$', '') IN (${sqlItems(files.map((f) => literal(f.replace(/\.[cm]?[jt]s$/, ""))))});`,
  ];
  return queries.filter(Boolean).join("\n\n");
}

/**
 * The items of an SQL list (ARRAY[...], IN (...), VALUES ...): inline when few, else one per line,
 * so a query over hundreds of tables stays readable line by line.
 *
 * @example
 * sqlItems(["'a'", "'b'"]) // "'a', 'b'"
 */
function sqlItems(items: string[]): string {
  return items.length <= INLINE_LIMIT ? items.join(", ") : `\n  ${items.join(",\n  ")}\n`;
}

/**
 * A shell command on one line when it has few arguments, else one argument per line with `\`
 * continuations; `tail` (e.g. the URL and a redirection) ends it.
 *
 * @example
 * shellCommand(["pg_dump", "--data-only", "--table=a"], '"$DATABASE_URL" > backup.sql') // 'pg_dump --data-only --table=a "$DATABASE_URL" > backup.sql'
 */
function shellCommand(words: string[], tail: string): string {
  return words.length <= INLINE_LIMIT ? [...words, tail].join(" ") : [...words, tail].join(" \\\n  ");
}

/** Undo sentences of these kinds already name the table. */
const namesItsTable = (op: Operation) => op.kind === "createTable" || op.kind === "dropTable" || op.kind === "renameTable" || op.kind === "dropCompatibilityView";

const shellQuote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/** A file name safe in a shell command without quoting. */
const fileName = (s: string) => s.replace(/[^A-Za-z0-9_.-]/g, "_");
