import { match } from "ts-pattern";
import { DataTypes, Sequelize } from "sequelize";
import type { Expr, QueryInterfaceCall } from "./calls.js";
import { dataTypeValue } from "./data-types.js";

/** The part of Sequelize 6's PostgreSQL query generator the migration calls reach. */
interface QueryGenerator {
  attributesToSQL(attributes: Record<string, unknown>, options: Record<string, unknown>): Record<string, string>;
  createTableQuery(table: string, attributes: Record<string, string>, options: Record<string, unknown>): string;
  dropTableQuery(table: string, options: Record<string, unknown>): string;
  addConstraintQuery(table: string, options: Record<string, unknown>): string;
  addIndexQuery(table: string, options: Record<string, unknown>, rawTablename: string): string;
  removeConstraintQuery(table: string, name: string): string;
  removeIndexQuery(table: string, name: string, options: Record<string, unknown>): string;
  addColumnQuery(table: string, key: string, attribute: unknown): string;
  removeColumnQuery(table: string, key: string): string;
  renameTableQuery(before: string, after: string): string;
}

type Options = Record<string, unknown>;

/**
 * The SQL statements Sequelize sends for these calls, built by Sequelize's own PostgreSQL query
 * generator. Each call is evaluated like the migration evaluates it and then follows the path of
 * Sequelize 6's QueryInterface method (normalise attributes, then the generator), without a
 * connection. Sequelize 5.22 generates the same text for these calls (the tests run both).
 *
 * @example
 * callsSql([{ method: "dropTable", args: [json("users"), object([["transaction", transaction]])] }])
 * // ['DROP TABLE IF EXISTS "users";']
 */
export function callsSql(calls: QueryInterfaceCall[]): string[] {
  // Built per call of the emitter: no module-level state. No query is ever run on it.
  const sequelize = new Sequelize({ dialect: "postgres", logging: false });
  const generator = (sequelize.getQueryInterface() as unknown as { queryGenerator: QueryGenerator }).queryGenerator;
  const normalizeAttribute = (attribute: unknown): unknown =>
    (sequelize as unknown as { normalizeAttribute(a: unknown): unknown }).normalizeAttribute(attribute);
  return calls.map((call) => callSql(call, generator, normalizeAttribute));
}

function callSql(call: QueryInterfaceCall, generator: QueryGenerator, normalizeAttribute: (a: unknown) => unknown): string {
  const args = call.args.map(evaluate);
  const table = args[0] as string;
  return match(call.method)
    .with("createTable", () => {
      const attributes = Object.fromEntries(
        Object.entries(args[1] as Options).map(([field, attribute]) => [field, normalizeAttribute(attribute)]),
      );
      const options = { ...(args[2] as Options | undefined) };
      const attributesSql = generator.attributesToSQL(attributes, {
        table,
        context: "createTable",
        withoutForeignKeyConstraints: options.withoutForeignKeyConstraints,
      });
      return generator.createTableQuery(table, attributesSql, options);
    })
    .with("dropTable", () => {
      const options = { ...(args[1] as Options | undefined) };
      options.cascade = options.cascade || options.force || false;
      return generator.dropTableQuery(table, options);
    })
    .with("addConstraint", () => generator.addConstraintQuery(table, fieldsOptions(args)))
    .with("addIndex", () => generator.addIndexQuery(table, fieldsOptions(args), table))
    .with("removeConstraint", () => generator.removeConstraintQuery(table, args[1] as string))
    .with("removeIndex", () => generator.removeIndexQuery(table, args[1] as string, { ...(args[2] as Options | undefined) }))
    .with("addColumn", () => generator.addColumnQuery(table, args[1] as string, normalizeAttribute(args[2])))
    .with("removeColumn", () => generator.removeColumnQuery(table, args[1] as string))
    .with("renameTable", () => generator.renameTableQuery(table, args[1] as string))
    // A raw statement is sent as written.
    .with("query", () => args[0] as string)
    .exhaustive();
}

/** Both signatures: v5 `(table, fields, options)` and v6 `(table, { fields, ...options })`. */
function fieldsOptions(args: unknown[]): Options {
  return Array.isArray(args[1]) ? { ...(args[2] as Options | undefined), fields: args[1] } : { ...(args[1] as Options) };
}

function evaluate(expr: Expr): unknown {
  return match(expr)
    .returnType<unknown>()
    .with({ kind: "json" }, ({ value }) => structuredClone(value))
    .with({ kind: "dataType" }, ({ call }) => dataTypeValue(call, DataTypes))
    .with({ kind: "literal" }, ({ sql }) => Sequelize.literal(sql))
    .with({ kind: "transaction" }, () => undefined)
    .with({ kind: "array" }, ({ items }) => items.map(evaluate))
    .with({ kind: "object" }, ({ entries }) => Object.fromEntries(entries.map(([key, value]) => [key, evaluate(value)])))
    .exhaustive();
}
