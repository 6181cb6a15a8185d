import type { SchemaIR } from "../../ir/types.js";
import type { EmittedFile, ModelEmitOptions } from "../types.js";
import { emitModelIndex } from "./index-file.js";
import { emitModelFile } from "./model-file.js";

/**
 * sequelize-typescript models for a schema: one `${modelName}.ts` per table plus an `index.ts`, with
 * paths relative to the models folder. Pure: same schema and options, same files.
 *
 * @example
 * const files = emitModels(schema, { sequelize: 6 });
 * files.map((file) => file.path) // ["Currency.ts", "Notification.ts", ..., "index.ts"]
 */
export function emitModels(schema: SchemaIR, options: ModelEmitOptions): EmittedFile[] {
  const module = options.module ?? "commonjs";
  return [...schema.tables.map((table) => emitModelFile(schema, table, options.sequelize, module)), emitModelIndex(schema, module)];
}
