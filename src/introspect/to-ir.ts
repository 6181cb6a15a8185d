/**
 * The live catalog as the schema IR: the same plain data the DSL produces, so that audit, drift and
 * pull read one shape. Built-in columns (id, the tenant column, createdAt/updatedAt/deletedAt) are
 * recognised only when they have exactly the built-in shape; anything else is declared as it is,
 * and what the IR cannot state is returned as a problem naming the database object.
 */
import { fieldOf, modelNameOf, referenceSingular } from "../ir/naming.js";
import type {
  AssociationIR,
  CheckIR,
  ColumnIR,
  ColumnRole,
  ForeignKeyIR,
  IndexIR,
  IndexMethod,
  NamingProfile,
  ReferentialAction,
  SchemaIR,
  TableIR,
  TenantDeparture,
  TenantIR,
} from "../ir/types.js";
import type { CatalogColumn, CatalogConstraint, CatalogIndex, CatalogTable, LiveCatalog } from "./catalog.js";
import { columnTypeFromCatalog } from "../ir/column-types.js";
import { defaultOf } from "./column-type.js";
import { attributeOf, detectNaming, uniqueTableKeys } from "./naming.js";

export interface IntrospectOptions {
  /** The tenant root and the tenant column as configured (attribute: `companyId`). */
  tenant: Omit<TenantIR, "field" | "model"> & { model?: TenantIR["model"] };
  /** The naming profile; detected from the live names when absent. */
  naming?: NamingProfile;
  /** The configured primary-key type (config `primaryKey`): only an `id` of this type is the built-in one. Default "integer". */
  primaryKey?: "integer" | "bigint" | "uuid";
  /** Tables to leave out besides the migration runners' own. */
  exclude?: readonly string[];
  /** Keep the tenant root as a table (the audit checks it too); it is configured, not declared, otherwise. */
  keepTenantRoot?: boolean;
}

/** Something in the live schema the IR cannot state, or that a person must look at. */
export interface IntrospectionProblem {
  /** `error`: the IR would differ from the database; `warning`: left alone (views, triggers...). */
  severity: "error" | "warning";
  /** `"Tickets"."searchVector"`, `index "Tickets_x"`, `view "open_tickets"`. */
  object: string;
  message: string;
}

export interface Introspection {
  schema: SchemaIR;
  problems: IntrospectionProblem[];
}

/** Tables that belong to migration runners, never to the application. */
export const RUNNER_TABLES: readonly string[] = ["SequelizeMeta", "SequelizeData"];

const ACTIONS: Record<string, ReferentialAction> = { a: "NO ACTION", r: "RESTRICT", c: "CASCADE", n: "SET NULL", d: "SET DEFAULT" };
const METHODS: readonly IndexMethod[] = ["btree", "gin", "gist", "hash"];
const quote = (name: string): string => `"${name.replace(/"/g, '""')}"`;

/** The key list of `CREATE INDEX ... USING m (keys) ...`, parentheses balanced, quotes respected. */
export function indexKeyList(definition: string): string {
  const start = definition.indexOf(" USING ");
  const open = definition.indexOf("(", start);
  let depth = 0;
  let inString: string | null = null;
  for (let i = open; i < definition.length; i++) {
    const char = definition[i];
    if (inString !== null) {
      if (char === inString) inString = null;
      continue;
    }
    if (char === "'" || char === '"') inString = char;
    else if (char === "(") depth++;
    else if (char === ")" && --depth === 0) return definition.slice(open + 1, i);
  }
  return definition.slice(open + 1);
}

const checkExpression = (definition: string): string => definition.replace(/^CHECK \(([\s\S]*)\)( NOT VALID)?$/, "$1");

/**
 * Turns a live catalog into schema IR, with the problems that keep it from being exact.
 *
 * @example
 * const { schema, problems } = catalogToIR(await readCatalog(run), { tenant: { tableName: "Companies", key: "id", keyType: "integer", attribute: "companyId", onDelete: "CASCADE" } });
 * schema.tables.map((t) => t.key) // ["contacts", "tickets"]
 */
export function catalogToIR(catalog: LiveCatalog, options: IntrospectOptions): Introspection {
  const problems: IntrospectionProblem[] = [];
  const excluded = new Set([...(options.keepTenantRoot === true ? [] : [options.tenant.tableName]), ...RUNNER_TABLES, ...(options.exclude ?? [])]);
  const live = catalog.tables.filter((table) => !excluded.has(table.name));
  const naming = options.naming ?? detectNaming(live.map((t) => t.name), live.flatMap((t) => t.columns.map((c) => c.name)));
  const tenant: TenantIR = { ...options.tenant, model: options.tenant.model ?? null, field: fieldOf(options.tenant.attribute, naming) };
  const keys = uniqueTableKeys(live.map((table) => table.name));
  const enums = new Map(catalog.enums.map((e) => [e.name, e.values]));
  const context: Context = { catalog, enums, naming, tenant, keys, problems, primaryKey: options.primaryKey ?? "integer" };

  for (const other of catalog.others) {
    problems.push({ severity: "warning", object: `${other.kind} ${quote(other.name)}${other.table === null ? "" : ` on ${quote(other.table)}`}`, message: "not a table: left as it is (tenant-schema neither declares nor changes it)" });
  }
  const tables = live.map((table) => tableIR(table, context));
  const withInverses = tables.map((table) => ({ ...table, associations: [...table.associations, ...inverseAssociations(table, tables)] }));
  return {
    schema: {
      version: 1,
      naming,
      tenant,
      tables: withInverses.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)),
      acknowledgements: [],
    },
    problems,
  };
}

interface Context {
  catalog: LiveCatalog;
  /** Enum types by name, values in type order. */
  enums: ReadonlyMap<string, readonly string[]>;
  naming: NamingProfile;
  tenant: TenantIR;
  /** Live table name → DSL key. */
  keys: Map<string, string>;
  problems: IntrospectionProblem[];
  primaryKey: "integer" | "bigint" | "uuid";
}

function tableIR(table: CatalogTable, context: Context): TableIR {
  const { tenant, naming } = context;
  const key = context.keys.get(table.name) ?? table.name;
  const report = (severity: IntrospectionProblem["severity"], object: string, message: string) => context.problems.push({ severity, object, message });
  if (table.kind === "p") report("error", `table ${quote(table.name)}`, "a partitioned table: tenant-schema cannot declare partitioning");

  const constraints = (type: string) => table.constraints.filter((constraint) => constraint.type === type);
  const primary = constraints("p")[0] ?? null;
  const foreignKeys = constraints("f");
  const tenantColumn = table.columns.find((column) => column.name === tenant.field) ?? null;
  const isTenant = tenantColumn !== null;
  const tenantForeignKey = foreignKeys.find((fk) => fk.columns.length === 1 && fk.columns[0] === tenant.field && fk.referencedTable === tenant.tableName) ?? null;

  const relationOf = (column: string): CatalogConstraint | undefined =>
    foreignKeys.find((fk) => fk !== tenantForeignKey && fk.columns.length === 1 && fk.columns[0] === column && isRelation(fk, context));
  const builtIn = builtIns(table, context, primary);
  const columns = table.columns.map((column): ColumnIR => {
    const role: ColumnRole =
      builtIn.get(column.name) ?? (column.name === tenant.field && isTenant ? "tenant" : relationOf(column.name) !== undefined ? "foreignKey" : "data");
    return columnIR(table, column, role, primary, context);
  });

  const departures: TenantDeparture[] = [];
  if (tenantColumn !== null) {
    if (!tenantColumn.notNull) departures.push("tenantNullable");
    if (tenantForeignKey === null) departures.push("tenantWithoutForeignKey");
  }
  const indexes = table.indexes.flatMap((index) => indexIR(table, index, context, relationOf));
  // The rule the DSL and the validator apply: a plain btree index without a predicate leads with it.
  const tenantIndexed = indexes.some((index) => index.columns[0] === tenant.field && index.expression === null && index.where === null && index.method === "btree");
  if (tenantColumn !== null && !tenantIndexed) departures.push("tenantWithoutIndex");

  const checks = constraints("c").map((check): CheckIR => {
    if (!check.validated) report("error", `constraint ${quote(check.name)} on ${quote(table.name)}`, "NOT VALID: validate it (ALTER TABLE ... VALIDATE CONSTRAINT) before pulling, or drop it");
    return { name: check.name, expression: checkExpression(check.definition), columns: check.columns, origin: "declared", source: null };
  });
  for (const constraint of [...constraints("x"), ...constraints("t")]) {
    report("error", `constraint ${quote(constraint.name)} on ${quote(table.name)}`, `${constraint.type === "x" ? "an exclusion" : "a constraint trigger"} constraint: tenant-schema cannot declare it (${constraint.definition})`);
  }
  for (const constraint of table.constraints.filter((c) => c.deferrable)) {
    report("error", `constraint ${quote(constraint.name)} on ${quote(table.name)}`, "DEFERRABLE: tenant-schema declares immediate constraints only");
  }

  const foreignKeyIRs = foreignKeys.map((fk): ForeignKeyIR => {
    if (!fk.validated) report("error", `constraint ${quote(fk.name)} on ${quote(table.name)}`, "NOT VALID: validate it before pulling, or drop it");
    if (fk.referencedSchema !== context.catalog.schema && fk.referencedTable !== tenant.tableName) {
      report("error", `constraint ${quote(fk.name)} on ${quote(table.name)}`, `references ${fk.referencedSchema}.${fk.referencedTable}, outside the schema`);
    }
    return {
      name: fk.name,
      columns: fk.columns,
      referencedTable: fk.referencedTable ?? "",
      referencedColumns: fk.referencedColumns,
      onDelete: ACTIONS[fk.onDelete ?? "a"] ?? "NO ACTION",
      onUpdate: ACTIONS[fk.onUpdate ?? "a"] ?? "NO ACTION",
      ...onDeleteColumns(fk.definition),
      source: null,
    };
  });
  const associations = foreignKeys.flatMap((fk): AssociationIR[] => {
    const column = fk.columns[0];
    if (column === undefined || relationOf(column) !== fk) return [];
    const target = context.keys.get(fk.referencedTable ?? "") ?? "";
    const attribute = columns.find((c) => c.field === column)?.name ?? column;
    return [{ kind: "belongsTo", as: associationName(attribute, attributeOf(fk.referencedColumns[0] ?? "id")), target, targetModel: modelNameOf(target), foreignKey: attribute }];
  });

  const timestamps = builtIn.has(fieldOf("createdAt", naming));
  return {
    key,
    tableName: table.name,
    modelName: modelNameOf(key),
    feature: key,
    scope: isTenant ? { kind: "tenant" } : { kind: "global", reason: "" },
    description: table.comment,
    paranoid: builtIn.has(fieldOf("deletedAt", naming)),
    timestamps,
    primaryKey: primary === null ? null : { name: primary.name, columns: primary.columns },
    departures: isTenant ? departures : ["globalUnreviewed"],
    junction: null,
    renamedFrom: null,
    transition: { view: null, columns: [] },
    columns,
    indexes,
    checks,
    foreignKeys: foreignKeyIRs,
    associations,
    source: null,
  };
}

/** A single-column foreign key to the primary key of a table in the schema: a `belongsTo`. */
function isRelation(fk: CatalogConstraint, context: Context): boolean {
  if (fk.referencedSchema !== context.catalog.schema || fk.columns.length !== 1) return false;
  const target = context.catalog.tables.find((table) => table.name === fk.referencedTable);
  const key = target?.constraints.find((constraint) => constraint.type === "p");
  return target !== undefined && context.keys.has(target.name) && key !== undefined && key.columns.length === 1 && key.columns[0] === fk.referencedColumns[0];
}

/**
 * The association of a foreign-key column, never the column's own name (a model cannot have both):
 * the column without the referenced key's suffix (`assigneeId` → `assignee`, `countryCode` → Countries.code
 * gives `country`), else the column plus `Record`.
 */
function associationName(attribute: string, referenced: string): string {
  const suffix = referenced.charAt(0).toUpperCase() + referenced.slice(1);
  if (attribute.length > suffix.length && attribute.endsWith(suffix)) return attribute.slice(0, -suffix.length);
  return `${attribute}Record`;
}

function inverseAssociations(table: TableIR, tables: readonly TableIR[]): AssociationIR[] {
  return tables.flatMap((other) =>
    other.associations
      .filter((association) => association.kind === "belongsTo" && association.target === table.key)
      .map((association): AssociationIR => {
        const as = association.as === referenceSingular(table.key) ? other.key : `${association.as}${other.modelName}s`;
        return { kind: "hasMany", as, target: other.key, targetModel: other.modelName, foreignKey: association.foreignKey };
      }),
  );
}

/**
 * Columns that have exactly a built-in's shape, by field, with their role: `id` (the configured key
 * type: SERIAL, BIGSERIAL or uuid with gen_random_uuid(); the whole primary key), createdAt/updatedAt
 * (both, timestamptz NOT NULL), deletedAt (timestamptz NULL, with the timestamps). Any other `id`
 * is declared as it is (`id: false`), since the DSL's built-in one has the configured type.
 */
function builtIns(table: CatalogTable, context: Context, primary: CatalogConstraint | null): Map<string, ColumnRole> {
  const roles = new Map<string, ColumnRole>();
  const column = (attribute: string) => table.columns.find((c) => c.name === fieldOf(attribute, context.naming));
  const id = column("id");
  if (id !== undefined && primary !== null && primary.columns.length === 1 && primary.columns[0] === id.name && id.notNull) {
    const serial = table.sequences.some((s) => s.column === id.name) && /^nextval\(/.test(id.default ?? "");
    const configured = id.type === context.primaryKey;
    const integerKey = (id.type === "integer" || id.type === "bigint") && serial;
    const uuidKey = id.type === "uuid" && id.default === "gen_random_uuid()";
    if (configured && (integerKey || uuidKey)) roles.set(id.name, "primaryKey");
  }
  const timestamp = (c: CatalogColumn | undefined, notNull: boolean) => c !== undefined && c.type === "timestamp with time zone" && c.notNull === notNull && c.comment === null;
  const created = column("createdAt");
  const updated = column("updatedAt");
  if (timestamp(created, true) && timestamp(updated, true) && created!.default === updated!.default) {
    roles.set(created!.name, "createdAt");
    roles.set(updated!.name, "updatedAt");
    const deleted = column("deletedAt");
    if (timestamp(deleted, false) && deleted!.default === null) roles.set(deleted!.name, "deletedAt");
  }
  return roles;
}

function columnIR(table: CatalogTable, column: CatalogColumn, role: ColumnRole, primary: CatalogConstraint | null, context: Context): ColumnIR {
  const object = `${quote(table.name)}.${quote(column.name)}`;
  const report = (message: string) => context.problems.push({ severity: "error", object, message });
  if (column.identity !== "") report(`an identity column (GENERATED ${column.identity === "a" ? "ALWAYS" : "BY DEFAULT"} AS IDENTITY): declare it as SERIAL or drop the identity before pulling`);
  if (column.generated !== "") report(`a generated column (${column.default ?? ""}): tenant-schema cannot declare it`);
  if (column.collation !== null) report(`collation ${column.collation}: tenant-schema declares columns with the default collation only`);
  const type = columnTypeFromCatalog(column.type, context.enums);
  const ownedSequence = table.sequences.find((s) => s.column === column.name);
  const autoIncrement = ownedSequence !== undefined && /^nextval\(/.test(column.default ?? "") && (type.kind === "integer" || type.kind === "bigint");
  if (ownedSequence !== undefined && autoIncrement && ownedSequence.sequence !== `${table.name}_${column.name}_seq`) {
    report(`its sequence is named ${quote(ownedSequence.sequence)}, not ${quote(`${table.name}_${column.name}_seq`)} (a renamed table?): rename the sequence before pulling`);
  }
  return {
    name: attributeOf(column.name),
    field: column.name,
    type,
    nullable: !column.notNull,
    default: autoIncrement || column.generated !== "" ? null : defaultOf(column.default, type),
    primaryKey: primary?.columns.includes(column.name) ?? false,
    autoIncrement,
    role,
    comment: column.comment,
    renamedFrom: null,
    using: null,
    backfill: null,
    source: null,
  };
}

function indexIR(table: CatalogTable, index: CatalogIndex, context: Context, relationOf: (column: string) => CatalogConstraint | undefined): IndexIR[] {
  const object = `index ${quote(index.name)} on ${quote(table.name)}`;
  const report = (message: string) => context.problems.push({ severity: "error", object, message });
  const owner = index.constraint === null ? null : table.constraints.find((constraint) => constraint.name === index.constraint);
  if (owner?.type === "p" || owner?.type === "x") return [];
  if (!index.valid) report("INVALID (a failed CREATE INDEX CONCURRENTLY): drop or rebuild it before pulling");
  if (index.included > 0) report("has INCLUDE columns: tenant-schema cannot declare them");
  if (!(METHODS as readonly string[]).includes(index.method)) report(`uses the ${index.method} method: tenant-schema declares btree, gin, gist and hash indexes`);
  const keys = indexKeyList(index.definition);
  const plain = index.plainKeys && index.keyColumns.every((column) => column !== null);
  const columns = plain ? (index.keyColumns as string[]) : referencedColumns(keys, table);
  const field = context.tenant.field;
  const single = plain && columns.length === 1 && index.predicate === null && index.method === "btree" && !index.unique;
  const origin: IndexIR["origin"] =
    single && columns[0] === field ? "tenant" : single && relationOf(columns[0]!) !== undefined ? "foreignKey" : index.unique ? "unique" : "declared";
  return [
    {
      name: index.name,
      columns,
      expression: plain ? null : keys,
      unique: index.unique,
      constraint: owner?.type === "u",
      where: index.predicate,
      method: (METHODS as readonly string[]).includes(index.method) ? (index.method as IndexMethod) : "btree",
      origin,
      reason: { kind: "existing" },
      source: null,
    },
  ];
}

/** Columns of the table an expression key list names, in order of first appearance. */
function referencedColumns(keys: string, table: CatalogTable): string[] {
  const found: { column: string; at: number }[] = [];
  for (const column of table.columns) {
    const pattern = new RegExp(`(^|[^A-Za-z0-9_"])(${column.name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}|${quote(column.name).replace(/[.*+?^${}()|[\]\\]/g, "\\$&")})(?![A-Za-z0-9_"])`);
    const match = pattern.exec(keys);
    if (match !== null) found.push({ column: column.name, at: match.index });
  }
  return found.sort((a, b) => a.at - b.at).map((entry) => entry.column);
}

/**
 * `ON DELETE SET NULL (column, ...)` (PostgreSQL 15): the columns, read from the constraint's
 * definition (pg_constraint.confdelsetcols does not exist before 15, the definition does).
 *
 * @example
 * onDeleteColumns('FOREIGN KEY (company_id, assignee_id) REFERENCES users(company_id, id) ON DELETE SET NULL (assignee_id)')
 * // { onDeleteColumns: ["assignee_id"] }
 */
function onDeleteColumns(definition: string): { onDeleteColumns?: string[] } {
  const listed = /ON DELETE SET (?:NULL|DEFAULT) \(([^)]*)\)/.exec(definition)?.[1];
  return listed === undefined ? {} : { onDeleteColumns: listed.split(",").map((column) => column.trim().replace(/^"(.*)"$/, "$1").replaceAll('""', '"')) };
}
