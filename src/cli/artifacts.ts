/**
 * Everything one emit produces, as data: migrations and a doc for each change set, the models of
 * the whole schema, and the next journal and snapshot. Paths are project paths (forward slashes).
 */
import path from "node:path";
import type { ResolvedConfig } from "../config/define-config.js";
import type { ChangeSet, MigrationPlan } from "../diff/operations.js";
import { schemasAround } from "../diff/change-schemas.js";
import { emitSchemaDoc } from "../emitters/markdown/index.js";
import type { MarkdownLayout } from "../emitters/markdown/markdown.js";
import { emitMigration } from "../emitters/migration/index.js";
import { emitModels } from "../emitters/model/index.js";
import type { SchemaIR, SourceLocation } from "../ir/types.js";
import { MANIFEST_FILE, serializeManifest, type Manifest } from "./manifest.js";
import { withDocHeader } from "./ownership.js";
import {
  fileChecksum,
  JOURNAL_FILE,
  serializeJournal,
  serializeSnapshot,
  SNAPSHOT_FILE,
  snapshotStamp,
  type EmitState,
  type Journal,
  type JournalEntry,
} from "./state.js";

/** "declaration": a schema file `pull` writes (rewritten only by `audit --fix`, and only while nobody edited it). */
export type ArtifactKind = "declaration" | "migration" | "doc" | "model" | "journal" | "snapshot" | "manifest" | "fingerprint";

export interface Artifact {
  kind: ArtifactKind;
  /** Relative to the project root, forward slashes. */
  path: string;
  contents: string;
  /** "user": a scaffold the team owns (created once when missing, then left alone); default "generated". */
  ownership?: "generated" | "user";
  /** The declaration the file comes from, for messages about it. */
  source?: SourceLocation | null;
  /** A doc: the layout it is printed for (prettier would leave it as it is with options of that layout). */
  layout?: MarkdownLayout;
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

/** Keys of the tables a migration touches, in first-touched order. */
const touchedTables = (plan: MigrationPlan): string[] => [...new Set(plan.operations.map((operation) => operation.table.key))];

/**
 * Migrations (one per plan) and docs (one per change set), unformatted, each emitted against the
 * schema as it stands right after its change set; `snapshot` is the schema after all of them. Docs
 * are printed for `docLayout` when given (the prettier options of the docs folder, see format.ts).
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
  docLayout?: MarkdownLayout,
): { artifacts: Artifact[]; entries: Omit<JournalEntry, "checksum">[] } {
  const schemas = schemasAround(state.snapshot, snapshot, changeSets);
  const featuresWithDoc = new Set(state.journal.entries.map((entry) => entry.feature));
  const options = {
    sequelize: config.sequelize,
    lockTimeout: config.migrations.lockTimeout,
    statementTimeout: config.migrations.statementTimeout,
    validateTimeout: config.migrations.validateTimeout,
    backfillBatchSize: config.migrations.backfillBatchSize,
  };
  const artifacts: Artifact[] = [];
  const entries: Omit<JournalEntry, "checksum">[] = [];
  changeSets.forEach((change, index) => {
    const first = change.migrations[0];
    if (first === undefined) return;
    const { before: previous, after } = schemas[index]!;
    const docName = docFileName(change.feature, first.timestamp, featuresWithDoc.has(change.feature));
    featuresWithDoc.add(change.feature);
    const docPath = inFolder(config.output.docs, docName);
    const source = first.operations[0]?.table.source ?? null;
    const migrations = change.migrations.map((plan) => {
      const { file, sql } = emitMigration(plan, options);
      const migrationPath = inFolder(config.output.migrations, file.path);
      artifacts.push({ kind: "migration", path: migrationPath, contents: file.contents, source });
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
    const doc = emitSchemaDoc({ change, migrations, schema: after, previous, path: docName }, {
      language: config.docs.language,
      migrationExtension: config.migrations.extension,
      isolationGuard: config.isolation.guard,
      ...(docLayout === undefined ? {} : { layout: docLayout }),
    });
    artifacts.push({ kind: "doc", path: inFolder(config.output.docs, doc.path), contents: withDocHeader(doc.contents), source, ...(docLayout === undefined ? {} : { layout: docLayout }) });
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
    guard: config.isolation.guard,
  };
  const sources = new Map(schema.tables.map((table) => [`${table.modelName}.ts`, table.source]));
  return emitModels(schema, options).map((file) => ({
    kind: "model",
    path: inFolder(config.output.models, file.path),
    contents: file.contents,
    ownership: file.ownership ?? "generated",
    source: sources.get(path.posix.basename(file.path)) ?? null,
  }));
}

/**
 * The next state files: the journal (with checksums of the migrations and docs as they will be
 * written, i.e. formatted), the snapshot (the diff's: the declared schema plus what expand/contract
 * renames keep alive), stamped with that journal, and the manifest of the generated models and of
 * the declarations written now or recorded before (`previous`: the manifest on disk).
 * `docChecksums` fills the doc checksum of entries written by an earlier version (from the docs on disk).
 *
 * @example
 * stateArtifacts(config, snapshot, state, entries, formatted, new Map()).map((a) => a.kind) // ["journal", "snapshot", "manifest"]
 */
export function stateArtifacts(
  config: ResolvedConfig,
  snapshot: SchemaIR,
  state: EmitState,
  entries: readonly Omit<JournalEntry, "checksum">[],
  formatted: readonly Artifact[],
  docChecksums: ReadonlyMap<string, string>,
  previous: Manifest | null = null,
): Artifact[] {
  const contentsOf = new Map(formatted.map((artifact) => [artifact.path, artifact.contents]));
  const checksumOf = (file: string) => fileChecksum(contentsOf.get(file) ?? "");
  const kept = state.journal.entries.map((entry) => {
    const docChecksum = entry.docChecksum ?? docChecksums.get(entry.doc);
    return docChecksum === undefined ? entry : { ...entry, docChecksum };
  });
  const added = entries.map((entry) => ({ ...entry, checksum: checksumOf(entry.migration), docChecksum: checksumOf(entry.doc) }));
  const journal: Journal = { version: 1, entries: [...kept, ...added] };
  const generated = formatted.filter((artifact) => artifact.kind === "model" && artifact.ownership !== "user");
  const declarations = formatted.filter((artifact) => artifact.kind === "declaration");
  const written = new Set(declarations.map((artifact) => artifact.path));
  const keptDeclarations = (previous?.files ?? []).filter((file) => file.kind === "declaration" && !written.has(file.path));
  return [
    { kind: "journal", path: inFolder(config.output.state, JOURNAL_FILE), contents: serializeJournal(journal) },
    { kind: "snapshot", path: inFolder(config.output.state, SNAPSHOT_FILE), contents: serializeSnapshot(snapshot, snapshotStamp(snapshot, journal)) },
    {
      kind: "manifest",
      path: inFolder(config.output.state, MANIFEST_FILE),
      contents: serializeManifest({
        version: 1,
        files: [
          ...generated.map((artifact) => ({ path: artifact.path, checksum: fileChecksum(artifact.contents) })),
          ...declarations.map((artifact) => ({ path: artifact.path, checksum: fileChecksum(artifact.contents), kind: "declaration" as const })),
          ...keptDeclarations,
        ],
      }),
    },
  ];
}
