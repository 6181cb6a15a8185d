/**
 * The live schema as PostgreSQL's catalog states it, read in a fixed number of queries (never one per
 * table), as plain data. `catalogToIR` turns it into the schema IR; nothing here interprets names.
 * PostgreSQL 12+ (generated columns, `attgenerated`); the same on PGlite.
 */

/** Runs one SQL statement and returns its rows; the CLI passes a `pg` client, tests their database. */
export type RunQuery = (sql: string) => Promise<Record<string, unknown>[]>;

export interface CatalogColumn {
  name: string;
  /** `format_type(atttypid, atttypmod)`: `character varying(255)`, `integer`, `"enum_Tickets_status"`. */
  type: string;
  /** For user-defined types: the type's schema and name (an enum is looked up by them). */
  typeSchema: string;
  typeName: string;
  /** `e` enum, `b` base, `d` domain, `c` composite, `r` range... (pg_type.typtype). */
  typeKind: string;
  /** Element type of an array column (`pg_type.typelem` name), null otherwise. */
  elementTypeName: string | null;
  notNull: boolean;
  /** `pg_get_expr` of the default, or null. */
  default: string | null;
  /** `a` ALWAYS / `d` BY DEFAULT identity, "" otherwise. */
  identity: string;
  /** `s` stored generated column, "" otherwise. */
  generated: string;
  /** A non-default collation, or null. */
  collation: string | null;
  comment: string | null;
}

export interface CatalogConstraint {
  name: string;
  /** `p` primary key, `u` unique, `f` foreign key, `c` check, `x` exclusion, `t` trigger. */
  type: string;
  /** `pg_get_constraintdef`, pretty-printed. */
  definition: string;
  /** Columns of this table, in constraint order. */
  columns: string[];
  /** Foreign keys: the referenced table (schema and name) and columns. */
  referencedSchema: string | null;
  referencedTable: string | null;
  referencedColumns: string[];
  /** Foreign keys: `a` NO ACTION, `r` RESTRICT, `c` CASCADE, `n` SET NULL, `d` SET DEFAULT. */
  onUpdate: string | null;
  onDelete: string | null;
  validated: boolean;
  deferrable: boolean;
  /** Unique and primary-key constraints: the index that enforces them. */
  index: string | null;
}

/** Indexes of a table come in creation order (oldest first). */
export interface CatalogIndex {
  name: string;
  unique: boolean;
  primary: boolean;
  /** Access method: btree, gin, gist, hash, brin... */
  method: string;
  /** `pg_get_indexdef` of the whole index. */
  definition: string;
  /** One entry per key: the column name, or null for an expression key. */
  keyColumns: (string | null)[];
  /** `pg_get_expr` of the partial-index predicate, or null. */
  predicate: string | null;
  /** Every key is a bare column: ascending, default operator class and collation. */
  plainKeys: boolean;
  /** Number of INCLUDE columns. */
  included: number;
  valid: boolean;
  /** The constraint (primary key, unique, exclusion) that owns it, or null for a plain index. */
  constraint: string | null;
}

export interface CatalogTable {
  name: string;
  comment: string | null;
  /** `r` ordinary table, `p` partitioned table. */
  kind: string;
  columns: CatalogColumn[];
  constraints: CatalogConstraint[];
  indexes: CatalogIndex[];
  /** Sequences owned by a column of this table (SERIAL): column → sequence name. */
  sequences: { column: string; sequence: string }[];
}

export interface CatalogEnum {
  name: string;
  values: string[];
}

/** Something in the schema that is not a table: listed, never silently dropped. */
export interface CatalogOther {
  kind: "view" | "materialized view" | "trigger" | "function" | "policy" | "domain" | "composite type" | "sequence" | "rule";
  name: string;
  /** The table it belongs to (triggers, policies, rules), or null. */
  table: string | null;
}

export interface LiveCatalog {
  schema: string;
  /** `server_version_num`, e.g. 150004. */
  serverVersion: number;
  tables: CatalogTable[];
  enums: CatalogEnum[];
  others: CatalogOther[];
  /** How many queries reading it took (constant whatever the number of tables). */
  queries: number;
}

const literal = (value: string): string => `'${value.replace(/'/g, "''")}'`;

const tablesSql = (schema: string) => `
  SELECT c.relname AS name, c.relkind AS kind, obj_description(c.oid, 'pg_class') AS comment
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE n.nspname = ${schema} AND c.relkind IN ('r', 'p') AND NOT c.relispartition
  ORDER BY c.relname`;

const columnsSql = (schema: string) => `
  SELECT c.relname AS "table", a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type,
         tn.nspname AS "typeSchema", t.typname AS "typeName", t.typtype AS "typeKind",
         et.typname AS "elementTypeName", a.attnotnull AS "notNull",
         pg_get_expr(d.adbin, d.adrelid) AS "default", a.attidentity AS identity, a.attgenerated AS generated,
         CASE WHEN a.attcollation <> t.typcollation THEN co.collname END AS collation,
         col_description(a.attrelid, a.attnum) AS comment
  FROM pg_attribute a
  JOIN pg_class c ON c.oid = a.attrelid
  JOIN pg_namespace n ON n.oid = c.relnamespace
  JOIN pg_type t ON t.oid = a.atttypid
  JOIN pg_namespace tn ON tn.oid = t.typnamespace
  LEFT JOIN pg_type et ON et.oid = t.typelem AND t.typcategory = 'A'
  LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
  LEFT JOIN pg_collation co ON co.oid = a.attcollation
  WHERE n.nspname = ${schema} AND c.relkind IN ('r', 'p') AND NOT c.relispartition AND a.attnum > 0 AND NOT a.attisdropped
  ORDER BY c.relname, a.attnum`;

const constraintsSql = (schema: string) => `
  SELECT c.relname AS "table", con.conname AS name, con.contype AS type,
         pg_get_constraintdef(con.oid, true) AS definition,
         (SELECT json_agg(a.attname ORDER BY k.ord) FROM unnest(con.conkey) WITH ORDINALITY AS k(attnum, ord)
            JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum) AS columns,
         fn.nspname AS "referencedSchema", f.relname AS "referencedTable",
         (SELECT json_agg(a.attname ORDER BY k.ord) FROM unnest(con.confkey) WITH ORDINALITY AS k(attnum, ord)
            JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum) AS "referencedColumns",
         CASE WHEN con.contype = 'f' THEN con.confupdtype END AS "onUpdate",
         CASE WHEN con.contype = 'f' THEN con.confdeltype END AS "onDelete",
         con.convalidated AS validated, con.condeferrable AS deferrable,
         CASE WHEN con.contype IN ('p', 'u', 'x') THEN i.relname END AS index
  FROM pg_constraint con
  JOIN pg_class c ON c.oid = con.conrelid
  JOIN pg_namespace n ON n.oid = c.relnamespace
  LEFT JOIN pg_class f ON f.oid = con.confrelid
  LEFT JOIN pg_namespace fn ON fn.oid = f.relnamespace
  LEFT JOIN pg_class i ON i.oid = con.conindid
  WHERE n.nspname = ${schema} AND c.relkind IN ('r', 'p') AND NOT c.relispartition AND con.contype <> 'n'
  ORDER BY c.relname, con.conname`;

const indexesSql = (schema: string) => `
  SELECT c.relname AS "table", ic.relname AS name, i.indisunique AS "unique", i.indisprimary AS "primary",
         am.amname AS method, pg_get_indexdef(i.indexrelid) AS definition,
         (SELECT json_agg(CASE WHEN k.attnum = 0 THEN NULL ELSE a.attname END ORDER BY k.ord)
            FROM unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)
            LEFT JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
            WHERE k.ord <= i.indnkeyatts) AS "keyColumns",
         pg_get_expr(i.indpred, i.indrelid, true) AS predicate,
         (0 <> ALL (i.indkey::int2[]) AND 0 = ALL (i.indoption::int2[])
           AND NOT EXISTS (SELECT 1 FROM unnest(i.indclass::oid[]) AS cls(oid) JOIN pg_opclass opc ON opc.oid = cls.oid WHERE NOT opc.opcdefault)
           AND NOT EXISTS (SELECT 1 FROM unnest(i.indcollation::oid[], i.indkey::int2[]) AS k(coll, attnum)
                             JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum WHERE k.coll <> a.attcollation)) AS "plainKeys",
         i.indnatts - i.indnkeyatts AS included, i.indisvalid AS valid,
         (SELECT con.conname FROM pg_constraint con
            WHERE con.conindid = i.indexrelid AND con.conrelid = i.indrelid AND con.contype IN ('p', 'u', 'x')) AS "constraint"
  FROM pg_index i
  JOIN pg_class ic ON ic.oid = i.indexrelid
  JOIN pg_class c ON c.oid = i.indrelid
  JOIN pg_namespace n ON n.oid = c.relnamespace
  JOIN pg_am am ON am.oid = ic.relam
  WHERE n.nspname = ${schema} AND c.relkind IN ('r', 'p') AND NOT c.relispartition
  ORDER BY c.relname, i.indexrelid`;

const sequencesSql = (schema: string) => `
  SELECT c.relname AS "table", a.attname AS "column", s.relname AS sequence
  FROM pg_class s
  JOIN pg_namespace n ON n.oid = s.relnamespace
  JOIN pg_depend d ON d.classid = 'pg_class'::regclass AND d.objid = s.oid AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i')
  JOIN pg_class c ON c.oid = d.refobjid
  JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = d.refobjsubid
  WHERE s.relkind = 'S' AND n.nspname = ${schema}
  ORDER BY c.relname, a.attname`;

const enumsSql = (schema: string) => `
  SELECT t.typname AS name, json_agg(e.enumlabel ORDER BY e.enumsortorder) AS "values"
  FROM pg_type t
  JOIN pg_namespace n ON n.oid = t.typnamespace
  JOIN pg_enum e ON e.enumtypid = t.oid
  WHERE n.nspname = ${schema}
  GROUP BY t.typname
  ORDER BY t.typname`;

// Objects of the schema that are not tables, so a pull or a drift can say what it leaves alone.
const othersSql = (schema: string) => `
  SELECT kind, name, "table" FROM (
    SELECT CASE c.relkind WHEN 'v' THEN 'view' WHEN 'm' THEN 'materialized view' ELSE 'sequence' END AS kind,
           c.relname AS name, NULL::name AS "table"
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = ${schema} AND (c.relkind IN ('v', 'm') OR (c.relkind = 'S' AND NOT EXISTS (
      SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype IN ('a', 'i'))))
    UNION ALL
    SELECT 'trigger', tg.tgname, c.relname FROM pg_trigger tg
    JOIN pg_class c ON c.oid = tg.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = ${schema} AND NOT tg.tgisinternal
    UNION ALL
    SELECT 'function', p.proname, NULL FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
    WHERE n.nspname = ${schema} AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e')
    UNION ALL
    SELECT 'policy', pol.polname, c.relname FROM pg_policy pol
    JOIN pg_class c ON c.oid = pol.polrelid JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = ${schema}
    UNION ALL
    SELECT 'rule', r.rulename, c.relname FROM pg_rewrite r
    JOIN pg_class c ON c.oid = r.ev_class JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = ${schema} AND c.relkind IN ('r', 'p') AND r.rulename <> '_RETURN'
    UNION ALL
    SELECT CASE t.typtype WHEN 'd' THEN 'domain' ELSE 'composite type' END, t.typname, NULL
    FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
    WHERE n.nspname = ${schema} AND (t.typtype = 'd' OR (t.typtype = 'c' AND (SELECT relkind FROM pg_class WHERE oid = t.typrelid) = 'c'))
  ) others
  ORDER BY kind, "table" NULLS FIRST, name`;

/** JSON aggregates come back parsed from `pg`, as text from some drivers; null for an empty set. */
const list = <T>(value: unknown): T[] => {
  if (value === null || value === undefined) return [];
  const parsed: unknown = typeof value === "string" ? JSON.parse(value) : value;
  return Array.isArray(parsed) ? (parsed as T[]) : [];
};

const text = (value: unknown): string | null => (value === null || value === undefined ? null : String(value));
const flag = (value: unknown): boolean => value === true || value === "t" || value === "true";

/** Rows grouped by their "table" column, in row order. */
const byTable = (rows: Record<string, unknown>[]): Map<string, Record<string, unknown>[]> => {
  const grouped = new Map<string, Record<string, unknown>[]>();
  for (const row of rows) {
    const table = String(row.table);
    grouped.set(table, [...(grouped.get(table) ?? []), row]);
  }
  return grouped;
};

/**
 * Reads one schema of the live database in eight catalog queries, whatever its size.
 *
 * @example
 * const catalog = await readCatalog((sql) => client.query(sql).then((r) => r.rows), "public");
 * catalog.tables.map((t) => t.name) // ["Companies", "Contacts", "Tickets"]
 */
export async function readCatalog(query: RunQuery, schema = "public"): Promise<LiveCatalog> {
  let queries = 0;
  const run: RunQuery = (sql) => {
    queries += 1;
    return query(sql);
  };
  const name = literal(schema);
  const [version] = await run(`SELECT current_setting('server_version_num')::int AS version`);
  const tables = await run(tablesSql(name));
  const columns = byTable(await run(columnsSql(name)));
  const constraints = byTable(await run(constraintsSql(name)));
  const indexes = byTable(await run(indexesSql(name)));
  const sequences = byTable(await run(sequencesSql(name)));
  const enums = await run(enumsSql(name));
  const others = await run(othersSql(name));
  return {
    schema,
    serverVersion: Number(version?.version ?? 0),
    queries,
    tables: tables.map((row): CatalogTable => {
      const table = String(row.name);
      return {
        name: table,
        kind: String(row.kind),
        comment: text(row.comment),
        columns: (columns.get(table) ?? []).map((c) => ({
          name: String(c.name),
          type: String(c.type),
          typeSchema: String(c.typeSchema),
          typeName: String(c.typeName),
          typeKind: String(c.typeKind),
          elementTypeName: text(c.elementTypeName),
          notNull: flag(c.notNull),
          default: text(c.default),
          identity: text(c.identity) ?? "",
          generated: text(c.generated) ?? "",
          collation: text(c.collation),
          comment: text(c.comment),
        })),
        constraints: (constraints.get(table) ?? []).map((c) => ({
          name: String(c.name),
          type: String(c.type),
          definition: String(c.definition),
          columns: list<string>(c.columns),
          referencedSchema: text(c.referencedSchema),
          referencedTable: text(c.referencedTable),
          referencedColumns: list<string>(c.referencedColumns),
          onUpdate: text(c.onUpdate),
          onDelete: text(c.onDelete),
          validated: flag(c.validated),
          deferrable: flag(c.deferrable),
          index: text(c.index),
        })),
        indexes: (indexes.get(table) ?? []).map((i) => ({
          name: String(i.name),
          unique: flag(i.unique),
          primary: flag(i.primary),
          method: String(i.method),
          definition: String(i.definition),
          keyColumns: list<string | null>(i.keyColumns),
          predicate: text(i.predicate),
          plainKeys: flag(i.plainKeys),
          included: Number(i.included ?? 0),
          valid: flag(i.valid),
          constraint: text(i.constraint),
        })),
        sequences: (sequences.get(table) ?? []).map((s) => ({ column: String(s.column), sequence: String(s.sequence) })),
      };
    }),
    enums: enums.map((row) => ({ name: String(row.name), values: list<string>(row.values) })),
    others: others.map((row) => ({ kind: String(row.kind) as CatalogOther["kind"], name: String(row.name), table: text(row.table) })),
  };
}
