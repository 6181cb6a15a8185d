/**
 * `tenant-schema drift`: the declarations as of the last emit (the snapshot), built on the embedded
 * PostgreSQL, compared with the live database. Exit 1 when they differ.
 */
import { compareSchemas, describeDifference } from "../drift/compare.js";
import type { CommandResult } from "./audit-command.js";
import { redactUrl } from "./connect.js";
import { databaseUrl } from "./database.js";
import { loadProjectConfig, type ProjectOptions } from "./declared-schema.js";
import { buildEmbedded } from "./embedded-schema.js";
import { readLiveSchema } from "./live-schema.js";
import { fromProjectPath } from "./paths.js";
import { CliError, formatProblem } from "./problem.js";
import { readState } from "./state.js";

export interface DriftOptions extends ProjectOptions {
  databaseUrl?: string | undefined;
  dbSchema: string;
  json: boolean;
}

/**
 * @example
 * (await runDrift({ cwd: "/repo", dbSchema: "public", json: false })).out.at(-1) // "no drift: ..."
 */
export async function runDrift(options: DriftOptions): Promise<CommandResult> {
  try {
    const url = databaseUrl(options.databaseUrl);
    const config = await loadProjectConfig(options);
    const state = await readState(fromProjectPath(config.rootDir, config.output.state), config.rootDir);
    if (state.snapshot === null) {
      throw new CliError([{ file: config.output.state, line: null, message: "no snapshot: nothing is declared yet (run `tenant-schema emit`, or `tenant-schema pull` for an existing database)" }], 2);
    }
    const expected = await buildEmbedded(state.snapshot, config);
    const { introspection } = await readLiveSchema(config, { url, schema: options.dbSchema, naming: state.snapshot.naming });
    const differences = compareSchemas(expected, introspection.schema);
    const source = `${redactUrl(url)} (schema ${options.dbSchema})`;
    const out = options.json
      ? [JSON.stringify({ source, differences }, null, 2)]
      : differences.length === 0
        ? [`no drift: ${source} matches the declarations (${expected.tables.length} tables)`]
        : [`drift: ${source} differs from the declarations in ${differences.length} place${differences.length === 1 ? "" : "s"}`, ...differences.map((d) => `  ${describeDifference(d)}`)];
    return { exitCode: differences.length === 0 ? 0 : 1, out, err: [] };
  } catch (error) {
    if (error instanceof CliError) return { exitCode: error.exitCode, out: [], err: error.problems.map(formatProblem) };
    throw error;
  }
}
