/**
 * `tenant-schema audit --fix`: the live audit's fixable findings fixed where they belong, in the
 * declarations (the source of truth: a fix made only in the database, the next emit would undo),
 * and the change set that brings the database there, written together in one locked atomic write
 * with its doc, the models and the emit state. A declaration file is rewritten only when
 * tenant-schema wrote it and nobody edited it since (the manifest's checksum); any other file that
 * needs a fix stops the command, nothing written, with the fixes to make by hand.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { fixSchema, type FixResult } from "../audit/fix.js";
import { auditSchema, type Finding } from "../audit/rules.js";
import type { ResolvedConfig } from "../config/define-config.js";
import { planChanges } from "../diff/plan.js";
import type { SchemaIR } from "../ir/types.js";
import { validateSchema } from "../ir/validate.js";
import { printSchema } from "../pull/print-schema.js";
import type { Artifact } from "./artifacts.js";
import { withDeclaredReasons, type CommandResult } from "./audit-command.js";
import { databaseUrl } from "./database.js";
import { buildSchema, loadProject, type ProjectOptions } from "./declared-schema.js";
import { writeRemediation } from "./emit.js";
import { formatFile } from "./format.js";
import { readLiveSchema } from "./live-schema.js";
import { MANIFEST_FILE, parseManifest } from "./manifest.js";
import { parseNow } from "./now.js";
import { sameText } from "./ownership.js";
import { fromProjectPath, readIfExists } from "./paths.js";
import { CliError, formatProblem, type Problem } from "./problem.js";
import { loadDeclarationsAside } from "./pull-command.js";
import { fileChecksum } from "./state.js";

export interface AuditFixOptions extends ProjectOptions {
  databaseUrl?: string | undefined;
  /** PostgreSQL schema of the live database. */
  dbSchema: string;
  /** The clock, as YYYYMMDDHHMMSS or an ISO date (the migrations' timestamps). */
  now: string;
  dryRun: boolean;
  lockWaitMs?: number;
}

/** The feature name of the remediation's change set: its migrations and its doc (schema-changes-audit-fix.md). */
export const FIX_CHANGE_SET = "audit-fix";

/** The header line `pull` writes first in every schema file: where and when it was pulled. */
const PULLED_HEADER = /^\/\/ Pulled from (.+) by `tenant-schema pull` on (\S+)\.$/;

const where = (finding: Finding): string => (finding.column === null ? `"${finding.table}"` : `"${finding.table}"."${finding.column}"`);
const what = (finding: Finding): string => `${finding.rule} ${where(finding)}${finding.index !== null ? ` (${finding.index})` : finding.constraint !== null ? ` (${finding.constraint})` : ""}`;

/**
 * @example
 * (await runAuditFix({ cwd: "/repo", dbSchema: "public", now: "20261202100000", dryRun: false })).out.at(-1)
 * // "next: apply it with `tenant-schema migrate up` (or sequelize-cli db:migrate), then `tenant-schema audit`"
 */
export async function runAuditFix(options: AuditFixOptions): Promise<CommandResult> {
  try {
    return await auditFix(options);
  } catch (error) {
    if (error instanceof CliError) return { exitCode: error.exitCode, out: [], err: error.problems.map(formatProblem) };
    throw error;
  }
}

async function auditFix(input: AuditFixOptions): Promise<CommandResult> {
  const options = { ...input, now: parseNow(input.now) };
  const { config, loaded } = await loadProject(options);
  const built = loaded.problems.length > 0 ? { problems: loaded.problems } : buildSchema(loaded, config);
  if ("problems" in built) return { exitCode: 1, out: [], err: built.problems.map(formatProblem) };
  const issues = validateSchema(built.ir);
  if (issues.length > 0) return { exitCode: 1, out: [], err: issues.map((issue) => formatProblem({ file: issue.source?.file ?? null, line: issue.source?.line ?? null, message: issue.message })) };
  const declared = built.ir;

  const url = databaseUrl(options.databaseUrl);
  const { introspection } = await readLiveSchema(config, { url, schema: options.dbSchema, naming: config.naming, keepTenantRoot: true });
  const result = fixSchema(declared, auditSchema(withDeclaredReasons(introspection.schema, declared)));
  const summary = summaryLines(result);
  if (result.fixed.length === 0) return { exitCode: 0, out: [...summary, "nothing to fix: no change set written"], err: [] };

  const files = await rewrittenFiles(config, declared, result, loaded.files);
  if ("problems" in files) return { exitCode: 1, out: [], err: [...files.problems.map(formatProblem), "audit --fix: nothing written"] };

  // The proof: the rewritten files, loaded as the project's, declare exactly the fixed schema.
  const rewritten = new Map(files.artifacts.map((artifact) => [fromProjectPath(config.rootDir, artifact.path), artifact.contents]));
  const all = await Promise.all(loaded.files.map(async (file) => ({ path: file, contents: rewritten.get(file) ?? (await readFile(file, "utf8")) })));
  const proof = await loadDeclarationsAside(config, all);
  const left = proof.ir === null ? [] : planChanges(result.schema, proof.ir, options.now, null, { allowDestructive: true }).changeSets;
  if (proof.ir === null || left.length > 0) {
    const differences = left.flatMap((change) => change.migrations.map((plan) => plan.description));
    return { exitCode: 2, out: [], err: [...proof.problems, ...differences, "audit --fix: the rewritten declarations would not state the fixes (a tenant-schema bug: please report it); nothing written"] };
  }

  const report = await writeRemediation(config, declared, proof.ir, files.artifacts, { cwd: options.cwd, now: options.now, mode: options.dryRun ? "dry-run" : "write", changeSet: FIX_CHANGE_SET, ...(options.lockWaitMs === undefined ? {} : { lockWaitMs: options.lockWaitMs }) });
  if (report.exitCode !== 0) return { exitCode: report.exitCode, out: [], err: [...report.errors, ...report.warnings.map((w) => `warning: ${w}`), "audit --fix: nothing written"] };
  const verb = (status: string) => (options.dryRun ? `would ${status === "new" ? "create" : "update"}` : status === "new" ? "created" : "updated");
  const migrations = report.files.filter((file) => file.kind === "migration").length;
  return {
    exitCode: 0,
    out: [
      ...report.files.map((file) => `${verb(file.status)} ${file.path}`),
      ...summary,
      `${options.dryRun ? "would write" : "wrote"} the declarations and one change set of ${migrations} migration${migrations === 1 ? "" : "s"} with its doc; no row is changed: a staged NOT NULL or a VALIDATE stops on rows that break the rule, naming them`,
      "next: apply it with `tenant-schema migrate up` (or sequelize-cli db:migrate), then `tenant-schema audit`",
    ],
    err: report.warnings.map((w) => `warning: ${w}`),
  };
}

function summaryLines(result: FixResult): string[] {
  return [
    `fixed ${result.fixed.length} finding${result.fixed.length === 1 ? "" : "s"}:`,
    ...result.fixed.map((finding) => `  ${what(finding)}: ${finding.fix}`),
    `left ${result.unfixed.length} finding${result.unfixed.length === 1 ? "" : "s"} for a person:`,
    ...result.unfixed.map(({ finding, reason }) => `  ${what(finding)}: ${reason}`),
  ];
}

/**
 * The declaration files the fixed tables live in, printed again from the fixed schema. Refused,
 * with the fixes to make by hand, for a file tenant-schema did not write or that was edited since,
 * and for one that the printer would not write back as it is (then it is not the printer's text).
 */
async function rewrittenFiles(config: ResolvedConfig, declared: SchemaIR, result: FixResult, schemaFiles: readonly string[]): Promise<{ artifacts: Artifact[] } | { problems: Problem[] }> {
  const manifestPath = path.posix.join(config.output.state.split(path.sep).join("/"), MANIFEST_FILE);
  const manifestText = await readIfExists(fromProjectPath(config.rootDir, manifestPath));
  const manifest = manifestText === null ? null : parseManifest(manifestText, manifestPath);
  const recorded = new Map((manifest?.files ?? []).filter((file) => file.kind === "declaration").map((file) => [file.path, file.checksum]));
  const fileOf = (table: { source: { file: string } | null }) => table.source?.file ?? null;
  // Each table's file, as a feature of the printer (file name without .ts).
  const features = Object.fromEntries(declared.tables.flatMap((table) => (fileOf(table) === null ? [] : [[table.tableName, path.posix.basename(fileOf(table)!).replace(/\.[^.]*$/, "")]])));
  const changedFiles = [...new Set(result.changed.map((key) => fileOf(declared.tables.find((t) => t.key === key)!)))];

  const problems: Problem[] = [];
  const artifacts: Artifact[] = [];
  for (const file of changedFiles) {
    const fixes = result.fixed.filter((finding) => fileOf(declared.tables.find((t) => t.tableName === finding.table)!) === file);
    const byHand = (why: string): Problem => ({ file, line: null, message: `${why}; make these fixes by hand:\n${fixes.map((f) => `    ${what(f)}: ${f.fix}`).join("\n")}` });
    if (file === null || !schemaFiles.includes(fromProjectPath(config.rootDir, file))) {
      problems.push(byHand("a fixed table has no schema file of its own"));
      continue;
    }
    const disk = (await readIfExists(fromProjectPath(config.rootDir, file))) ?? "";
    const checksum = recorded.get(file);
    if (checksum === undefined || fileChecksum(disk) !== checksum) {
      problems.push(byHand(checksum === undefined ? "was not written by tenant-schema pull (not in the manifest): tenant-schema never rewrites it" : "was edited since tenant-schema wrote it (its checksum differs from the manifest): tenant-schema never rewrites it"));
      continue;
    }
    const header = PULLED_HEADER.exec(disk.split("\n", 1)[0] ?? "");
    const printed = async (schema: SchemaIR): Promise<string | null> => {
      const out = printSchema(schema, { source: header?.[1] ?? "", pulledAt: header?.[2] ?? "", features });
      const match = out.files.find((f) => path.posix.join(path.posix.dirname(file), f.path) === file);
      return out.problems.length > 0 || match === undefined ? null : formatFile(fromProjectPath(config.rootDir, file), match.contents);
    };
    const before = header === null ? null : await printed(declared);
    const after = before === null || !sameText(before, disk) ? null : await printed(result.schema);
    if (after === null) {
      problems.push(byHand("is not as tenant-schema pull prints it, so it cannot be rewritten safely"));
      continue;
    }
    artifacts.push({ kind: "declaration", path: file, contents: after });
  }
  return problems.length > 0 ? { problems } : { artifacts };
}
