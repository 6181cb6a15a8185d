import { fieldOf } from "../ir/naming.js";
import type { ColumnIR, ColumnRole, ColumnTypeIR, DefaultIR } from "../ir/types.js";
import { TENANT_ATTRIBUTE, type BelongsToDef, type ColumnHint, type TableDef } from "./definitions.js";
import { hintFragment } from "./refs.js";
import { defaultIR, relativeSource, renderFragment, type IrContext } from "./to-ir-context.js";
import type { ResolveColumn } from "./sql.js";

const keyType = (kind: "integer" | "bigint" | "uuid"): ColumnTypeIR => ({ kind });

/** A foreign key has its target's key type (the configured one while the target is unknown). */
const referenceType = (relation: BelongsToDef, context: IrContext): ColumnTypeIR => {
  const key = context.target(relation.target.key)?.primaryKey[0];
  return key === undefined ? keyType(context.primaryKey) : structuredClone(key.type);
};

const builtIn = (name: string, field: string, role: ColumnRole, type: ColumnTypeIR, nullable: boolean): ColumnIR => ({
  name,
  field,
  type,
  nullable,
  default: null,
  primaryKey: false,
  autoIncrement: false,
  role,
  comment: null,
  renamedFrom: null,
  using: null,
  backfill: null,
  source: null,
});

const primaryKeyColumn = (context: IrContext): ColumnIR => ({
  ...builtIn("id", fieldOf("id", context.naming), "primaryKey", keyType(context.primaryKey), false),
  primaryKey: true,
  autoIncrement: context.primaryKey !== "uuid",
  default: context.primaryKey === "uuid" ? { kind: "sql", sql: "gen_random_uuid()" } : null,
});

/**
 * Maps the DSL's attribute names to database columns; the DSL's `companyId` stands for the
 * configured tenant column, and names that are not declared are kept as written.
 *
 * @example
 * columnResolver(columns, context)("companyId") // "company_id"
 */
export function columnResolver(columns: readonly ColumnIR[], context: IrContext, self: string | null = null): ResolveColumn {
  const fields = new Map(columns.map((column) => [column.name, column.field]));
  return (attribute) => {
    const name = attribute ?? self ?? "";
    const lookup = name === TENANT_ATTRIBUTE ? context.tenant.attribute : name;
    return fields.get(lookup) ?? name;
  };
}

/**
 * The key columns of `.primaryKey(...)` as database columns, or null without one (the built-in `id`
 * is the key then, when the table has it).
 */
const declaredPrimaryKey = (def: TableDef, resolve: (name: string) => string): Set<string> | null =>
  def.primaryKey === null ? null : new Set(def.primaryKey.columns.map(resolve));

/**
 * Columns in IR order: id, tenant, declared (in order), foreign keys (in call order), timestamps.
 * The table options decide which built-ins exist, their database names and whether the tenant
 * column is nullable (a declared "tenantNullable" departure); `.primaryKey(...)` flags its columns.
 *
 * @example
 * tableColumns(def, context).map((c) => c.name) // ["id", "companyId", "title", "userId", "createdAt", "updatedAt", "deletedAt"]
 */
export function tableColumns(def: TableDef, context: IrContext): ColumnIR[] {
  const { options } = def;
  const field = (name: string, override: string | null = null): string => override ?? fieldOf(name, context.naming);
  const builtInField = (name: keyof TableDef["options"]["fields"]): string => field(name, options.fields[name] ?? null);
  const comment = (name: keyof TableDef["options"]["comments"]): string | null => options.comments[name] ?? null;
  const head: ColumnIR[] = options.id ? [{ ...primaryKeyColumn(context), field: builtInField("id"), comment: comment("id") }] : [];
  if (def.scope.kind === "tenant") {
    const nullable = options.departures.includes("tenantNullable");
    head.push({ ...builtIn(context.tenant.attribute, context.tenant.field, "tenant", keyType(context.tenant.keyType), nullable), comment: comment(TENANT_ATTRIBUTE) });
  }
  const declared = def.columns.map(([name, column]): ColumnIR => ({
    name,
    field: field(name, column.field),
    type: structuredClone(column.type) as ColumnTypeIR,
    nullable: column.nullable,
    // A default's SQL rarely names columns; when it does, the profile's field is the right name.
    default: defaultIR(column.default, (attribute) => field(attribute ?? name)),
    primaryKey: false,
    autoIncrement: column.autoIncrement,
    role: "data",
    comment: column.comment,
    renamedFrom: column.renamedFrom === null ? null : { from: column.renamedFrom.from, strategy: column.renamedFrom.strategy },
    using: null,
    backfill: null,
    // Only when declared: snapshots of columns without one stay as they were.
    ...(column.remap === null ? {} : { remap: { ...column.remap } }),
    source: relativeSource(column.source, context.rootDir),
  }));
  const foreignKeys = def.relations
    .filter((relation): relation is BelongsToDef => relation.kind === "belongsTo")
    .map((relation): ColumnIR => ({
      ...builtIn(relation.foreignKey, field(relation.foreignKey, relation.field), "foreignKey", referenceType(relation, context), relation.nullable),
      source: relativeSource(relation.source, context.rootDir),
    }));
  // DEFAULT now(): Sequelize sets both itself, but SQL scripts, data migrations and other services
  // inserting rows must not have to (the conventions require it). An emitted table without it gets
  // a SET DEFAULT migration from the diff; an adopted one made by Sequelize's createTable has none
  // (`timestampDefault: false`), and keeps none.
  const { timestampDefault } = options;
  const now: DefaultIR | null =
    timestampDefault === true ? { kind: "sql", sql: "now()" } : timestampDefault === false ? null : defaultIR({ kind: "sql", fragment: timestampDefault }, (attribute) => field(attribute ?? ""));
  const tail: ColumnIR[] = [];
  const timestamp = (name: "createdAt" | "updatedAt" | "deletedAt", nullable: boolean): ColumnIR => ({
    ...builtIn(name, builtInField(name), name, { kind: "timestamp" }, nullable),
    comment: comment(name),
  });
  if (options.timestamps) tail.push({ ...timestamp("createdAt", false), default: now }, { ...timestamp("updatedAt", false), default: now });
  if (options.paranoid) tail.push(timestamp("deletedAt", true));
  const listed = [...head, ...declared, ...foreignKeys, ...tail];
  const keys = declaredPrimaryKey(def, (name) => columnResolver(listed, context)(name));
  const all = keys === null ? listed : listed.map((column) => ({ ...column, primaryKey: keys.has(column.field) }));
  // Hints are rendered like checks: over every column of the table, the column itself by default.
  const render = (hint: ColumnHint | null, self: string): string | null =>
    hint === null ? null : renderFragment(hintFragment(hint), columnResolver(all, context, self)).text;
  const hints = new Map(def.columns.map(([name, column]) => [name, { using: render(column.using, name), backfill: render(column.backfill, name) }]));
  return all.map((column) => {
    const hint = column.role === "data" ? hints.get(column.name) : undefined;
    return hint === undefined ? column : { ...column, ...hint };
  });
}
