import type { SchemaIR } from "../../ir/types.js";
import type { EmittedFile } from "../types.js";
import { GENERATED_HEADER } from "./code.js";
import { generatedClassName, GENERATED_FOLDER, modelImport, modelSpecifier, type ModelContext } from "./layout.js";

/**
 * The models folder's `index.ts`: every model (the team's class in the "base-and-user" layout, never
 * a generated base), its attribute types, and a `models` array for `new Sequelize({ models })`. The
 * bases are only ever imported by their own model's file: importing one first would run its model
 * file, which extends it, before the base exists. The team's tenant model is not in it: they
 * register it themselves.
 *
 * @example
 * emitModelIndex(schema, modelContext({ sequelize: 6 })).contents // '... export const models = [Currency, Notification, ...];'
 */
export function emitModelIndex(schema: SchemaIR, context: ModelContext): EmittedFile {
  const names = schema.tables.map((table) => table.modelName);
  const attributeTypes =
    context.layout === "single"
      ? []
      : schema.tables.map((table) => {
          const base = modelSpecifier(`${GENERATED_FOLDER}/${generatedClassName(table, context)}`, "top", context);
          return `export type { ${table.modelName}Attributes, ${table.modelName}CreationAttributes } from ${base};`;
        });
  const lines = [
    ...GENERATED_HEADER,
    ...names.map((name) => `export * from ${modelSpecifier(name, "top", context)};`),
    ...attributeTypes,
    "",
    ...names.map((name) => modelImport(name, "top", context)),
    "",
    // `export *` leaves default exports out: the classes are exported by name here.
    ...(context.exports === "default" ? [`export { ${names.join(", ")} };`, ""] : []),
    "/** Every model of the schema, in schema order: `new Sequelize({ ..., models })`. */",
    `export const models = [${names.join(", ")}];`,
    "",
  ];
  return { path: "index.ts", contents: lines.join("\n") };
}
