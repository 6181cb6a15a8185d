import type { ResolvedConfig } from "../config/define-config.js";
import { modelNameOf, pascalCase, referenceSingular } from "../ir/naming.js";
import type { AcknowledgementIR, AssociationIR, IndexIR, SchemaIR } from "../ir/types.js";
import { DEFAULT_TABLE_OPTIONS, type BelongsToDef, type BelongsToManyDef, type TableDef } from "./definitions.js";
import { acknowledgementIR, isAcknowledgement, type Acknowledgement } from "./acknowledgements.js";
import { isSchemaTable, type AnySchemaTable } from "./tables.js";
import { tableColumns } from "./to-ir-columns.js";
import { irContext, type IrContext, type TableTarget } from "./to-ir-context.js";
import { declaredTableName, tableIR, type TableShape } from "./to-ir-table.js";

const featureOf = (def: TableDef): string =>
  def.feature ?? def.source?.file.replace(/^.*[\\/]/, "").replace(/\.[^.]*$/, "") ?? def.key;

const junctionDef = (left: TableDef, relation: BelongsToManyDef): TableDef => {
  const link = (key: string, scope: BelongsToDef["target"]["scope"]): BelongsToDef => ({
    kind: "belongsTo",
    target: { key, scope },
    as: referenceSingular(key),
    foreignKey: `${referenceSingular(key)}Id`,
    nullable: false,
    onDelete: "CASCADE",
    onUpdate: "CASCADE",
    inverse: "hasMany",
    inverseAs: null,
    constraintName: null,
    index: true,
    field: null,
    source: relation.source,
  });
  const leftLink = link(left.key, "tenant");
  const rightLink = link(relation.target.key, relation.target.scope);
  return {
    key: relation.through,
    scope: { kind: "tenant" },
    columns: [],
    relations: [leftLink, rightLink],
    foreignKeys: [],
    indexes: [
      {
        origin: "declared",
        columns: [leftLink.foreignKey, rightLink.foreignKey],
        unique: true,
        scope: "global",
        where: null,
        method: "btree",
        name: null,
        reason: { kind: "junction", left: leftLink.as, right: rightLink.as, target: relation.target.key },
        constraint: false,
        expression: null,
        source: relation.source,
      },
    ],
    checks: [],
    description: `Links ${left.key} and ${relation.target.key} (many-to-many).`,
    tableName: null,
    feature: null,
    renamedFrom: null,
    // Junction rows are links: hard-deleted (not paranoid), with Sequelize's timestamps.
    options: { ...DEFAULT_TABLE_OPTIONS, paranoid: false },
    primaryKey: null,
    source: relation.source,
  };
};

/** A table definition with what makes it a declared or a junction table. */
interface Shaped {
  def: TableDef;
  shape: TableShape;
}

const junctionOf = (left: TableDef, relation: BelongsToManyDef): Shaped => ({
  def: junctionDef(left, relation),
  shape: { junction: { left: left.key, right: relation.target.key }, feature: featureOf(left) },
});

/**
 * Every relation resolves its target by key to the target's own names (its `.tableName(...)`, its
 * key columns), so overrides and naming profiles never break a reference.
 */
const targetsOf = (base: IrContext, tables: readonly Shaped[]): Map<string, TableTarget> => {
  const targets = new Map<string, TableTarget>();
  for (const { def } of tables) {
    if (targets.has(def.key)) continue; // a key declared twice is the validator's to report
    const columns = tableColumns(def, base);
    const fields = Object.fromEntries(columns.map((column) => [column.name, column.field]));
    targets.set(def.key, { tableName: declaredTableName(def, base), primaryKey: columns.filter((column) => column.primaryKey), fields });
  }
  return targets;
};

/** Associations that tables add to other tables: inverse sides of belongsTo, both sides of belongsToMany. */
const addedAssociations = (def: TableDef): { table: string; association: AssociationIR }[] =>
  def.relations.flatMap((relation) => {
    if (relation.kind === "belongsTo") {
      const defaultAs = relation.inverse === "hasMany" ? def.key : referenceSingular(def.key);
      const as = relation.inverseAs ?? (relation.as === referenceSingular(relation.target.key) ? defaultAs : `${relation.as}${pascalCase(defaultAs)}`);
      const association: AssociationIR = { kind: relation.inverse, as, target: def.key, targetModel: modelNameOf(def.key), foreignKey: relation.foreignKey };
      return [{ table: relation.target.key, association }];
    }
    const leftKey = `${referenceSingular(def.key)}Id`;
    const rightKey = `${referenceSingular(relation.target.key)}Id`;
    const through = { through: relation.through, throughModel: modelNameOf(relation.through) };
    return [
      {
        table: def.key,
        association: { kind: "belongsToMany", as: relation.as ?? relation.target.key, target: relation.target.key, targetModel: modelNameOf(relation.target.key), ...through, foreignKey: leftKey, otherKey: rightKey },
      },
      {
        table: relation.target.key,
        association: { kind: "belongsToMany", as: relation.inverseAs ?? def.key, target: def.key, targetModel: modelNameOf(def.key), ...through, foreignKey: rightKey, otherKey: leftKey },
      },
    ];
  });

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

// Stable order whatever file declared them; duplicates stay adjacent for the validator.
const byTarget = (a: AcknowledgementIR, b: AcknowledgementIR): number =>
  compare(a.table, b.table) || compare("column" in a ? a.column : "", "column" in b ? b.column : "") || compare(a.kind, b.kind);

/**
 * Turns DSL tables (and the schema files' data-loss acknowledgements) into the schema IR. Never
 * throws on bad input: unknown names are kept as written so `validateSchema` reports them with
 * their source.
 *
 * @example
 * const ir = toSchemaIR([users, notifications], resolveConfig({}, process.cwd(), null), [dropLegacy]);
 * validateSchema(ir) // []
 */
export function toSchemaIR(tables: readonly AnySchemaTable[], config: ResolvedConfig, acknowledgements: readonly Acknowledgement[] = []): SchemaIR {
  const defs = tables.filter((table) => isSchemaTable(table)).map((table) => table.def);
  const declared = defs.map((def): Shaped => ({ def, shape: { junction: null, feature: featureOf(def) } }));
  const junctions = defs.flatMap((def) =>
    def.relations.filter((r): r is BelongsToManyDef => r.kind === "belongsToMany").map((relation) => junctionOf(def, relation)),
  );
  const context = irContext(config, targetsOf(irContext(config), [...declared, ...junctions]));
  const added = defs.flatMap(addedAssociations);
  const withInverses = [...declared, ...junctions].map(({ def, shape }) => {
    const table = tableIR(def, context, shape);
    const junctionTable = shape.junction === null ? table : { ...table, indexes: table.indexes.map((index): IndexIR => (index.origin === "declared" ? { ...index, origin: "junction" } : index)) };
    return { ...junctionTable, associations: [...junctionTable.associations, ...added.filter((a) => a.table === table.key).map((a) => a.association)] };
  });
  const sorted = withInverses.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const acknowledged = acknowledgements
    .filter(isAcknowledgement)
    .map((acknowledgement) => acknowledgementIR(acknowledgement, context.rootDir))
    .sort(byTarget);
  return { version: 1, naming: context.naming, tenant: context.tenant, tables: sorted, acknowledgements: acknowledged };
}
