/**
 * squawk, the PostgreSQL migration linter, run on SQL text: the binary of the optional package
 * @squawk-cli/linux-x64 (offline), through its JSON reporter. `verify --legacy` lints the SQL each
 * hand-written migration sends; the tests lint every emitted migration with it.
 */
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { CliError } from "./problem.js";

export interface SquawkOptions {
  /** The SQL runs inside one transaction: `--assume-in-transaction`. Default false. */
  inTransaction?: boolean;
  /** PostgreSQL version the rules assume. Default "15". */
  pgVersion?: string;
  /** Rules left out. */
  exclude?: readonly string[];
}

export interface SquawkFinding {
  /** squawk's rule id, e.g. "changing-column-type". */
  rule: string;
  level: string;
  message: string;
  help: string | null;
  /** 1-based line in the SQL text. */
  line: number;
  /** The SQL the finding points at. */
  text: string;
}

interface SquawkJsonFinding {
  rule_name: string;
  level: string;
  message: string;
  help: string | null;
  line: number;
  column: number;
  line_end: number;
  column_end: number;
}

/**
 * The squawk binary the optional dependency installed; a CliError (exit 2) saying how to get it
 * when it is not there (another platform, or `--omit=optional`).
 *
 * @example
 * squawkBinary() // "/repo/node_modules/@squawk-cli/linux-x64/bin/squawk"
 */
export function squawkBinary(moduleUrl: string = import.meta.url): string {
  try {
    const binary = path.join(path.dirname(createRequire(moduleUrl).resolve("@squawk-cli/linux-x64/package.json")), "bin", "squawk");
    if (existsSync(binary)) return binary;
  } catch {
    // Not installed: said below.
  }
  throw new CliError([{ file: null, line: null, message: "squawk is not installed: it comes with the optional dependency @squawk-cli/linux-x64 (Linux x64; reinstall without --omit=optional)" }], 2);
}

/**
 * Lints SQL text with squawk and returns its findings (empty when it is clean). A squawk that
 * fails (not a finding) is an Error with what it printed.
 *
 * @example
 * await squawk(`CREATE INDEX "i" ON "t" ("c");`) // [{ rule: "require-concurrent-index-creation", line: 1, ... }]
 */
export async function squawk(sql: string, options: SquawkOptions = {}, binary: string = squawkBinary()): Promise<SquawkFinding[]> {
  const args = [
    "--reporter=json",
    `--pg-version=${options.pgVersion ?? "15"}`,
    options.inTransaction === true ? "--assume-in-transaction" : "--no-assume-in-transaction",
    ...(options.exclude ?? []).map((rule) => `--exclude=${rule}`),
  ];
  const { stdout, stderr, code } = await run(binary, args, sql);
  // Exit code 1 means "found something"; anything else, or no JSON, is a failure of the tool itself.
  if (code !== 0 && code !== 1) throw new Error(`squawk exited with ${code}: ${stderr || stdout}`);
  let parsed: SquawkJsonFinding[];
  try {
    parsed = JSON.parse(stdout) as SquawkJsonFinding[];
  } catch {
    throw new Error(`squawk printed no JSON (exit ${code}): ${stdout}\n${stderr}`);
  }
  const lines = sql.split("\n");
  return parsed.map((finding) => ({
    rule: finding.rule_name,
    level: finding.level,
    message: finding.message,
    help: finding.help,
    line: finding.line + 1,
    text: excerpt(lines, finding),
  }));
}

function excerpt(lines: readonly string[], finding: SquawkJsonFinding): string {
  if (finding.line === finding.line_end) return (lines[finding.line] ?? "").slice(finding.column, finding.column_end);
  const first = (lines[finding.line] ?? "").slice(finding.column);
  const middle = lines.slice(finding.line + 1, finding.line_end);
  const last = (lines[finding.line_end] ?? "").slice(0, finding.column_end);
  return [first, ...middle, last].join("\n");
}

function run(binary: string, args: string[], input: string): Promise<{ stdout: string; stderr: string; code: number }> {
  return new Promise((resolve, reject) => {
    const child = execFile(binary, args, { maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error && typeof error.code !== "number") {
        reject(error);
        return;
      }
      resolve({ stdout, stderr, code: typeof error?.code === "number" ? error.code : 0 });
    });
    // squawk may exit before reading stdin (bad arguments): its exit code reports that, not EPIPE.
    child.stdin?.on("error", () => undefined);
    child.stdin?.end(input);
  });
}
