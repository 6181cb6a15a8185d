/**
 * `tenant-schema pull`: the live schema as DSL files. It refuses (exit 2, nothing written) when the
 * database holds something the declarations could not state, and it proves its own output before
 * writing: the generated files are loaded, built on the embedded PostgreSQL and compared with the
 * live database; any difference stops it.
 */
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { ResolvedConfig } from "../config/define-config.js";
import { compareSchemas, describeDifference } from "../drift/compare.js";
import { validateSchema } from "../ir/validate.js";
import type { NamingProfile, SchemaIR } from "../ir/types.js";
import { printSchema } from "../pull/print-schema.js";
import type { CommandResult } from "./audit-command.js";
import { redactUrl } from "./connect.js";
import { databaseUrl } from "./database.js";
import { buildSchema, type ProjectOptions } from "./declared-schema.js";
import { buildEmbedded } from "./embedded-schema.js";
import { formatFile } from "./format.js";
import { readLiveProject } from "./live-schema.js";
import { loadSchemaTables } from "./load-schema.js";
import { createModuleLoader } from "./module-loader.js";
import { fromProjectPath, toProjectPath } from "./paths.js";
import { CliError, formatProblem, type Problem } from "./problem.js";
import { formatMigrationTimestamp } from "../diff/timestamp.js";
import type { Artifact } from "./artifacts.js";
import { writeBaseline } from "./emit.js";

export interface PullOptions extends ProjectOptions {
  databaseUrl?: string | undefined;
  /** PostgreSQL schema to read. */
  dbSchema: string;
  /** `table=feature` pairs. */
  features: string[];
  /** Overrides the detected naming profile. */
  naming?: NamingProfile | undefined;
  /** The clock, ISO (the files' header). */
  now: string;
  dryRun: boolean;
}

const fail = (message: string, exitCode: 1 | 2 = 2): never => {
  throw new CliError([{ file: null, line: null, message }], exitCode);
};

const parseFeatures = (pairs: readonly string[]): Record<string, string> =>
  Object.fromEntries(
    pairs.map((pair) => {
      const at = pair.lastIndexOf("=");
      if (at <= 0 || at === pair.length - 1) fail(`--feature: expected <table>=<feature>, got "${pair}"`);
      return [pair.slice(0, at), pair.slice(at + 1)];
    }),
  );

/** The config a pulled project needs: the detected profile and tenant root, when it has no config file. */
const configFile = (naming: NamingProfile, tenantTable: string, schemaFolder: string): string =>
  `import { defineConfig } from "tenant-schema";\n\nexport default defineConfig({\n  schema: ${JSON.stringify(schemaFolder)},\n  naming: ${JSON.stringify(naming)},\n  tenant: { table: ${JSON.stringify(tenantTable)} },\n  // As adopted: single-column references, and models without the runtime guard (the application's\n  // calls that name no tenant keep working). Turn keys on to make the references composite (a safe\n  // evolution) and the guard on once every model call names its tenant (README, Tenant isolation).\n  isolation: { keys: false, guard: false },\n});\n`;

/**
 * @example
 * (await runPull({ cwd: "/repo", dbSchema: "public", features: [], now: "2026-12-02T09:00:00Z", dryRun: false })).out
 * // ["created schema/tickets.ts", ..., "pulled 31 tables into 24 files: ..."]
 */
export async function runPull(options: PullOptions): Promise<CommandResult> {
  try {
    return await pull(options);
  } catch (error) {
    if (error instanceof CliError) return { exitCode: error.exitCode, out: [], err: error.problems.map(formatProblem) };
    throw error;
  }
}

async function pull(options: PullOptions): Promise<CommandResult> {
  const url = databaseUrl(options.databaseUrl);
  const features = parseFeatures(options.features);
  const { config, hasConfig, introspection } = await readLiveProject(options, { url, schema: options.dbSchema, ...(options.naming === undefined ? {} : { naming: options.naming }) });
  const errors = introspection.problems.filter((p) => p.severity === "error");
  const warnings = introspection.problems.filter((p) => p.severity === "warning").map((p) => `warning: ${p.object}: ${p.message}`);
  if (errors.length > 0) {
    return { exitCode: 2, out: [], err: [...errors.map((p) => `${p.object}: ${p.message}`), `pull: ${errors.length} object${errors.length === 1 ? "" : "s"} the declarations cannot state as they are; nothing written`] };
  }
  const source = redactUrl(url);
  const printed = printSchema(introspection.schema, { source: `${source} (schema ${options.dbSchema})`, pulledAt: options.now, features });
  if (printed.problems.length > 0) {
    return { exitCode: 2, out: [], err: [...printed.problems.map((p) => `${p.object}: ${p.message}`), "pull: nothing written"] };
  }

  const schemaFolder = config.schema[0] ?? "schema";
  const absolute = fromProjectPath(config.rootDir, schemaFolder);
  const files = await Promise.all(printed.files.map(async (file) => ({ path: path.join(absolute, file.path), contents: await formatFile(path.join(absolute, file.path), file.contents) })));
  const extra = hasConfig ? [] : [{ path: path.join(config.rootDir, "tenant-schema.config.ts"), contents: await formatFile(path.join(config.rootDir, "tenant-schema.config.ts"), configFile(introspection.schema.naming, config.tenant.table, schemaFolder)) }];
  const existing = [...files, ...extra].filter((file) => existsSync(file.path));
  if (existing.length > 0) {
    const problems: Problem[] = existing.map((file) => ({ file: toProjectPath(config.rootDir, file.path), line: null, message: "already exists; pull never overwrites a file: move it away or pull into another --cwd" }));
    return { exitCode: 1, out: [], err: problems.map(formatProblem) };
  }

  // The proof: the files, loaded as a user's schema folder would be, declare the live schema exactly.
  const proof = await provePulled(config, [...extra, ...files], introspection.schema);
  if (proof.ir === null || proof.problems.length > 0) {
    return { exitCode: 2, out: [], err: [...proof.problems, "pull: the generated declarations would not match the live database (a tenant-schema bug: please report it); nothing written"] };
  }
  const declarations = [...extra, ...files].map((file): Artifact => ({ kind: "declaration", path: toProjectPath(config.rootDir, file.path), contents: file.contents }));
  const report = await writeBaseline(config, proof.ir, declarations, { cwd: options.cwd, now: formatMigrationTimestamp(new Date(options.now)), mode: options.dryRun ? "dry-run" : "write" });
  if (report.exitCode !== 0) return { exitCode: report.exitCode, out: [], err: [...report.errors, ...report.warnings.map((w) => `warning: ${w}`)] };
  const verb = (status: string) => (options.dryRun ? `would ${status === "new" ? "create" : "update"}` : status === "new" ? "created" : "updated");
  return {
    exitCode: 0,
    out: [
      ...report.files.map((file) => `${verb(file.status)} ${file.path}`),
      `pulled ${introspection.schema.tables.length} tables into ${files.length} schema files, recorded as applied (the baseline: models and emit state, no migration); the declarations build exactly the live schema`,
      "next: `tenant-schema audit` lists the tenant rules the live schema breaks; `tenant-schema drift` in CI tells when it changes by hand",
    ],
    err: [...warnings, ...report.warnings.map((w) => `warning: ${w}`)],
  };
}

/**
 * Loads the generated files as the project's schema folder would (in a scratch copy, so sources
 * read `schema/tickets.ts`), builds them on the embedded PostgreSQL, and lists what differs from the
 * live schema; the declared IR comes back for the baseline.
 */
async function provePulled(config: ResolvedConfig, files: readonly { path: string; contents: string }[], live: SchemaIR): Promise<{ ir: SchemaIR | null; problems: string[] }> {
  const loaded = await loadDeclarationsAside(config, files);
  if (loaded.ir === null) return loaded;
  try {
    return { ir: loaded.ir, problems: compareSchemas(await buildEmbedded(loaded.ir, config), live).map(describeDifference) };
  } catch (error) {
    if (error instanceof CliError) return { ir: null, problems: error.problems.map(formatProblem) };
    throw error;
  }
}

/**
 * Declaration files not written yet, loaded and built as the project's schema folders would be
 * (in a scratch copy of the project, so sources read `schema/tickets.ts`), validated: their IR, or
 * what kept them from loading. `files` are absolute paths under the project root.
 *
 * @example
 * (await loadDeclarationsAside(config, [{ path: "/repo/schema/tickets.ts", contents }])).ir?.tables.length // 1
 */
export async function loadDeclarationsAside(config: ResolvedConfig, files: readonly { path: string; contents: string }[]): Promise<{ ir: SchemaIR | null; problems: string[] }> {
  const scratch = await mkdtemp(path.join(tmpdir(), "tenant-schema-pull-"));
  const loader = createModuleLoader();
  try {
    for (const file of files) {
      const target = path.join(scratch, path.relative(config.rootDir, file.path));
      await mkdir(path.dirname(target), { recursive: true });
      await writeFile(target, file.contents);
    }
    // The declarations and the baseline describe the database as it is: isolation layers the config
    // turns on are the first change after the baseline (an ordinary evolution), never part of it.
    const scratchConfig: ResolvedConfig = { ...config, rootDir: scratch, isolation: { ...config.isolation, keys: false, rls: false } };
    const loaded = await loadSchemaTables(scratchConfig, loader);
    if (loaded.problems.length > 0) return { ir: null, problems: loaded.problems.map(formatProblem) };
    const declared = buildSchema(loaded, scratchConfig);
    if ("problems" in declared) return { ir: null, problems: declared.problems.map(formatProblem) };
    const issues = validateSchema(declared.ir);
    if (issues.length > 0) return { ir: null, problems: issues.map((issue) => formatProblem({ file: issue.source?.file ?? null, line: issue.source?.line ?? null, message: issue.message })) };
    return { ir: declared.ir, problems: [] };
  } catch (error) {
    if (error instanceof CliError) return { ir: null, problems: error.problems.map(formatProblem) };
    throw error;
  } finally {
    loader.dispose();
    await rm(scratch, { recursive: true, force: true });
  }
}
