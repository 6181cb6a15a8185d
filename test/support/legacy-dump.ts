/**
 * Textual schema dumps for exact comparisons of two databases (e.g. the legacy fixture and a database
 * rebuilt from pulled declarations, or a schema before an up and after its down): `legacyDumpSchema`
 * reads pg_catalog in one query (PGlite and servers alike), `pgDumpSchema` runs the real `pg_dump`.
 */
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { promisify } from "node:util";
import { quoteLiteral, type TestDatabase } from "./database.js";

export interface DumpOptions {
  /** Schema to dump. Default "public". */
  schema?: string;
  /** Tables left out (with the sequences they own). Default ["SequelizeMeta"]: the runner's, not the app's. */
  exclude?: string[];
}

const DEFAULT_EXCLUDE = ["SequelizeMeta"];

/**
 * The schema as sorted lines, one object (or one comment) a line, each printed by PostgreSQL's own
 * deparsers so two databases compare exactly with `toEqual`.
 *
 * Lines: `table` (with row level security flags) and its comment; `column T.c <format_type>` with
 * not null, default (`pg_get_expr`), identity, generated, collation, and its comment; `constraint
 * T.name <pg_get_constraintdef>` (primary key, unique, foreign key, check, exclusion, constraint
 * trigger); `index T.name <pg_get_indexdef>` (plus "invalid") and its comment; `type` for enums (values
 * in their order), domains and composites, and their comments; `sequence` with type, start, increment,
 * bounds, cache, cycle and owning column; `view`, `trigger`, `function`, `extension`.
 *
 * Normalised: lines are sorted in code-point order, so column positions (ADD COLUMN appends, a rebuilt
 * table may list columns in another order) and creation order do not count; indexes that back a
 * primary key, unique or exclusion constraint are not listed (their constraint line is); view and
 * function bodies have their whitespace collapsed; newlines in comments are written `\n`. Left out:
 * data, sequence values, owners and privileges, statistics, storage parameters, tablespaces,
 * PostgreSQL 18's catalogued NOT NULL constraints (the column's `not null` says it), objects of other
 * schemas, and the `exclude`d tables.
 *
 * @example
 * const before = await legacyDumpSchema(db);
 * await applyLegacyFixture(db, { upTo: name });
 * await revertLegacyFixture(db, { to: name });
 * expect(await legacyDumpSchema(db)).toEqual(before); // the down restored the schema
 */
export async function legacyDumpSchema(db: Pick<TestDatabase, "query">, options: DumpOptions = {}): Promise<string> {
  const rows = await db.query<{ line: string }>(dumpSql(options.schema ?? "public", options.exclude ?? DEFAULT_EXCLUDE));
  return rows.map((row) => `${row.line}\n`).join("");
}

function dumpSql(schema: string, exclude: readonly string[]): string {
  const excluded = `ARRAY[${exclude.map(quoteLiteral).join(", ")}]::text[]`;
  // Comments keep their newlines visible but on one line.
  const comment = (expr: string) => `replace(quote_literal(${expr}), E'\\n', '\\n')`;
  return `
    WITH ns AS (SELECT oid FROM pg_namespace WHERE nspname = ${quoteLiteral(schema)}),
    rel AS (
      SELECT c.oid, c.relname, c.relrowsecurity, c.relforcerowsecurity
      FROM pg_class c
      WHERE c.relnamespace = (SELECT oid FROM ns) AND c.relkind IN ('r', 'p') AND c.relname <> ALL (${excluded})
    ),
    lines(line) AS (
      SELECT format('table %I', r.relname)
             || CASE WHEN r.relrowsecurity THEN ' row level security' ELSE '' END
             || CASE WHEN r.relforcerowsecurity THEN ' forced' ELSE '' END
      FROM rel r
      UNION ALL
      SELECT format('table %I comment %s', r.relname, ${comment("d.description")})
      FROM rel r JOIN pg_description d ON d.classoid = 'pg_class'::regclass AND d.objoid = r.oid AND d.objsubid = 0
      UNION ALL
      SELECT format('column %I.%I %s', r.relname, a.attname, format_type(a.atttypid, a.atttypmod))
             || CASE WHEN a.attnotnull THEN ' not null' ELSE '' END
             || CASE WHEN a.attgenerated <> '' THEN ' generated as ' || pg_get_expr(ad.adbin, ad.adrelid)
                     ELSE coalesce(' default ' || pg_get_expr(ad.adbin, ad.adrelid), '') END
             || CASE a.attidentity WHEN 'a' THEN ' identity always' WHEN 'd' THEN ' identity by default' ELSE '' END
             || CASE WHEN a.attcollation <> t.typcollation THEN format(' collate %I', co.collname) ELSE '' END
      FROM rel r
      JOIN pg_attribute a ON a.attrelid = r.oid AND a.attnum > 0 AND NOT a.attisdropped
      JOIN pg_type t ON t.oid = a.atttypid
      LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
      LEFT JOIN pg_collation co ON co.oid = a.attcollation
      UNION ALL
      SELECT format('column %I.%I comment %s', r.relname, a.attname, ${comment("d.description")})
      FROM rel r
      JOIN pg_attribute a ON a.attrelid = r.oid AND a.attnum > 0 AND NOT a.attisdropped
      JOIN pg_description d ON d.classoid = 'pg_class'::regclass AND d.objoid = r.oid AND d.objsubid = a.attnum
      UNION ALL
      SELECT format('constraint %I.%I %s', r.relname, con.conname, pg_get_constraintdef(con.oid))
      FROM rel r JOIN pg_constraint con ON con.conrelid = r.oid
      WHERE con.contype IN ('p', 'u', 'f', 'c', 'x', 't')
      UNION ALL
      SELECT format('index %I.%I %s', r.relname, i.relname, pg_get_indexdef(x.indexrelid))
             || CASE WHEN x.indisvalid THEN '' ELSE ' invalid' END
      FROM rel r
      JOIN pg_index x ON x.indrelid = r.oid
      JOIN pg_class i ON i.oid = x.indexrelid
      WHERE NOT EXISTS (SELECT 1 FROM pg_constraint con
                        WHERE con.conindid = x.indexrelid AND con.conrelid = r.oid AND con.contype IN ('p', 'u', 'x'))
      UNION ALL
      SELECT format('index %I.%I comment %s', r.relname, i.relname, ${comment("d.description")})
      FROM rel r
      JOIN pg_index x ON x.indrelid = r.oid
      JOIN pg_class i ON i.oid = x.indexrelid
      JOIN pg_description d ON d.classoid = 'pg_class'::regclass AND d.objoid = i.oid AND d.objsubid = 0
      UNION ALL
      SELECT format('type %I enum (%s)', t.typname, string_agg(quote_literal(e.enumlabel), ', ' ORDER BY e.enumsortorder))
      FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid
      WHERE t.typnamespace = (SELECT oid FROM ns)
      GROUP BY t.typname
      UNION ALL
      SELECT format('type %I domain %s', t.typname, format_type(t.typbasetype, t.typtypmod))
             || CASE WHEN t.typnotnull THEN ' not null' ELSE '' END
             || coalesce(' default ' || t.typdefault, '')
             || coalesce((SELECT string_agg(' ' || pg_get_constraintdef(con.oid), '' ORDER BY con.conname)
                          FROM pg_constraint con WHERE con.contypid = t.oid), '')
      FROM pg_type t
      WHERE t.typnamespace = (SELECT oid FROM ns) AND t.typtype = 'd'
      UNION ALL
      SELECT format('type %I composite (%s)', t.typname,
                    string_agg(format('%I %s', a.attname, format_type(a.atttypid, a.atttypmod)), ', ' ORDER BY a.attnum))
      FROM pg_type t
      JOIN pg_class c ON c.oid = t.typrelid AND c.relkind = 'c'
      JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
      WHERE t.typnamespace = (SELECT oid FROM ns)
      GROUP BY t.typname
      UNION ALL
      SELECT format('type %I comment %s', t.typname, ${comment("d.description")})
      FROM pg_type t JOIN pg_description d ON d.classoid = 'pg_type'::regclass AND d.objoid = t.oid
      WHERE t.typnamespace = (SELECT oid FROM ns)
      UNION ALL
      SELECT format('sequence %I %s start %s increment %s min %s max %s cache %s', s.relname,
                    format_type(q.seqtypid, NULL), q.seqstart, q.seqincrement, q.seqmin, q.seqmax, q.seqcache)
             || CASE WHEN q.seqcycle THEN ' cycle' ELSE '' END
             || coalesce(format(' owned by %I.%I', owner.relname, a.attname), '')
      FROM pg_class s
      JOIN pg_sequence q ON q.seqrelid = s.oid
      LEFT JOIN pg_depend dep ON dep.classid = 'pg_class'::regclass AND dep.objid = s.oid
                             AND dep.refclassid = 'pg_class'::regclass AND dep.deptype IN ('a', 'i')
      LEFT JOIN pg_class owner ON owner.oid = dep.refobjid
      LEFT JOIN pg_attribute a ON a.attrelid = dep.refobjid AND a.attnum = dep.refobjsubid
      WHERE s.relnamespace = (SELECT oid FROM ns) AND s.relkind = 'S'
        AND (owner.relname IS NULL OR owner.relname <> ALL (${excluded}))
      UNION ALL
      SELECT format('view %I %s', v.relname, regexp_replace(pg_get_viewdef(v.oid, true), '\\s+', ' ', 'g'))
             || CASE WHEN v.relkind = 'm' THEN ' materialized' ELSE '' END
      FROM pg_class v
      WHERE v.relnamespace = (SELECT oid FROM ns) AND v.relkind IN ('v', 'm')
      UNION ALL
      SELECT format('trigger %I.%I %s', r.relname, tg.tgname, pg_get_triggerdef(tg.oid, true))
      FROM rel r JOIN pg_trigger tg ON tg.tgrelid = r.oid
      WHERE NOT tg.tgisinternal
      UNION ALL
      SELECT format('function %s %s', p.oid::regprocedure, regexp_replace(pg_get_functiondef(p.oid), '\\s+', ' ', 'g'))
      FROM pg_proc p
      WHERE p.pronamespace = (SELECT oid FROM ns) AND p.prokind IN ('f', 'p')
        AND NOT EXISTS (SELECT 1 FROM pg_depend dep
                        WHERE dep.classid = 'pg_proc'::regclass AND dep.objid = p.oid AND dep.deptype = 'e')
      UNION ALL
      SELECT format('extension %I', x.extname) FROM pg_extension x WHERE x.extnamespace = (SELECT oid FROM ns)
    )
    SELECT line FROM lines ORDER BY line COLLATE "C"`;
}

const execFileAsync = promisify(execFile);

// The CI image's PostgreSQL 15 client, else whatever `pg_dump` is on PATH; PG_DUMP overrides both.
const DEBIAN_PG_DUMP = "/usr/lib/postgresql/15/bin/pg_dump";

/**
 * `pg_dump --schema-only --no-owner --no-privileges` of one schema, normalised for exact comparison.
 * Needs a real server (pg_dump refuses a server newer than itself, such as the embedded one).
 *
 * Normalised: `--` comments, blank lines, `SET` / `set_config` preambles and `\restrict` lines are
 * dropped; every statement is kept whole (dollar-quoted bodies included) and the statements are
 * sorted; inside `CREATE TABLE` the column and inline-constraint lines are sorted (column positions do
 * not count, trailing commas are removed). Everything else is pg_dump's text unchanged.
 *
 * @example
 * if (process.env.DATABASE_URL) {
 *   expect(await pgDumpSchema(rebuilt.url)).toEqual(await pgDumpSchema(fixture.url));
 * }
 */
export async function pgDumpSchema(url: string, options: DumpOptions = {}): Promise<string> {
  const schema = options.schema ?? "public";
  const quoted = (name: string) => `"${name.replaceAll('"', '""')}"`;
  const args = [
    "--schema-only",
    "--no-owner",
    "--no-privileges",
    `--schema=${quoted(schema)}`,
    ...(options.exclude ?? DEFAULT_EXCLUDE).map((table) => `--exclude-table=${quoted(schema)}.${quoted(table)}`),
    `--dbname=${url}`,
  ];
  const binary = process.env.PG_DUMP ?? (existsSync(DEBIAN_PG_DUMP) ? DEBIAN_PG_DUMP : "pg_dump");
  try {
    const { stdout } = await execFileAsync(binary, args, { maxBuffer: 64 * 1024 * 1024 });
    return normalisePgDump(stdout);
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr?.trim();
    throw new Error(`pg_dump (${binary}) failed: ${stderr || (error as Error).message}`);
  }
}

/**
 * The normalisation `pgDumpSchema` applies to pg_dump's output (exported for its unit test).
 *
 * @example
 * normalisePgDump("SET x = 1;\nCREATE TABLE public.t (\n    b integer,\n    a integer\n);\n")
 * // "CREATE TABLE public.t (\n    a integer,\n    b integer\n);\n"
 */
export function normalisePgDump(text: string): string {
  return splitStatements(text)
    .filter((statement) => !/^(SET |SELECT pg_catalog\.set_config\()/.test(statement))
    .map(sortTableBody)
    .sort(codePointOrder)
    .map((statement) => `${statement}\n`)
    .join("");
}

function splitStatements(text: string): string[] {
  const statements: string[] = [];
  let current: string[] = [];
  let dollarTag: string | null = null;
  for (const line of text.split("\n")) {
    const outside = current.length === 0;
    if (outside && (line.trim() === "" || line.startsWith("--") || line.startsWith("\\"))) continue;
    current.push(line);
    for (const [tag] of line.matchAll(/\$[A-Za-z_0-9]*\$/g)) {
      if (dollarTag === null) dollarTag = tag;
      else if (tag === dollarTag) dollarTag = null;
    }
    if (dollarTag === null && line.trimEnd().endsWith(";")) {
      statements.push(current.join("\n"));
      current = [];
    }
  }
  if (current.length > 0) statements.push(current.join("\n"));
  return statements;
}

function sortTableBody(statement: string): string {
  if (!statement.startsWith("CREATE TABLE ")) return statement;
  const lines = statement.split("\n");
  const close = lines.findIndex((line, index) => index > 0 && line.startsWith(")"));
  if (close < 0) return statement;
  const body = lines.slice(1, close).map((line) => line.replace(/,$/, "")).sort(codePointOrder);
  return [lines[0], body.join(",\n"), ...lines.slice(close)].join("\n");
}

function codePointOrder(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
