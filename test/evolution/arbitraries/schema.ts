/**
 * fast-check arbitraries for a random schema A: 1–4 tables (mostly tenant, some global) with columns
 * of every kind, nullability, literal and sql defaults, enums, arrays, comments, column and table
 * checks, unique, partial and gin indexes, and foreign keys to earlier tables of the same scope (so
 * creation order always exists, and no tenant table references a global one or the reverse).
 */
import fc from "fast-check";
import type { ColumnTypeIR, ReferentialAction, ScalarTypeIR } from "../../../src/ir/types.js";
import { CHECKABLE_KINDS, COMMENTS, DISTINCT_KINDS, type BelongsToSpec, type ColumnSpec, type IndexSpec, type SchemaSpec, type TableSpec } from "./spec.js";
import { defaultChoices } from "./values.js";

/** Keys of schema A's tables; other pools feed added and renamed tables. */
export const TABLE_KEYS = ["accounts", "projects", "invoices", "events"] as const;
export const NEW_TABLE_KEYS = ["reports", "labels", "orders", "tasks", "notes", "boards"] as const;
/** Mixed-case names so both naming profiles map attributes to fields differently. */
export const COLUMN_NAMES = ["title", "amount", "isActive", "startsOn", "seenAt", "price", "ratio", "refCode", "payload", "kind", "tagList", "score"] as const;
export const NEW_COLUMN_NAMES = ["extra", "priority", "dueOn", "weight", "label", "notesText"] as const;
export const FEATURES = ["core", "billing"] as const;
export const ENUM_VALUES = ["low", "medium", "high", "urgent", "later"] as const;

const scalarTypeArb: fc.Arbitrary<ScalarTypeIR> = fc.oneof(
  fc.constant({ kind: "integer" as const }),
  fc.constant({ kind: "bigint" as const }),
  fc.constantFrom(8, 20, 255).map((length) => ({ kind: "string" as const, length })),
  fc.constant({ kind: "text" as const }),
  fc.constant({ kind: "boolean" as const }),
  fc.constant({ kind: "timestamp" as const }),
  fc.constant({ kind: "date" as const }),
  fc.record({ precision: fc.constantFrom(8, 12), scale: fc.constantFrom(0, 2) }).map(({ precision, scale }) => ({ kind: "decimal" as const, precision, scale })),
  fc.constant({ kind: "double" as const }),
  fc.constant({ kind: "uuid" as const }),
);

/** Every column type kind; enums keep their first value (the one rows hold) and fit their length. */
export const columnTypeArb: fc.Arbitrary<ColumnTypeIR> = fc.oneof(
  { weight: 10, arbitrary: scalarTypeArb },
  { weight: 1, arbitrary: fc.constant({ kind: "jsonb" as const, tsType: "Record<string, unknown>" }) },
  {
    weight: 2,
    arbitrary: fc
      .record({ values: fc.uniqueArray(fc.constantFrom(...ENUM_VALUES.slice(0, 4)), { minLength: 1, maxLength: 3 }), length: fc.constantFrom(10, 20) })
      .map(({ values, length }) => ({ kind: "enum" as const, values, length })),
  },
  {
    weight: 1,
    arbitrary: fc
      .constantFrom<ScalarTypeIR>({ kind: "integer" }, { kind: "text" }, { kind: "string", length: 20 })
      .map((element) => ({ kind: "array" as const, element })),
  },
);

/**
 * A data column named `name`: random type, nullability, default (literal or sql), unique, check.
 *
 * @example
 * fc.sample(columnArb("title"), 1) // [{ name: "title", type: { kind: "text" }, nullable: true, ... }]
 */
export function columnArb(name: string): fc.Arbitrary<ColumnSpec> {
  return fc
    .record({
      type: columnTypeArb,
      nullable: fc.boolean(),
      defaultPick: fc.option(fc.nat(), { freq: 2 }),
      unique: fc.option(fc.constantFrom("tenant" as const, "global" as const), { freq: 4 }),
      check: fc.boolean(),
      comment: fc.option(fc.constantFrom(...COMMENTS), { freq: 3 }),
    })
    .map(({ type, nullable, defaultPick, unique, check, comment }): ColumnSpec => {
      const choices = defaultChoices(type);
      return {
        name,
        type,
        nullable,
        default: defaultPick === null ? null : (choices[defaultPick % choices.length] ?? null),
        unique: DISTINCT_KINDS.includes(type.kind) ? unique : null,
        check: CHECKABLE_KINDS.includes(type.kind) && check,
        comment,
        renamedFrom: null,
        using: null,
        backfill: null,
      };
    });
}

/** Columns of one table: unique names from `names`, 1–4 of them. */
export function columnsArb(names: readonly string[], max = 4): fc.Arbitrary<ColumnSpec[]> {
  return fc
    .shuffledSubarray([...names], { minLength: 1, maxLength: max })
    .chain((picked) => fc.tuple(...picked.map((name) => columnArb(name))));
}

/**
 * Indexes over existing columns, made valid here: unique only over distinct-valued columns, gin only
 * on a single array or jsonb column, no two indexes over the same column list.
 */
export function indexesFor(columns: readonly ColumnSpec[], seeds: readonly IndexSeed[], scope: TableSpec["scope"] = "tenant"): IndexSpec[] {
  const result: IndexSpec[] = [];
  for (const seed of seeds) {
    const index = indexFromSeed(columns, seed, scope);
    if (!index || result.some((other) => other.columns.join() === index.columns.join())) continue;
    if (index.unique && collidesWithUnique(columns, index.columns)) continue;
    result.push(index);
  }
  return result;
}

export interface IndexSeed {
  first: number;
  second: number | null;
  withTenant: boolean;
  unique: boolean;
  where: IndexSpec["where"];
}

export const indexSeedArb: fc.Arbitrary<IndexSeed> = fc.record({
  first: fc.nat(),
  second: fc.option(fc.nat(), { freq: 3 }),
  withTenant: fc.boolean(),
  unique: fc.boolean(),
  where: fc.constantFrom(null, null, "notDeleted" as const, "firstNotNull" as const),
});

/**
 * An index over `columns`; a global table has no tenant column to lead with.
 *
 * @example
 * indexFromSeed([amount], { first: 0, second: null, withTenant: true, unique: true, where: null })
 * // { columns: ["companyId", "amount"], unique: true, method: "btree", where: null }
 */
export function indexFromSeed(columns: readonly ColumnSpec[], seed: IndexSeed, scope: TableSpec["scope"] = "tenant"): IndexSpec | null {
  const first = columns[seed.first % Math.max(columns.length, 1)];
  if (!first) return null;
  if (first.type.kind === "array" || first.type.kind === "jsonb") {
    return { columns: [first.name], unique: false, method: "gin", where: seed.where === "notDeleted" ? "notDeleted" : null };
  }
  const second = seed.second === null ? undefined : columns[seed.second % columns.length];
  const picked = [first, ...(second && second !== first && second.type.kind !== "array" && second.type.kind !== "jsonb" ? [second] : [])];
  const unique = seed.unique && picked.some((column) => DISTINCT_KINDS.includes(column.type.kind));
  return {
    columns: [...(seed.withTenant && scope === "tenant" ? ["companyId"] : []), ...picked.map((column) => column.name)],
    unique,
    method: "btree",
    where: seed.where,
  };
}

/** The table part the generators fill; keys, feature and foreign keys are decided by the schema. */
export interface TableSeed {
  columns: ColumnSpec[];
  indexes: IndexSeed[];
  checkPick: number | null;
  belongsTo: { pick: number; nullable: boolean; onDelete: ReferentialAction } | null;
  feature: string;
  global: boolean;
  description: string | null;
}

export const tableSeedArb = (names: readonly string[] = COLUMN_NAMES): fc.Arbitrary<TableSeed> =>
  fc.record({
    columns: columnsArb(names),
    indexes: fc.array(indexSeedArb, { maxLength: 2 }),
    checkPick: fc.option(fc.nat(), { freq: 2 }),
    belongsTo: fc.option(
      fc.record({ pick: fc.nat(), nullable: fc.boolean(), onDelete: fc.constantFrom<ReferentialAction>("CASCADE", "SET NULL", "RESTRICT") }),
      { freq: 2 },
    ),
    feature: fc.constantFrom(...FEATURES),
    global: fc.oneof({ weight: 4, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
    description: fc.option(fc.constantFrom(...COMMENTS), { freq: 3 }),
  });

/**
 * A column as a table of `scope` can hold it: a global table has no tenant to scope a unique by.
 *
 * @example
 * fitScope({ ...column, unique: "tenant" }, "global").unique // "global"
 */
export function fitScope(column: ColumnSpec, scope: TableSpec["scope"]): ColumnSpec {
  return scope === "global" && column.unique === "tenant" ? { ...column, unique: "global" } : column;
}

/**
 * A table from a seed. `earlier` are the tables it may reference (those of its own scope).
 *
 * @example
 * tableFromSeed("projects", seed, [accounts]).belongsTo // [{ target: "accounts", foreignKey: "accountId", ... }]
 */
export function tableFromSeed(key: string, seed: TableSeed, earlier: readonly Pick<TableSpec, "key" | "scope">[]): TableSpec {
  const scope = seed.global ? "global" : "tenant";
  const targets = earlier.filter((table) => table.scope === scope).map((table) => table.key);
  const columns = seed.columns.map((column) => fitScope(column, scope));
  const target = seed.belongsTo === null || targets.length === 0 ? undefined : targets[seed.belongsTo.pick % targets.length];
  const belongsTo: BelongsToSpec[] =
    target === undefined || seed.belongsTo === null
      ? []
      : [foreignKeyTo(target, seed.belongsTo.nullable || seed.belongsTo.onDelete === "SET NULL", seed.belongsTo.onDelete)];
  const checkable = columns.filter((column) => CHECKABLE_KINDS.includes(column.type.kind));
  const checked = seed.checkPick === null ? undefined : checkable[seed.checkPick % Math.max(checkable.length, 1)];
  return {
    key,
    feature: seed.feature,
    scope,
    description: seed.description,
    columns,
    belongsTo,
    indexes: indexesFor(columns, seed.indexes, scope),
    checks: checked ? [{ name: `${checked.name}_bounds`, column: checked.name }] : [],
    renamedFrom: null,
  };
}

/**
 * @example
 * foreignKeyTo("accounts", true, "SET NULL") // { target: "accounts", as: "account", foreignKey: "accountId", ... }
 */
export function foreignKeyTo(target: string, nullable: boolean, onDelete: ReferentialAction): BelongsToSpec {
  const as = target.replace(/s$/, "");
  return { target, as, foreignKey: `${as}Id`, nullable: nullable || onDelete === "SET NULL", onDelete };
}

/** Schema A: 1–4 tables, each referencing at most one earlier table of its scope. */
export const schemaArb: fc.Arbitrary<SchemaSpec> = fc
  .record({
    naming: fc.constantFrom("snake_case" as const, "sequelize" as const),
    keys: fc.shuffledSubarray([...TABLE_KEYS], { minLength: 1, maxLength: 4 }),
  })
  .chain(({ naming, keys }) =>
    fc.tuple(...keys.map(() => tableSeedArb())).map(
      (seeds): SchemaSpec => {
        const tables: TableSpec[] = [];
        for (const [index, key] of keys.entries()) tables.push(tableFromSeed(key, seeds[index]!, tables));
        // Features follow the table order (core…, then billing…): tables only reference earlier ones, so
        // features never reference each other's new tables both ways (a documented refusal on creation).
        const firstBilling = tables.findIndex((table) => table.feature === "billing");
        if (firstBilling !== -1) for (const table of tables.slice(firstBilling)) table.feature = "billing";
        return { naming, tables, acknowledgements: [] };
      },
    ),
  );

/**
 * Whether a unique index over `columns` gets the generated name of a column-level unique.
 *
 * @example
 * collidesWithUnique([{ name: "code", unique: "tenant", ... }], ["companyId", "code"]) // true
 */
export function collidesWithUnique(columns: readonly ColumnSpec[], indexColumns: readonly string[]): boolean {
  return columns.some(
    (column) => column.unique !== null && (column.unique === "tenant" ? ["companyId", column.name] : [column.name]).join() === indexColumns.join(),
  );
}
