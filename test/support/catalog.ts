/**
 * The normalised shape of a live PostgreSQL schema, as read by `introspect` and as predicted from a
 * SchemaIR by `expectedCatalog`. Plain data, every list sorted by name (code-point order, never the
 * server's collation), so two catalogs compare exactly with `toEqual`.
 */
import type { ReferentialAction } from "../../src/ir/types.js";

export interface Catalog {
  tables: CatalogTable[];
  /** Every sequence of the schema, owned by a column or not (a leftover is a difference). */
  sequences: CatalogSequence[];
  /** User-defined enum, domain, range and composite types: only the PostgreSQL ENUM types of `t.pgEnum` columns are the project's. */
  types: CatalogType[];
  /** Views: the compatibility views of expand/contract table renames (a leftover is a difference). */
  views: CatalogView[];
  /** Functions of the schema that no extension owns: the sync functions of expand/contract renames. */
  functions: CatalogFunction[];
}

export interface CatalogTable {
  name: string;
  /** Table comment (`COMMENT ON TABLE`), the IR's description. */
  comment: string | null;
  columns: CatalogColumn[];
  primaryKey: { name: string; columns: string[] } | null;
  foreignKeys: CatalogForeignKey[];
  /** Every index but the primary key's, including those backing unique constraints. */
  indexes: CatalogIndex[];
  checks: CatalogCheck[];
  /** UNIQUE and EXCLUDE constraints: the IR's UNIQUE constraints (`IndexIR.constraint`). */
  otherConstraints: CatalogConstraint[];
  /** User triggers (not the internal ones PostgreSQL makes for foreign keys). */
  triggers: CatalogTrigger[];
}

export interface CatalogColumn {
  name: string;
  /** `format_type(atttypid, atttypmod)`, e.g. "character varying(255)", "numeric(12,2)", "text[]". */
  type: string;
  nullable: boolean;
  /** `pg_get_expr` of the default, e.g. "nextval('users_id_seq'::regclass)", or null. */
  default: string | null;
  comment: string | null;
}

export interface CatalogForeignKey {
  name: string;
  columns: string[];
  referencedTable: string;
  referencedColumns: string[];
  onDelete: ReferentialAction;
  onUpdate: ReferentialAction;
  validated: boolean;
}

export interface CatalogIndex {
  name: string;
  /** Key columns in index order; an expression key appears as its `pg_get_indexdef` text. */
  columns: string[];
  unique: boolean;
  /** Partial-index predicate from `pg_get_expr(indpred)`, or null. */
  predicate: string | null;
  /** Access method from pg_am: "btree", "gin", ... */
  method: string;
}

export interface CatalogCheck {
  name: string;
  /** `pg_get_constraintdef`, e.g. "CHECK (((priority >= 0) AND (priority <= 10)))". */
  definition: string;
  validated: boolean;
}

export interface CatalogConstraint {
  name: string;
  kind: "unique" | "exclusion";
  definition: string;
}

export interface CatalogSequence {
  name: string;
  /** "integer" for SERIAL, "bigint" for BIGSERIAL. */
  dataType: string;
  /** The column owning it (SERIAL / OWNED BY / identity), or null for a free-standing sequence. */
  ownedBy: { table: string; column: string } | null;
}

export interface CatalogView {
  name: string;
  /** Relations the view's query reads, sorted: `CREATE VIEW old AS SELECT * FROM new` → ["new"]. */
  selectsFrom: string[];
  /** INSERT, UPDATE and DELETE all work through the view (PostgreSQL's automatically updatable views). */
  updatable: boolean;
}

export interface CatalogTrigger {
  name: string;
  /** The function it executes. */
  function: string;
  timing: "BEFORE" | "AFTER" | "INSTEAD OF";
  /** Sorted: "DELETE", "INSERT", "TRUNCATE", "UPDATE". */
  events: string[];
  level: "ROW" | "STATEMENT";
  enabled: boolean;
}

export interface CatalogFunction {
  name: string;
  /** "plpgsql", "sql", ... */
  language: string;
  /** `format_type` of the return type, e.g. "trigger". */
  returns: string;
}

export interface CatalogType {
  name: string;
  kind: "enum" | "domain" | "range" | "composite" | "multirange";
  /** An enum's labels in sort order (pg_enum.enumsortorder); null for other kinds. */
  values: string[] | null;
}

/**
 * Sorts by `name` in code-point order, the same on every server and locale.
 *
 * @example
 * byName([{ name: "b" }, { name: "a" }]) // [{ name: "a" }, { name: "b" }]
 */
export function byName<T extends { name: string }>(items: readonly T[]): T[] {
  return [...items].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
