/**
 * squawk, the PostgreSQL migration linter, run on SQL text: the real binary from the optional npm
 * package @squawk-cli/linux-x64 (offline), through its JSON reporter. Findings we accept on purpose
 * must be explained in the doc's "Riscos e Mitigações" / "Risks & Mitigations" section, which
 * `undocumentedFindings` checks by rule id.
 */
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";

/** The binary the optional dependency installs; tests that need it fail loudly when it is missing. */
export const SQUAWK_BINARY = fileURLToPath(new URL("../../node_modules/@squawk-cli/linux-x64/bin/squawk", import.meta.url));

/**
 * Rules our conventions answer on purpose, never reported. Each with the reason.
 */
export const EXCLUDED_RULES: Readonly<Record<string, string>> = {
  // SERIAL integer keys are the reference conventions (config `primaryKey: "integer"`, the default),
  // and tenant/foreign-key columns must have the type of the key they reference.
  "prefer-bigint-over-int": "SERIAL integer keys are the reference conventions",
  // Sequelize's autoIncrement is SERIAL; the reference schema and its models use it.
  "prefer-identity": "SERIAL (Sequelize autoIncrement) is the reference convention",
  // VARCHAR(n) is Sequelize's STRING and how enums are stored (VARCHAR + CHECK); widening is
  // metadata-only since PostgreSQL 9.2 and the diff classifies every other length change as a rewrite.
  "prefer-text-field": "VARCHAR(n) is the convention (Sequelize STRING, enums as VARCHAR + CHECK)",
};

export interface SquawkOptions {
  /**
   * The migration runs inside one transaction (the transactional migration of a change set):
   * `--assume-in-transaction`. Default false: each statement commits on its own.
   */
  inTransaction?: boolean;
  /** PostgreSQL version the rules assume. Default "15", the oldest server the suite runs on. */
  pgVersion?: string;
  /** Rules left out, replacing `defaultExclusions()`. */
  exclude?: readonly string[];
}

export interface Finding {
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
 * Lints SQL text with squawk and returns its findings (empty when it is clean).
 *
 * @example
 * const findings = await squawk(`ALTER TABLE "t" ADD COLUMN "c" integer`, { inTransaction: true });
 * expect(undocumentedFindings(findings, doc)).toEqual([]);
 */
export async function squawk(sql: string, options: SquawkOptions = {}): Promise<Finding[]> {
  const args = [
    "--reporter=json",
    `--pg-version=${options.pgVersion ?? "15"}`,
    options.inTransaction ? "--assume-in-transaction" : "--no-assume-in-transaction",
    ...(options.exclude ?? defaultExclusions()).map((rule) => `--exclude=${rule}`),
  ];
  const { stdout, stderr, code } = await run(SQUAWK_BINARY, args, sql);
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

/**
 * The rules `squawk` leaves out by default: our conventions only. Everything else, in transactions
 * or outside them (a missing statement_timeout included), up and down alike, must be prevented by
 * the migration or explained by rule id in the doc's risks section.
 *
 * @example
 * defaultExclusions() // ["prefer-bigint-over-int", "prefer-identity", "prefer-text-field"]
 */
export function defaultExclusions(): string[] {
  return Object.keys(EXCLUDED_RULES);
}

/**
 * The findings whose rule id the doc's "Riscos e Mitigações" (pt) or "Risks & Mitigations" (en)
 * section does not name: risks we would be accepting without telling the reader.
 *
 * @example
 * undocumentedFindings([{ rule: "ban-drop-column", ... }], "## Riscos e Mitigações\n| ban-drop-column | ... |") // []
 */
export function undocumentedFindings(findings: readonly Finding[], doc: string): Finding[] {
  const section = risksSection(doc);
  return findings.filter((finding) => !new RegExp(`(?<![\\w-])${escapeRegExp(finding.rule)}(?![\\w-])`).test(section));
}

/**
 * The text of the risks section, heading excluded, up to the next heading of the same or a higher
 * level; "" when the doc has none.
 *
 * @example
 * risksSection("## Riscos e Mitigações\nx\n## Outro\ny") // "x"
 */
export function risksSection(doc: string): string {
  const lines = doc.split("\n");
  const start = lines.findIndex((line) => /^#{1,6}\s+.*(Riscos e Mitiga[çc][õo]es|Risks (&|and) Mitigations)/i.test(line));
  if (start === -1) return "";
  const level = /^#+/.exec(lines[start] ?? "")?.[0].length ?? 1;
  const rest = lines.slice(start + 1);
  const end = rest.findIndex((line) => {
    const heading = /^(#{1,6})\s/.exec(line);
    return heading !== null && (heading[1]?.length ?? 7) <= level;
  });
  return (end === -1 ? rest : rest.slice(0, end)).join("\n").trim();
}

function excerpt(lines: readonly string[], finding: SquawkJsonFinding): string {
  if (finding.line === finding.line_end) return (lines[finding.line] ?? "").slice(finding.column, finding.column_end);
  const first = (lines[finding.line] ?? "").slice(finding.column);
  const middle = lines.slice(finding.line + 1, finding.line_end);
  const last = (lines[finding.line_end] ?? "").slice(0, finding.column_end);
  return [first, ...middle, last].join("\n");
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

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
