/**
 * squawk, the PostgreSQL migration linter, run on SQL text: the real binary from the optional npm
 * package @squawk-cli/linux-x64 (offline), through its JSON reporter. Findings we accept on purpose
 * must be explained in the doc's "Riscos e Mitigações" / "Risks & Mitigations" section, which
 * `undocumentedFindings` checks by rule id.
 */
import { fileURLToPath } from "node:url";
import { squawk as runSquawk, type SquawkFinding, type SquawkOptions as CliSquawkOptions } from "../../src/cli/squawk.js";

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

export interface SquawkOptions extends Omit<CliSquawkOptions, "exclude"> {
  /** Rules left out, replacing `defaultExclusions()`. */
  exclude?: readonly string[];
}

export type Finding = SquawkFinding;

/**
 * Lints SQL text with squawk (the CLI's runner, src/cli/squawk.ts) and returns its findings, our
 * conventions' rules left out unless `exclude` says otherwise.
 *
 * @example
 * const findings = await squawk(`ALTER TABLE "t" ADD COLUMN "c" integer`, { inTransaction: true });
 * expect(undocumentedFindings(findings, doc)).toEqual([]);
 */
export async function squawk(sql: string, options: SquawkOptions = {}): Promise<Finding[]> {
  return runSquawk(sql, { ...options, exclude: options.exclude ?? defaultExclusions() }, SQUAWK_BINARY);
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

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
