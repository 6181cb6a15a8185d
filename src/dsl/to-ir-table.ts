import { constraintName, fieldOf, modelNameOf, primaryKeyName, tableNameOf } from "../ir/naming.js";
import type { AssociationIR, CheckIR, ColumnIR, ForeignKeyIR, IndexIR, TableIR } from "../ir/types.js";
import { TENANT_ATTRIBUTE, type BelongsToDef, type CheckDef, type ForeignKeyDef, type IndexDef, type TableDef } from "./definitions.js";
import { columnResolver, tableColumns } from "./to-ir-columns.js";
import { relativeSource, renderFragment, type IrContext } from "./to-ir-context.js";
import { declaredIndex, withBuiltInIndexes } from "./to-ir-indexes.js";

/** Differences between a declared table and a generated junction table. */
export interface TableShape {
  junction: { left: string; right: string } | null;
  feature: string;
}

const enumChecks = (tableName: string, columns: readonly ColumnIR[]): CheckIR[] =>
  columns.flatMap((column) =>
    column.type.kind === "enum"
      ? [
          {
            name: constraintName(tableName, [column.field], "check"),
            expression: `"${column.field}" IN (${column.type.values.map((v) => `'${v.replace(/'/g, "''")}'`).join(", ")})`,
            columns: [column.field],
            origin: "enum" as const,
            source: column.source,
          },
        ]
      : [],
  );

const declaredCheck = (tableName: string, check: CheckDef, self: string | null, columns: readonly ColumnIR[], context: IrContext): CheckIR => {
  const rendered = renderFragment(check.fragment, columnResolver(columns, context, self));
  return {
    name: check.constraintName ?? constraintName(tableName, [check.name ?? columnResolver(columns, context)(self)], "check"),
    expression: rendered.text,
    columns: rendered.columns,
    origin: "declared",
    source: relativeSource(check.source, context.rootDir),
  };
};

/**
 * The database name of a table: its `.tableName(...)` override, or the naming profile's name for its key.
 *
 * @example
 * declaredTableName(parents.tableName("Parent_Things").def, context) // "Parent_Things"
 */
export function declaredTableName(def: TableDef, context: Pick<IrContext, "naming">): string {
  return def.tableName ?? tableNameOf(def.key, context.naming);
}

/**
 * A `.foreignKey(...)` as IR: this table's attributes and the target's (resolved by key, so its
 * `.tableName(...)` and field overrides apply) as database columns; unknown names stay as written,
 * for the validator to report.
 */
const declaredForeignKey = (def: ForeignKeyDef, tableName: string, resolve: (name: string) => string, context: IrContext): ForeignKeyIR => {
  const target = context.target(def.target);
  const targetField = (name: string): string => target?.fields[name === TENANT_ATTRIBUTE ? context.tenant.attribute : name] ?? name;
  const columns = def.columns.map((name) => resolve(name));
  return {
    name: def.constraintName ?? constraintName(tableName, columns, "fkey"),
    columns,
    referencedTable: target?.tableName ?? def.target,
    referencedColumns: def.targetColumns.map(targetField),
    onDelete: def.onDelete,
    onUpdate: def.onUpdate,
    source: relativeSource(def.source, context.rootDir),
  };
};

const belongsToOf = (def: TableDef): BelongsToDef[] =>
  def.relations.filter((relation): relation is BelongsToDef => relation.kind === "belongsTo");

/**
 * One DSL table as IR, without the associations other tables add to it (inverse sides and
 * belongsToMany are wired by `toSchemaIR`).
 *
 * @example
 * tableIR(notifications.def, context, { junction: null, feature: "notifications" }).tableName // "notifications"
 */
export function tableIR(def: TableDef, context: IrContext, shape: TableShape): TableIR {
  const tableName = declaredTableName(def, context);
  const { options } = def;
  const columns = tableColumns(def, context);
  const resolve = columnResolver(columns, context);
  const tenantField = def.scope.kind === "tenant" ? context.tenant.field : null;
  const columnUniques = def.columns.flatMap(([name, column]): IndexDef[] =>
    column.unique === null
      ? []
      : [
          {
            origin: "unique",
            columns: [name],
            unique: true,
            scope: column.unique.scope,
            where: null,
            method: "btree",
            name: column.unique.name,
            reason: null,
            constraint: column.unique.constraint,
            expression: null,
            source: column.unique.source,
          },
        ],
  );
  const declared = [...columnUniques, ...def.indexes].map((index) => declaredIndex(index, tableName, resolve, tenantField, context));
  const columnChecks = def.columns.flatMap(([name, column]) => column.checks.map((check) => declaredCheck(tableName, check, name, columns, context)));
  const tenantForeignKey: ForeignKeyIR[] =
    tenantField === null || options.departures.includes("tenantWithoutForeignKey")
      ? []
      : [
          {
            name: options.tenantForeignKey.constraintName ?? constraintName(tableName, [tenantField], "fkey"),
            columns: [tenantField],
            referencedTable: context.tenant.tableName,
            referencedColumns: [context.tenant.key],
            onDelete: options.tenantForeignKey.onDelete ?? context.tenant.onDelete,
            onUpdate: options.tenantForeignKey.onUpdate,
            source: null,
          },
        ];
  const relationForeignKeys = belongsToOf(def).map((relation): ForeignKeyIR => {
    const field = resolve(relation.foreignKey);
    // A key that is not in the schema stays as written, for the validator to report.
    const target = context.target(relation.target.key);
    return {
      name: relation.constraintName ?? constraintName(tableName, [field], "fkey"),
      columns: [field],
      referencedTable: target?.tableName ?? relation.target.key,
      referencedColumns: target?.primaryKey.map((column) => column.field) ?? [fieldOf("id", context.naming)],
      onDelete: relation.onDelete,
      onUpdate: relation.onUpdate,
      source: relativeSource(relation.source, context.rootDir),
    };
  });
  const associations = belongsToOf(def).map((relation): AssociationIR => ({
    kind: "belongsTo",
    as: relation.as,
    target: relation.target.key,
    targetModel: modelNameOf(relation.target.key),
    foreignKey: relation.foreignKey,
  }));
  const unindexed = new Set(belongsToOf(def).filter((relation) => !relation.index).map((relation) => resolve(relation.foreignKey)));
  const tenantIndexField = options.departures.includes("tenantWithoutIndex") ? null : tenantField;
  const indexes: IndexIR[] = withBuiltInIndexes(tableName, columns, declared, tenantIndexField, unindexed);
  // In the declared key order; the built-in id otherwise.
  const keyColumns = def.primaryKey?.columns.map((name) => resolve(name)) ?? columns.filter((column) => column.primaryKey).map((column) => column.field);
  return {
    key: def.key,
    tableName,
    modelName: modelNameOf(def.key),
    feature: shape.feature,
    scope: def.scope.kind === "tenant" ? { kind: "tenant" } : { kind: "global", reason: def.scope.reason },
    description: def.description,
    paranoid: options.paranoid,
    timestamps: options.timestamps,
    primaryKey: keyColumns.length === 0 ? null : { name: def.primaryKey?.name ?? primaryKeyName(tableName), columns: keyColumns },
    departures: [...options.departures],
    junction: shape.junction,
    renamedFrom: def.renamedFrom === null ? null : { from: def.renamedFrom.from, strategy: def.renamedFrom.strategy },
    transition: { view: null, columns: [] },
    columns,
    indexes,
    checks: [...enumChecks(tableName, columns), ...columnChecks, ...def.checks.map((check) => declaredCheck(tableName, check, null, columns, context))],
    foreignKeys: [...tenantForeignKey, ...relationForeignKeys, ...def.foreignKeys.map((foreignKey) => declaredForeignKey(foreignKey, tableName, resolve, context))],
    associations,
    source: relativeSource(def.source, context.rootDir),
  };
}
