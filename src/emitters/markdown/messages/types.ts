import type { DocLanguage } from "../../types.js";
import type { AssociationIR, IndexReason, ReferentialAction } from "../../../ir/types.js";
import type { TenantCheckId, TenantFinding } from "../../../ir/tenant-checks.js";
import type { ExistingModelChange, MigrationReason, PerformanceNote, RenamePhase, RiskFact } from "../facts.js";
import type { ChangeRiskFact, LockFact, RiskLevel } from "../../../plan/facts.js";
import type { OperationFact } from "../../../plan/operation-facts.js";
import type { UndoFact } from "../../../plan/undo-facts.js";
import type { RiskReason } from "../../../plan/risk-reasons.js";

type Code = (s: string) => string;
/** Joins items inline, or past a few gives their count and points at the list printed after the table (src/emitters/markdown/long-lists.ts). */
type List = (items: string[]) => string;

/** One wording per kind of index reason: a table keyed by kind, so a new kind breaks the build of each language. */
export type IndexReasonWords = { [K in IndexReason["kind"]]: (reason: Extract<IndexReason, { kind: K }>) => string };

/**
 * One sentence per kind of operation fact (src/plan/operation-facts.ts), interpolating its params:
 * a kind without its sentence fails the build.
 */
export type OperationSentences = { [K in OperationFact["kind"]]: (fact: Extract<OperationFact, { kind: K }>, code: Code) => string };

/** One sentence per kind of undo fact (src/plan/undo-facts.ts): what down does, a kind without its sentence fails the build. */
export type UndoSentences = { [K in UndoFact["kind"]]: (fact: Extract<UndoFact, { kind: K }>, code: Code, list: List) => string };

/** One sentence per kind of risk reason (src/plan/risk-reasons.ts): a kind without its sentence fails the build. */
export type RiskSentences = { [K in RiskReason["kind"]]: (reason: Extract<RiskReason, { kind: K }>, code: Code) => string };

/** The words for evolution operations: what each does, undoes, locks and risks. */
export interface ChangeMessages {
  /** What up does, per fact, e.g. "adds column `priority` (nullable)" (worded by operationText). */
  operation: OperationSentences;
  /** What down does to undo it, per fact (worded by undoText). */
  undo: UndoSentences;
  lock: (lock: LockFact, code: Code) => string;
  level: Record<RiskLevel, string>;
  /** Why the operation has its risk level, one short sentence per reason (worded by riskText). */
  risk: RiskSentences;
  /** The kind of migration file and why it has (no) transaction. */
  migrationKind: (transaction: boolean, reasons: MigrationReason[]) => string;
  /** A risk row: risk (naming its accepted squawk rules), impact, mitigation. */
  riskRow: (r: ChangeRiskFact, code: Code, list: List) => [string, string, string];
  /** Steps of an expand/contract rename: what this change set does and what to deploy between phases. */
  phase: (p: RenamePhase, code: Code) => string[];
}

/**
 * Every word the doc prints, per language. Both languages implement this one interface, so a
 * string added for one and forgotten in the other fails the build. Arguments named `*Code` are
 * already formatted as Markdown code spans by the caller.
 */
export interface Messages {
  language: DocLanguage;
  yes: string;
  no: string;
  none: string;
  headings: {
    title: (feature: string) => string;
    contents: string;
    summary: string;
    newModels: string;
    existingModels: string;
    migrations: string;
    rollback: string;
    performance: string;
    tenantValidation: string;
    isolation: string;
    risks: string;
    erDiagram: string;
    relations: string;
    indexes: string;
    constraints: string;
    columns: string;
    up: string;
    down: string;
    howToRun: string;
    whatDownDoes: string;
    dataLoss: string;
    verify: string;
    notes: string;
  };
  /** Long lists moved out of a table cell or line: the count in place, the items after the table. */
  lists: {
    /** What stands in the cell: how many items, and the number of the list below. */
    reference: (count: number, list: number) => string;
    /** The label above list `list`. */
    label: (list: number) => string;
  };
  /** A large ER diagram split in parts of a few tables each (Mermaid renders no diagram past its size limit). */
  erPart: (part: number, parts: number, firstCode: string, lastCode: string) => string;
  meta: { migrations: (count: number) => string; date: string; feature: string; tenantRoot: string };
  summary: {
    counts: (c: { tables: number; tenant: number; global: number; columns: number; indexes: number; constraints: number }) => string;
    tenantScope: (fieldCode: string, rootCode: string) => string;
    noDescription: string;
    /** The change set's operations on existing tables. */
    changes: (c: { operations: number; migrations: number; altered: number; dropped: number }) => string;
    alteredTable: (tableCode: string, modelCode: string, operations: number) => string;
    droppedTable: (tableCode: string, modelCode: string) => string;
  };
  models: {
    scope: string;
    tenantScope: (fieldCode: string, rootCode: string) => string;
    globalScope: (reason: string) => string;
    description: string;
    columnsHeader: [string, string, string, string, string, string];
    primaryKey: string;
    autoIncrement: string;
    tenant: string;
    enumValues: (valuesCode: string) => string;
    foreignKey: (targetCode: string, onDelete: ReferentialAction) => string;
    association: (a: AssociationIR, code: (s: string) => string) => string;
    indexesHeader: [string, string, string, string, string, string];
    constraintsHeader: [string, string, string];
    constraintKind: { primaryKey: string; foreignKey: string; check: string };
  };
  existing: {
    header: [string, string, string, string];
    change: (c: ExistingModelChange, code: Code, list: List) => { change: string; lock: string; risk: string };
  };
  migrations: { file: (fileCode: string) => string; empty: string; intro: (count: number) => string };
  changes: ChangeMessages;
  rollback: {
    /** The migration names below are as the runner records them: with this extension (config `migrations.extension`). */
    recordedAs: (extensionCode: string) => string;
    sequelizeCli: string;
    umzug: string;
    revertCodeFirst: string;
    order: string;
    dataLoss: (tablesCode: string) => string;
    noDataLoss: string;
    verifyIntro: string;
    verifyTablesGone: string;
    verifyMeta: string;
    /** Evolution: code to deploy before down when existing tables changed. */
    revertChangesFirst: string;
    runInReverse: string;
    phases: string;
    phasesIntro: string;
    destructiveTitle: string;
    /** Destructive operations: back up before up; down restores the structure, not the data. */
    destructive: (itemsCode: string) => string;
    structureNotData: string;
    /** Values that down throws away (added columns, converted types). */
    rollbackLoss: (itemsCode: string) => string;
    verifyColumnsGone: string;
    verifyColumnsBack: string;
    verifyTablesBack: string;
    verifyIndexesGone: string;
    /** The written reason of the acknowledgement covering a destructive change, and where it was declared. */
    acknowledged: (itemCode: string, reason: string, whereCode: string | null) => string;
    /** A destructive change no acknowledgement in the schema covers: it went through `--allow-destructive`. */
    unacknowledged: (itemCode: string) => string;
    /** A failed CREATE INDEX CONCURRENTLY leaves an INVALID index that IF NOT EXISTS skips. */
    invalidIndexTitle: string;
    invalidIndex: (indexesCode: string) => string;
    invalidIndexDetect: string;
    invalidIndexDrop: string;
  };
  /** Why an index exists (the IR's reason kind), in the index table and under each index of "Performance". */
  indexReason: IndexReasonWords;
  performance: {
    /** `scoped`: at least one table is tenant-scoped, so its examples filter by the tenant. */
    intro: (scoped: boolean) => string;
    reason: (reason: string) => string;
    note: (n: PerformanceNote, code: Code, list: List) => string;
    /** Indexes added to existing tables: built concurrently, so the intro differs. */
    existingIntro: string;
  };
  tenant: {
    label: Record<TenantCheckId, string>;
    advisory: string;
    finding: (f: TenantFinding, code: (s: string) => string) => string;
    intro: string;
  };
  /** The Isolation section: layers per table, policies, roles, a test recipe. */
  isolation: {
    intro: string;
    noTenantTables: string;
    layersTitle: string;
    layersHeader: [string, string, string, string, string];
    policiesTitle: string;
    /** Row-level security on: how the policies read. */
    policiesIntro: (settingCode: string) => string;
    policiesHeader: [string, string, string];
    /** Row-level security off: no policy, no role requirement, nothing to test in SQL. */
    noPolicies: string;
    rolesTitle: string;
    roles: string[];
    rolesCheck: string;
    rolesBypass: string;
    rolesOwner: string;
    testTitle: string;
    testIntro: (roleCode: string) => string;
    testOwnRows: string;
    testOtherTenant: string;
    testNoTenant: string;
  };
  risks: {
    header: [string, string, string];
    risk: (r: RiskFact, code: Code, list: List) => [string, string, string];
    noneFound: string;
  };
}
