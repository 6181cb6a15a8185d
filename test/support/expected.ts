/**
 * What the catalog MUST be for a SchemaIR, built from the IR alone (never from an emitter), so that
 * `expect(await introspect(db)).toEqual(await expectedCatalog(ir, db))` is an exact check.
 *
 * Names, types, nullability, keys, actions and index shapes are mapped directly. Texts PostgreSQL
 * canonicalises (defaults, index predicates, check definitions, SERIAL sequence and primary-key
 * names) are obtained by applying the IR's own text to scratch tables in a scratch schema, inside a
 * transaction that is always rolled back, and reading the result back with `introspect`.
 *
 * `TableIR.transition` (the expand phase of expand/contract renames) adds what stays alive until the
 * contract: the old table name as a view over the renamed table, and each retired column with its
 * own indexes, checks and foreign keys plus the trigger (and its plpgsql function) that keeps it in
 * sync with its replacement, named by `transitionNames`.
 */
import { QueryTypes, type Sequelize } from "sequelize";
import { match } from "ts-pattern";
import { transitionNames } from "../../src/ir/naming.js";
import type {
  CheckIR,
  ColumnIR,
  ColumnTypeIR,
  ForeignKeyIR,
  IndexIR,
  JsonValue,
  SchemaIR,
  ScalarTypeIR,
  TableIR,
} from "../../src/ir/types.js";
import {
  byName,
  type Catalog,
  type CatalogFunction,
  type CatalogSequence,
  type CatalogTable,
  type CatalogTrigger,
  type CatalogType,
  type CatalogView,
} from "./catalog.js";
import { quoteIdent, quoteLiteral, type TestDatabase } from "./database.js";
import { introspect } from "./introspect.js";

const SCRATCH_SCHEMA = "tenant_schema_expected_scratch";

/**
 * Predicts the introspected catalog of the `public` schema after the IR's migrations ran.
 *
 * @example
 * await migrator(db.sequelize, dir).up();
 * expect(await introspect(db)).toEqual(await expectedCatalog(ir, db));
 */
export async function expectedCatalog(ir: SchemaIR, db: Pick<TestDatabase, "sequelize">): Promise<Catalog> {
  const canonical = await canonicalForms(ir, db.sequelize);
  const tables = ir.tables.map((table) => expectedTable(table, canonical));
  const sequences = canonical.sequences.filter((sequence) => sequence.ownedBy !== null);
  const views = ir.tables.flatMap((table): CatalogView[] =>
    table.transition.view === null ? [] : [{ name: table.transition.view, selectsFrom: [table.tableName], updatable: true }],
  );
  const functions = ir.tables.flatMap((table) =>
    [...syncTriggers(table), ...isolationTriggers(table)].map((trigger): CatalogFunction => ({ name: trigger.function, language: "plpgsql", returns: "trigger" })),
  );
  return { tables: byName(tables), sequences: byName(sequences), types: byName(enumTypes(ir)), views: byName(views), functions: byName(functions) };
}

/** The PostgreSQL ENUM types the IR's `pgEnum` columns use, with their values in type order. */
function enumTypes(ir: SchemaIR): CatalogType[] {
  const types = new Map<string, string[]>();
  for (const table of ir.tables) {
    for (const column of withRetired(table).columns) if (column.type.kind === "pgEnum") types.set(column.type.name, column.type.values);
  }
  return [...types].map(([name, values]) => ({ name, kind: "enum", values }));
}

/**
 * The sync triggers an expand/contract column rename leaves on a table until the contract: one per
 * retired column, BEFORE INSERT OR UPDATE FOR EACH ROW (it must write NEW, in both directions).
 *
 * @example
 * syncTriggers(ticketsWithTitleRetiredForSubject)[0].name // "tickets_title_subject_sync"
 */
export function syncTriggers(table: TableIR): CatalogTrigger[] {
  return table.transition.columns.map((retired) => {
    const replacement = table.columns.find((column) => column.name === retired.replacedBy);
    if (!replacement) {
      throw new Error(`${table.tableName}: retired column ${retired.column.field} is replaced by unknown ${retired.replacedBy}`);
    }
    const names = transitionNames(table.tableName, retired.column.field, replacement.field);
    return { name: names.trigger, function: names.function, timing: "BEFORE", events: ["INSERT", "UPDATE"], level: "ROW", enabled: true };
  });
}

/**
 * The immutable-tenant trigger the IR declares for a tenant table (issue 9): AFTER UPDATE FOR EACH
 * ROW, with its plpgsql function.
 *
 * @example
 * isolationTriggers(tickets)[0].name // "tickets_company_id_immutable"
 */
export function isolationTriggers(table: TableIR): CatalogTrigger[] {
  const immutable = table.isolation?.immutableTenant ?? null;
  return immutable === null ? [] : [{ name: immutable.trigger, function: immutable.function, timing: "AFTER", events: ["UPDATE"], level: "ROW", enabled: true }];
}

/** The table as the database holds it: its declared objects plus those of retired columns. */
function withRetired(table: TableIR): { columns: ColumnIR[]; indexes: IndexIR[]; checks: CheckIR[]; foreignKeys: ForeignKeyIR[] } {
  const retired = table.transition.columns;
  return {
    columns: [...table.columns, ...retired.map((r) => r.column)],
    indexes: [...table.indexes, ...retired.flatMap((r) => r.indexes)],
    checks: [...table.checks, ...retired.flatMap((r) => r.checks)],
    foreignKeys: [...table.foreignKeys, ...retired.flatMap((r) => r.foreignKeys)],
  };
}

/**
 * The PostgreSQL type text `format_type` prints for an IR column type.
 *
 * @example
 * sqlType({ kind: "array", element: { kind: "string", length: 50 } }) // "character varying(50)[]"
 */
export function sqlType(type: ColumnTypeIR): string {
  return match(type)
    .with({ kind: "jsonb" }, () => "jsonb")
    .with({ kind: "json" }, () => "json")
    .with({ kind: "enum" }, ({ length }) => `character varying(${length})`)
    // format_type quotes a type name that is not a plain lower-case identifier.
    .with({ kind: "pgEnum" }, ({ name }) => (/^[a-z_][a-z0-9_$]*$/.test(name) ? name : quoteIdent(name)))
    // The escape hatch is written as format_type prints it.
    .with({ kind: "custom" }, ({ sql }) => sql)
    .with({ kind: "array" }, ({ element }) => `${scalarSqlType(element)}[]`)
    .otherwise((scalar) => scalarSqlType(scalar as ScalarTypeIR));
}

function scalarSqlType(type: ScalarTypeIR): string {
  return match(type)
    .with({ kind: "integer" }, () => "integer")
    .with({ kind: "bigint" }, () => "bigint")
    .with({ kind: "string" }, ({ length }) => `character varying(${length})`)
    .with({ kind: "text" }, () => "text")
    .with({ kind: "boolean" }, () => "boolean")
    .with({ kind: "timestamp" }, () => "timestamp with time zone")
    .with({ kind: "date" }, () => "date")
    .with({ kind: "decimal" }, ({ precision, scale }) => `numeric(${precision},${scale})`)
    .with({ kind: "double" }, () => "double precision")
    .with({ kind: "uuid" }, () => "uuid")
    .exhaustive();
}

/**
 * A JSON default as the SQL literal a user would write for the column type: strings quoted (the
 * column's assignment cast applies, as for `DEFAULT 'x'`), jsonb as `'…'::jsonb`, arrays as
 * `ARRAY[...]::type[]`, numbers (a bigint's or decimal's digits too) and booleans bare.
 *
 * @example
 * renderLiteral(["a"], { kind: "array", element: { kind: "text" } }) // "ARRAY['a']::text[]"
 */
export function renderLiteral(value: JsonValue, type: ColumnTypeIR): string {
  if (value === null) return "NULL";
  if (type.kind === "jsonb" || type.kind === "json") return `${quoteLiteral(JSON.stringify(value))}::${type.kind}`;
  if (type.kind === "array") {
    if (!Array.isArray(value)) throw new Error(`Array column default must be an array, got ${JSON.stringify(value)}`);
    return `ARRAY[${value.map((element) => renderLiteral(element, type.element)).join(", ")}]::${sqlType(type)}`;
  }
  // A number is written bare, as a user writes `DEFAULT 0`; bigint and decimal values come as strings.
  const numeric = type.kind === "bigint" || type.kind === "decimal" || type.kind === "integer" || type.kind === "double";
  if (typeof value === "string") return numeric && /^-?\d+(\.\d+)?$/.test(value) ? value : quoteLiteral(value);
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  throw new Error(`A ${type.kind} column cannot default to ${JSON.stringify(value)}`);
}

interface CanonicalForms {
  /** Keyed by table name. */
  tables: Map<string, CatalogTable>;
  sequences: CatalogSequence[];
}

function expectedTable(table: TableIR, canonical: CanonicalForms): CatalogTable {
  const scratch = canonical.tables.get(table.tableName);
  if (!scratch) throw new Error(`Scratch table ${table.tableName} was not created`);
  const fromScratch = <T extends { name: string }>(items: T[], name: string): T => {
    const found = items.find((item) => item.name === name);
    if (!found) throw new Error(`Scratch object ${name} of ${table.tableName} was not created`);
    return found;
  };
  const live = withRetired(table);
  return {
    name: table.tableName,
    comment: table.description,
    columns: byName(
      live.columns.map((column) => ({
        name: column.field,
        type: sqlType(column.type),
        nullable: column.nullable,
        default: fromScratch(scratch.columns, column.field).default,
        comment: column.comment,
      })),
    ),
    // The IR names its primary key (PostgreSQL's `{table}_pkey` unless the table has its own), in key order.
    primaryKey: table.primaryKey === null ? null : { name: table.primaryKey.name, columns: table.primaryKey.columns },
    foreignKeys: byName(
      live.foreignKeys.map((fk) => ({
        name: fk.name,
        columns: fk.columns,
        referencedTable: fk.referencedTable,
        referencedColumns: fk.referencedColumns,
        onDelete: fk.onDelete,
        onUpdate: fk.onUpdate,
        validated: true,
      })),
    ),
    indexes: byName(
      live.indexes.map((index) => ({
        name: index.name,
        // An expression key is printed by PostgreSQL (`lower((email)::text)`): read back from scratch.
        columns: index.expression === null ? index.columns : fromScratch(scratch.indexes, index.name).columns,
        unique: index.unique,
        predicate: index.where === null ? null : fromScratch(scratch.indexes, index.name).predicate,
        method: index.method,
      })),
    ),
    checks: byName(
      live.checks.map((check) => ({
        name: check.name,
        definition: fromScratch(scratch.checks, check.name).definition,
        validated: true,
      })),
    ),
    otherConstraints: byName(
      live.indexes
        .filter((index) => index.constraint)
        .map((index) => ({ name: index.name, kind: "unique" as const, definition: fromScratch(scratch.otherConstraints, index.name).definition })),
    ),
    triggers: byName([...syncTriggers(table), ...isolationTriggers(table)]),
  };
}

async function canonicalForms(ir: SchemaIR, sequelize: Sequelize): Promise<CanonicalForms> {
  const transaction = await sequelize.transaction();
  const query = async <T>(sql: string): Promise<T[]> => {
    const [rows] = await sequelize.query(sql, { transaction, type: QueryTypes.RAW });
    return (Array.isArray(rows) ? rows : []) as T[];
  };
  try {
    // Scratch first on the search path: regclass texts (nextval('x_seq'::regclass)) then print
    // unqualified, exactly as they do for `public` objects in the real schema.
    await query(`CREATE SCHEMA ${quoteIdent(SCRATCH_SCHEMA)}; SET LOCAL search_path TO ${quoteIdent(SCRATCH_SCHEMA)}, public`);
    for (const type of enumTypes(ir)) {
      await query(`CREATE TYPE ${quoteIdent(SCRATCH_SCHEMA)}.${quoteIdent(type.name)} AS ENUM (${(type.values ?? []).map(quoteLiteral).join(", ")})`);
    }
    for (const table of ir.tables) await query(scratchTableSql(table));
    const catalog = await introspect({ query }, { schema: SCRATCH_SCHEMA, exclude: [] });
    return { tables: new Map(catalog.tables.map((table) => [table.name, table])), sequences: catalog.sequences };
  } finally {
    await transaction.rollback();
  }
}

function scratchTableSql(table: TableIR): string {
  const name = `${quoteIdent(SCRATCH_SCHEMA)}.${quoteIdent(table.tableName)}`;
  const primaryKey = (table.primaryKey?.columns ?? []).map(quoteIdent);
  const live = withRetired(table);
  const definitions = [
    ...live.columns.map((column) => `${quoteIdent(column.field)} ${scratchColumnType(column)}`),
    ...(primaryKey.length > 0 ? [`PRIMARY KEY (${primaryKey.join(", ")})`] : []),
  ];
  const defaults = live.columns
    .filter((column) => column.default !== null && !column.autoIncrement)
    .map((column) => `ALTER TABLE ${name} ALTER COLUMN ${quoteIdent(column.field)} SET DEFAULT ${defaultSql(column)}`);
  const checks = live.checks.map(
    (check) => `ALTER TABLE ${name} ADD CONSTRAINT ${quoteIdent(check.name)} CHECK (${check.expression})`,
  );
  // Only the predicate is read back of a partial index, so a btree on the first column (every IR type
  // has one) will do; an expression index is built as declared, to read its key list back.
  const readBack = live.indexes
    .filter((index) => index.where !== null || index.expression !== null)
    .map((index) => {
      const keys = index.expression ?? quoteIdent(index.columns[0] ?? "");
      const using = index.expression === null || index.method === "btree" ? "" : ` USING ${index.method}`;
      return `CREATE INDEX ${quoteIdent(index.name)} ON ${name}${using} (${keys})${index.where === null ? "" : ` WHERE ${index.where}`}`;
    });
  // A UNIQUE constraint's definition text is PostgreSQL's: created on the scratch table to read it.
  const uniques = live.indexes
    .filter((index) => index.constraint)
    .map((index) => `ALTER TABLE ${name} ADD CONSTRAINT ${quoteIdent(index.name)} UNIQUE (${index.columns.map(quoteIdent).join(", ")})`);
  return [`CREATE TABLE ${name} (${definitions.join(", ")})`, ...defaults, ...checks, ...readBack, ...uniques].join(";\n");
}

function scratchColumnType(column: ColumnIR): string {
  if (!column.autoIncrement) return sqlType(column.type);
  return match(column.type.kind)
    .with("integer", () => "serial")
    .with("bigint", () => "bigserial")
    .otherwise((kind) => {
      throw new Error(`autoIncrement on a ${kind} column (${column.field}) has no SERIAL form`);
    });
}

function defaultSql(column: ColumnIR): string {
  return match(column.default)
    .with(null, () => "NULL")
    .with({ kind: "sql" }, ({ sql }) => sql)
    .with({ kind: "literal" }, ({ value }) => renderLiteral(value, column.type))
    .exhaustive();
}
