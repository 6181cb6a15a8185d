import { constraintName, fitIdentifier } from "../ir/naming.js";
import type { ColumnIR, IndexIR } from "../ir/types.js";
import type { IndexDef } from "./definitions.js";
import { relativeSource, renderFragment, type IrContext } from "./to-ir-context.js";
import type { ResolveColumn } from "./sql.js";

const leadsWith = (index: IndexIR, field: string): boolean =>
  index.where === null && index.expression === null && index.method === "btree" && index.columns[0] === field;

/**
 * A declared index or unique constraint as IR; tenant-scoped uniques get the tenant column
 * prepended (unless listed already).
 *
 * @example
 * declaredIndex(def, "users", resolve, "company_id", context) // { name: "users_company_id_email_key", ... }
 */
export function declaredIndex(
  def: IndexDef,
  tableName: string,
  resolve: ResolveColumn,
  tenantField: string | null,
  context: IrContext,
): IndexIR {
  // An expression index lists the columns its key list names (for the validator and the diff).
  const expression = def.expression === null ? null : renderFragment(def.expression, resolve);
  const listed = expression?.columns ?? def.columns.map((column) => resolve(column));
  const columns =
    expression === null && def.unique && def.scope === "tenant" && tenantField !== null && !listed.includes(tenantField) ? [tenantField, ...listed] : listed;
  return {
    name: def.name === null ? constraintName(tableName, columns, def.unique ? "key" : "idx") : fitIdentifier(def.name),
    columns,
    expression: expression?.text ?? null,
    unique: def.unique,
    constraint: def.constraint,
    where: def.where === null ? null : renderFragment(def.where, resolve).text,
    method: def.method,
    origin: def.origin,
    reason:
      def.reason ??
      (def.origin === "unique"
        ? { kind: "unique", columns: listed.filter((c) => c !== tenantField), perTenant: def.scope === "tenant" && tenantField !== null }
        : { kind: "declared", columns }),
    source: relativeSource(def.source, context.rootDir),
  };
}

/**
 * Adds the built-in indexes: one per foreign-key column (but those of `unindexed`, declared
 * `index: false`) and one on the tenant column (null: none, e.g. a "tenantWithoutIndex" departure),
 * each only when no non-partial btree index already leads with that column. Built-ins come first.
 *
 * @example
 * withBuiltInIndexes("notifications", columns, declared, "company_id") // [tenant idx, user_id idx, ...declared]
 */
export function withBuiltInIndexes(
  tableName: string,
  columns: readonly ColumnIR[],
  declared: readonly IndexIR[],
  tenantField: string | null,
  unindexed: ReadonlySet<string> = new Set(),
): IndexIR[] {
  const builtIns: IndexIR[] = [];
  const covered = (field: string): boolean => [...declared, ...builtIns].some((index) => leadsWith(index, field));
  for (const column of columns.filter((c) => c.role === "foreignKey")) {
    if (covered(column.field) || unindexed.has(column.field)) continue;
    builtIns.push({
      name: constraintName(tableName, [column.field], "idx"),
      columns: [column.field],
      expression: null,
      unique: false,
      constraint: false,
      where: null,
      method: "btree",
      origin: "foreignKey",
      reason: { kind: "foreignKeyLookup", field: column.field },
      source: column.source,
    });
  }
  const tenantIndex: IndexIR[] =
    tenantField === null || covered(tenantField)
      ? []
      : [
          {
            name: constraintName(tableName, [tenantField], "idx"),
            columns: [tenantField],
            expression: null,
            unique: false,
            constraint: false,
            where: null,
            method: "btree",
            origin: "tenant",
            reason: { kind: "tenantFilter", field: tenantField },
            source: null,
          },
        ];
  return [...tenantIndex, ...builtIns, ...declared];
}
