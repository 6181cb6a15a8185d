import { referenceSingular } from "../ir/naming.js";
import { notATableMessage, unknownColumnMessage, type ColumnUse } from "../ir/messages.js";
import type { IndexMethod, IndexReason, ReferentialAction } from "../ir/types.js";
import {
  builtInAttributes,
  type CheckDef,
  type ColumnDef,
  type ForeignKeyDef,
  type IndexDef,
  type RelationDef,
  type RenameStrategy,
  type TableDef,
  type TargetRef,
  type UniqueScope,
} from "./definitions.js";
import { strictRefs } from "./refs.js";
import { captureSource } from "./source.js";
import type { ColumnRef, SqlFragment } from "./sql.js";

/** A reason the user wrote, kept as written; none: the IR derives one from the index's origin. */
const writtenReason = (text: string | undefined): IndexReason | null => (text === undefined ? null : { kind: "written", text });

/** Brand shared by every copy of this module (the CLI may load another instance than the schema). */
export const TABLE_BRAND: unique symbol = Symbol.for("tenant-schema.table");

type Refs = Record<string, ColumnRef>;

export interface RuntimeIndexOptions {
  unique?: boolean;
  where?: (columns: Refs) => SqlFragment;
  method?: IndexMethod;
  name?: string;
  reason?: string;
}

export interface RuntimeBelongsToOptions {
  as?: string;
  foreignKey?: string;
  nullable?: boolean;
  onDelete?: ReferentialAction;
  onUpdate?: ReferentialAction;
  inverse?: "hasMany" | "hasOne";
  inverseAs?: string;
  constraintName?: string;
  index?: boolean;
  field?: string;
}

export interface RuntimeForeignKeyOptions {
  constraintName?: string;
  onDelete?: ReferentialAction;
  onUpdate?: ReferentialAction;
}

export interface RuntimeUniqueOptions {
  scope?: UniqueScope;
  name?: string;
  reason?: string;
  constraint?: boolean;
}

export interface RuntimeBelongsToManyOptions {
  through: string;
  as?: string;
  inverseAs?: string;
}

// What a JavaScript caller (or an `as any`) passed instead of a table, for the error message.
const describeValue = (value: unknown): string =>
  value === undefined ? "undefined (a table imported in a cycle is undefined while its module loads)" : `${typeof value === "string" ? "the string" : typeof value} ${JSON.stringify(value) ?? String(value)}`;

// Like an unknown column in a `sql` callback, a target that is not a table fails where it is written.
const targetRef = (target: unknown, call: "belongsTo" | "belongsToMany" | "foreignKey"): TargetRef => {
  if (target instanceof Object && (target as Record<symbol, unknown>)[TABLE_BRAND] === true) {
    const def = (target as { def: TableDef }).def;
    return { key: def.key, scope: def.scope.kind };
  }
  throw new Error(notATableMessage(call, describeValue(target)));
};

/**
 * The one runtime class behind `TenantTable` and `GlobalTable` (their interfaces carry the
 * types). Immutable: each method returns a new frozen builder.
 */
export class TableBuilder {
  readonly [TABLE_BRAND] = true as const;

  constructor(readonly def: TableDef) {
    Object.freeze(this);
  }

  private with(patch: Partial<TableDef>): TableBuilder {
    return new TableBuilder(Object.freeze({ ...this.def, ...patch }));
  }

  /** Attributes a `sql` callback may name so far: built-ins, declared, foreign keys. */
  private attributes(): string[] {
    const foreignKeys = this.def.relations.flatMap((relation) => (relation.kind === "belongsTo" ? [relation.foreignKey] : []));
    return [...builtInAttributes(this.def.scope.kind, this.def.options), ...this.def.columns.map(([name]) => name), ...foreignKeys];
  }

  private refs(use: ColumnUse): Refs {
    return strictRefs(this.attributes(), this.def.key, use);
  }

  // Only declared columns carry hints; a foreign key or built-in is refused like an unknown column.
  private withColumnHint(use: "Using" | "Backfill", column: string, build: (columns: Refs) => SqlFragment): TableBuilder {
    if (!this.def.columns.some(([name]) => name === column)) throw new Error(unknownColumnMessage(use, column, this.def.key));
    const fragment = build(this.refs(use));
    const patch: Partial<ColumnDef> = use === "Using" ? { using: fragment } : { backfill: fragment };
    const columns = this.def.columns.map(([name, def]) => Object.freeze([name, name === column ? Object.freeze({ ...def, ...patch }) : def] as const));
    return this.with({ columns: Object.freeze(columns) });
  }

  belongsTo(target: unknown, options: RuntimeBelongsToOptions = {}): TableBuilder {
    const ref = targetRef(target, "belongsTo");
    return this.withBelongsTo(ref, options.as ?? referenceSingular(ref.key), options);
  }

  // The table's own key: the IR resolves it like any target, so `.tableName(...)` later still applies.
  belongsToSelf(options: RuntimeBelongsToOptions = {}): TableBuilder {
    return this.withBelongsTo({ key: this.def.key, scope: this.def.scope.kind }, options.as ?? "parent", options);
  }

  private withBelongsTo(ref: TargetRef, as: string, options: RuntimeBelongsToOptions): TableBuilder {
    const relation: RelationDef = Object.freeze({
      kind: "belongsTo",
      target: Object.freeze(ref),
      as,
      foreignKey: options.foreignKey ?? `${as}Id`,
      nullable: options.nullable ?? false,
      onDelete: options.onDelete ?? "RESTRICT",
      onUpdate: options.onUpdate ?? "CASCADE",
      inverse: options.inverse ?? "hasMany",
      inverseAs: options.inverseAs ?? null,
      constraintName: options.constraintName ?? null,
      index: options.index !== false,
      field: options.field ?? null,
      source: captureSource(),
    });
    return this.with({ relations: Object.freeze([...this.def.relations, relation]) });
  }

  foreignKey(columns: readonly string[], target: unknown, targetColumns: readonly string[], options: RuntimeForeignKeyOptions = {}): TableBuilder {
    const foreignKey: ForeignKeyDef = Object.freeze({
      columns: Object.freeze([...columns]),
      target: typeof target === "string" ? target : targetRef(target, "foreignKey").key,
      targetColumns: Object.freeze([...targetColumns]),
      constraintName: options.constraintName ?? null,
      onDelete: options.onDelete ?? "RESTRICT",
      onUpdate: options.onUpdate ?? "CASCADE",
      source: captureSource(),
    });
    return this.with({ foreignKeys: Object.freeze([...this.def.foreignKeys, foreignKey]) });
  }

  belongsToMany(target: unknown, options: RuntimeBelongsToManyOptions): TableBuilder {
    const relation: RelationDef = Object.freeze({
      kind: "belongsToMany",
      target: Object.freeze(targetRef(target, "belongsToMany")),
      through: options.through,
      as: options.as ?? null,
      inverseAs: options.inverseAs ?? null,
      source: captureSource(),
    });
    return this.with({ relations: Object.freeze([...this.def.relations, relation]) });
  }

  index(columns: readonly string[], options: RuntimeIndexOptions = {}): TableBuilder {
    const index: IndexDef = Object.freeze({
      origin: "declared",
      columns: Object.freeze([...columns]),
      unique: options.unique ?? false,
      scope: "global",
      where: options.where === undefined ? null : options.where(this.refs("Index")),
      method: options.method ?? "btree",
      name: options.name ?? null,
      reason: writtenReason(options.reason),
      constraint: false,
      expression: null,
      source: captureSource(),
    });
    return this.with({ indexes: Object.freeze([...this.def.indexes, index]) });
  }

  indexOn(name: string, build: (columns: Refs) => SqlFragment, options: Omit<RuntimeIndexOptions, "name"> = {}): TableBuilder {
    const index: IndexDef = Object.freeze({
      origin: "declared",
      columns: Object.freeze([]),
      unique: options.unique ?? false,
      scope: "global",
      where: options.where === undefined ? null : options.where(this.refs("Index")),
      method: options.method ?? "btree",
      name,
      reason: writtenReason(options.reason),
      constraint: false,
      expression: build(this.refs("Index")),
      source: captureSource(),
    });
    return this.with({ indexes: Object.freeze([...this.def.indexes, index]) });
  }

  primaryKey(columns: readonly string[], options: { name?: string } = {}): TableBuilder {
    return this.with({ primaryKey: Object.freeze({ columns: Object.freeze([...columns]), name: options.name ?? null, source: captureSource() }) });
  }

  unique(columns: readonly string[], options: RuntimeUniqueOptions = {}): TableBuilder {
    const index: IndexDef = Object.freeze({
      origin: "unique",
      columns: Object.freeze([...columns]),
      unique: true,
      scope: options.scope ?? "tenant",
      where: null,
      method: "btree",
      name: options.name ?? null,
      reason: writtenReason(options.reason),
      constraint: options.constraint === true,
      expression: null,
      source: captureSource(),
    });
    return this.with({ indexes: Object.freeze([...this.def.indexes, index]) });
  }

  check(name: string, build: (columns: Refs) => SqlFragment, options: { constraintName?: string } = {}): TableBuilder {
    const check: CheckDef = Object.freeze({ name, constraintName: options.constraintName ?? null, fragment: build(this.refs("Check")), source: captureSource() });
    return this.with({ checks: Object.freeze([...this.def.checks, check]) });
  }

  describe(text: string): TableBuilder {
    return this.with({ description: text });
  }

  tableName(name: string): TableBuilder {
    return this.with({ tableName: name });
  }

  feature(name: string): TableBuilder {
    return this.with({ feature: name });
  }

  renamedFrom(from: string, options: { strategy?: RenameStrategy } = {}): TableBuilder {
    return this.with({ renamedFrom: Object.freeze({ from, strategy: options.strategy ?? "expand-contract" }) });
  }

  using(column: string, build: (columns: Refs) => SqlFragment): TableBuilder {
    return this.withColumnHint("Using", column, build);
  }

  backfill(column: string, build: (columns: Refs) => SqlFragment): TableBuilder {
    return this.withColumnHint("Backfill", column, build);
  }
}
