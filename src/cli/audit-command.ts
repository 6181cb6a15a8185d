/**
 * `tenant-schema audit`: the tenant rules checked on the live database (default) or on the
 * declarations alone (`--schema`). Exit 1 when a finding at or above `--fail-on` remains.
 */
import { auditReport, formatAudit, type AuditReport } from "../audit/report.js";
import { auditSchema, SEVERITIES, type Severity } from "../audit/rules.js";
import type { SchemaIR } from "../ir/types.js";
import { validateSchema } from "../ir/validate.js";
import { redactUrl } from "./connect.js";
import { databaseUrl } from "./database.js";
import { buildSchema, loadProject, type ProjectOptions } from "./declared-schema.js";
import { readLiveProject } from "./live-schema.js";
import { fromProjectPath } from "./paths.js";
import { CliError, formatProblem, type FailureCode } from "./problem.js";
import { readState } from "./state.js";

export interface AuditOptions extends ProjectOptions {
  /** `--schema`: audit the declarations (the schema files), not a database. */
  declarations: boolean;
  databaseUrl?: string | undefined;
  /** PostgreSQL schema of the live database. */
  dbSchema: string;
  failOn: string;
  json: boolean;
}

export interface CommandResult {
  exitCode: 0 | FailureCode;
  out: string[];
  err: string[];
}

/**
 * Tables the declarations share on purpose (global, with a written reason) are not findings on the
 * live database either: the reason lives in the declarations.
 *
 * @example
 * auditSchema(withDeclaredReasons(live, state.snapshot)) // no tenant-column-missing for "Countries" declared with a reason
 */
export function withDeclaredReasons(live: SchemaIR, declared: SchemaIR | null): SchemaIR {
  if (declared === null) return live;
  const shared = new Map(declared.tables.filter((t) => t.scope.kind === "global" && !t.departures.includes("globalUnreviewed")).map((t) => [t.tableName, t.scope]));
  return {
    ...live,
    tables: live.tables.map((table) => {
      const scope = shared.get(table.tableName);
      return scope === undefined || table.scope.kind !== "global" ? table : { ...table, scope, departures: table.departures.filter((d) => d !== "globalUnreviewed") };
    }),
  };
}

/**
 * @example
 * (await runAudit({ cwd: "/repo", declarations: false, dbSchema: "public", failOn: "error", json: false })).exitCode // 1
 */
export async function runAudit(options: AuditOptions): Promise<CommandResult> {
  try {
    if (!(SEVERITIES as readonly string[]).includes(options.failOn)) {
      throw new CliError([{ file: null, line: null, message: `--fail-on: must be one of ${SEVERITIES.join(", ")}, got "${options.failOn}"` }], 2);
    }
    const report = options.declarations ? await auditDeclarations(options) : await auditLive(options);
    if ("exitCode" in report) return report;
    const failOn = SEVERITIES.indexOf(options.failOn as Severity);
    const failing = report.findings.some((finding) => SEVERITIES.indexOf(finding.severity) <= failOn);
    return { exitCode: failing ? 1 : 0, out: options.json ? [JSON.stringify(report, null, 2)] : formatAudit(report), err: [] };
  } catch (error) {
    if (error instanceof CliError) return { exitCode: error.exitCode, out: [], err: error.problems.map(formatProblem) };
    throw error;
  }
}

async function auditDeclarations(options: AuditOptions): Promise<AuditReport | CommandResult> {
  const { config, loaded } = await loadProject(options);
  const schema = loaded.problems.length > 0 ? { problems: loaded.problems } : buildSchema(loaded, config);
  if ("problems" in schema) return { exitCode: 1, out: [], err: schema.problems.map(formatProblem) };
  const issues = validateSchema(schema.ir);
  if (issues.length > 0) return { exitCode: 1, out: [], err: issues.map((issue) => formatProblem({ file: issue.source?.file ?? null, line: issue.source?.line ?? null, message: issue.message })) };
  return auditReport(`the declarations (${config.schema.join(", ")})`, schema.ir.tables.length, auditSchema(schema.ir));
}

async function auditLive(options: AuditOptions): Promise<AuditReport> {
  const url = databaseUrl(options.databaseUrl);
  // Before pull has written a config, the naming profile and tenant root come from the database.
  const { config, introspection } = await readLiveProject(options, { url, schema: options.dbSchema, keepTenantRoot: true });
  const state = await readState(fromProjectPath(config.rootDir, config.output.state), config.rootDir);
  const schema = withDeclaredReasons(introspection.schema, state.snapshot);
  return auditReport(`${redactUrl(url)} (schema ${options.dbSchema})`, schema.tables.length, auditSchema(schema));
}
