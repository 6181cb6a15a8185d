// Read by the DSL's row types and by defineConfig; kept beside the IR's types so that neither the DSL
// nor the config imports the other for it (no dsl ⇄ config loop).

/**
 * The key types of your project, declared once so row types match the config: without it, `id`,
 * foreign keys and `companyId` are `number` (the default SERIAL keys). `defineConfig` then checks
 * that the config says the same. A BIGINT key reads as a string, as in the emitted models.
 *
 * @example
 * declare module "tenant-schema" {
 *   interface Register {
 *     primaryKey: "uuid";
 *     tenantKey: "bigint";
 *   }
 * }
 */
export interface Register {}

export type KeyKind = "integer" | "bigint" | "uuid";

/** The kind `Register` declares under `name`, or "integer". */
export type RegisteredKey<Name extends "primaryKey" | "tenantKey"> = Register extends { [P in Name]: infer K extends KeyKind } ? K : "integer";
