import type { Operation } from "../../../diff/operations.js";
import type { DocContext } from "../context.js";
import type { RenamePhase } from "../facts.js";
import { blocks, bulletList, code, codeBlock, heading, quoteIdent } from "../markdown.js";

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
  const files = input.migrations.map((x) => x.file);
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
  const backups = destructiveBackups(ops);
  return blocks([
    heading(2, m.headings.rollback),
    heading(3, m.headings.howToRun),
    ctx.created.length > 0 ? m.rollback.revertCodeFirst : "",
    evolving ? m.rollback.revertChangesFirst : "",
    files.length > 1 ? m.rollback.runInReverse : "",
    m.rollback.sequelizeCli,
    codeBlock("bash", [...files].reverse().map((f) => `npx sequelize-cli db:migrate:undo --name ${f}`).join("\n")),
    m.rollback.umzug,
    // Expanded the way prettier prints it (it keeps an object expanded when the source is).
    codeBlock("ts", `await umzug.down({\n  to: ${JSON.stringify(files[0] ?? "")},\n});`),
    phases.length === 0 ? "" : blocks([heading(3, m.rollback.phases), m.rollback.phasesIntro, ...phases.map((p) => bulletList(m.changes.phase(p, code)))]),
    heading(3, m.headings.whatDownDoes),
    m.rollback.order,
    bulletList([...ops].reverse().map((op) => `${namesItsTable(op) ? "" : `${code(op.table.tableName)}: `}${m.changes.undo(op, code)}`)),
    backups.items.length === 0
      ? ""
      : blocks([
          heading(3, m.rollback.destructiveTitle),
          m.rollback.destructive(backups.items.map(code).join(", ")),
          codeBlock("bash", backups.commands.join("\n")),
          m.rollback.structureNotData,
        ]),
    heading(3, m.headings.dataLoss),
    lostTables.length === 0 ? "" : m.rollback.dataLoss(lostTables.map(code).join(", ")),
    lostTables.length === 0 ? "" : codeBlock("bash", `pg_dump --data-only ${lostTables.map((t) => `--table=${shellQuote(quoteIdent(t))}`).join(" ")} "$DATABASE_URL" > backup.sql`),
    lostValues.length === 0 ? "" : m.rollback.rollbackLoss(lostValues.map(code).join(", ")),
    lostTables.length === 0 && lostValues.length === 0 ? m.rollback.noDataLoss : "",
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

/** What the destructive operations destroy, and a backup command for each, to run before up. */
function destructiveBackups(ops: Operation[]): { items: string[]; commands: string[] } {
  const psql = (copy: string) => `psql "$DATABASE_URL" -c ${shellQuote(copy)}`;
  const entries = ops.flatMap((op) => {
    const t = op.table.tableName;
    if (op.kind === "dropTable") {
      return [{ item: t, command: `pg_dump --table=${shellQuote(quoteIdent(t))} "$DATABASE_URL" > ${fileName(t)}.sql` }];
    }
    if (op.kind === "dropColumn") {
      const c = op.column.field;
      return [{ item: `${t}.${c}`, command: psql(`\\copy (SELECT "id", ${quoteIdent(c)} FROM ${quoteIdent(t)}) TO '${fileName(`${t}-${c}`)}.csv' CSV HEADER`) }];
    }
    if (op.kind === "changeEnumValues" && op.removed.length > 0) {
      const c = op.column.field;
      const values = op.removed.map((v) => `'${v.replace(/'/g, "''")}'`).join(", ");
      return [
        {
          item: `${t}.${c} (${op.removed.join(", ")})`,
          command: psql(`\\copy (SELECT "id", ${quoteIdent(c)} FROM ${quoteIdent(t)} WHERE ${quoteIdent(c)} IN (${values})) TO '${fileName(`${t}-${c}`)}-removed.csv' CSV HEADER`),
        },
      ];
    }
    return [];
  });
  return { items: entries.map((e) => e.item), commands: entries.map((e) => e.command) };
}

/** Queries that return rows while the rollback is incomplete; names are as they are after down. */
function verifyQueries(ctx: DocContext, ops: Operation[], files: string[]): string {
  const { m } = ctx;
  const renamedBack = new Map(ops.flatMap((op) => (op.kind === "renameTable" ? [[op.table.tableName, op.from.tableName] as const] : [])));
  const before = (table: string) => renamedBack.get(table) ?? table;
  const literal = (s: string) => `'${s.replace(/'/g, "''")}'`;
  const pairs = (xs: [string, string][]) => xs.map(([t, c]) => `(${literal(t)}, ${literal(c)})`).join(", ");

  const tablesGone = ops.flatMap((op) => (op.kind === "createTable" || op.kind === "renameTable" ? [op.table.tableName] : []));
  const tablesBack = ops.flatMap((op) => (op.kind === "dropTable" ? [op.table.tableName] : op.kind === "renameTable" ? [op.from.tableName] : []));
  const columnsGone = ops.flatMap((op): [string, string][] =>
    op.kind === "addColumn" ? [[before(op.table.tableName), op.column.field]] : op.kind === "expandColumnRename" ? [[before(op.table.tableName), op.to.field]] : [],
  );
  const columnsBack = ops.flatMap((op): [string, string][] =>
    op.kind === "dropColumn"
      ? [[before(op.table.tableName), op.column.field]]
      : op.kind === "contractColumnRename" || op.kind === "renameColumn"
        ? [[before(op.table.tableName), op.from.field]]
        : [],
  );
  const indexesGone = ops.flatMap((op) => (op.kind === "addIndex" && !ctx.createdNames.has(op.table.tableName) ? [op.index.name] : []));
  const regclasses = (xs: string[]) => xs.map((t) => literal(quoteIdent(t))).join(", ");

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
      : `-- ${m.rollback.verifyIndexesGone}\nSELECT indexname FROM pg_indexes WHERE schemaname = current_schema() AND indexname IN (${indexesGone.map(literal).join(", ")});`,
    `-- ${m.rollback.verifyMeta}\nSELECT name FROM "SequelizeMeta" WHERE name IN (${files.map(literal).join(", ")});`,
  ];
  return queries.filter(Boolean).join("\n\n");
}

/** Undo sentences of these kinds already name the table. */
const namesItsTable = (op: Operation) => op.kind === "createTable" || op.kind === "dropTable" || op.kind === "renameTable" || op.kind === "dropCompatibilityView";

const shellQuote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/** A file name safe in a shell command without quoting. */
const fileName = (s: string) => s.replace(/[^A-Za-z0-9_.-]/g, "_");
