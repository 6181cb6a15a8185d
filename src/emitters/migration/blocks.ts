/**
 * How a migration's steps run: all in one transaction, or (plan.transaction false) each ALTER in
 * its own short transaction, concurrent statements alone outside any transaction, backfills as
 * batched loops. The file printer and the SQL generator both read these blocks.
 */
import { DEFAULT_VALIDATE_TIMEOUT } from "../types.js";
import type { MigrationEmitOptions } from "../types.js";
import { backfillSql } from "./alter-sql.js";
import { json, type QueryInterfaceCall } from "./calls.js";
import { quoteLiteral } from "./sql-text.js";
import { stepCall } from "./step-calls.js";
import type { MigrationStep } from "./steps.js";

/** A batched UPDATE: `update` repeated (per tenant from `tenants`, bound as `$1`) until no row changes. */
export interface BackfillLoop {
  tenants: string | null;
  update: string;
}

export type Statement =
  | { kind: "call"; call: QueryInterfaceCall }
  | { kind: "backfill"; loop: BackfillLoop; inTransaction: boolean };

/**
 * `scope` "migration": the transaction of a transactional migration (its SQL is read, and linted,
 * as one transaction). "statement": the short transaction of one ALTER in a migration without a
 * transaction; its SQL shows the START TRANSACTION/COMMIT Sequelize sends around it.
 */
export type Block = Statement | { kind: "transaction"; scope: "migration" | "statement"; statements: Statement[] };

/**
 * The blocks of one direction of a migration.
 *
 * @example
 * migrationBlocks([{ kind: "sql", sql: 'ALTER TABLE "t" VALIDATE CONSTRAINT "c"', concurrent: false }], false, options)
 * // [{ kind: "transaction", scope: "statement", statements: [SET LOCAL lock_timeout, the ALTER] }]
 */
export function migrationBlocks(
  steps: MigrationStep[],
  transaction: boolean,
  options: Pick<MigrationEmitOptions, "sequelize" | "lockTimeout" | "statementTimeout" | "validateTimeout">,
): Block[] {
  const statement = (step: MigrationStep, inTransaction: boolean): Statement =>
    step.kind === "backfill"
      ? { kind: "backfill", loop: backfillSql(step), inTransaction }
      : { kind: "call", call: stepCall(step, options.sequelize, inTransaction) };
  const lockTimeout = setLocal("lock_timeout", options.lockTimeout);
  if (transaction) {
    const concurrent = steps.find((step) => step.kind === "sql" && step.concurrent);
    if (concurrent !== undefined && concurrent.kind === "sql") {
      throw new Error(`A transactional migration cannot run "${concurrent.sql}": plan it in a migration without a transaction.`);
    }
    if (steps.length === 0) return [];
    const statementTimeout = options.statementTimeout === "0" ? [] : [setLocal("statement_timeout", options.statementTimeout)];
    return [
      { kind: "transaction", scope: "migration", statements: [lockTimeout, ...statementTimeout, ...steps.map((step) => statement(step, true))] },
    ];
  }
  // CREATE/DROP INDEX CONCURRENTLY cannot run in a transaction, so nothing bounds it but the
  // server's settings (the doc's risks say so); a backfill is bounded by its batch size.
  const validateTimeout = options.validateTimeout ?? DEFAULT_VALIDATE_TIMEOUT;
  const scanTimeout = validateTimeout === "0" ? [] : [setLocal("statement_timeout", validateTimeout)];
  return steps.map((step): Block => {
    if (step.kind === "backfill" || (step.kind === "sql" && step.concurrent)) return statement(step, false);
    // A short transaction per ALTER: its lock waits at most lock_timeout, its scan (VALIDATE) at
    // most statement_timeout, and a failure keeps what committed.
    return { kind: "transaction", scope: "statement", statements: [lockTimeout, ...scanTimeout, statement(step, true)] };
  });
}

function setLocal(setting: "lock_timeout" | "statement_timeout", value: string): Statement {
  return {
    kind: "call",
    call: { method: "query", args: [json(`SET LOCAL ${setting} = ${quoteLiteral(value)}`), transactionOption] },
  };
}

const transactionOption = { kind: "object", entries: [["transaction", { kind: "transaction" }]], castTo: null } as const satisfies QueryInterfaceCall["args"][number];

/** The comment line that marks a loop's statement in `sql`: the text after it is the real statement. */
export const REPEATED_PER_TENANT = "-- repeated per tenant until no row changes";
export const REPEATED = "-- repeated until no row changes";

/**
 * Every call of the blocks, in execution order.
 *
 * @example
 * blockCalls(blocks).map((call) => call.method) // ["query", "addColumn"]
 */
export function blockCalls(blocks: Block[]): QueryInterfaceCall[] {
  return blockStatements(blocks).flatMap((statement) => (statement.kind === "call" ? [statement.call] : []));
}

const blockStatements = (blocks: Block[]): Statement[] =>
  blocks.flatMap((block) => (block.kind === "transaction" ? block.statements : [block]));

/** What Sequelize sends to open and to commit a transaction (v5 and v6, PostgreSQL). */
export const START_TRANSACTION = "START TRANSACTION;";
export const COMMIT = "COMMIT;";

/**
 * The statements of the blocks, in order; a loop appears once, as its template statement after a
 * comment line saying it repeats. A statement's own short transaction shows its START TRANSACTION
 * and COMMIT, so the SQL runs as is with the same boundaries. `callsSql` turns the calls into their
 * SQL (one call, one statement).
 *
 * @example
 * blocksSql(blocks, callsSql) // ["START TRANSACTION;", "SET LOCAL lock_timeout = '5s'", 'ALTER TABLE ...', "COMMIT;"]
 */
export function blocksSql(blocks: Block[], callsSql: (calls: QueryInterfaceCall[]) => string[]): string[] {
  const callSql = callsSql(blockCalls(blocks));
  let next = 0;
  const statementSql = (statement: Statement): string[] => {
    if (statement.kind === "call") return [callSql[next++] ?? ""];
    const { tenants, update } = statement.loop;
    return tenants === null ? [`${REPEATED}\n${update}`] : [tenants, `${REPEATED_PER_TENANT}\n${update}`];
  };
  return blocks.flatMap((block): string[] => {
    if (block.kind !== "transaction") return statementSql(block);
    const inner = block.statements.flatMap(statementSql);
    return block.scope === "statement" ? [START_TRANSACTION, ...inner, COMMIT] : inner;
  });
}
