/**
 * Where each model's code lives and how files import each other, for both layouts:
 *
 * - `"single"`: `Ticket.ts` is generated, and is the model.
 * - `"base-and-user"`: `generated/TicketBase.ts` is generated (columns, associations, table
 *   options, on an abstract `TicketBase`); `Ticket.ts` is the team's (`class Ticket extends
 *   TicketBase`), created once. Everything else refers to the team's class, `Ticket`: it is the one
 *   registered with Sequelize and the one their code imports.
 */
import path from "node:path";
import type { ModelExportStyle, ModelLayout, ModelModuleFormat, SequelizeTarget } from "../types.js";
import type { TableIR } from "../../ir/types.js";
import type { ModelEmitOptions } from "../types.js";
import { stringLiteral } from "./code.js";

/** The model emit options with every default applied. */
export interface ModelContext {
  target: SequelizeTarget;
  module: ModelModuleFormat;
  layout: ModelLayout;
  exports: ModelExportStyle;
  tenantModelExport: ModelExportStyle;
  guard: boolean;
}

/** The folder of the generated bases, inside the models folder. */
export const GENERATED_FOLDER = "generated";

/**
 * Applies the defaults of `ModelEmitOptions`.
 *
 * @example
 * modelContext({ sequelize: 5 }) // { target: 5, module: "commonjs", layout: "single", exports: "named", tenantModelExport: "named", guard: false }
 */
export function modelContext(options: ModelEmitOptions): ModelContext {
  const exports = options.exports ?? "named";
  return {
    target: options.sequelize,
    module: options.module ?? "commonjs",
    layout: options.layout ?? "single",
    exports,
    tenantModelExport: options.tenantModelExport ?? exports,
    guard: options.guard ?? false,
  };
}

/**
 * The class the generated file declares: the model itself, or its base.
 *
 * @example
 * generatedClassName(tickets, { layout: "base-and-user", ... }) // "TicketBase"
 */
export function generatedClassName(table: TableIR, context: ModelContext): string {
  return context.layout === "single" ? table.modelName : `${table.modelName}Base`;
}

/**
 * The generated file of a table, relative to the models folder (posix).
 *
 * @example
 * generatedFilePath(tickets, { layout: "base-and-user", ... }) // "generated/TicketBase.ts"
 */
export function generatedFilePath(table: TableIR, context: ModelContext): string {
  return context.layout === "single" ? `${table.modelName}.ts` : `${GENERATED_FOLDER}/${table.modelName}Base.ts`;
}

/** Which file an import is written in: one at the models folder's top, or one in `generated/`. */
export type ImportingFile = "top" | "generated";

/**
 * The specifier of a file of the models folder (`file` without extension, relative to the folder):
 * extensionless for CommonJS and bundlers, `.js` for Node ESM (NodeNext resolves only full paths).
 *
 * @example
 * modelSpecifier("User", "generated", { module: "esm", ... }) // '"../User.js"'
 */
export function modelSpecifier(file: string, from: ImportingFile, context: ModelContext): string {
  const relative = from === "top" ? `./${file}` : `../${file}`;
  return stringLiteral(`${relative}${context.module === "esm" ? ".js" : ""}`);
}

/**
 * The import of one class, the way its file exports it.
 *
 * @example
 * classImport("Ticket", '"./Ticket"', "default") // 'import Ticket from "./Ticket";'
 */
export function classImport(name: string, specifier: string, style: ModelExportStyle): string {
  return style === "default" ? `import ${name} from ${specifier};` : `import { ${name} } from ${specifier};`;
}

/**
 * The import of the model class of a table, from a file of the models folder.
 *
 * @example
 * modelImport("User", "generated", context) // 'import { User } from "../User";'
 */
export function modelImport(model: string, from: ImportingFile, context: ModelContext): string {
  return classImport(model, modelSpecifier(model, from, context), context.exports);
}

/**
 * The import of the team's tenant model. A relative `importPath` is relative to the models folder,
 * so a file in `generated/` reaches it one level up; a package or alias path stays as written.
 *
 * @example
 * tenantModelImport({ name: "Company", importPath: "./Company" }, "generated", context) // 'import { Company } from "../Company";'
 */
export function tenantModelImport(model: { name: string; importPath: string }, from: ImportingFile, context: ModelContext): string {
  const relative = model.importPath.startsWith("./") || model.importPath.startsWith("../");
  const importPath = from === "generated" && relative ? path.posix.join("..", model.importPath) : model.importPath;
  return classImport(model.name, stringLiteral(importPath), context.tenantModelExport);
}
