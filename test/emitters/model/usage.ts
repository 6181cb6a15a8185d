/**
 * Code a team writes against the emitted models, for the compile harness: a usage file that must
 * compile (every `@ts-expect-error` must meet its error, or tsc fails with TS2578), the same file
 * with those markers removed (each case must then fail at its line with its error code), and the
 * team's own module importing the models and the tenant model the way the project exports them.
 */
import type { ModelExportStyle, ModelLayout, ModelModuleFormat, SequelizeTarget } from "../../../src/emitters/types.js";
import type { EmittedFile } from "../../../src/emitters/types.js";

export interface UsageOptions {
  target: SequelizeTarget;
  module: ModelModuleFormat;
  layout: ModelLayout;
  exports: ModelExportStyle;
  /** How the team's tenant model is exported; null: the schema has no tenant model. */
  tenantExport: ModelExportStyle | null;
}

/** An error tsc must report: file (relative to the variant's folder), line, code. */
export interface ExpectedError {
  file: string;
  line: number;
  code: string;
}

/** A typing rule broken on purpose, with the error each target reports for it. */
interface BrokenCase {
  reason: string;
  statement: string;
  code: Record<SequelizeTarget, string>;
}

const VALID = '{ companyId: 1, title: "t", userId: 1 }';

function brokenCases(options: UsageOptions): BrokenCase[] {
  // Sequelize 5's typed statics are overloads: a call no signature takes is TS2769 there.
  const same = (code: string) => ({ 5: code, 6: code });
  return [
    { reason: "the tenant column is required on create", statement: 'void Notification.create({ title: "t", userId: 1 });', code: same("TS2345") },
    { reason: "title is required on create", statement: "void Notification.create({ companyId: 1, userId: 1 });", code: same("TS2345") },
    {
      reason: "status only takes the enum values",
      statement: 'void Notification.create({ companyId: 1, title: "t", userId: 1, status: "bogus" });',
      code: same("TS2322"),
    },
    {
      reason: "create takes only the model's attributes",
      statement: 'void Notification.create({ companyId: 1, title: "t", userId: 1, colour: "red" });',
      code: same("TS2353"),
    },
    { reason: "bulkCreate checks every record", statement: 'void Notification.bulkCreate([{ title: "t", userId: 1 }]);', code: { 5: "TS2769", 6: "TS2322" } },
    { reason: "build checks the record", statement: 'void Notification.build({ title: "t", userId: 1 });', code: { 5: "TS2769", 6: "TS2345" } },
    { reason: "body is nullable", statement: "const body: string = notification.body;\n  void body;", code: same("TS2322") },
    ...(options.layout === "base-and-user"
      ? [{ reason: "the generated base is abstract: the team's class is the model", statement: `void NotificationBase.create(${VALID});`, code: same("TS2684") }]
      : []),
  ];
}

const specifier = (file: string, module: ModelModuleFormat) => JSON.stringify(`./${file}${module === "esm" ? ".js" : ""}`);

const classImport = (name: string, file: string, style: ModelExportStyle, module: ModelModuleFormat) =>
  style === "default" ? `import ${name} from ${specifier(file, module)};` : `import { ${name} } from ${specifier(file, module)};`;

function usageLines(options: UsageOptions, withMarkers: boolean): { lines: string[]; expected: ExpectedError[] } {
  const file = withMarkers ? "usage.ts" : "broken.ts";
  const lines = [
    'import { Sequelize } from "sequelize-typescript";',
    `import { models, Notification, type NotificationAttributes, type NotificationCreationAttributes, Ticket, User } from ${specifier("index", options.module)};`,
    ...(options.layout === "base-and-user" ? [`import { NotificationBase } from ${specifier("generated/NotificationBase", options.module)};`] : []),
    "",
    "export async function usage(notification: Notification, ticket: Ticket, user: User): Promise<void> {",
    `  const created: Notification = await Notification.create(${VALID});`,
    `  const built: Notification = Notification.build(${VALID});`,
    `  const bulk: Notification[] = await Notification.bulkCreate([${VALID}]);`,
    `  const attrs: NotificationCreationAttributes = ${VALID};`,
    '  const sequelize = new Sequelize({ dialect: "postgres", models });',
    '  const status: "unread" | "read" = notification.status;',
    "  const cost: string = notification.cost;",
    "  const sequence: string = notification.sequence;",
    "  const deliverOn: string | null = notification.deliverOn;",
    "  const link: string | undefined = notification.metadata.link;",
    "  const labels: string[] = notification.labels;",
    "  const createdAt: Date = notification.createdAt;",
    "  const row: NotificationAttributes = notification.get({ plain: true }) as NotificationAttributes;",
    "  const owner: User | undefined = notification.user;",
    "  const tags = ticket.tags ?? [];",
    "  const assigned = user.assignedTickets ?? [];",
    "  void [created, built, bulk, attrs, sequelize, status, cost, sequence, deliverOn, link, labels, createdAt, row, owner, tags, assigned];",
  ];
  const expected: ExpectedError[] = [];
  for (const broken of brokenCases(options)) {
    if (withMarkers) lines.push(`  // @ts-expect-error ${broken.reason}`);
    expected.push({ file, line: lines.length + 1, code: broken.code[options.target] });
    lines.push(...broken.statement.split("\n").map((line) => `  ${line.trim()}`));
  }
  lines.push("}", "");
  return { lines, expected: withMarkers ? [] : expected };
}

/**
 * The team's module: it imports models from their own files, as a codebase of hand-written models
 * did (`import Ticket from "./models/Ticket"` with default exports), and the tenant model likewise.
 * With the wrong export style every import here is TS2613 (no default export) or TS2614 (no such
 * named export).
 */
function teamCode(options: UsageOptions, importStyle: ModelExportStyle): string {
  return [
    classImport("Ticket", "Ticket", importStyle, options.module),
    classImport("User", "User", importStyle, options.module),
    ...(options.tenantExport === null ? [] : [classImport("Company", "Company", options.tenantExport, options.module)]),
    "",
    "export async function openTickets(companyId: number): Promise<string[]> {",
    "  const agent = await User.findOne({ where: { companyId } });",
    '  await Ticket.create({ companyId, subject: "Printer on fire", assigneeId: agent?.id ?? null });',
    "  const subjects: string[] = [];",
    "  for (const ticket of await Ticket.findAll({ where: { companyId } })) subjects.push(ticket.subject);",
    "  return subjects;",
    "}",
    ...(options.tenantExport === null ? [] : ["", "export const tenantModel: typeof Company = Company;"]),
    "",
  ].join("\n");
}

/**
 * The usage, broken and team files of one variant, and the errors tsc must report for them
 * (exactly those: the usage and team files must compile).
 *
 * @example
 * const { files, expected } = usageFiles({ target: 5, module: "commonjs", layout: "single", exports: "named", tenantExport: null });
 */
export function usageFiles(options: UsageOptions, teamImportStyle: ModelExportStyle = options.exports): { files: EmittedFile[]; expected: ExpectedError[] } {
  const usage = usageLines(options, true);
  const broken = usageLines(options, false);
  return {
    files: [
      { path: "usage.ts", contents: usage.lines.join("\n") },
      { path: "broken.ts", contents: broken.lines.join("\n") },
      { path: "team.ts", contents: teamCode(options, teamImportStyle) },
    ],
    expected: broken.expected,
  };
}
