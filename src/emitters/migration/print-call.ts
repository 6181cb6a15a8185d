import { match } from "ts-pattern";
import type { Expr, QueryInterfaceCall } from "./calls.js";
import { dataTypeSource } from "./data-types.js";
import { propertyKey, stringLiteral } from "./typescript-source.js";

/**
 * The awaited statement of one call, inside the migration's transaction callback.
 *
 * @example
 * printCall({ method: "dropTable", args: [json("users"), object([["transaction", transaction]])] })
 * // 'await queryInterface.dropTable("users", { transaction });'
 */
export function printCall(call: QueryInterfaceCall): string {
  const callee = call.method === "query" ? "queryInterface.sequelize.query" : `queryInterface.${call.method}`;
  const args = call.args.map((arg) => printArg(arg));
  if (args.every((arg) => !arg.includes("\n"))) return `await ${callee}(${args.join(", ")});`;
  return [`await ${callee}(`, ...args.map((arg) => `  ${arg},`), `);`].join("\n");
}

// Multi-line SQL (a trigger function) reads line by line; indenting the file never touches the text.
function printArg(arg: Expr): string {
  if (arg.kind === "json" && typeof arg.value === "string" && arg.value.includes("\n")) return linesSource(arg.value, "  ");
  return printExpr(arg, "  ");
}

/**
 * A multi-line string as an array of its lines joined by newlines: the same string, readable.
 *
 * @example
 * linesSource("a\nb", "") // '[\n  "a",\n  "b",\n].join("\\n")'
 */
export function linesSource(text: string, indent: string): string {
  const lines = text.split("\n").map((line) => `${indent}  ${stringLiteral(line)},`);
  return ["[", ...lines, `${indent}].join("\\n")`].join("\n");
}

/**
 * TypeScript source of an argument. Objects holding objects go one entry per line (the columns
 * of createTable read like a table); the CLI's prettier does the rest.
 *
 * @example
 * printExpr(literal("now()"), "") // 'Sequelize.literal("now()")'
 */
export function printExpr(expr: Expr, indent: string): string {
  return match(expr)
    .with({ kind: "json" }, ({ value }) => JSON.stringify(value))
    .with({ kind: "dataType" }, ({ call }) => dataTypeSource(call))
    .with({ kind: "literal" }, ({ sql }) => `Sequelize.literal(${stringLiteral(sql)})`)
    .with({ kind: "transaction" }, () => "transaction")
    .with({ kind: "array" }, ({ items }) => `[${items.map((item) => printExpr(item, indent)).join(", ")}]`)
    .with({ kind: "object" }, ({ entries, castTo }) => {
      const inner = indent + "  ";
      const parts = entries.map(([key, value]) =>
        value.kind === "transaction" && key === "transaction" ? key : `${propertyKey(key)}: ${printExpr(value, inner)}`,
      );
      const nested = entries.some(([, value]) => value.kind === "object");
      const body =
        parts.length === 0
          ? "{}"
          : nested
            ? ["{", ...parts.map((part) => `${inner}${part},`), `${indent}}`].join("\n")
            : `{ ${parts.join(", ")} }`;
      return castTo === null ? body : `${body} as ${castTo}`;
    })
    .exhaustive();
}
