/**
 * The no-change fast path of `emit` and `emit --check`: when the fingerprint of the last emit
 * (fingerprint.ts) still describes the project, emitting again would write nothing and `--check`
 * would find everything up to date, so the answer comes without loading the schema files, the
 * emitters or prettier's formatter. It holds when all of these are as the last emit recorded them:
 * tenant-schema itself, the resolved config, the list of schema files, the contents of every module
 * that loading the config and the schema evaluated, every file that emit left (state files, models,
 * each migration and doc in their folders, no file added there), and prettier's resolved options for
 * each model; and no lock, interrupted write or temp file is in the way. Anything else, or any error,
 * and the full path runs, exactly as without a fingerprint. Outside the proof: a config or schema
 * module whose result depends on something other than its code and imports (environment variables,
 * files it reads).
 */
import type { ResolvedConfig } from "../config/define-config.js";
import type { EmitOptions, EmitReport } from "./emit.js";
import path from "node:path";
import { resolveConfig } from "../config/define-config.js";
import { canonicalJson } from "../diff/canonical-json.js";
import { checksumOf, checksumsOf, folderOutputs, projectConfig, readFingerprint, toolIdentity, type Fingerprint } from "./fingerprint.js";
import { formattingFor } from "./format.js";
import { fileSteps } from "./fs-steps.js";
import { findConfigFile, loadConfig } from "./load-config.js";
import { schemaFiles } from "./load-schema.js";
import { withLock } from "./locked-state.js";
import { withModuleLoader } from "./module-loader.js";
import { looksGenerated } from "./ownership.js";
import { fromProjectPath, readIfExists, toProjectPath } from "./paths.js";

/**
 * `runEmit`, answered by the fast path when the fingerprint proves nothing changed (write and check
 * modes without --adopt); else the full path, loaded only then.
 *
 * @example
 * const report = await runEmitFast({ cwd: "/repo", now: "20261125093000", mode: "check" });
 * report.exitCode // 0 when everything on disk is up to date
 */
export async function runEmitFast(options: EmitOptions): Promise<EmitReport> {
  const steps = options.steps ?? fileSteps(options.env);
  const fast = await provenUpToDate({ ...options, steps });
  if (fast.report !== null) return fast.report;
  const { runEmit } = await import("./emit.js");
  const report = await runEmit({ ...options, steps });
  // A stale lock the fast path removed is gone for the full path: its warning still belongs to this run.
  return fast.staleLocks.length === 0 ? report : { ...report, warnings: [...fast.staleLocks, ...report.warnings] };
}

/**
 * The fast path alone: `report` is the full path's answer when the fingerprint proves it ("up to
 * date": exit 0, nothing written), else null; `staleLocks` are the warnings of stale locks it removed.
 *
 * @example
 * (await provenUpToDate({ cwd: "/repo", now, mode: "check" })).report // { exitCode: 0, errors: [], warnings: [], files: [] }
 */
export async function provenUpToDate(options: EmitOptions): Promise<{ report: EmitReport | null; staleLocks: string[] }> {
  const none = { report: null, staleLocks: [] };
  if (options.mode === "dry-run" || (options.adopt ?? []).length > 0 || options.baseline === true || options.changeSet !== undefined) return none;
  try {
    const config = await configOf(options);
    const command = options.mode === "write" ? "emit" : `emit --${options.mode}`;
    // Read-only, and never waiting: a busy lock, an interrupted write or temp files are the full path's to handle.
    return await withLock({ config, mode: "check", steps: options.steps ?? fileSteps(options.env), command, lockWaitMs: 0 }, async (locked) => {
      const fingerprint = locked.warnings.length === locked.staleLocks.length ? await readFingerprint(config) : null;
      const proven = fingerprint !== null && (await stillDescribes(fingerprint, config));
      return { report: proven ? { exitCode: 0, errors: [], warnings: locked.warnings, files: [] } : null, staleLocks: locked.staleLocks };
    });
  } catch {
    return none;
  }
}

/**
 * The project's config. When the state sits in the default folder and its fingerprint says the
 * config file and every module its loading evaluated are unchanged, the resolved config it recorded
 * is the one loading would give (loading is the same code on the same files); else the config is loaded.
 */
async function configOf(options: EmitOptions): Promise<ResolvedConfig> {
  const file = findConfigFile(options);
  if (file === null) return resolveConfig({}, options.cwd, null);
  const rootDir = path.dirname(file);
  const defaults = resolveConfig({}, rootDir, file);
  const recorded = await readFingerprint(defaults);
  const configFile = toProjectPath(rootDir, file);
  if (recorded !== null && recorded.config.configFile === configFile && recorded.config.output.state === defaults.output.state && recorded.configInputs.includes(configFile)) {
    const current = await checksumsOf(rootDir, recorded.configInputs.map((input) => fromProjectPath(rootDir, input)));
    if (recorded.configInputs.every((input) => current[input] === recorded.inputs[input])) return { ...recorded.config, rootDir, configFile: file };
  }
  return withModuleLoader(options.moduleUrl, (loader) => loadConfig({ cwd: options.cwd, configFile: options.configFile, loader }));
}

/** Whether the project is still what `fingerprint` recorded; the cheap comparisons first. */
async function stillDescribes(fingerprint: Fingerprint, config: ResolvedConfig): Promise<boolean> {
  if (fingerprint.tool !== (await toolIdentity()) || canonicalJson(fingerprint.config) !== canonicalJson(projectConfig(config))) return false;
  const schema = (await schemaFiles(config)).map((file) => toProjectPath(config.rootDir, file));
  if (schema.length !== fingerprint.schemaFiles.length || schema.some((file, index) => file !== fingerprint.schemaFiles[index])) return false;
  const inputs = await checksumsOf(config.rootDir, Object.keys(fingerprint.inputs).map((file) => fromProjectPath(config.rootDir, file)));
  if (Object.entries(fingerprint.inputs).some(([file, checksum]) => inputs[file] !== checksum)) return false;

  const folders = await folderOutputs(config);
  if (Object.keys(folders).some((file) => !(file in fingerprint.outputs))) return false;
  for (const [file, checksum] of Object.entries(fingerprint.outputs)) {
    if (file in folders) {
      if (folders[file] !== checksum) return false;
      continue;
    }
    const absolute = fromProjectPath(config.rootDir, file);
    if (checksum === null) {
      const text = await readIfExists(absolute);
      if (text === null || looksGenerated(text)) return false;
    } else if ((await checksumOf(absolute)) !== checksum) return false;
  }
  for (const [file, made] of Object.entries(fingerprint.formatted)) {
    if ((await formattingFor(fromProjectPath(config.rootDir, file))).fingerprint !== made.format) return false;
  }
  return true;
}
