/**
 * Tenant isolation as ordinary IR (issue 9): one pure transform of the declared schema, applied
 * where the CLI builds it from the config, so the diff, the emitters, the models and the docs see
 * plain unique constraints, composite foreign keys and the table's isolation objects, and switching
 * a layer on or off is a diff like any other.
 *
 * With `keys`, every tenant table with a one-column key gets the unique key `(tenant, key)`, every
 * foreign key from a tenant table to such a table becomes `(tenant, column) → target(tenant, key)`
 * (ON DELETE SET NULL nulls only the reference: `SET NULL (column)`, PostgreSQL 15), and the tenant
 * column cannot change after insert. With `rls`, every tenant table gets ENABLE + FORCE ROW LEVEL
 * SECURITY and the tenant policy. Names and SQL are isolationDdl's (src/isolation/ddl.ts).
 */
import type { ForeignKeyIR, IndexIR, SchemaIR, TableIR, TableIsolationIR } from "../ir/types.js";
import { isolationNames, TENANT_SETTING, type IsolationTable } from "./ddl.js";

export interface IsolationOptions {
  /** Composite tenant keys and the immutable tenant column. */
  keys: boolean;
  /** Row-level security on every tenant table. */
  rls: boolean;
}

/**
 * The schema with the isolation layers `options` turns on; the same schema when both are off.
 *
 * @example
 * const ir = applyIsolation(toSchemaIR(tables, config), config.isolation);
 * ir.tables.find((t) => t.key === "tickets")!.foreignKeys.map((fk) => fk.columns)
 * // [["company_id"], ["company_id", "assignee_id"]]
 */
export function applyIsolation(schema: SchemaIR, options: IsolationOptions): SchemaIR {
  if (!options.keys && !options.rls) return schema;
  const tenantField = schema.tenant.field;
  const keyed = new Map(schema.tables.flatMap((table) => {
    const key = isolationKey(table, tenantField);
    return key === null ? [] : [[table.tableName, key] as const];
  }));
  return {
    ...schema,
    tables: schema.tables.map((table) => {
      const key = keyed.get(table.tableName);
      if (key === undefined) return table;
      const names = isolationNames({ name: table.tableName, tenantColumn: tenantField, key });
      const isolation: TableIsolationIR = {
        immutableTenant: options.keys ? { trigger: names.immutableTrigger, function: names.immutableFunction, tenantColumn: tenantField, key } : null,
        rowLevelSecurity: options.rls ? { policy: names.policy, tenantColumn: tenantField, keyType: schema.tenant.keyType, setting: TENANT_SETTING } : null,
      };
      if (!options.keys) return { ...table, isolation };
      const tenantKey: IndexIR = {
        name: names.uniqueKey,
        columns: [tenantField, key],
        expression: null,
        unique: true,
        constraint: true,
        where: null,
        method: "btree",
        origin: "tenant",
        reason: { kind: "tenantKey", tenantField, key },
        source: table.source,
      };
      const naming: IsolationTable = { name: table.tableName, tenantColumn: tenantField, key };
      // A table that already has the key (declared, or adopted) keeps it, under its own name.
      const hasKey = table.indexes.some((index) => index.unique && index.where === null && index.expression === null && sameColumns(index.columns, [tenantField, key]));
      return {
        ...table,
        indexes: hasKey ? table.indexes : [...table.indexes, tenantKey],
        foreignKeys: table.foreignKeys.map((fk) => {
          const targetKey = keyed.get(fk.referencedTable);
          const single = fk.columns.length === 1 && fk.referencedColumns.length === 1 && fk.columns[0] !== tenantField;
          return targetKey === undefined || !single || fk.referencedColumns[0] !== targetKey ? fk : compositeReference(table, fk, naming, targetKey);
        }),
        isolation,
      };
    }),
  };
}

/**
 * The key tenant references point at: the one-column primary key of a tenant table whose tenant
 * column follows the rules (not nullable, declared without departures); null for any other table.
 */
function isolationKey(table: TableIR, tenantField: string): string | null {
  if (table.scope.kind !== "tenant" || table.departures.length > 0) return null;
  const tenant = table.columns.find((column) => column.field === tenantField);
  const keys = table.columns.filter((column) => column.primaryKey);
  if (tenant === undefined || tenant.nullable || keys.length !== 1) return null;
  return keys[0]!.field;
}

const sameColumns = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((column) => b.includes(column));

function compositeReference(table: TableIR, fk: ForeignKeyIR, naming: IsolationTable, targetKey: string): ForeignKeyIR {
  const column = fk.columns[0]!;
  const tenant = naming.tenantColumn;
  if (fk.onUpdate === "SET NULL" || fk.onUpdate === "SET DEFAULT") {
    throw new Error(
      `${table.key}: the reference ${column} → ${fk.referencedTable} has ON UPDATE ${fk.onUpdate}, which on a composite tenant key would change ${tenant} too; ` +
        `use onUpdate "CASCADE", "RESTRICT" or "NO ACTION", or set isolation: { keys: false } in the config.`,
    );
  }
  const composite: ForeignKeyIR = {
    ...fk,
    name: isolationNames(naming).foreignKey({ column, table: fk.referencedTable, onDelete: "NO ACTION" }),
    columns: [tenant, column],
    referencedColumns: [tenant, targetKey],
  };
  // SET NULL on both columns would null the tenant column (NOT NULL): the delete would fail.
  return fk.onDelete === "SET NULL" || fk.onDelete === "SET DEFAULT" ? { ...composite, onDeleteColumns: [column] } : composite;
}
