import type { SchemaIR } from "../../ir/types.js";
import type { EmittedFile, ModelEmitOptions } from "../types.js";
import { emitModelIndex } from "./index-file.js";
import { modelContext } from "./layout.js";
import { emitModelFile } from "./model-file.js";
import { emitUserModelFile } from "./user-file.js";

/**
 * sequelize-typescript models for a schema, with paths relative to the models folder: per table the
 * generated `${modelName}.ts` ("single" layout) or `generated/${modelName}Base.ts` plus the team's
 * `${modelName}.ts` scaffold (`ownership: "user"`, "base-and-user" layout); then `index.ts`.
 * Pure: same schema and options, same files.
 *
 * @example
 * emitModels(schema, { sequelize: 6 }).map((file) => file.path) // ["Currency.ts", "Notification.ts", ..., "index.ts"]
 * emitModels(schema, { sequelize: 6, layout: "base-and-user" }).map((file) => file.path)
 * // ["generated/CurrencyBase.ts", "Currency.ts", "generated/NotificationBase.ts", "Notification.ts", ..., "index.ts"]
 */
export function emitModels(schema: SchemaIR, options: ModelEmitOptions): EmittedFile[] {
  const context = modelContext(options);
  const perTable = schema.tables.flatMap((table) => [
    emitModelFile(schema, table, context),
    ...(context.layout === "base-and-user" ? [emitUserModelFile(table, context)] : []),
  ]);
  return [...perTable, emitModelIndex(schema, context)];
}
