/**
 * The audit's findings for people (a table grouped by rule, with counts) and for machines (JSON).
 */
import { RULES, SEVERITIES, type Finding, type Severity } from "./rules.js";

export interface AuditReport {
  /** What was audited: the database (password masked) or the declarations. */
  source: string;
  tables: number;
  findings: Finding[];
  counts: Record<Severity, number>;
}

/**
 * @example
 * auditReport("schema/", 12, findings).counts // { error: 3, warning: 5, info: 1 }
 */
export function auditReport(source: string, tables: number, findings: readonly Finding[]): AuditReport {
  const counts = { error: 0, warning: 0, info: 0 };
  for (const finding of findings) counts[finding.severity] += 1;
  return { source, tables, findings: [...findings], counts };
}

const plural = (count: number, word: string): string => `${count} ${word}${count === 1 ? "" : "s"}`;

/**
 * The report as lines: a summary, then one group per rule (most severe first) with its reason
 * once and each finding with its fix.
 *
 * @example
 * formatAudit(report)[0] // "audit of postgres://app:***@db/app: 31 tables, 14 findings (5 errors, 7 warnings, 2 info)"
 */
export function formatAudit(report: AuditReport): string[] {
  const { counts } = report;
  const lines = [
    `audit of ${report.source}: ${plural(report.tables, "table")}, ${plural(report.findings.length, "finding")} (${plural(counts.error, "error")}, ${plural(counts.warning, "warning")}, ${counts.info} info)`,
  ];
  const rules = [...new Set(report.findings.map((finding) => finding.rule))].sort(
    (a, b) => SEVERITIES.indexOf(RULES[a].severity) - SEVERITIES.indexOf(RULES[b].severity) || a.localeCompare(b),
  );
  for (const rule of rules) {
    const findings = report.findings.filter((finding) => finding.rule === rule);
    lines.push("", `${RULES[rule].severity.toUpperCase()} ${rule} (${findings.length}): ${RULES[rule].why}`);
    for (const finding of findings) {
      const where = finding.column === null ? `"${finding.table}"` : `"${finding.table}"."${finding.column}"`;
      lines.push(`  ${where}: ${finding.message}`, `    fix: ${finding.fix}`);
    }
  }
  if (report.findings.length === 0) lines.push("no findings: every tenant rule holds");
  return lines;
}

