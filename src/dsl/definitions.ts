import type { ColumnTypeIR, IndexMethod, ReferentialAction, SourceLocation } from "../ir/types.js";
import type { ColumnRef, SqlFragment } from "./sql.js";

/**
 * What the builders record at run time: plain frozen data, read only by `toSchemaIR`. Names stay
 * as the user wrote them (attributes, keys); the naming profile is applied at IR time.
 */

export type UniqueScope = "tenant" | "global";

export type DefaultDef = { kind: "literal"; value: unknown } | { kind: "sql"; fragment: SqlFragment };

export interface CheckDef {
  /** Null for a column check without a name: the column's field names it. */
  name: string | null;
  fragment: SqlFragment;
  source: SourceLocation | null;
}

export type RenameStrategy = "expand-contract" | "direct";

export interface RenameDef {
  from: string;
  strategy: RenameStrategy;
}

/**
 * A `using`/`backfill` expression: a fragment, or a callback given the column itself (like a
 * column check). A column does not know its siblings: expressions over other columns use the
 * table's `.using(column, (c) => ...)` / `.backfill(column, (c) => ...)`, whose names are checked.
 */
export type ColumnHint = SqlFragment | ((column: ColumnRef) => SqlFragment);

export interface ColumnDef {
  type: ColumnTypeIR;
  nullable: boolean;
  default: DefaultDef | null;
  unique: { scope: UniqueScope; source: SourceLocation | null } | null;
  checks: readonly CheckDef[];
  comment: string | null;
  field: string | null;
  renamedFrom: RenameDef | null;
  using: ColumnHint | null;
  backfill: ColumnHint | null;
  /** Removed enum value → the kept value its rows become (schema evolution). */
  remap: Readonly<Record<string, string>> | null;
  source: SourceLocation | null;
}

/** A relation target as the DSL saw it (anything but a table is refused where it is written). */
export interface TargetRef {
  key: string;
  scope: "tenant" | "global";
}

export interface BelongsToDef {
  kind: "belongsTo";
  target: TargetRef;
  as: string;
  foreignKey: string;
  nullable: boolean;
  onDelete: ReferentialAction;
  onUpdate: ReferentialAction;
  inverse: "hasMany" | "hasOne";
  inverseAs: string | null;
  source: SourceLocation | null;
}

export interface BelongsToManyDef {
  kind: "belongsToMany";
  target: TargetRef;
  through: string;
  as: string | null;
  inverseAs: string | null;
  source: SourceLocation | null;
}

export type RelationDef = BelongsToDef | BelongsToManyDef;

export interface IndexDef {
  /** `.unique()` (column or table) or `.index()`. */
  origin: "unique" | "declared";
  /** Attributes as written (unknown ones kept, for the validator). */
  columns: readonly string[];
  unique: boolean;
  /** For unique indexes: tenant-scoped ones get the tenant column prepended. */
  scope: UniqueScope;
  where: SqlFragment | null;
  method: "btree" | IndexMethod;
  name: string | null;
  reason: string | null;
  source: SourceLocation | null;
}

export type TableScopeDef = { kind: "tenant" } | { kind: "global"; reason: string };

export interface TableDef {
  key: string;
  scope: TableScopeDef;
  columns: readonly (readonly [string, ColumnDef])[];
  relations: readonly RelationDef[];
  indexes: readonly IndexDef[];
  checks: readonly CheckDef[];
  description: string | null;
  tableName: string | null;
  feature: string | null;
  renamedFrom: RenameDef | null;
  source: SourceLocation | null;
}

/** The DSL's name for the tenant column; toSchemaIR maps it to the configured attribute. */
export const TENANT_ATTRIBUTE = "companyId";

/**
 * Built-in attributes of a table of the given scope, in IR order.
 *
 * @example
 * builtInAttributes("global") // ["id", "createdAt", "updatedAt", "deletedAt"]
 */
export function builtInAttributes(scope: TableScopeDef["kind"]): string[] {
  return scope === "tenant"
    ? ["id", TENANT_ATTRIBUTE, "createdAt", "updatedAt", "deletedAt"]
    : ["id", "createdAt", "updatedAt", "deletedAt"];
}
