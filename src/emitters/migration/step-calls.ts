import { match } from "ts-pattern";
import type { SequelizeTarget } from "../types.js";
import type { ColumnTypeIR, DefaultIR } from "../../ir/types.js";
import { json, literal, object, strings, transaction, type Expr, type QueryInterfaceCall } from "./calls.js";
import { dataTypeOf } from "./data-types.js";
import { writtenDefaultSql } from "./sql-text.js";
import type { ColumnDefinition, MigrationStep } from "./steps.js";

/** Steps that are one call each (a backfill is a loop of calls: see blocks.ts). */
export type CallStep = Exclude<MigrationStep, { kind: "backfill" }>;

/**
 * The QueryInterface call of one step for a Sequelize target. Sequelize 5 and 6 differ only in
 * `addConstraint`/`addIndex` signatures: v5 takes the fields as a separate argument.
 *
 * @example
 * stepCall({ kind: "dropTable", table: "users" }, 6)
 * // { method: "dropTable", args: [json("users"), object([["transaction", transaction]])] }
 */
export function stepCall(step: CallStep, target: SequelizeTarget, inTransaction = true): QueryInterfaceCall {
  // Outside a transaction (CREATE INDEX CONCURRENTLY), the options simply lack `transaction`.
  const tx: Array<[string, Expr]> = inTransaction ? [["transaction", transaction]] : [];
  const withFields = (method: "addConstraint" | "addIndex", table: string, fields: string[], entries: Array<[string, Expr]>) =>
    fieldsCall(target, method, table, fields, [...entries, ...tx]);
  return match(step)
    .returnType<QueryInterfaceCall>()
    .with({ kind: "createTable" }, (s) => ({
      method: "createTable",
      args: [
        json(s.table),
        object(s.columns.map((column) => [column.field, columnAttribute(column)])),
        s.comment === null
          ? object(tx)
          : // Sequelize runs COMMENT ON TABLE for `comment`, but neither v5 nor v6 typings declare it.
            object([...tx, ["comment", json(s.comment)]], "QueryInterfaceCreateTableOptions"),
      ],
    }))
    .with({ kind: "dropTable" }, (s) => ({ method: "dropTable", args: [json(s.table), object(tx)] }))
    .with({ kind: "addCheck" }, (s) =>
      withFields("addConstraint", s.table, s.columns, [
        ["type", json("check")],
        ["name", json(s.name)],
        ["where", literal(s.expression)],
      ]),
    )
    .with({ kind: "addForeignKey" }, (s) => {
      const [referencedColumn] = s.referencedColumns;
      if (s.columns.length !== 1 || s.referencedColumns.length !== 1 || referencedColumn === undefined) {
        // addConstraint takes one referenced `field` (Sequelize 5 has no other form): addForeignKeyStep
        // makes a composite key a raw statement, so this is a bug, not bad input.
        throw new Error(`Foreign key ${s.name} on ${s.table} has ${s.columns.length} columns: an addForeignKey step takes one (use addForeignKeyStep)`);
      }
      return withFields("addConstraint", s.table, s.columns, [
        ["type", json("foreign key")],
        ["name", json(s.name)],
        ["references", object([["table", json(s.referencedTable)], ["field", json(referencedColumn)]])],
        ["onDelete", json(s.onDelete)],
        ["onUpdate", json(s.onUpdate)],
      ]);
    })
    .with({ kind: "addIndex", constraint: true }, (s) =>
      withFields("addConstraint", s.table, s.columns, [
        ["type", json("unique")],
        ["name", json(s.name)],
      ]),
    )
    .with({ kind: "addIndex" }, (s) => {
      const entries: Array<[string, Expr]> = [["name", json(s.name)]];
      if (s.unique) entries.push(["unique", json(true)]);
      // btree is PostgreSQL's default: `USING btree` would only add noise.
      if (s.method !== "btree") entries.push(["using", json(s.method)]);
      if (s.where !== null) entries.push(["where", literal(s.where)]);
      return withFields("addIndex", s.table, s.columns, entries);
    })
    .with({ kind: "removeConstraint" }, (s) => ({ method: "removeConstraint", args: [json(s.table), json(s.name), object(tx)] }))
    .with({ kind: "removeIndex" }, (s) => ({ method: "removeIndex", args: [json(s.table), json(s.name), object(tx)] }))
    .with({ kind: "addColumn" }, (s) => ({
      method: "addColumn",
      args: [json(s.table), json(s.column.field), columnAttribute(s.column), object(tx)],
    }))
    .with({ kind: "removeColumn" }, (s) => ({ method: "removeColumn", args: [json(s.table), json(s.field), object(tx)] }))
    .with({ kind: "renameTable" }, (s) => ({ method: "renameTable", args: [json(s.from), json(s.to), object(tx)] }))
    .with({ kind: "sql" }, (s) => ({ method: "query", args: [json(s.sql), ...(inTransaction ? [object(tx)] : [])] }))
    .exhaustive();
}

/** v5: `method(table, fields, options)`; v6: `method(table, { fields, ...options })`. */
function fieldsCall(
  target: SequelizeTarget,
  method: "addConstraint" | "addIndex",
  table: string,
  fields: string[],
  options: Array<[string, Expr]>,
): QueryInterfaceCall {
  return target === 5
    ? { method, args: [json(table), strings(fields), object(options)] }
    : { method, args: [json(table), object([["fields", strings(fields)], ...options])] };
}

function columnAttribute(column: ColumnDefinition): Expr {
  const entries: Array<[string, Expr]> = [
    ["type", { kind: "dataType", call: dataTypeOf(column.type) }],
    ["allowNull", json(column.allowNull)],
  ];
  if (column.default !== null) entries.push(["defaultValue", defaultExpr(column.default, column.type)]);
  if (column.primaryKey) entries.push(["primaryKey", json(true)]);
  if (column.autoIncrement) entries.push(["autoIncrement", json(true)]);
  if (column.comment !== null) entries.push(["comment", json(column.comment)]);
  return object(entries);
}

function defaultExpr(value: DefaultIR, type: ColumnTypeIR): Expr {
  // A number, a timestamp or a date goes in as written (see writtenDefaultSql): Sequelize would reinterpret it.
  const written = writtenDefaultSql(value, type);
  if (written !== null) return literal(written);
  return match(value)
    .returnType<Expr>()
    .with({ kind: "literal" }, ({ value: literalValue }) => json(literalValue))
    .with({ kind: "sql" }, ({ sql }) => literal(sql))
    .exhaustive();
}
