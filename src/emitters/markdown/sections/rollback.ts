import { match } from "ts-pattern";
import type { Operation } from "../../../diff/operations.js";
import type { DocContext } from "../context.js";
import { blocks, bulletList, code, codeBlock, heading, quoteIdent } from "../markdown.js";

/** What undoing one operation does, and which tables' rows it throws away. */
interface RollbackEffect {
  describe: (ctx: DocContext) => string;
  losesRowsOf: string[];
  removedTables: string[];
}

/**
 * "Rollback Strategy", computed from the operations: commands, what down does, data loss, checks.
 *
 * @example
 * rollbackSection(ctx) // "## Estratégia de Rollback\n\n### Como executar..."
 */
export function rollbackSection(ctx: DocContext): string {
  const { m, input } = ctx;
  const effects = [...input.plan.operations].reverse().map(rollbackEffect);
  const lost = effects.flatMap((e) => e.losesRowsOf);
  const removed = effects.flatMap((e) => e.removedTables);
  return blocks([
    heading(2, m.headings.rollback),
    heading(3, m.headings.howToRun),
    m.rollback.revertCodeFirst,
    m.rollback.sequelizeCli,
    codeBlock("bash", `npx sequelize-cli db:migrate:undo --name ${input.migrationFile}`),
    m.rollback.umzug,
    codeBlock("ts", `await umzug.down({ migrations: [${JSON.stringify(input.migrationFile)}] });`),
    heading(3, m.headings.whatDownDoes),
    m.rollback.order,
    bulletList(effects.map((e) => e.describe(ctx))),
    heading(3, m.headings.dataLoss),
    lost.length === 0 ? m.rollback.noDataLoss : m.rollback.dataLoss(lost.map(code).join(", ")),
    lost.length === 0 ? "" : codeBlock("bash", `pg_dump --data-only ${lost.map((t) => `--table=${shellQuote(quoteIdent(t))}`).join(" ")} "$DATABASE_URL" > backup.sql`),
    heading(3, m.headings.verify),
    m.rollback.verifyIntro,
    codeBlock("sql", verifyQueries(ctx, removed)),
  ]);
}

/**
 * The rollback effect of one operation.
 *
 * @example
 * rollbackEffect({ kind: "createTable", table }).losesRowsOf // ["tickets"]
 */
export function rollbackEffect(op: Operation): RollbackEffect {
  return match(op)
    .with({ kind: "createTable" }, (o) => ({
      describe: (ctx: DocContext) => ctx.m.rollback.dropsTable(code(o.table.tableName)),
      losesRowsOf: [o.table.tableName],
      removedTables: [o.table.tableName],
    }))
    .exhaustive();
}

function verifyQueries(ctx: DocContext, removed: string[]): string {
  const { m, input } = ctx;
  const tables = removed.map((t) => `'${quoteIdent(t).replace(/'/g, "''")}'`).join(", ");
  const queries = [
    ...(removed.length === 0
      ? []
      : [`-- ${m.rollback.verifyTablesGone}\nSELECT t.name FROM unnest(ARRAY[${tables}]) AS t(name) WHERE to_regclass(t.name) IS NOT NULL;`]),
    `-- ${m.rollback.verifyMeta}\nSELECT name FROM "SequelizeMeta" WHERE name = '${input.migrationFile.replace(/'/g, "''")}';`,
  ];
  return queries.join("\n\n");
}

const shellQuote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
