/**
 * Schema IR (the live database's) → DSL source files that declare it exactly: one file per
 * feature, tables in dependency order, every departure from what tenant-schema would create written
 * as an explicit option. Pure and deterministic; prettier formats the result in the CLI.
 */
import { constraintName, fieldOf, primaryKeyName, referenceSingular, tableNameOf } from "../ir/naming.js";
import type { CheckIR, ColumnIR, ColumnTypeIR, DefaultIR, ForeignKeyIR, IndexIR, JsonValue, SchemaIR, ScalarTypeIR, TableIR } from "../ir/types.js";
import { groupFeatures } from "./features.js";

export interface PulledFile {
  /** Relative to the schema folder, e.g. `tickets.ts`. */
  path: string;
  contents: string;
  /** Table keys it declares, in order. */
  tables: string[];
}

/** Something `pull` cannot declare as the database has it: the declarations would differ. */
export interface PullProblem {
  object: string;
  message: string;
}

export interface PullOptions {
  /** Table name → feature, overriding the grouping. */
  features?: Readonly<Record<string, string>>;
  /** What the file header says the schema was pulled from (password masked). */
  source: string;
  /** The clock, for the header (injected: emitters never read clocks). */
  pulledAt: string;
}

// JavaScript words a table variable or an attribute cannot be.
const RESERVED = new Set(
  "break case catch class const continue debugger default delete do else enum export extends false finally for function if import in instanceof new null return super switch this throw true try typeof var void while with yield let static implements interface package private protected public await".split(" "),
);

const str = (value: string): string => JSON.stringify(value);
/** A raw SQL text inside sql`...`: backticks, backslashes and `${` escaped. */
const sqlTemplate = (text: string): string => `sql\`${text.replace(/\\/g, "\\\\").replace(/`/g, "\\`").replace(/\$\{/g, "\\${")}\``;
const json = (value: JsonValue): string => JSON.stringify(value);
const variableOf = (key: string): string => (RESERVED.has(key) ? `${key}Table` : key);

const scalarCall = (type: ScalarTypeIR): string => {
  switch (type.kind) {
    case "string":
      return `t.string(${type.length})`;
    case "decimal":
      return `t.decimal(${type.precision}, ${type.scale})`;
    default:
      return `t.${type.kind}()`;
  }
};

/**
 * A JSON column's TypeScript type follows the shape of its default, so the default type-checks:
 * `t.jsonb()` is an object (`Record<string, unknown>`), a `'[]'` default makes it `unknown[]`.
 */
const jsonCall = (kind: "json" | "jsonb", value: DefaultIR | null): string => {
  const literal = value?.kind === "literal" ? value.value : null;
  const tsType = Array.isArray(literal) ? "unknown[]" : literal !== null && typeof literal !== "object" ? "unknown" : null;
  return tsType === null ? `t.${kind}()` : `t.${kind}<${tsType}>({ tsType: ${str(tsType)} })`;
};

const typeCall = (type: ColumnTypeIR, value: DefaultIR | null): string => {
  switch (type.kind) {
    case "jsonb":
    case "json":
      return jsonCall(type.kind, value);
    case "pgEnum":
      return `t.pgEnum(${str(type.name)}, ${json(type.values)})`;
    case "array":
      return `t.array(${scalarCall(type.element)})`;
    case "custom":
      return `t.custom(${str(type.sql)}, { tsType: ${str(type.tsType)} })`;
    case "enum":
      return `t.enum(${json(type.values)}, { length: ${type.length} })`;
    default:
      return scalarCall(type);
  }
};

const defaultCall = (value: DefaultIR): string => (value.kind === "sql" ? `.default(${sqlTemplate(value.sql)})` : `.default(${json(value.value)})`);

interface TableContext {
  schema: SchemaIR;
  table: TableIR;
  /** Database column → DSL attribute (the tenant column is `companyId` in the DSL). */
  attribute: (field: string) => string;
  problems: PullProblem[];
}

function columnCall(column: ColumnIR, context: TableContext): string {
  const parts = [typeCall(column.type, column.default)];
  if (column.nullable) parts.push(".nullable()");
  if (column.autoIncrement) parts.push(".autoIncrement()");
  if (column.default !== null) parts.push(defaultCall(column.default));
  if (fieldOf(column.name, context.schema.naming) !== column.field) parts.push(`.field(${str(column.field)})`);
  if (column.comment !== null) parts.push(`.comment(${str(column.comment)})`);
  return parts.join("");
}

/** A built-in column's index the DSL adds by itself: a plain, single-column btree with its default name. */
const isBuiltInIndex = (index: IndexIR, table: TableIR, field: string): boolean =>
  index.columns.length === 1 &&
  index.columns[0] === field &&
  index.expression === null &&
  !index.unique &&
  index.where === null &&
  index.method === "btree" &&
  index.name === constraintName(table.tableName, [field], "idx");

/** Whether the DSL's rule "a declared non-partial btree index leading with the column covers it" holds. */
const covers = (index: IndexIR, field: string): boolean => index.expression === null && index.where === null && index.method === "btree" && index.columns[0] === field;

function indexCall(index: IndexIR, context: TableContext): string {
  const options = [`name: ${str(index.name)}`];
  if (index.unique && !index.constraint) options.push("unique: true");
  if (index.method !== "btree") options.push(`method: ${str(index.method)}`);
  if (index.where !== null) options.push(`where: () => ${sqlTemplate(index.where)}`);
  if (index.expression !== null) return `.indexOn(${str(index.name)}, () => ${sqlTemplate(index.expression)}, { ${options.slice(1).join(", ")} })`;
  const columns = `[${index.columns.map((c) => str(context.attribute(c))).join(", ")}]`;
  if (index.constraint) {
    const tenant = context.table.scope.kind === "tenant" ? context.schema.tenant.field : null;
    const scope = tenant !== null && index.columns.includes(tenant) ? "" : ", scope: \"global\"";
    return `.unique(${columns}, { constraint: true, name: ${str(index.name)}${scope} })`;
  }
  return `.index(${columns}, { ${options.join(", ")} })`;
}

function checkCall(check: CheckIR): string {
  return `.check(${str(check.name)}, () => ${sqlTemplate(check.expression)}, { constraintName: ${str(check.name)} })`;
}

interface Relation {
  foreignKey: ForeignKeyIR;
  column: ColumnIR;
  target: TableIR;
}

function relationCall(relation: Relation, context: TableContext, variable: (key: string) => string): string {
  const { foreignKey, column, target, } = relation;
  const { table } = context;
  const association = table.associations.find((a) => a.kind === "belongsTo" && a.foreignKey === column.name);
  // belongsToSelf's default name is "parent", belongsTo's the target's singular.
  const defaultAs = target === table ? "parent" : referenceSingular(target.key);
  const as = association?.as ?? defaultAs;
  const options: string[] = [];
  if (as !== defaultAs) options.push(`as: ${str(as)}`);
  if (column.name !== `${as}Id`) options.push(`foreignKey: ${str(column.name)}`);
  if (fieldOf(column.name, context.schema.naming) !== column.field) options.push(`field: ${str(column.field)}`);
  if (column.nullable) options.push("nullable: true");
  if (foreignKey.onDelete !== "RESTRICT") options.push(`onDelete: ${str(foreignKey.onDelete)}`);
  if (foreignKey.onUpdate !== "CASCADE") options.push(`onUpdate: ${str(foreignKey.onUpdate)}`);
  if (foreignKey.name !== constraintName(table.tableName, [column.field], "fkey")) options.push(`constraintName: ${str(foreignKey.name)}`);
  if (!table.indexes.some((index) => covers(index, column.field))) options.push("index: false");
  const body = options.length === 0 ? "" : `{ ${options.join(", ")} }`;
  if (target === table) return `.belongsToSelf(${body})`;
  return `.belongsTo(${variable(target.key)}${body === "" ? "" : `, ${body}`})`;
}

/** A foreign key that is no belongsTo (a composite one, or one to a key other than the primary key). */
function foreignKeyCall(foreignKey: ForeignKeyIR, context: TableContext, variable: (key: string) => string): string {
  const { schema } = context;
  const target = schema.tables.find((t) => t.tableName === foreignKey.referencedTable);
  // The DSL names a tenant column `companyId` on every tenant table, the target's too.
  const targetAttribute = (field: string) =>
    target?.scope.kind === "tenant" && field === schema.tenant.field ? "companyId" : (target?.columns.find((c) => c.field === field)?.name ?? field);
  const options: string[] = [];
  if (foreignKey.name !== constraintName(context.table.tableName, foreignKey.columns, "fkey")) options.push(`constraintName: ${str(foreignKey.name)}`);
  if (foreignKey.onDelete !== "RESTRICT") options.push(`onDelete: ${str(foreignKey.onDelete)}`);
  if (foreignKey.onUpdate !== "CASCADE") options.push(`onUpdate: ${str(foreignKey.onUpdate)}`);
  const columns = (fields: readonly string[], name: (field: string) => string) => `[${fields.map((field) => str(name(field))).join(", ")}]`;
  const targetRef = target === undefined ? str(foreignKey.referencedTable) : variable(target.key);
  const body = options.length === 0 ? "" : `, { ${options.join(", ")} }`;
  return `.foreignKey(${columns(foreignKey.columns, context.attribute)}, ${targetRef}, ${columns(foreignKey.referencedColumns, targetAttribute)}${body})`;
}

/** The declaration of one table, and the keys of the tables it references. */
function printTable(schema: SchemaIR, table: TableIR, variable: (key: string) => string, problems: PullProblem[]): { code: string; references: string[] } {
  const tenantField = table.scope.kind === "tenant" ? schema.tenant.field : null;
  const attribute = (field: string): string => (field === tenantField ? "companyId" : (table.columns.find((c) => c.field === field)?.name ?? field));
  const context: TableContext = { schema, table, attribute, problems };
  const byName = new Map(schema.tables.map((t) => [t.tableName, t]));

  const relations: Relation[] = [];
  const rawForeignKeys: ForeignKeyIR[] = [];
  for (const fk of table.foreignKeys) {
    if (tenantField !== null && fk.columns.length === 1 && fk.columns[0] === tenantField && fk.referencedTable === schema.tenant.tableName) continue;
    const column = table.columns.find((c) => c.field === fk.columns[0]);
    const target = byName.get(fk.referencedTable);
    if (fk.columns.length === 1 && column?.role === "foreignKey" && target !== undefined) relations.push({ foreignKey: fk, column, target });
    else rawForeignKeys.push(fk);
  }

  const builtInRole = (column: ColumnIR) => ["primaryKey", "tenant", "createdAt", "updatedAt", "deletedAt"].includes(column.role);
  const declared = table.columns.filter((column) => !builtInRole(column) && column.role !== "foreignKey");
  const columnLines = declared.map((column) => {
    const name = RESERVED.has(column.name) || /[^A-Za-z0-9_$]/.test(column.name) ? str(column.name) : column.name;
    return `  ${name}: ${columnCall(column, context)},`;
  });

  const hasBuiltInId = table.columns.some((c) => c.role === "primaryKey");
  const timestamps = table.columns.some((c) => c.role === "createdAt");
  const createdAt = table.columns.find((c) => c.role === "createdAt");
  const options: string[] = [];
  if (!hasBuiltInId) options.push("id: false");
  if (!timestamps) options.push("timestamps: false");
  const timestampDefault = createdAt?.default ?? null;
  if (timestamps && timestampDefault === null) options.push("timestampDefault: false");
  else if (timestampDefault?.kind === "sql" && timestampDefault.sql !== "now()") options.push(`timestampDefault: ${sqlTemplate(timestampDefault.sql)}`);
  else if (timestampDefault?.kind === "literal") problems.push({ object: `column "${table.tableName}"."${createdAt!.field}"`, message: "a timestamp default that is a literal: the built-in timestamps take SQL defaults only" });
  // No built-in deletedAt: a table without timestamps has none either, and must say so.
  if (!table.columns.some((c) => c.role === "deletedAt")) options.push("paranoid: false");
  // Built-in columns are not declared, so their comments are a table option (under the DSL's names).
  const builtInNames: Partial<Record<ColumnIR["role"], string>> = { primaryKey: "id", tenant: "companyId", createdAt: "createdAt", updatedAt: "updatedAt", deletedAt: "deletedAt" };
  const comments = table.columns.flatMap((c) => (builtInRole(c) && c.comment !== null ? [`${builtInNames[c.role]}: ${str(c.comment)}`] : []));
  if (comments.length > 0) options.push(`comments: { ${comments.join(", ")} }`);
  if (table.departures.length > 0) options.push(`departures: ${json(table.departures)}`);
  if (tenantField !== null) {
    const tenantKey = table.foreignKeys.find((fk) => fk.columns.length === 1 && fk.columns[0] === tenantField && fk.referencedTable === schema.tenant.tableName);
    if (tenantKey !== undefined) {
      const parts: string[] = [];
      if (tenantKey.name !== constraintName(table.tableName, [tenantField], "fkey")) parts.push(`constraintName: ${str(tenantKey.name)}`);
      if (tenantKey.onDelete !== schema.tenant.onDelete) parts.push(`onDelete: ${str(tenantKey.onDelete)}`);
      if (tenantKey.onUpdate !== "CASCADE") parts.push(`onUpdate: ${str(tenantKey.onUpdate)}`);
      if (parts.length > 0) options.push(`tenantForeignKey: { ${parts.join(", ")} }`);
    }
  }
  const define =
    table.scope.kind === "tenant"
      ? `defineTenantTable(${str(table.key)}, {\n${columnLines.join("\n")}\n}${options.length === 0 ? "" : `, { ${options.join(", ")} }`})`
      : `defineGlobalTable(${str(table.key)}, {\n${columnLines.join("\n")}\n}, { ${[...(table.scope.reason.trim() === "" ? [] : [`reason: ${str(table.scope.reason)}`]), ...options].join(", ")} })`;

  const chain: string[] = [];
  if (tableNameOf(table.key, schema.naming) !== table.tableName) chain.push(`.tableName(${str(table.tableName)})`);
  chain.push(...relations.map((relation) => relationCall(relation, context, variable)));
  chain.push(...rawForeignKeys.map((fk) => foreignKeyCall(fk, context, variable)));
  // After the relations: a key may be made of the columns they declare (a join table's two keys).
  const keyColumns = table.primaryKey?.columns ?? [];
  if (!hasBuiltInId && keyColumns.length > 0) {
    const name = table.primaryKey!.name === primaryKeyName(table.tableName) ? "" : `, { name: ${str(table.primaryKey!.name)} }`;
    chain.push(`.primaryKey([${keyColumns.map((c) => str(attribute(c))).join(", ")}]${name})`);
  } else if (hasBuiltInId && table.primaryKey !== null && table.primaryKey.name !== primaryKeyName(table.tableName)) {
    chain.push(`.primaryKey(["id"], { name: ${str(table.primaryKey.name)} })`);
  }
  const builtInFields = [...(tenantField !== null && !table.departures.includes("tenantWithoutIndex") ? [tenantField] : []), ...relations.map((r) => r.column.field)];
  // A built-in index is added by the DSL only where no declared index covers its column: leave out
  // the live one only then, so the declarations make exactly the live indexes.
  const others = (index: IndexIR) => table.indexes.filter((other) => other !== index);
  const indexes = table.indexes.filter(
    (index) => !builtInFields.some((field) => isBuiltInIndex(index, table, field) && !others(index).some((other) => covers(other, field))),
  );
  chain.push(...indexes.map((index) => indexCall(index, context)));
  chain.push(...table.checks.map(checkCall));
  if (table.description !== null) chain.push(`.describe(${str(table.description)})`);

  const references = [...relations.filter((r) => r.target !== table).map((r) => r.target.key), ...rawForeignKeys.map((fk) => byName.get(fk.referencedTable)?.key).filter((k): k is string => k !== undefined && k !== table.key)];
  return { code: `export const ${variable(table.key)} = ${define}${chain.map((call) => `\n  ${call}`).join("")};`, references };
}

/** Orders the tables of a file so that every table comes after those it references (ties: by key). */
function dependencyOrder(tables: readonly TableIR[], referencesOf: (table: TableIR) => string[], problems: PullProblem[]): TableIR[] {
  const keys = new Set(tables.map((t) => t.key));
  const ordered: TableIR[] = [];
  const done = new Set<string>();
  const visiting = new Set<string>();
  const visit = (table: TableIR): void => {
    if (done.has(table.key)) return;
    if (visiting.has(table.key)) {
      problems.push({ object: `table "${table.tableName}"`, message: "is part of a foreign-key cycle between tables: declare one of its keys with .foreignKey(...) by table key" });
      return;
    }
    visiting.add(table.key);
    for (const key of referencesOf(table).filter((k) => keys.has(k)).sort()) {
      const target = tables.find((t) => t.key === key);
      if (target !== undefined) visit(target);
    }
    visiting.delete(table.key);
    done.add(table.key);
    ordered.push(table);
  };
  [...tables].sort((a, b) => a.key.localeCompare(b.key)).forEach(visit);
  return ordered;
}

/**
 * The DSL files of a live schema, one per feature, with what they cannot state.
 *
 * @example
 * const { files } = printSchema(introspected, { source: "postgres://app:***@db/app", pulledAt: "2026-12-02T09:00:00Z" });
 * files.map((f) => f.path) // ["contacts.ts", "tickets.ts", "users.ts"]
 */
export function printSchema(schema: SchemaIR, options: PullOptions): { files: PulledFile[]; problems: PullProblem[] } {
  const problems: PullProblem[] = [];
  const features = mergeCycles(schema, groupFeatures(schema.tables, options.features ?? {}));
  const variable = variableOf;
  const printed = new Map(schema.tables.map((table) => [table.key, printTable(schema, table, variable, problems)]));
  const featureNames = [...new Set(features.values())].sort();
  const files = featureNames.map((feature): PulledFile => {
    const tables = schema.tables.filter((table) => features.get(table.tableName) === feature);
    const ordered = dependencyOrder(tables, (table) => printed.get(table.key)?.references ?? [], problems);
    const imports = new Map<string, Set<string>>();
    for (const table of ordered) {
      for (const key of printed.get(table.key)?.references ?? []) {
        const target = schema.tables.find((t) => t.key === key);
        const targetFeature = target === undefined ? undefined : features.get(target.tableName);
        if (targetFeature === undefined || targetFeature === feature) continue;
        imports.set(targetFeature, new Set([...(imports.get(targetFeature) ?? []), variable(key)]));
      }
    }
    const body = ordered.map((table) => printed.get(table.key)?.code ?? "").join("\n\n");
    const usesSql = body.includes("sql`");
    const dsl = ["defineGlobalTable", "defineTenantTable", ...(usesSql ? ["sql"] : []), "t"].filter((name) => name === "sql" || name === "t" || body.includes(`${name}(`));
    const header = [
      `// Pulled from ${options.source} by \`tenant-schema pull\` on ${options.pulledAt}.`,
      "// These declarations are yours now: edit them and run `tenant-schema emit` for every change.",
      ...ordered.flatMap((table) => (table.departures.length === 0 ? [] : [`// ${table.tableName} breaks tenant rules (${table.departures.join(", ")}): \`tenant-schema audit\` reports them until fixed.`])),
      `import { ${dsl.join(", ")} } from "tenant-schema";`,
      ...[...imports].sort(([a], [b]) => a.localeCompare(b)).map(([file, names]) => `import { ${[...names].sort().join(", ")} } from "./${file}.js";`),
    ];
    return { path: `${feature}.ts`, contents: `${header.join("\n")}\n\n${body}\n`, tables: ordered.map((table) => table.key) };
  });
  return { files, problems };
}

/**
 * Features whose files would import each other (an ES module cycle) are merged into one, named
 * after the first of them: the strongly connected components of the import graph (Tarjan's
 * algorithm, linear in the features and imports; pairwise reachability was cubic and took most
 * of a 1,000-table pull).
 */
function mergeCycles(schema: SchemaIR, features: Map<string, string>): Map<string, string> {
  const byName = new Map(schema.tables.map((t) => [t.tableName, t]));
  const edges = new Map<string, Set<string>>();
  for (const table of schema.tables) {
    const from = features.get(table.tableName)!;
    for (const fk of table.foreignKeys) {
      const target = byName.get(fk.referencedTable);
      const to = target === undefined ? undefined : features.get(target.tableName);
      if (to === undefined || to === from) continue;
      const out = edges.get(from) ?? new Set<string>();
      out.add(to);
      edges.set(from, out);
    }
  }
  const component = new Map<string, string>();
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const connect = (name: string): void => {
    index.set(name, index.size);
    low.set(name, index.get(name)!);
    stack.push(name);
    onStack.add(name);
    for (const next of [...(edges.get(name) ?? [])].sort()) {
      if (!index.has(next)) {
        connect(next);
        low.set(name, Math.min(low.get(name)!, low.get(next)!));
      } else if (onStack.has(next)) {
        low.set(name, Math.min(low.get(name)!, index.get(next)!));
      }
    }
    if (low.get(name) !== index.get(name)) return;
    const members: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      members.push(member);
    } while (member !== name);
    const first = members.sort()[0]!;
    for (const m of members) component.set(m, first);
  };
  for (const name of [...new Set(features.values())].sort()) if (!index.has(name)) connect(name);
  return new Map([...features].map(([table, feature]) => [table, component.get(feature) ?? feature]));
}
