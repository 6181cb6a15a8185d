import {
  ACKNOWLEDGEMENT_REASON_MESSAGE,
  acknowledgementTargetMessage,
  acknowledgementValuesMessage,
  duplicateAcknowledgementMessage,
  renameBuiltInMessage,
  renamedFromDeclaredMessage,
  renamedTwiceMessage,
  renameStrategyMessage,
  tableRenamedFromDeclaredMessage,
  tableRenamedTwiceMessage,
  unknownColumnMessage,
} from "./messages.js";
import type { AcknowledgementIR, RenameIR, SchemaIR, SchemaIssue, SourceLocation, TableIR } from "./types.js";

type Report = (code: string, message: string, source: SourceLocation | null) => void;

const STRATEGIES: readonly string[] = ["expand-contract", "direct"] satisfies RenameIR["strategy"][];

const duplicates = <T>(items: readonly T[]): T[] => [...new Set(items.filter((item, index) => items.indexOf(item) !== index))];

/**
 * Double-quoted identifiers of a SQL expression that stand alone (not `"schema"."name"` parts),
 * outside string literals: the columns a rendered `sql` fragment refers to.
 *
 * @example
 * quotedColumns(`"amount_text"::integer + length('"x"')`) // ["amount_text"]
 */
export function quotedColumns(expression: string): string[] {
  const found: string[] = [];
  const token = /'(?:[^']|'')*'|"((?:[^"]|"")*)"/g;
  for (let match = token.exec(expression); match !== null; match = token.exec(expression)) {
    const name = match[1];
    if (name === undefined) continue;
    const before = expression[match.index - 1];
    const after = expression[match.index + match[0].length];
    if (before !== "." && after !== ".") found.push(name.replace(/""/g, '"'));
  }
  return found;
}

/**
 * Rename hints and `using`/`backfill` expressions of one table: built-ins cannot be renamed, an old
 * name cannot still be declared nor be claimed twice, hint expressions name the table's columns.
 *
 * @example
 * checkColumnEvolution(schema, table, report)
 */
export function checkColumnEvolution(schema: SchemaIR, table: TableIR, report: Report): void {
  const names = table.columns.map((column) => column.name);
  const builtIns = [
    ...table.columns.filter((column) => column.role !== "data" && column.role !== "foreignKey").map((column) => column.name),
    ...(table.scope.kind === "tenant" ? ["companyId", schema.tenant.attribute] : []),
  ];
  const fields = new Set(table.columns.map((column) => column.field));
  for (const column of table.columns) {
    const from = column.renamedFrom?.from;
    if (column.renamedFrom !== null && !STRATEGIES.includes(column.renamedFrom.strategy)) {
      report("rename-strategy", renameStrategyMessage(String(column.renamedFrom.strategy)), column.source);
    }
    if (from !== undefined) {
      if (builtIns.includes(from)) report("rename-builtin", renameBuiltInMessage(from), column.source);
      else if (names.includes(from)) report("rename-conflict", renamedFromDeclaredMessage(column.name, from, table.key), column.source);
    }
    for (const [use, expression] of [["Using", column.using], ["Backfill", column.backfill]] as const) {
      if (expression === null) continue;
      for (const name of quotedColumns(expression).filter((name) => !fields.has(name))) {
        report("unknown-column", unknownColumnMessage(use, name, table.key), column.source);
      }
    }
  }
  const froms = table.columns.flatMap((column) => (column.renamedFrom === null ? [] : [column.renamedFrom.from]));
  for (const from of duplicates(froms)) {
    report("rename-duplicate", renamedTwiceMessage(from, table.key), table.columns.filter((c) => c.renamedFrom?.from === from).at(-1)?.source ?? null);
  }
}

/**
 * Table rename hints across the schema: an old key cannot still be declared nor be claimed twice.
 *
 * @example
 * checkTableRenames(schema) // [{ code: "rename-conflict", message: "Table 'issues' is renamed from 'tickets', which is still declared", ... }]
 */
export function checkTableRenames(schema: SchemaIR): SchemaIssue[] {
  const keys = schema.tables.map((table) => table.key);
  const renamed = schema.tables.filter((table) => table.renamedFrom !== null);
  const conflicts = renamed
    .filter((table) => keys.includes(table.renamedFrom?.from ?? ""))
    .map((table) => issue("rename-conflict", tableRenamedFromDeclaredMessage(table.key, table.renamedFrom?.from ?? ""), table.key, table.source));
  const twice = duplicates(renamed.map((table) => table.renamedFrom?.from ?? "")).map((from) => {
    const last = renamed.filter((table) => table.renamedFrom?.from === from).at(-1);
    return issue("rename-duplicate", tableRenamedTwiceMessage(from), last?.key ?? null, last?.source ?? null);
  });
  const strategies = renamed
    .filter((table) => !STRATEGIES.includes(table.renamedFrom?.strategy ?? ""))
    .map((table) => issue("rename-strategy", renameStrategyMessage(String(table.renamedFrom?.strategy)), table.key, table.source));
  return [...conflicts, ...twice, ...strategies];
}

const issue = (code: string, message: string, table: string | null, source: SourceLocation | null): SchemaIssue => ({ code, message, table, source });

const describe = (acknowledgement: AcknowledgementIR): string =>
  acknowledgement.kind === "dropTable" ? `dropTable '${acknowledgement.table}'` : `${acknowledgement.kind} '${acknowledgement.table}.${acknowledgement.column}'`;

const TARGET_KINDS = "dropTable, dropColumn or removeEnumValues";

/**
 * Data-loss acknowledgements: a written reason, a well-formed target, each target acknowledged once.
 *
 * @example
 * checkAcknowledgements(schema) // [{ code: "acknowledgement-reason", message: "acknowledgeDataLoss needs a written reason", ... }]
 */
export function checkAcknowledgements(schema: SchemaIR): SchemaIssue[] {
  const issues: SchemaIssue[] = [];
  for (const acknowledgement of schema.acknowledgements) {
    const report = (code: string, message: string): void => {
      issues.push(issue(code, message, acknowledgement.table === "" ? null : acknowledgement.table, acknowledgement.source));
    };
    if (acknowledgement.reason.trim() === "") report("acknowledgement-reason", ACKNOWLEDGEMENT_REASON_MESSAGE);
    if (acknowledgement.kind === "dropTable") {
      if (acknowledgement.table === "") report("acknowledgement-target", `acknowledgeDataLoss needs a target: ${TARGET_KINDS}`);
      continue;
    }
    if (acknowledgement.table === "" || acknowledgement.column === "") {
      report("acknowledgement-target", acknowledgementTargetMessage(`${acknowledgement.table}${acknowledgement.column === "" ? "" : `.${acknowledgement.column}`}`));
    }
    if (acknowledgement.kind === "removeEnumValues" && acknowledgement.values.length === 0) {
      report("acknowledgement-values", acknowledgementValuesMessage(`${acknowledgement.table}.${acknowledgement.column}`));
    }
  }
  const described = schema.acknowledgements.map(describe);
  for (const what of duplicates(described)) {
    const last = schema.acknowledgements.filter((a) => describe(a) === what).at(-1);
    issues.push(issue("acknowledgement-duplicate", duplicateAcknowledgementMessage(what), last?.table ?? null, last?.source ?? null));
  }
  return issues;
}
