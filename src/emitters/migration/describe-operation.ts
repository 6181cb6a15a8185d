import { match } from "ts-pattern";
import type { Operation } from "../../diff/operations.js";

/**
 * One line of a migration's header per operation.
 *
 * @example
 * describeOperation({ kind: "createTable", table: users })
 * // 'Creates table "users": 8 columns, 1 check, 1 index, 1 foreign key.'
 */
export function describeOperation(operation: Operation): string {
  return match(operation)
    .returnType<string>()
    .with({ kind: "createTable" }, ({ table }) => {
      const counts = [
        count(table.columns.length, "column"),
        count(table.checks.length, "check"),
        count(table.indexes.length, "index", "indexes"),
        count(table.foreignKeys.length, "foreign key"),
      ];
      return `Creates table "${table.tableName}": ${counts.join(", ")}.`;
    })
    .with({ kind: "dropTable" }, ({ table }) => `Drops table "${table.tableName}" (down restores its structure, not its data).`)
    .with({ kind: "renameTable" }, ({ from, table, strategy }) =>
      strategy === "direct"
        ? `Renames table "${from.tableName}" to "${table.tableName}".`
        : `Renames table "${from.tableName}" to "${table.tableName}", keeping "${from.tableName}" as an updatable view.`,
    )
    .with({ kind: "dropCompatibilityView" }, ({ view }) => `Drops the compatibility view "${view}".`)
    .with({ kind: "addColumn" }, ({ table, column, nullable }) =>
      `Adds column "${table.tableName}"."${column.field}"${nullable && !column.nullable ? " (nullable until backfilled)" : ""}.`,
    )
    .with({ kind: "dropColumn" }, ({ table, column }) => `Drops column "${table.tableName}"."${column.field}" (down restores its structure, not its data).`)
    .with({ kind: "renameColumn" }, ({ table, from, to }) => `Renames column "${table.tableName}"."${from.field}" to "${to.field}".`)
    .with({ kind: "expandColumnRename" }, ({ table, from, to }) =>
      `Adds column "${table.tableName}"."${to.field}", kept in sync with "${from.field}" by a trigger (rename, expand phase).`,
    )
    .with({ kind: "contractColumnRename" }, ({ table, from, to }) =>
      `Drops the sync trigger and the old column "${table.tableName}"."${from.field}", renamed to "${to.field}" (contract phase).`,
    )
    .with({ kind: "alterColumnType" }, ({ table, to, rewrite }) =>
      `Changes the type of "${table.tableName}"."${to.field}"${rewrite ? " (rewrites the table)" : " (no rewrite)"}.`,
    )
    .with({ kind: "backfill" }, ({ table, column }) => `Fills NULLs of "${table.tableName}"."${column.field}" in batches.`)
    .with({ kind: "setNotNull" }, ({ table, column }) => `Makes "${table.tableName}"."${column.field}" NOT NULL.`)
    .with({ kind: "dropNotNull" }, ({ table, column }) => `Makes "${table.tableName}"."${column.field}" nullable.`)
    .with({ kind: "alterDefault" }, ({ table, column }) => `Changes the default of "${table.tableName}"."${column.field}".`)
    .with({ kind: "alterColumnComment" }, ({ table, column }) => `Changes the comment of "${table.tableName}"."${column.field}".`)
    .with({ kind: "alterTableComment" }, ({ table }) => `Changes the comment of table "${table.tableName}".`)
    .with({ kind: "addIndex" }, ({ index, concurrently }) => `Adds index "${index.name}"${concurrently ? " concurrently" : ""}.`)
    .with({ kind: "dropIndex" }, ({ index, concurrently }) => `Drops index "${index.name}"${concurrently ? " concurrently" : ""}.`)
    .with({ kind: "renameIndex" }, ({ from, to }) => `Renames index "${from}" to "${to}".`)
    .with({ kind: "addCheck" }, ({ check, notValid }) => `Adds check "${check.name}"${notValid ? " NOT VALID" : ""}.`)
    .with({ kind: "dropCheck" }, ({ check }) => `Drops check "${check.name}".`)
    .with({ kind: "addForeignKey" }, ({ foreignKey, notValid }) => `Adds foreign key "${foreignKey.name}"${notValid ? " NOT VALID" : ""}.`)
    .with({ kind: "dropForeignKey" }, ({ foreignKey }) => `Drops foreign key "${foreignKey.name}".`)
    .with({ kind: "renameConstraint" }, ({ from, to }) => `Renames constraint "${from}" to "${to}".`)
    .with({ kind: "validateConstraint" }, ({ name }) => `Validates constraint "${name}".`)
    .with({ kind: "changeEnumValues" }, ({ table, column, added, removed }) => {
      const changes = [...(added.length > 0 ? [`adds ${added.join(", ")}`] : []), ...(removed.length > 0 ? [`removes ${removed.join(", ")}`] : [])];
      return `Changes the values of enum "${table.tableName}"."${column.field}": ${changes.join("; ")}.`;
    })
    .with({ kind: "remapEnumValues" }, ({ table, column, remap }) =>
      `Converts rows of "${table.tableName}"."${column.field}" in batches: ${remap.map((pair) => `${pair.from} becomes ${pair.to}`).join(", ")}.`,
    )
    .with({ kind: "createEnumType" }, ({ name }) => `Creates the ENUM type "${name}".`)
    .with({ kind: "dropEnumType" }, ({ name }) => `Drops the ENUM type "${name}" (no column uses it any more).`)
    .with({ kind: "addEnumValue" }, ({ name, value }) => `Adds '${value}' to the ENUM type "${name}" (down rebuilds the type without it).`)
    .with({ kind: "addIsolation" }, ({ table, object }) =>
      object.kind === "immutableTenant"
        ? `Makes "${table.tableName}"."${object.immutable.tenantColumn}" immutable after insert (trigger "${object.immutable.trigger}").`
        : `Enables and forces row-level security on "${table.tableName}" (policy "${object.rls.policy}" on ${object.rls.setting}).`,
    )
    .with({ kind: "dropIsolation" }, ({ table, object }) =>
      object.kind === "immutableTenant"
        ? `Drops the immutable-tenant trigger "${object.immutable.trigger}" of "${table.tableName}".`
        : `Drops the policy "${object.rls.policy}" and disables row-level security on "${table.tableName}".`,
    )
    .exhaustive();
}

function count(n: number, singular: string, plural = `${singular}s`): string {
  return `${n} ${n === 1 ? singular : plural}`;
}
