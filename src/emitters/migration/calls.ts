/**
 * QueryInterface calls as data: what a migration passes to `queryInterface.<method>(...)`.
 * Steps become calls once, per Sequelize target; the printer writes each call as TypeScript and
 * the SQL generator evaluates the very same arguments with Sequelize, so the file and the SQL the
 * doc shows cannot drift apart.
 */
import type { JsonValue } from "../../ir/types.js";
import type { DataTypeCall } from "./data-types.js";

/** An argument expression of a QueryInterface call. */
export type Expr =
  /** Printed as JSON, evaluated as itself. */
  | { kind: "json"; value: JsonValue }
  | { kind: "dataType"; call: DataTypeCall }
  /** `Sequelize.literal(sql)`: raw SQL Sequelize inserts as is. */
  | { kind: "literal"; sql: string }
  /** The migration's transaction (absent when generating SQL). */
  | { kind: "transaction" }
  | { kind: "array"; items: Expr[] }
  /**
   * `castTo`: a sequelize type name the object is asserted to, where the runtime accepts an
   * option the typings omit (e.g. `comment` of createTable).
   */
  | { kind: "object"; entries: Array<[string, Expr]>; castTo: string | null };

export type QueryInterfaceMethod =
  | "createTable"
  | "dropTable"
  | "addConstraint"
  | "addIndex"
  | "removeConstraint"
  | "removeIndex"
  | "addColumn"
  | "removeColumn"
  | "renameTable"
  /** `queryInterface.sequelize.query(sql, options)`: what Sequelize has no method for. */
  | "query";

export interface QueryInterfaceCall {
  method: QueryInterfaceMethod;
  args: Expr[];
}

/**
 * Builders that keep call construction readable.
 *
 * @example
 * object([["name", json("users_pkey")], ["transaction", transaction]])
 */
export const json = (value: JsonValue): Expr => ({ kind: "json", value });
export const literal = (sql: string): Expr => ({ kind: "literal", sql });
export const transaction: Expr = { kind: "transaction" };
export const strings = (values: string[]): Expr => ({ kind: "array", items: values.map(json) });
export const object = (entries: Array<[string, Expr]>, castTo: string | null = null): Expr => ({
  kind: "object",
  entries,
  castTo,
});
