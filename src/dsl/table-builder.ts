import { referenceSingular } from "../ir/naming.js";
import { unknownColumnMessage, type ColumnUse } from "../ir/messages.js";
import type { IndexMethod, ReferentialAction } from "../ir/types.js";
import { builtInAttributes, type CheckDef, type IndexDef, type RelationDef, type TableDef, type TargetRef, type UniqueScope } from "./definitions.js";
import { captureSource } from "./source.js";
import { columnRef, type ColumnRef, type SqlFragment } from "./sql.js";

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
}

export interface RuntimeBelongsToManyOptions {
  through: string;
  as?: string;
  inverseAs?: string;
}

const targetRef = (target: unknown): TargetRef => {
  if (target instanceof Object && (target as Record<symbol, unknown>)[TABLE_BRAND] === true) {
    const def = (target as { def: TableDef }).def;
    return { key: def.key, scope: def.scope.kind };
  }
  return { key: typeof target === "string" ? target : String((target as { name?: unknown } | null)?.name ?? target), scope: "none" };
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
    return [...builtInAttributes(this.def.scope.kind), ...this.def.columns.map(([name]) => name), ...foreignKeys];
  }

  // A Proxy so that JavaScript users and `as any` escapes get the compile-time message at run time.
  private refs(use: ColumnUse): Refs {
    const known = new Set(this.attributes());
    const table = this.def.key;
    return new Proxy({} as Refs, {
      get(_target, property) {
        if (typeof property !== "string") return undefined;
        if (!known.has(property)) throw new Error(unknownColumnMessage(use, property, table));
        return columnRef(property);
      },
    });
  }

  belongsTo(target: unknown, options: RuntimeBelongsToOptions = {}): TableBuilder {
    const ref = targetRef(target);
    const as = options.as ?? referenceSingular(ref.key);
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
      source: captureSource(),
    });
    return this.with({ relations: Object.freeze([...this.def.relations, relation]) });
  }

  belongsToMany(target: unknown, options: RuntimeBelongsToManyOptions): TableBuilder {
    const relation: RelationDef = Object.freeze({
      kind: "belongsToMany",
      target: Object.freeze(targetRef(target)),
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
      reason: options.reason ?? null,
      source: captureSource(),
    });
    return this.with({ indexes: Object.freeze([...this.def.indexes, index]) });
  }

  unique(columns: readonly string[], options: { scope?: UniqueScope; name?: string; reason?: string } = {}): TableBuilder {
    const index: IndexDef = Object.freeze({
      origin: "unique",
      columns: Object.freeze([...columns]),
      unique: true,
      scope: options.scope ?? "tenant",
      where: null,
      method: "btree",
      name: options.name ?? null,
      reason: options.reason ?? null,
      source: captureSource(),
    });
    return this.with({ indexes: Object.freeze([...this.def.indexes, index]) });
  }

  check(name: string, build: (columns: Refs) => SqlFragment): TableBuilder {
    const check: CheckDef = Object.freeze({ name, fragment: build(this.refs("Check")), source: captureSource() });
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
}
