import type { TableIR } from "../../ir/types.js";
import type { EmittedFile } from "../types.js";
import { generatedClassName, GENERATED_FOLDER, modelSpecifier, type ModelContext } from "./layout.js";

/**
 * The team's own file of a model in the "base-and-user" layout: the class every other file imports
 * and Sequelize registers, extending the generated base. A scaffold (`ownership: "user"`): the CLI
 * writes it once, when it is missing, and never again, so hooks, scopes, instance methods and
 * virtual attributes written here survive every emit. It re-exports the attribute types so
 * `import { Ticket, TicketAttributes } from "./models/Ticket"` works as in the "single" layout.
 *
 * @example
 * emitUserModelFile(tickets, modelContext({ sequelize: 6, layout: "base-and-user" })).contents
 * // '... import { TicketBase } from "./generated/TicketBase";\n...\nexport class Ticket extends TicketBase {}\n'
 */
export function emitUserModelFile(table: TableIR, context: ModelContext): EmittedFile {
  const name = table.modelName;
  const base = generatedClassName(table, context);
  const specifier = modelSpecifier(`${GENERATED_FOLDER}/${base}`, "top", context);
  const lines = [
    `// The ${name} model. tenant-schema created this file once and never changes it: it is yours.`,
    `// Columns, associations and table options are generated into ./${GENERATED_FOLDER}/${base}.ts on every`,
    "// emit; hooks, scopes, instance methods and virtual attributes go in the class below.",
    `import { ${base} } from ${specifier};`,
    "",
    `export type { ${name}Attributes, ${name}CreationAttributes } from ${specifier};`,
    "",
    `${context.exports === "default" ? "export default class" : "export class"} ${name} extends ${base} {}`,
    "",
  ];
  return { path: `${name}.ts`, contents: lines.join("\n"), ownership: "user" };
}
