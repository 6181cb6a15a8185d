/**
 * Steps of PostgreSQL ENUM types (`t.pgEnum`): created and dropped around the tables that use them,
 * values added with ALTER TYPE ... ADD VALUE. PostgreSQL cannot drop a value, so the down of an
 * added value rebuilds the type without it: rename the old type, create the type again, convert
 * every column that uses it (its default dropped around the conversion), drop the old type — one
 * statement list in one short transaction.
 */
import type { Operation } from "../../diff/operations.js";
import { fitIdentifier } from "../../ir/naming.js";
import { alterTable, createEnumTypeSql } from "./alter-sql.js";
import { defaultValueSql, quoteIdent as q, quoteLiteral } from "./sql-text.js";
import { concurrentStep, mainSteps, sqlStep } from "./step-helpers.js";
import type { OperationSteps } from "./steps.js";

const dropTypeSql = (name: string) => `DROP TYPE IF EXISTS ${q(name)}`;

/**
 * @example
 * createEnumTypeSteps("mood", ["sad", "ok"]).up.main[0].sql // `CREATE TYPE "mood" AS ENUM ('sad', 'ok')`
 */
export function createEnumTypeSteps(name: string, values: readonly string[]): OperationSteps {
  return mainSteps([sqlStep(createEnumTypeSql(name, values))], [sqlStep(dropTypeSql(name))]);
}

/**
 * @example
 * dropEnumTypeSteps("mood", ["sad", "ok"]).up.main[0].sql // 'DROP TYPE IF EXISTS "mood"'
 */
export function dropEnumTypeSteps(name: string, values: readonly string[]): OperationSteps {
  const create = createEnumTypeSteps(name, values);
  return { up: create.down, down: create.up };
}

/**
 * Up: ADD VALUE IF NOT EXISTS at its place, outside any transaction. Down: the type swap.
 *
 * @example
 * addEnumValueSteps({ kind: "addEnumValue", name: "mood", value: "glad", position: { after: "ok" }, ... }).up.main[0].sql
 * // `ALTER TYPE "mood" ADD VALUE IF NOT EXISTS 'glad' AFTER 'ok'`
 */
export function addEnumValueSteps(op: Extract<Operation, { kind: "addEnumValue" }>): OperationSteps {
  const position = op.position === null ? "" : "before" in op.position ? ` BEFORE ${quoteLiteral(op.position.before)}` : ` AFTER ${quoteLiteral(op.position.after)}`;
  const add = concurrentStep(`ALTER TYPE ${q(op.name)} ADD VALUE IF NOT EXISTS ${quoteLiteral(op.value)}${position}`);
  return mainSteps([add], [sqlStep(enumTypeSwapSql(op.name, op.previous, op.columns))]);
}

/**
 * The statements that rebuild an ENUM type with `values` and move `columns` onto it (through text:
 * a row holding a value the new type lacks makes it fail, and nothing changes).
 *
 * @example
 * enumTypeSwapSql("mood", ["sad"], [{ tableName: "calls", column: mood }]).split(";\n")[0]
 * // 'ALTER TYPE "mood" RENAME TO "mood__replaced"'
 */
export function enumTypeSwapSql(name: string, values: readonly string[], columns: Extract<Operation, { kind: "addEnumValue" }>["columns"]): string {
  const old = fitIdentifier(`${name}__replaced`);
  const convert = columns.flatMap(({ tableName, column }) => {
    const alter = (action: string) => alterTable(tableName, `ALTER COLUMN ${q(column.field)} ${action}`);
    const retype = alter(`TYPE ${q(name)} USING ${q(column.field)}::text::${q(name)}`);
    return column.default === null
      ? [retype]
      : [alter("DROP DEFAULT"), retype, alter(`SET DEFAULT ${defaultValueSql(column.default, column.type)}`)];
  });
  return [`ALTER TYPE ${q(name)} RENAME TO ${q(old)}`, createEnumTypeSql(name, values), ...convert, `DROP TYPE ${q(old)}`].join(";\n");
}
