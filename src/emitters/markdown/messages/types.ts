import type { DocLanguage } from "../../../config/define-config.js";
import type { AssociationIR, ReferentialAction } from "../../../ir/types.js";
import type { TenantCheckId, TenantFinding } from "../../../ir/tenant-checks.js";
import type { ExistingModelChange, PerformanceNote, RiskFact } from "../facts.js";

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
    summary: string;
    newModels: string;
    existingModels: string;
    migrations: string;
    rollback: string;
    performance: string;
    tenantValidation: string;
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
  meta: { migration: string; date: string; feature: string; tenantRoot: string };
  summary: {
    counts: (c: { tables: number; tenant: number; global: number; columns: number; indexes: number; constraints: number }) => string;
    tenantScope: (fieldCode: string, rootCode: string) => string;
    noDescription: string;
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
    change: (c: ExistingModelChange, code: (s: string) => string) => { change: string; lock: string; risk: string };
  };
  migrations: { file: (fileCode: string) => string; empty: string };
  rollback: {
    sequelizeCli: string;
    umzug: string;
    revertCodeFirst: string;
    dropsTable: (tableCode: string) => string;
    order: string;
    dataLoss: (tablesCode: string) => string;
    backup: string;
    noDataLoss: string;
    verifyIntro: string;
    verifyTablesGone: string;
    verifyMeta: string;
  };
  performance: {
    /** `scoped`: at least one table is tenant-scoped, so its examples filter by the tenant. */
    intro: (scoped: boolean) => string;
    reason: (reason: string) => string;
    note: (n: PerformanceNote, code: (s: string) => string) => string;
  };
  tenant: {
    label: Record<TenantCheckId, string>;
    advisory: string;
    finding: (f: TenantFinding, code: (s: string) => string) => string;
    intro: string;
  };
  risks: {
    header: [string, string, string];
    risk: (r: RiskFact, code: (s: string) => string) => [string, string, string];
    noneFound: string;
  };
}
