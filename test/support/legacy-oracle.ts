/**
 * An independent oracle for `tenant-schema audit`: one hand-written catalog query per rule of issue 7,
 * sharing nothing with src/. Tests compare the audit's findings with `expectedFindings(db)`, and the
 * fixture's own test compares `expectedFindings` with the planted list written by hand
 * (test/fixtures/legacy/planted.ts), so the oracle is itself checked against the fixture's intent.
 *
 * Vocabulary. An *app table* is an ordinary or partitioned table of the schema, other than the
 * `exclude`d ones (the migration runner's "SequelizeMeta"). A *tenant table* is an app table with the
 * tenant column (`companyId`). The *tenant root* ("Companies") is the table the tenant column points at;
 * it has no tenant column itself and is not reported for that.
 *
 * What a finding names, per rule (fields not listed are absent):
 * - `tenant-column-missing` {table}: an app table without the tenant column, tenant root aside. Truly
 *   global tables are reported too: the audit wants a declared reason for them (planted.ts lists them).
 * - `tenant-column-nullable` {table, column}: the tenant column accepts NULL.
 * - `tenant-column-no-foreign-key` {table, column}: no single-column foreign key from the tenant column
 *   to the tenant root.
 * - `tenant-column-not-indexed` {table, column}: no valid, non-partial index (primary key and unique
 *   constraints included) whose first key column is the tenant column. A partial index does not count:
 *   it holds only the rows its predicate selects, so neither a tenant-wide scan nor the ON DELETE check
 *   from the root can rely on it.
 * - `foreign-key-not-indexed` {table, column, constraint}: a foreign key whose columns (any order) are
 *   not the leading key columns of a valid, non-partial index; `column` lists its columns in key order
 *   joined by ", ". The tenant column's own single-column foreign key is left to
 *   `tenant-column-not-indexed`, so one missing index is reported once.
 * - `duplicate-index` {table, index}: an index with the same access method, key and INCLUDE columns,
 *   expressions, operator classes, collations, orderings and predicate as another one of the table.
 *   Of each such set one index is kept, the others are reported: kept first is the one backing a
 *   constraint, then a unique one, then the oldest (lowest OID).
 * - `redundant-index` {table, index}: a non-unique btree index whose key columns (expressions included)
 *   are a strict prefix of another btree index's key columns with the same predicate. A unique index is
 *   never redundant: its uniqueness is a rule of its own.
 * - `no-primary-key` {table}: an app table without a PRIMARY KEY constraint.
 * - `unique-not-tenant-scoped` {table, constraint} or {table, index}: on a tenant table, a UNIQUE
 *   constraint, or a unique index backing no constraint (partial ones included), whose key columns do
 *   not include the tenant column. Primary keys are not reported.
 * - `cross-tenant-foreign-key` {table, column, constraint}: a foreign key from a tenant table to a tenant
 *   table that does not pair the two tenant columns ("companyId", "x") -> ("companyId", "id"), so a
 *   row may point at another company's row. Every single-column one qualifies.
 * - `naming-exception` {table} or {table, column}: a name outside the detected profile, PascalCase
 *   plural tables (`^[A-Z][A-Za-z0-9]*s$`: the fixture has only regular plurals) and camelCase columns
 *   (`^[a-z][A-Za-z0-9]*$`); the tenant root is included.
 */
import type { AuditRule } from "../../src/audit/rules.js";
import { quoteLiteral, type TestDatabase } from "./database.js";

// The rule names are the audit's (a type only: what the oracle finds is computed here, with its own SQL).
export type { AuditRule };

/** One offending object; which optional fields a rule fills is listed in this module's comment. */
export interface Finding {
  rule: AuditRule;
  table: string;
  column?: string;
  index?: string;
  constraint?: string;
}

export interface OracleOptions {
  /** Default "public". */
  schema?: string;
  /** Default "companyId". */
  tenantColumn?: string;
  /** Default "Companies". */
  tenantRoot?: string;
  /** Tables the audit does not look at. Default ["SequelizeMeta"]. */
  exclude?: string[];
}

/**
 * The findings the audit must report on the database, sorted by rule, table, column, index, constraint.
 *
 * @example
 * await applyLegacyFixture(db);
 * expect(auditFindings).toEqual(await expectedFindings(db));
 */
export async function expectedFindings(db: Pick<TestDatabase, "query">, options: OracleOptions = {}): Promise<Finding[]> {
  const findings: Finding[] = [];
  for (const sql of Object.values(RULE_QUERIES)) {
    const rows = await db.query<FindingRow>(`${prelude(options)} ${sql}`);
    findings.push(...rows.map(toFinding));
  }
  return sortFindings(findings);
}

/**
 * Sorts findings by rule, table, column, index and constraint, in code-point order (absent first).
 *
 * @example
 * sortFindings([{ rule: "no-primary-key", table: "b" }, { rule: "no-primary-key", table: "a" }])
 * // [{ rule: "no-primary-key", table: "a" }, { rule: "no-primary-key", table: "b" }]
 */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  const key = (f: Finding) => [f.rule, f.table, f.column ?? "", f.index ?? "", f.constraint ?? ""];
  return [...findings].sort((a, b) => {
    const [left, right] = [key(a), key(b)];
    for (let i = 0; i < left.length; i += 1) {
      const [l, r] = [left[i] ?? "", right[i] ?? ""];
      if (l !== r) return l < r ? -1 : 1;
    }
    return 0;
  });
}

/**
 * A finding of the tool (or anything with nullable `column`, `index`, `constraint`) as the oracle
 * names it: the fields its rule leaves empty are absent.
 *
 * @example
 * asOracle({ rule: "no-primary-key", table: "TicketTags", column: null, index: null, constraint: null }) // { rule: "no-primary-key", table: "TicketTags" }
 */
export function asOracle(finding: { rule: AuditRule; table: string; column: string | null; index: string | null; constraint: string | null }): Finding {
  return toFinding(finding);
}

interface FindingRow {
  rule: AuditRule;
  table: string;
  column: string | null;
  index: string | null;
  constraint: string | null;
}

function toFinding(row: FindingRow): Finding {
  return {
    rule: row.rule,
    table: row.table,
    ...(row.column === null ? {} : { column: row.column }),
    ...(row.index === null ? {} : { index: row.index }),
    ...(row.constraint === null ? {} : { constraint: row.constraint }),
  };
}

// The relations every rule starts from. Each rule query below selects (rule, table, column, index,
// constraint) and may use these.
function prelude(options: OracleOptions): string {
  const excluded = (options.exclude ?? ["SequelizeMeta"]).map(quoteLiteral).join(", ");
  return `
    WITH settings AS (
      SELECT ${quoteLiteral(options.schema ?? "public")}::text AS schema_name,
             ${quoteLiteral(options.tenantColumn ?? "companyId")}::text AS tenant_column,
             ${quoteLiteral(options.tenantRoot ?? "Companies")}::text AS tenant_root,
             ARRAY[${excluded}]::text[] AS excluded
    ),
    app_table AS (
      SELECT c.oid, c.relname
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace, settings s
      WHERE n.nspname = s.schema_name AND c.relkind IN ('r', 'p') AND c.relname <> ALL (s.excluded)
    ),
    tenant_table AS (
      SELECT t.oid, t.relname, a.attname AS tenant_column, a.attnum AS tenant_attnum, a.attnotnull
      FROM app_table t
      JOIN pg_attribute a ON a.attrelid = t.oid AND NOT a.attisdropped
      JOIN settings s ON a.attname = s.tenant_column
    ),
    tenant_root AS (
      SELECT t.oid FROM app_table t JOIN settings s ON t.relname = s.tenant_root
    ),
    -- Every valid index with its key columns (INCLUDE columns left out) as attribute numbers
    -- (0 for an expression) and as deparsed text, what else makes two indexes equal, and whether a
    -- constraint owns it.
    app_index AS (
      SELECT x.indexrelid, x.indrelid, t.relname AS table_name, i.relname AS index_name, i.relam,
             x.indisunique, x.indpred IS NULL AS is_full,
             coalesce(pg_get_expr(x.indpred, x.indrelid), '') AS predicate,
             ARRAY(SELECT x.indkey[k] FROM generate_series(0, x.indnkeyatts - 1) AS k ORDER BY k) AS key_attnums,
             ARRAY(SELECT pg_get_indexdef(x.indexrelid, k, true)
                   FROM generate_series(1, x.indnkeyatts) AS k ORDER BY k) AS key_texts,
             x.indkey::text AS all_attnums, x.indclass::text AS opclasses, x.indcollation::text AS collations,
             x.indoption::text AS orderings,
             EXISTS (SELECT 1 FROM pg_constraint con
                     WHERE con.conindid = x.indexrelid AND con.conrelid = x.indrelid
                       AND con.contype IN ('p', 'u', 'x')) AS backs_constraint
      FROM pg_index x
      JOIN pg_class i ON i.oid = x.indexrelid
      JOIN app_table t ON t.oid = x.indrelid
      WHERE x.indisvalid
    )`;
}

// A constraint's columns in key order, joined by ", ".
const constraintColumns = (con: string) => `(
  SELECT string_agg(a.attname, ', ' ORDER BY k.ord)
  FROM unnest(${con}.conkey) WITH ORDINALITY AS k(attnum, ord)
  JOIN pg_attribute a ON a.attrelid = ${con}.conrelid AND a.attnum = k.attnum)`;

/** The query of each rule, to be run after the shared `WITH` prelude. */
export const RULE_QUERIES: Record<AuditRule, string> = {
  "tenant-column-missing": `
    SELECT 'tenant-column-missing' AS rule, t.relname AS table, NULL AS column, NULL AS index, NULL AS constraint
    FROM app_table t
    WHERE t.oid NOT IN (SELECT oid FROM tenant_table) AND t.oid NOT IN (SELECT oid FROM tenant_root)`,

  "tenant-column-nullable": `
    SELECT 'tenant-column-nullable' AS rule, tt.relname AS table, tt.tenant_column AS column,
           NULL AS index, NULL AS constraint
    FROM tenant_table tt
    WHERE NOT tt.attnotnull`,

  "tenant-column-no-foreign-key": `
    SELECT 'tenant-column-no-foreign-key' AS rule, tt.relname AS table, tt.tenant_column AS column,
           NULL AS index, NULL AS constraint
    FROM tenant_table tt
    WHERE NOT EXISTS (
      SELECT 1 FROM pg_constraint con
      WHERE con.conrelid = tt.oid AND con.contype = 'f'
        AND con.conkey = ARRAY[tt.tenant_attnum] AND con.confrelid IN (SELECT oid FROM tenant_root))`,

  "tenant-column-not-indexed": `
    SELECT 'tenant-column-not-indexed' AS rule, tt.relname AS table, tt.tenant_column AS column,
           NULL AS index, NULL AS constraint
    FROM tenant_table tt
    WHERE NOT EXISTS (
      SELECT 1 FROM app_index ix
      WHERE ix.indrelid = tt.oid AND ix.is_full AND ix.key_attnums[1] = tt.tenant_attnum)`,

  "foreign-key-not-indexed": `
    SELECT 'foreign-key-not-indexed' AS rule, t.relname AS table, ${constraintColumns("con")} AS column,
           NULL AS index, con.conname AS constraint
    FROM app_table t
    JOIN pg_constraint con ON con.conrelid = t.oid AND con.contype = 'f'
    WHERE NOT EXISTS (  -- the tenant column's own foreign key: tenant-column-not-indexed covers it
            SELECT 1 FROM tenant_table tt WHERE tt.oid = t.oid AND con.conkey = ARRAY[tt.tenant_attnum])
      AND NOT EXISTS (  -- an index led by exactly the foreign key's columns, in any order
            SELECT 1 FROM app_index ix
            WHERE ix.indrelid = t.oid AND ix.is_full
              AND cardinality(ix.key_attnums) >= cardinality(con.conkey)
              AND ARRAY(SELECT unnest(ix.key_attnums[1:cardinality(con.conkey)]) ORDER BY 1)
                  = ARRAY(SELECT unnest(con.conkey) ORDER BY 1))`,

  "duplicate-index": `
    SELECT 'duplicate-index' AS rule, a.table_name AS table, NULL AS column, a.index_name AS index,
           NULL AS constraint
    FROM app_index a
    WHERE EXISTS (
      SELECT 1 FROM app_index b
      WHERE b.indrelid = a.indrelid AND b.indexrelid <> a.indexrelid
        AND b.relam = a.relam AND b.key_texts = a.key_texts AND b.all_attnums = a.all_attnums
        AND b.opclasses = a.opclasses AND b.collations = a.collations AND b.orderings = a.orderings
        AND b.predicate = a.predicate
        -- b is the one kept: it backs a constraint, else is unique, else is older
        AND (b.backs_constraint, b.indisunique, a.indexrelid::bigint)
            > (a.backs_constraint, a.indisunique, b.indexrelid::bigint))`,

  "redundant-index": `
    SELECT 'redundant-index' AS rule, a.table_name AS table, NULL AS column, a.index_name AS index,
           NULL AS constraint
    FROM app_index a
    JOIN pg_am am ON am.oid = a.relam AND am.amname = 'btree'
    WHERE NOT a.indisunique
      AND EXISTS (
        SELECT 1 FROM app_index b
        WHERE b.indrelid = a.indrelid AND b.relam = a.relam AND b.predicate = a.predicate
          AND cardinality(b.key_texts) > cardinality(a.key_texts)
          AND b.key_texts[1:cardinality(a.key_texts)] = a.key_texts)`,

  "no-primary-key": `
    SELECT 'no-primary-key' AS rule, t.relname AS table, NULL AS column, NULL AS index, NULL AS constraint
    FROM app_table t
    WHERE NOT EXISTS (SELECT 1 FROM pg_constraint con WHERE con.conrelid = t.oid AND con.contype = 'p')`,

  "unique-not-tenant-scoped": `
    SELECT 'unique-not-tenant-scoped' AS rule, tt.relname AS table, NULL AS column, NULL AS index,
           con.conname AS constraint
    FROM tenant_table tt
    JOIN pg_constraint con ON con.conrelid = tt.oid AND con.contype = 'u'
    WHERE tt.tenant_attnum <> ALL (con.conkey)
    UNION ALL
    SELECT 'unique-not-tenant-scoped', tt.relname, NULL, ix.index_name, NULL
    FROM tenant_table tt
    JOIN app_index ix ON ix.indrelid = tt.oid AND ix.indisunique AND NOT ix.backs_constraint
    WHERE tt.tenant_attnum <> ALL (ix.key_attnums)`,

  "cross-tenant-foreign-key": `
    SELECT 'cross-tenant-foreign-key' AS rule, src.relname AS table, ${constraintColumns("con")} AS column,
           NULL AS index, con.conname AS constraint
    FROM pg_constraint con
    JOIN tenant_table src ON src.oid = con.conrelid
    JOIN tenant_table dst ON dst.oid = con.confrelid
    WHERE con.contype = 'f'
      AND NOT EXISTS (  -- the key pairs the referencing tenant column with the referenced one
            SELECT 1 FROM unnest(con.conkey, con.confkey) AS k(src_attnum, dst_attnum)
            WHERE k.src_attnum = src.tenant_attnum AND k.dst_attnum = dst.tenant_attnum)`,

  "naming-exception": `
    SELECT 'naming-exception' AS rule, t.relname AS table, NULL AS column, NULL AS index, NULL AS constraint
    FROM app_table t
    WHERE t.relname !~ '^[A-Z][A-Za-z0-9]*s$'
    UNION ALL
    SELECT 'naming-exception', t.relname, a.attname, NULL, NULL
    FROM app_table t
    JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum > 0 AND NOT a.attisdropped
    WHERE a.attname !~ '^[a-z][A-Za-z0-9]*$'`,
};
