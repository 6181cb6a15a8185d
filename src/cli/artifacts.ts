/**
 * Everything one emit produces, as data: migrations and a doc for each change set, the models of
 * the whole schema, and the next journal and snapshot. Paths are project paths (forward slashes).
 */
import path from "node:path";
import type { ResolvedConfig } from "../config/define-config.js";
import type { ChangeSet, MigrationPlan } from "../diff/operations.js";
import { emitSchemaDoc } from "../emitters/markdown/index.js";
import { emitMigration } from "../emitters/migration/index.js";
import { GENERATED_HEADER } from "../emitters/model/code.js";
import { emitModels } from "../emitters/model/index.js";
import type { SchemaIR, TableIR } from "../ir/types.js";
import type { Problem } from "./problem.js";
import { fileChecksum, JOURNAL_FILE, serializeJournal, serializeSnapshot, SNAPSHOT_FILE, type EmitState, type JournalEntry } from "./state.js";

/** "scaffold": a file the team owns once written (`ownership: "user"`): written only when missing. */
export type ArtifactKind = "migration" | "doc" | "model" | "scaffold" | "journal" | "snapshot";

export interface Artifact {
  kind: ArtifactKind;
  /** Relative to the project root, forward slashes. */
  path: string;
  contents: string;
}

/** A file in a folder given by the config, as a project path. */
const inFolder = (folder: string, file: string) => path.posix.join(folder.split(path.sep).join("/"), file);

/**
 * The doc file of a change set: the feature's first doc is `schema-changes-<feature>.md`, later
 * ones carry their first migration's timestamp so earlier docs stay untouched.
 *
 * @example
 * docFileName("users", "20261125093000", false) // "schema-changes-users.md"
 */
export function docFileName(feature: string, timestamp: string, featureHasDoc: boolean): string {
  return featureHasDoc ? `schema-changes-${feature}-${timestamp}.md` : `schema-changes-${feature}.md`;
}

/**
 * The schema as it stands after a change set: tables it touches take their next version (from the
 * new snapshot), tables it drops or renames away leave, every other table keeps its version.
 */
function applyChange(current: Map<string, TableIR>, change: ChangeSet, snapshot: SchemaIR): void {
  const nextByKey = new Map(snapshot.tables.map((table) => [table.key, table]));
  for (const operation of change.migrations.flatMap((plan) => plan.operations)) {
    if (operation.kind === "dropTable") {
      current.delete(operation.table.key);
      continue;
    }
    if (operation.kind === "renameTable") current.delete(operation.from.key);
    const next = nextByKey.get(operation.table.key);
    if (next !== undefined) current.set(next.key, next);
  }
}

const schemaOf = (snapshot: SchemaIR, current: ReadonlyMap<string, TableIR>): SchemaIR => ({
  ...snapshot,
  tables: [...current.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)),
});

/** Keys of the tables a migration touches, in first-touched order. */
const touchedTables = (plan: MigrationPlan): string[] => [...new Set(plan.operations.map((operation) => operation.table.key))];

/**
 * Migrations (one per plan) and docs (one per change set), unformatted, each emitted against the
 * schema as it stands right after its change set; `snapshot` is the schema after all of them.
 *
 * @example
 * changeArtifacts(config, snapshot, state, changeSets).artifacts.map((a) => a.path)
 * // ["backend/src/database/migrations/20261125093000-create-users.ts", "docs/db/schema-changes-users.md"]
 */
export function changeArtifacts(
  config: ResolvedConfig,
  snapshot: SchemaIR,
  state: EmitState,
  changeSets: readonly ChangeSet[],
): { artifacts: Artifact[]; entries: Omit<JournalEntry, "checksum">[] } {
  const current = new Map((state.snapshot?.tables ?? []).map((table) => [table.key, table]));
  const featuresWithDoc = new Set(state.journal.entries.map((entry) => entry.feature));
  const options = {
    sequelize: config.sequelize,
    lockTimeout: config.migrations.lockTimeout,
    statementTimeout: config.migrations.statementTimeout,
    backfillBatchSize: config.migrations.backfillBatchSize,
  };
  const artifacts: Artifact[] = [];
  const entries: Omit<JournalEntry, "checksum">[] = [];
  changeSets.forEach((change, index) => {
    const first = change.migrations[0];
    if (first === undefined) return;
    const previous = state.snapshot === null && index === 0 ? null : schemaOf(snapshot, current);
    applyChange(current, change, snapshot);
    const after = schemaOf(snapshot, current);
    const docName = docFileName(change.feature, first.timestamp, featuresWithDoc.has(change.feature));
    featuresWithDoc.add(change.feature);
    const docPath = inFolder(config.output.docs, docName);
    const migrations = change.migrations.map((plan) => {
      const { file, sql } = emitMigration(plan, after, options);
      const migrationPath = inFolder(config.output.migrations, file.path);
      artifacts.push({ kind: "migration", path: migrationPath, contents: file.contents });
      entries.push({
        timestamp: plan.timestamp,
        feature: plan.feature,
        description: plan.description,
        migration: migrationPath,
        doc: docPath,
        tables: touchedTables(plan),
        changeSet: first.timestamp,
        transaction: plan.transaction,
      });
      return { plan, file: file.path, sql };
    });
    const doc = emitSchemaDoc({ change, migrations, schema: after, previous, path: docName }, { language: config.docs.language });
    artifacts.push({ kind: "doc", path: inFolder(config.output.docs, doc.path), contents: doc.contents });
  });
  return { artifacts, entries };
}

/**
 * The models of the whole schema (unformatted); the team's own model files of the "base-and-user"
 * layout are scaffolds.
 *
 * @example
 * modelArtifacts(config, schema).map((a) => a.path) // ["backend/src/models/User.ts", "backend/src/models/index.ts"]
 */
export function modelArtifacts(config: ResolvedConfig, schema: SchemaIR): Artifact[] {
  const options = {
    sequelize: config.sequelize,
    module: config.models.module,
    layout: config.models.layout,
    exports: config.models.exports,
    tenantModelExport: config.tenant.modelExport,
  };
  return emitModels(schema, options).map((file) => ({
    kind: file.ownership === "user" ? "scaffold" : "model",
    path: inFolder(config.output.models, file.path),
    contents: file.contents,
  }));
}

/**
 * Whether a file on disk is one tenant-schema generated (its first line says so): a model the
 * "single" layout wrote where the "base-and-user" layout expects the team's own file.
 *
 * @example
 * isGeneratedModel("// Generated by tenant-schema from the schema declarations: do not edit.\n...") // true
 */
export function isGeneratedModel(contents: string | null): boolean {
  return contents !== null && contents.startsWith(GENERATED_HEADER[0]!);
}

/**
 * Why emit stops at such a file, and the way out: the generated model would shadow the new base
 * and stop following the schema, and it is not the team's to overwrite blindly.
 *
 * @example
 * scaffoldConflict({ kind: "scaffold", path: "backend/src/models/Ticket.ts", contents: "" }).message
 * // 'is a model generated by the "single" layout; with models.layout "base-and-user" ...'
 */
export function scaffoldConflict(artifact: Artifact): Problem {
  return {
    file: artifact.path,
    line: null,
    message:
      'is a model generated by the "single" layout; with models.layout "base-and-user" this file is your own model class, ' +
      "extending the generated base: move any code you added to it elsewhere, delete it, and run emit again to get the new file",
  };
}

/**
 * The next journal (with checksums of the migrations as they will be written, i.e. formatted)
 * and snapshot (the diff's: the declared schema plus what expand/contract renames keep alive).
 *
 * @example
 * stateArtifacts(config, snapshot, state, entries, formatted).map((a) => a.kind) // ["journal", "snapshot"]
 */
export function stateArtifacts(
  config: ResolvedConfig,
  snapshot: SchemaIR,
  state: EmitState,
  entries: readonly Omit<JournalEntry, "checksum">[],
  formatted: readonly Artifact[],
): Artifact[] {
  const contentsOf = new Map(formatted.map((artifact) => [artifact.path, artifact.contents]));
  const added = entries.map((entry) => ({ ...entry, checksum: fileChecksum(contentsOf.get(entry.migration) ?? "") }));
  return [
    { kind: "journal", path: inFolder(config.output.state, JOURNAL_FILE), contents: serializeJournal({ version: 1, entries: [...state.journal.entries, ...added] }) },
    { kind: "snapshot", path: inFolder(config.output.state, SNAPSHOT_FILE), contents: serializeSnapshot(snapshot) },
  ];
}
