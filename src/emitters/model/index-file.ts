import type { SchemaIR } from "../../ir/types.js";
import type { EmittedFile } from "../types.js";
import type { ModelModuleFormat } from "../../config/define-config.js";
import { GENERATED_HEADER, siblingImport } from "./code.js";

/**
 * The models folder's `index.ts`: re-exports every model file and a `models` array for
 * `new Sequelize({ models })`. The team's tenant model is not in it: they register it themselves.
 *
 * @example
 * emitModelIndex(schema, "commonjs").contents // '... export const models = [Currency, Notification, ...];'
 */
export function emitModelIndex(schema: SchemaIR, module: ModelModuleFormat): EmittedFile {
  const names = schema.tables.map((table) => table.modelName);
  const lines = [
    ...GENERATED_HEADER,
    ...names.map((name) => `export * from ${siblingImport(name, module)};`),
    "",
    ...names.map((name) => `import { ${name} } from ${siblingImport(name, module)};`),
    "",
    "/** Every generated model, in schema order: `new Sequelize({ ..., models })`. */",
    `export const models = [${names.join(", ")}];`,
    "",
  ];
  return { path: "index.ts", contents: lines.join("\n") };
}
