/** Public API of tenant-schema: the DSL, its bridge to the IR, the validator, config helpers. */
export { t, type Column, type AnyColumn, type InitialState, type RenameOptions } from "./dsl/columns.js";
export { acknowledgeDataLoss, isAcknowledgement, type Acknowledgement, type DataLossTarget } from "./dsl/acknowledgements.js";
export { sql, isSqlFragment, type SqlFragment, type ColumnRef, type SqlValue } from "./dsl/sql.js";
export {
  defineTenantTable,
  defineGlobalTable,
  defineSchema,
  isSchemaTable,
  type TenantTable,
  type GlobalTable,
  type SchemaTable,
  type AnySchemaTable,
  type AnyTenantTable,
  type AnyGlobalTable,
  type IndexOptions,
  type UniqueOptions,
  type BelongsToOptions,
  type BelongsToManyOptions,
} from "./dsl/tables.js";
export type * from "./dsl/types.js";
export { toSchemaIR } from "./dsl/to-ir.js";
export { validateSchema } from "./ir/validate.js";
export * from "./ir/naming.js";
export type * from "./ir/types.js";
export type * from "./ir/register.js";
export {
  defineConfig,
  resolveConfig,
  type TenantSchemaConfig,
  type ResolvedConfig,
} from "./config/define-config.js";
export type { SequelizeTarget, DocLanguage } from "./emitters/types.js";
export * from "./runtime/index.js";
export {
  isolationDdl,
  isolationNames,
  tenantPolicyCondition,
  TENANT_SETTING,
  type IsolationTable,
  type IsolationReference,
  type IsolationDdlOptions,
  type IsolationDdl,
  type IsolationNames,
  type IsolationKeyType,
  type IsolationOnDelete,
} from "./isolation/ddl.js";
