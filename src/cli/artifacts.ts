/**
 * Everything one emit produces, as data: migrations and docs for the plans, the models of the
 * whole schema, and the next journal and snapshot. Paths are project paths (forward slashes).
 */
import path from "node:path";
import type { ResolvedConfig } from "../config/define-config.js";
import type { MigrationPlan } from "../diff/operations.js";
import { emitSchemaDoc } from "../emitters/markdown/index.js";
import { emitMigration } from "../emitters/migration/index.js";
import { emitModels } from "../emitters/model/index.js";
import type { SchemaIR } from "../ir/types.js";
import { fileChecksum, JOURNAL_FILE, serializeJournal, serializeSnapshot, SNAPSHOT_FILE, type EmitState, type JournalEntry } from "./state.js";

export type ArtifactKind = "migration" | "doc" | "model" | "journal" | "snapshot";

export interface Artifact {
  kind: ArtifactKind;
  /** Relative to the project root, forward slashes. */
  path: string;
  contents: string;
}

/** A file in a folder given by the config, as a project path. */
const inFolder = (folder: string, file: string) => path.posix.join(folder.split(path.sep).join("/"), file);

/**
 * The doc file of a change: the feature's first doc is `schema-changes-<feature>.md`, later ones
 * carry their migration's timestamp so earlier docs stay untouched.
 *
 * @example
 * docFileName("users", "20261125093000", false) // "schema-changes-users.md"
 */
export function docFileName(feature: string, timestamp: string, featureHasDoc: boolean): string {
  return featureHasDoc ? `schema-changes-${feature}-${timestamp}.md` : `schema-changes-${feature}.md`;
}

/** `schema` restricted to the given table keys: the schema as it stands between two plans. */
function schemaWith(schema: SchemaIR, keys: ReadonlySet<string>): SchemaIR {
  return { ...schema, tables: schema.tables.filter((table) => keys.has(table.key)) };
}

/**
 * Migrations and docs (unformatted), one pair per plan, each emitted against the schema as it
 * stands right after that plan.
 *
 * @example
 * changeArtifacts(config, schema, state, plans).map((a) => a.path)
 * // ["backend/src/database/migrations/20261125093000-create-users.ts", "docs/db/schema-changes-users.md"]
 */
export function changeArtifacts(config: ResolvedConfig, schema: SchemaIR, state: EmitState, plans: readonly MigrationPlan[]): { artifacts: Artifact[]; entries: Omit<JournalEntry, "checksum">[] } {
  const present = new Set(state.snapshot?.tables.map((table) => table.key) ?? []);
  const featuresWithDoc = new Set(state.journal.entries.map((entry) => entry.feature));
  const artifacts: Artifact[] = [];
  const entries: Omit<JournalEntry, "checksum">[] = [];
  plans.forEach((plan, index) => {
    const previous = state.snapshot === null && index === 0 ? null : schemaWith(schema, present);
    const keys = plan.operations.map((operation) => operation.table.key);
    for (const key of keys) present.add(key);
    const after = schemaWith(schema, present);
    const { file, sql } = emitMigration(plan, after, { sequelize: config.sequelize });
    const docName = docFileName(plan.feature, plan.timestamp, featuresWithDoc.has(plan.feature));
    featuresWithDoc.add(plan.feature);
    const doc = emitSchemaDoc(
      { plan, schema: after, previous, sql, migrationFile: file.path, path: docName },
      { language: config.docs.language },
    );
    const migrationPath = inFolder(config.output.migrations, file.path);
    const docPath = inFolder(config.output.docs, doc.path);
    artifacts.push({ kind: "migration", path: migrationPath, contents: file.contents }, { kind: "doc", path: docPath, contents: doc.contents });
    entries.push({ timestamp: plan.timestamp, feature: plan.feature, description: plan.description, migration: migrationPath, doc: docPath, tables: keys });
  });
  return { artifacts, entries };
}

/**
 * The models of the whole schema (unformatted).
 *
 * @example
 * modelArtifacts(config, schema).map((a) => a.path) // ["backend/src/models/User.ts", "backend/src/models/index.ts"]
 */
export function modelArtifacts(config: ResolvedConfig, schema: SchemaIR): Artifact[] {
  return emitModels(schema, { sequelize: config.sequelize }).map((file) => ({
    kind: "model",
    path: inFolder(config.output.models, file.path),
    contents: file.contents,
  }));
}

/**
 * The next journal (with checksums of the migrations as they will be written, i.e. formatted)
 * and snapshot.
 *
 * @example
 * stateArtifacts(config, schema, state, entries, formatted).map((a) => a.kind) // ["journal", "snapshot"]
 */
export function stateArtifacts(
  config: ResolvedConfig,
  schema: SchemaIR,
  state: EmitState,
  entries: readonly Omit<JournalEntry, "checksum">[],
  formatted: readonly Artifact[],
): Artifact[] {
  const contentsOf = new Map(formatted.map((artifact) => [artifact.path, artifact.contents]));
  const added = entries.map((entry) => ({ ...entry, checksum: fileChecksum(contentsOf.get(entry.migration) ?? "") }));
  return [
    { kind: "journal", path: inFolder(config.output.state, JOURNAL_FILE), contents: serializeJournal({ version: 1, entries: [...state.journal.entries, ...added] }) },
    { kind: "snapshot", path: inFolder(config.output.state, SNAPSHOT_FILE), contents: serializeSnapshot(schema) },
  ];
}
