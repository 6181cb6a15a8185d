/**
 * Reads the live schema from pg_catalog into a `Catalog`, the same way on PGlite and PostgreSQL 15.
 * Rows are fetched per object kind and grouped in TypeScript; every list is sorted by `byName`.
 */
import type { ReferentialAction } from "../../src/ir/types.js";
import {
  byName,
  type Catalog,
  type CatalogCheck,
  type CatalogColumn,
  type CatalogConstraint,
  type CatalogForeignKey,
  type CatalogFunction,
  type CatalogIndex,
  type CatalogSequence,
  type CatalogTable,
  type CatalogTrigger,
  type CatalogType,
  type CatalogView,
} from "./catalog.js";
import { quoteLiteral, type TestDatabase } from "./database.js";

export interface IntrospectOptions {
  /** Schema to read. Default "public". */
  schema?: string;
  /**
   * Tables left out, with the sequences they own. Default `DEFAULT_EXCLUDED_TABLES` (the default
   * tenant root and umzug's "SequelizeMeta"); a given list replaces the default.
   */
  exclude?: string[];
}

/** The tenant root is configured, not declared, and "SequelizeMeta" belongs to the migration runner. */
export const DEFAULT_EXCLUDED_TABLES: readonly string[] = ["companies", "SequelizeMeta"];

/**
 * Reads tables, columns, keys, indexes, checks, triggers, sequences, user types, views and
 * functions of one schema.
 *
 * @example
 * const catalog = await introspect(db, { exclude: [ir.tenant.tableName, "SequelizeMeta"] });
 * expect(catalog).toEqual(await expectedCatalog(ir, db));
 */
export async function introspect(db: Pick<TestDatabase, "query">, options: IntrospectOptions = {}): Promise<Catalog> {
  const schema = quoteLiteral(options.schema ?? "public");
  const excluded = new Set(options.exclude ?? DEFAULT_EXCLUDED_TABLES);
  const [tableRows, columnRows, constraintRows, indexRows, sequenceRows, typeRows] = [
    await db.query<TableRow>(tablesSql(schema)),
    await db.query<ColumnRow>(columnsSql(schema)),
    await db.query<ConstraintRow>(constraintsSql(schema)),
    await db.query<IndexRow>(indexesSql(schema)),
    await db.query<SequenceRow>(sequencesSql(schema)),
    await db.query<TypeRow>(typesSql(schema)),
  ];
  const [triggerRows, viewRows, functionRows] = [
    await db.query<TriggerRow>(triggersSql(schema)),
    await db.query<ViewRow>(viewsSql(schema)),
    await db.query<FunctionRow>(functionsSql(schema)),
  ];
  const of = <R extends { table: string }>(rows: R[], table: string) => rows.filter((row) => row.table === table);
  const tables = tableRows
    .filter((row) => !excluded.has(row.name))
    .map((row): CatalogTable => {
      const constraints = of(constraintRows, row.name);
      const primaryKey = constraints.find((c) => c.type === "p");
      return {
        name: row.name,
        comment: row.comment,
        columns: byName(of(columnRows, row.name).map(toColumn)),
        primaryKey: primaryKey ? { name: primaryKey.name, columns: primaryKey.columns ?? [] } : null,
        foreignKeys: byName(constraints.filter((c) => c.type === "f").map(toForeignKey)),
        indexes: byName(of(indexRows, row.name).map(toIndex)),
        checks: byName(constraints.filter((c) => c.type === "c").map(toCheck)),
        otherConstraints: byName(constraints.filter((c) => c.type === "u" || c.type === "x").map(toOtherConstraint)),
        triggers: byName(of(triggerRows, row.name).map(toTrigger)),
      };
    });
  const sequences = sequenceRows
    .filter((row) => row.owner_table === null || !excluded.has(row.owner_table))
    .map(toSequence);
  return {
    tables: byName(tables),
    sequences: byName(sequences),
    types: byName(typeRows.map(toType)),
    views: byName(viewRows.map(toView)),
    functions: byName(functionRows.map(toFunction)),
  };
}

interface TableRow {
  name: string;
  comment: string | null;
}

interface ColumnRow {
  table: string;
  name: string;
  type: string;
  nullable: boolean;
  default: string | null;
  comment: string | null;
}

interface ConstraintRow {
  table: string;
  name: string;
  type: "p" | "f" | "c" | "u" | "x";
  validated: boolean;
  definition: string;
  columns: string[] | null;
  referenced_table: string | null;
  referenced_columns: string[] | null;
  on_delete: string;
  on_update: string;
}

interface IndexRow {
  table: string;
  name: string;
  unique: boolean;
  method: string;
  predicate: string | null;
  columns: string[] | null;
}

interface SequenceRow {
  name: string;
  data_type: string;
  owner_table: string | null;
  owner_column: string | null;
}

interface TypeRow {
  name: string;
  kind: CatalogType["kind"];
  labels: string[] | null;
}

interface TriggerRow {
  table: string;
  name: string;
  function: string;
  type: number;
  enabled: string;
}

interface ViewRow {
  name: string;
  selects_from: string[] | null;
  updatable: number;
}

interface FunctionRow {
  name: string;
  language: string;
  returns: string;
}

const relationsOf = (schema: string) => `
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE n.nspname = ${schema} AND c.relkind IN ('r', 'p')`;

const tablesSql = (schema: string) => `
  SELECT c.relname AS name, obj_description(c.oid, 'pg_class') AS comment ${relationsOf(schema)}`;

const columnsSql = (schema: string) => `
  SELECT c.relname AS table, a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type,
         NOT a.attnotnull AS nullable, pg_get_expr(d.adbin, d.adrelid) AS default,
         col_description(c.oid, a.attnum) AS comment
  FROM pg_attribute a
  JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
  LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
  WHERE n.nspname = ${schema} AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped`;

// Column lists come back as JSON so no driver-specific array parser (name[]) is involved.
const attributeNames = (table: string, keys: string) => `(
  SELECT json_agg(a.attname ORDER BY k.ord)
  FROM unnest(${keys}) WITH ORDINALITY AS k(attnum, ord)
  JOIN pg_attribute a ON a.attrelid = ${table} AND a.attnum = k.attnum)`;

const constraintsSql = (schema: string) => `
  SELECT c.relname AS table, con.conname AS name, con.contype::text AS type, con.convalidated AS validated,
         pg_get_constraintdef(con.oid) AS definition,
         ${attributeNames("con.conrelid", "con.conkey")} AS columns,
         rc.relname AS referenced_table,
         ${attributeNames("con.confrelid", "con.confkey")} AS referenced_columns,
         con.confdeltype::text AS on_delete, con.confupdtype::text AS on_update
  FROM pg_constraint con
  JOIN pg_class c ON c.oid = con.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
  LEFT JOIN pg_class rc ON rc.oid = con.confrelid
  WHERE n.nspname = ${schema} AND con.contype IN ('p', 'f', 'c', 'u', 'x')`;

const indexesSql = (schema: string) => `
  SELECT c.relname AS table, i.relname AS name, x.indisunique AS unique, am.amname AS method,
         pg_get_expr(x.indpred, x.indrelid) AS predicate,
         (SELECT json_agg(CASE WHEN x.indkey[k.i] = 0 THEN pg_get_indexdef(x.indexrelid, k.i + 1, true)
                               ELSE (SELECT a.attname FROM pg_attribute a
                                     WHERE a.attrelid = x.indrelid AND a.attnum = x.indkey[k.i]) END
                          ORDER BY k.i)
          FROM generate_series(0, x.indnkeyatts - 1) AS k(i)) AS columns
  FROM pg_index x
  JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_am am ON am.oid = i.relam
  JOIN pg_class c ON c.oid = x.indrelid JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE n.nspname = ${schema} AND NOT x.indisprimary`;

const sequencesSql = (schema: string) => `
  SELECT s.relname AS name, format_type(seq.seqtypid, NULL) AS data_type,
         t.relname AS owner_table, a.attname AS owner_column
  FROM pg_class s
  JOIN pg_namespace n ON n.oid = s.relnamespace
  JOIN pg_sequence seq ON seq.seqrelid = s.oid
  LEFT JOIN pg_depend d ON d.classid = 'pg_class'::regclass AND d.objid = s.oid
                       AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i')
  LEFT JOIN pg_class t ON t.oid = d.refobjid
  LEFT JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
  WHERE n.nspname = ${schema} AND s.relkind = 'S'`;

// Row types of tables and implicit array types are not user-declared types.
const typesSql = (schema: string) => `
  SELECT t.typname AS name,
         CASE t.typtype WHEN 'e' THEN 'enum' WHEN 'd' THEN 'domain' WHEN 'r' THEN 'range'
                        WHEN 'm' THEN 'multirange' ELSE 'composite' END AS kind,
         (SELECT json_agg(e.enumlabel ORDER BY e.enumsortorder) FROM pg_enum e WHERE e.enumtypid = t.oid) AS labels
  FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
  LEFT JOIN pg_class r ON r.oid = t.typrelid
  WHERE n.nspname = ${schema}
    AND (t.typtype IN ('e', 'd', 'r', 'm') OR (t.typtype = 'c' AND r.relkind = 'c'))`;

// Internal triggers are those PostgreSQL creates for foreign keys: the constraint covers them.
const triggersSql = (schema: string) => `
  SELECT c.relname AS table, t.tgname AS name, p.proname AS function, t.tgtype::int AS type,
         t.tgenabled::text AS enabled
  FROM pg_trigger t
  JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
  JOIN pg_proc p ON p.oid = t.tgfoid
  WHERE n.nspname = ${schema} AND NOT t.tgisinternal`;

// A view depends on the relations its rewrite rule reads (and on itself, left out).
const viewsSql = (schema: string) => `
  SELECT v.relname AS name,
         (SELECT json_agg(DISTINCT t.relname)
          FROM pg_rewrite r
          JOIN pg_depend d ON d.classid = 'pg_rewrite'::regclass AND d.objid = r.oid
                          AND d.refclassid = 'pg_class'::regclass AND d.refobjid <> v.oid
          JOIN pg_class t ON t.oid = d.refobjid
          WHERE r.ev_class = v.oid) AS selects_from,
         pg_relation_is_updatable(v.oid, false) AS updatable
  FROM pg_class v JOIN pg_namespace n ON n.oid = v.relnamespace
  WHERE n.nspname = ${schema} AND v.relkind = 'v'`;

const functionsSql = (schema: string) => `
  SELECT p.proname AS name, l.lanname AS language, format_type(p.prorettype, NULL) AS returns
  FROM pg_proc p
  JOIN pg_namespace n ON n.oid = p.pronamespace JOIN pg_language l ON l.oid = p.prolang
  WHERE n.nspname = ${schema}
    AND NOT EXISTS (SELECT 1 FROM pg_depend d
                    WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e')`;

const ACTIONS: Record<string, ReferentialAction> = {
  a: "NO ACTION",
  r: "RESTRICT",
  c: "CASCADE",
  n: "SET NULL",
  d: "SET DEFAULT",
};

function action(code: string): ReferentialAction {
  const known = ACTIONS[code];
  if (!known) throw new Error(`Unknown referential action code "${code}" in pg_constraint`);
  return known;
}

const toColumn = (row: ColumnRow): CatalogColumn => ({
  name: row.name,
  type: row.type,
  nullable: row.nullable,
  default: row.default,
  comment: row.comment,
});

const toForeignKey = (row: ConstraintRow): CatalogForeignKey => ({
  name: row.name,
  columns: row.columns ?? [],
  referencedTable: row.referenced_table ?? "",
  referencedColumns: row.referenced_columns ?? [],
  onDelete: action(row.on_delete),
  onUpdate: action(row.on_update),
  validated: row.validated,
});

const toIndex = (row: IndexRow): CatalogIndex => ({
  name: row.name,
  columns: row.columns ?? [],
  unique: row.unique,
  predicate: row.predicate,
  method: row.method,
});

const toCheck = (row: ConstraintRow): CatalogCheck => ({
  name: row.name,
  definition: row.definition,
  validated: row.validated,
});

const toOtherConstraint = (row: ConstraintRow): CatalogConstraint => ({
  name: row.name,
  kind: row.type === "u" ? "unique" : "exclusion",
  definition: row.definition,
});

const toSequence = (row: SequenceRow): CatalogSequence => ({
  name: row.name,
  dataType: row.data_type,
  ownedBy: row.owner_table && row.owner_column ? { table: row.owner_table, column: row.owner_column } : null,
});

const toType = (row: TypeRow): CatalogType => ({ name: row.name, kind: row.kind, values: row.kind === "enum" ? (row.labels ?? []) : null });

// pg_trigger.tgtype bits (src/include/catalog/pg_trigger.h).
const TRIGGER_ROW = 1;
const TRIGGER_BEFORE = 2;
const TRIGGER_INSTEAD = 64;
const TRIGGER_EVENTS: [number, string][] = [
  [8, "DELETE"],
  [4, "INSERT"],
  [32, "TRUNCATE"],
  [16, "UPDATE"],
];

const toTrigger = (row: TriggerRow): CatalogTrigger => ({
  name: row.name,
  function: row.function,
  timing: row.type & TRIGGER_INSTEAD ? "INSTEAD OF" : row.type & TRIGGER_BEFORE ? "BEFORE" : "AFTER",
  events: TRIGGER_EVENTS.filter(([bit]) => row.type & bit).map(([, event]) => event),
  level: row.type & TRIGGER_ROW ? "ROW" : "STATEMENT",
  enabled: row.enabled !== "D",
});

// pg_relation_is_updatable's bits: UPDATE 4, INSERT 8, DELETE 16.
const FULLY_UPDATABLE = 4 | 8 | 16;

const toView = (row: ViewRow): CatalogView => ({
  name: row.name,
  selectsFrom: [...(row.selects_from ?? [])].sort(),
  updatable: (row.updatable & FULLY_UPDATABLE) === FULLY_UPDATABLE,
});

const toFunction = (row: FunctionRow): CatalogFunction => ({
  name: row.name,
  language: row.language,
  returns: row.returns,
});
