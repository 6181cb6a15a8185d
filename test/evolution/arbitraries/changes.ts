/**
 * Random changes A → B at the DSL level. A change is generated as a seed (its kind and a few random
 * numbers) and interpreted against the schema: numbers pick the target among the valid ones, so
 * every applied change is valid by construction and shrinking keeps working. Each change touches
 * its own table or column (no two changes of one evolution touch the same thing).
 */
import fc from "fast-check";
import type { ColumnTypeIR, ReferentialAction } from "../../../src/ir/types.js";
import { collidesWithUnique, columnArb, ENUM_VALUES, fitScope, foreignKeyTo, indexFromSeed, indexSeedArb, NEW_COLUMN_NAMES, NEW_TABLE_KEYS, tableFromSeed, tableSeedArb, type IndexSeed, type TableSeed } from "./schema.js";
import { avoids } from "./known-issues.js";
import { CHECKABLE_KINDS, COMMENTS, DISTINCT_KINDS, exprText, typeText, type ColumnSpec, type ExprSpec, type SchemaSpec, type TableSpec } from "./spec.js";
import { backfillFor, defaultChoices } from "./values.js";

export const CHANGE_KINDS = [
  "addTable",
  "dropTable",
  "renameTable",
  "addColumn",
  "dropColumn",
  "renameColumn",
  "changeType",
  "toggleNullable",
  "changeDefault",
  "changeEnumValues",
  "addIndex",
  "dropIndex",
  "addCheck",
  "dropCheck",
  "addForeignKey",
  "dropForeignKey",
  "changeTableComment",
  "changeColumnComment",
] as const;

export type ChangeKind = (typeof CHANGE_KINDS)[number];

export interface ChangeSeed {
  kind: ChangeKind;
  /** Random numbers the change interprets (which table, which column, which variant). */
  picks: number[];
  flag: boolean;
  column: ColumnSpec;
  table: TableSeed;
  index: IndexSeed;
}

/**
 * 1–3 change seeds of the given kinds.
 *
 * @example
 * fc.sample(changeSeedsArb(["addColumn"]), 1)[0]![0]!.kind // "addColumn"
 */
export function changeSeedsArb(kinds: readonly ChangeKind[]): fc.Arbitrary<ChangeSeed[]> {
  return fc.array(changeSeedArb(kinds), { minLength: 1, maxLength: 3 });
}

/**
 * One change seed of the given kinds.
 *
 * @example
 * fc.sample(changeSeedArb(["renameColumn"]), 1)[0]!.kind // "renameColumn"
 */
export function changeSeedArb(kinds: readonly ChangeKind[]): fc.Arbitrary<ChangeSeed> {
  return fc.record({
    kind: fc.constantFrom(...kinds),
    picks: fc.array(fc.nat(), { minLength: 4, maxLength: 4 }),
    flag: fc.boolean(),
    column: columnArb("new"),
    table: tableSeedArb(),
    index: indexSeedArb,
  });
}

export interface Evolution {
  b: SchemaSpec;
  /** One line per applied change, for counterexamples. */
  applied: string[];
}

interface State {
  a: SchemaSpec;
  b: SchemaSpec;
  /**
   * What no further change may touch: tables (`key`), columns (`key.attribute`), index column lists
   * (`key.a,b`) and table comments (`key#comment`) already changed by this evolution or held by the
   * caller; and `key.attribute#repeats`, a column whose rows may hold one value twice (filled from a
   * default), which no unique index may cover.
   */
  touched: Set<string>;
}

/**
 * Applies the seeds to A; seeds with no valid target are skipped, and an evolution with nothing
 * applied adds a table (always possible). `touched` holds what the changes must leave alone from
 * the start (see `State.touched`), e.g. what an expand/contract rename still keeps in transition.
 *
 * @example
 * applyChanges(a, seeds).applied // ["addColumn accounts.extra text notNull default=\"x\""]
 */
export function applyChanges(a: SchemaSpec, seeds: readonly ChangeSeed[], touched: Iterable<string> = []): Evolution {
  const state: State = { a, b: structuredClone(a), touched: new Set(touched) };
  const applied: string[] = [];
  for (const seed of seeds) {
    const line = APPLY[seed.kind](state, seed);
    if (line !== null) applied.push(`${seed.kind} ${line}`);
  }
  if (applied.length === 0 && seeds[0]) applied.push(`addTable ${APPLY.addTable(state, seeds[0])}`);
  return { b: state.b, applied };
}

const pick = <T>(items: readonly T[], n: number | undefined): T | undefined => (items.length === 0 ? undefined : items[(n ?? 0) % items.length]);

/** Tables of A still in B under the same key and not changed as a whole. */
const stableTables = (s: State): TableSpec[] =>
  s.b.tables.filter((table) => !s.touched.has(table.key) && s.a.tables.some((old) => old.key === table.key));

const stableColumns = (s: State, table: TableSpec): ColumnSpec[] =>
  table.columns.filter((column) => !s.touched.has(`${table.key}.${column.name}`));

const usedKeys = (s: State): Set<string> => new Set([...s.a.tables, ...s.b.tables].map((table) => table.key));

const freeColumnName = (s: State, table: TableSpec): string | undefined => {
  const old = s.a.tables.find((candidate) => candidate.key === table.key);
  const taken = new Set([...table.columns, ...(old?.columns ?? [])].map((column) => column.name));
  return NEW_COLUMN_NAMES.find((name) => !taken.has(name));
};

const inUniqueIndex = (table: TableSpec, column: ColumnSpec): boolean =>
  column.unique !== null || table.indexes.some((index) => index.unique && index.columns.includes(column.name));

const hasCheck = (table: TableSpec, column: ColumnSpec): boolean => column.check || table.checks.some((check) => check.column === column.name);

const self = (parts: [string, string]): ExprSpec => ({ parts, refs: [null] });

/** Type changes from a type: safe in place, implicit casts, and rewrites with `using`. */
function typeChanges(type: ColumnTypeIR): { to: ColumnTypeIR; using: ExprSpec | null }[] {
  const text = { to: { kind: "text" as const }, using: null };
  switch (type.kind) {
    case "integer":
      return [
        { to: { kind: "bigint" }, using: null },
        { to: { kind: "double" }, using: null },
        { to: { kind: "decimal", precision: 12, scale: 2 }, using: null },
        text,
        { to: { kind: "boolean" }, using: self(["", " <> 0"]) },
        { to: { kind: "string", length: 20 }, using: self(["", "::varchar(20)"]) },
      ];
    case "bigint":
      return [{ to: { kind: "integer" }, using: self(["", "::integer"]) }, text];
    case "string":
      return [
        { to: { kind: "string", length: type.length + 40 }, using: null },
        text,
        ...(type.length > 8 ? [{ to: { kind: "string" as const, length: 8 }, using: self(["", "::varchar(8)"]) }] : []),
      ];
    case "text":
      return [{ to: { kind: "string", length: 255 }, using: self(["", "::varchar(255)"]) }];
    case "boolean":
      return [text, { to: { kind: "integer" }, using: self(["CASE WHEN ", " THEN 1 ELSE 0 END"]) }];
    case "timestamp":
      return [text, { to: { kind: "date" }, using: self(["", "::date"]) }];
    case "date":
      return [text, { to: { kind: "timestamp" }, using: self(["", "::timestamptz"]) }];
    case "decimal":
      return [
        { to: { kind: "decimal", precision: type.precision + 2, scale: type.scale }, using: null },
        { to: { kind: "double" }, using: self(["", "::double precision"]) },
        text,
      ];
    case "double":
      return [
        { to: { kind: "integer" }, using: self(["round(", ")::integer"]) },
        { to: { kind: "decimal", precision: 12, scale: 2 }, using: self(["", "::numeric(12,2)"]) },
        text,
      ];
    case "uuid":
      return [text];
    case "enum":
      return [{ to: { ...type, length: type.length + 10 }, using: null }];
    case "jsonb":
    case "array":
    // Kinds of adopted databases: the generators never produce them.
    case "json":
    case "pgEnum":
    case "custom":
      return [];
  }
}

/** Removes a comment (when the flag says so) or sets another one. */
function nextComment(current: string | null, seed: ChangeSeed): string | null {
  if (seed.flag && current !== null) return null;
  return pick(
    COMMENTS.filter((comment) => comment !== current),
    seed.picks[2],
  )!;
}

const APPLY: Record<ChangeKind, (s: State, seed: ChangeSeed) => string | null> = {
  addTable(s, seed) {
    const key = NEW_TABLE_KEYS.find((candidate) => !usedKeys(s).has(candidate));
    if (key === undefined) return null;
    const table = tableFromSeed(key, seed.table, s.b.tables);
    s.b.tables.push(table);
    s.touched.add(key);
    return `${key}${table.scope === "global" ? " (global)" : ""} ${table.columns.length} columns${table.belongsTo.map((fk) => ` → ${fk.target}`).join("")}`;
  },

  dropTable(s, seed) {
    const candidates = stableTables(s).filter((table) => !s.b.tables.some((other) => other !== table && other.belongsTo.some((fk) => fk.target === table.key)));
    const table = pick(candidates, seed.picks[0]);
    if (!table) return null;
    s.b.tables = s.b.tables.filter((other) => other !== table);
    s.b.acknowledgements.push({ kind: "dropTable", table: table.key });
    s.touched.add(table.key);
    return table.key;
  },

  renameTable(s, seed) {
    const renamable = stableTables(s);
    const table = pick(renamable, seed.picks[0]);
    const key = NEW_TABLE_KEYS.find((candidate) => !usedKeys(s).has(candidate));
    if (!table || key === undefined) return null;
    const strategy = seed.flag ? "direct" : "expand-contract";
    const from = table.key;
    table.key = key;
    table.renamedFrom = { from, strategy };
    for (const other of s.b.tables) for (const fk of other.belongsTo) if (fk.target === from) fk.target = key;
    s.touched.add(from).add(key);
    return `${from} → ${key} (${strategy})`;
  },

  addColumn(s, seed) {
    const table = pick(stableTables(s), seed.picks[0]);
    const name = table && freeColumnName(s, table);
    if (!table || !name) return null;
    const mode = (["nullable", "default", "backfill"] as const)[(seed.picks[1] ?? 0) % 3]!;
    const choices = defaultChoices(seed.column.type);
    const column: ColumnSpec = {
      ...fitScope(seed.column, table.scope),
      name,
      nullable: mode === "nullable",
      default: mode === "default" ? (seed.column.default ?? choices[0] ?? null) : seed.column.default,
      backfill: mode === "backfill" ? backfillFor(seed.column.type) : null,
    };
    // Every existing row gets the same default: a unique index would refuse it.
    if (column.default !== null) column.unique = null;
    if (column.default === null && !column.nullable && column.backfill === null) column.backfill = backfillFor(column.type);
    table.columns.push(column);
    s.touched.add(`${table.key}.${name}`);
    return `${table.key}.${name} ${typeText(column.type)} ${mode}`;
  },

  dropColumn(s, seed) {
    const table = pick(stableTables(s), seed.picks[0]);
    const droppable = table ? stableColumns(s, table) : [];
    const column = table && stableColumns(s, table).length > 1 ? pick(droppable, seed.picks[1]) : undefined;
    if (!table || !column) return null;
    table.columns = table.columns.filter((other) => other !== column);
    table.indexes = table.indexes.filter((index) => !index.columns.includes(column.name));
    table.checks = table.checks.filter((check) => check.column !== column.name);
    s.b.acknowledgements.push({ kind: "dropColumn", table: table.key, column: column.name });
    s.touched.add(`${table.key}.${column.name}`);
    return `${table.key}.${column.name}`;
  },

  renameColumn(s, seed) {
    const table = pick(stableTables(s), seed.picks[0]);
    const column = table && pick(stableColumns(s, table), seed.picks[1]);
    const name = table && freeColumnName(s, table);
    if (!table || !column || !name) return null;
    const from = column.name;
    const strategy = seed.flag ? "direct" : "expand-contract";
    column.name = name;
    column.renamedFrom = { from, strategy };
    for (const index of table.indexes) index.columns = index.columns.map((c) => (c === from ? name : c));
    for (const check of table.checks) if (check.column === from) check.column = name;
    s.touched.add(`${table.key}.${from}`).add(`${table.key}.${name}`);
    return `${table.key}.${from} → ${name} (${strategy})`;
  },

  changeType(s, seed) {
    // Checks are written for the old type; a user changing the type would rewrite them too.
    const retypable = (table: TableSpec) => stableColumns(s, table).filter((column) => !hasCheck(table, column) && typeChanges(column.type).length > 0);
    const table = pick(stableTables(s).filter((t) => retypable(t).length > 0), seed.picks[0]);
    const column = table && pick(retypable(table), seed.picks[1]);
    if (!table || !column) return null;
    const unique = inUniqueIndex(table, column);
    const options = typeChanges(column.type).filter((option) => !unique || DISTINCT_KINDS.includes(option.to.kind));
    const change = pick(options, seed.picks[2]);
    if (!change) return null;
    const from = column.type;
    column.type = change.to;
    column.using = change.using;
    if (column.default !== null) {
      const choices = defaultChoices(change.to);
      column.default = change.to.kind === "enum" ? column.default : (pick(choices, seed.picks[3]) ?? null);
    }
    s.touched.add(`${table.key}.${column.name}`);
    return `${table.key}.${column.name} ${typeText(from)} → ${typeText(change.to)}${change.using ? ` using ${exprText(change.using)}` : ""}`;
  },

  toggleNullable(s, seed) {
    const table = pick(stableTables(s), seed.picks[0]);
    const column = table && pick(stableColumns(s, table), seed.picks[1]);
    if (!table || !column) return null;
    column.nullable = !column.nullable;
    if (!column.nullable && (column.default === null || seed.flag || inUniqueIndex(table, column))) column.backfill = backfillFor(column.type);
    s.touched.add(`${table.key}.${column.name}`);
    return `${table.key}.${column.name} → ${column.nullable ? "nullable" : "NOT NULL"}${column.backfill ? ` backfill ${exprText(column.backfill)}` : ""}`;
  },

  changeDefault(s, seed) {
    const table = pick(stableTables(s), seed.picks[0]);
    const column = table && pick(stableColumns(s, table), seed.picks[1]);
    if (!table || !column) return null;
    const next = seed.flag && column.default !== null ? null : (pick(defaultChoices(column.type), seed.picks[2]) ?? null);
    if (JSON.stringify(next) === JSON.stringify(column.default)) return null;
    column.default = next;
    s.touched.add(`${table.key}.${column.name}`);
    return `${table.key}.${column.name} default → ${JSON.stringify(next)}`;
  },

  changeEnumValues(s, seed) {
    const enums = (table: TableSpec) => stableColumns(s, table).filter((c) => c.type.kind === "enum");
    const table = pick(stableTables(s).filter((t) => enums(t).length > 0), seed.picks[0]);
    const column = table && pick(enums(table), seed.picks[1]);
    if (!table || !column || column.type.kind !== "enum") return null;
    const values = column.type.values;
    const defaultValue = column.default?.kind === "literal" ? column.default.value : null;
    // Rows hold the first value: removing it is a data change the evolution does not make.
    const removable = values.slice(1).filter((value) => value !== defaultValue);
    const addable = ENUM_VALUES.filter((value) => !values.includes(value));
    s.touched.add(`${table.key}.${column.name}`);
    if ((seed.flag || addable.length === 0) && removable.length > 0) {
      const removed = [pick(removable, seed.picks[2])!];
      column.type = { ...column.type, values: values.filter((value) => !removed.includes(value)) };
      s.b.acknowledgements.push({ kind: "removeEnumValues", table: table.key, column: column.name, values: removed });
      return `${table.key}.${column.name} remove ${removed.join()}`;
    }
    const added = pick(addable, seed.picks[2]);
    if (added === undefined) return null;
    column.type = { ...column.type, values: [...values, added] };
    return `${table.key}.${column.name} add ${added}`;
  },

  addIndex(s, seed) {
    const table = pick(stableTables(s), seed.picks[0]);
    if (!table) return null;
    const old = s.a.tables.find((candidate) => candidate.key === table.key)!;
    // Only columns whose rows hold distinct values in A, so a unique index can be built.
    const columns = stableColumns(s, table).filter((column) => old.columns.some((c) => c.name === column.name));
    const seeded = indexFromSeed(columns, seed.index, table.scope);
    if (!seeded || table.indexes.some((other) => other.columns.join() === seeded.columns.join())) return null;
    const repeats = seeded.columns.some((column) => s.touched.has(`${table.key}.${column}#repeats`));
    const index = repeats ? { ...seeded, unique: false } : seeded;
    // Re-adding an index this evolution dropped would make no change at all.
    if (s.touched.has(`${table.key}.${index.columns.join(",")}`)) return null;
    if (index.unique && collidesWithUnique(table.columns, index.columns)) return null;
    table.indexes.push(index);
    s.touched.add(`${table.key}.${index.columns.join(",")}`);
    return `${table.key} ${JSON.stringify(index)}`;
  },

  dropIndex(s, seed) {
    const table = pick(stableTables(s), seed.picks[0]);
    if (!table) return null;
    const uniques = stableColumns(s, table).filter((column) => column.unique !== null);
    // Indexes of A only: dropping one this evolution added would make no change at all.
    const old = s.a.tables.find((candidate) => candidate.key === table.key);
    const existing = table.indexes.filter(
      (index) => old?.indexes.some((other) => JSON.stringify(other) === JSON.stringify(index)) && !s.touched.has(`${table.key}.${index.columns.join(",")}`),
    );
    const choices = [...existing.map((index) => ({ index })), ...uniques.map((column) => ({ column }))];
    const choice = pick(choices, seed.picks[1]);
    if (!choice) return null;
    if ("index" in choice) {
      table.indexes = table.indexes.filter((index) => index !== choice.index);
      s.touched.add(`${table.key}.${choice.index.columns.join(",")}`);
      return `${table.key} ${JSON.stringify(choice.index)}`;
    }
    choice.column.unique = null;
    s.touched.add(`${table.key}.${choice.column.name}`);
    return `${table.key}.${choice.column.name} unique`;
  },

  addCheck(s, seed) {
    const candidates = (table: TableSpec) =>
      stableColumns(s, table).filter((c) => CHECKABLE_KINDS.includes(c.type.kind) && !table.checks.some((check) => check.column === c.name));
    const table = pick(stableTables(s).filter((t) => candidates(t).length > 0), seed.picks[0]);
    const column = table && pick(candidates(table), seed.picks[1]);
    if (!table || !column) return null;
    if (seed.flag && !column.check) column.check = true;
    else table.checks.push({ name: `${column.name}_bounds`, column: column.name });
    s.touched.add(`${table.key}.${column.name}`);
    return `${table.key}.${column.name} ${column.check ? "column check" : `${column.name}_bounds`}`;
  },

  dropCheck(s, seed) {
    const table = pick(stableTables(s), seed.picks[0]);
    if (!table) return null;
    const checked = stableColumns(s, table).filter((column) => column.check);
    const existing = table.checks.filter((check) => !s.touched.has(`${table.key}.${check.column}`));
    const choices = [...existing.map((check) => ({ check })), ...checked.map((column) => ({ column }))];
    const choice = pick(choices, seed.picks[1]);
    if (!choice) return null;
    if ("check" in choice) {
      table.checks = table.checks.filter((check) => check !== choice.check);
      s.touched.add(`${table.key}.${choice.check.column}`);
      return `${table.key} ${choice.check.name}`;
    }
    choice.column.check = false;
    s.touched.add(`${table.key}.${choice.column.name}`);
    return `${table.key}.${choice.column.name} column check`;
  },

  addForeignKey(s, seed) {
    // Only to earlier tables (the DSL cannot declare reference cycles: a target must exist first) of
    // the same scope (a tenant row never points at shared data, nor shared data at one tenant).
    const targets = (table: TableSpec) =>
      s.b.tables.slice(0, s.b.tables.indexOf(table)).filter((other) => !s.touched.has(other.key) && other.scope === table.scope);
    const table = pick(stableTables(s).filter((t) => targets(t).length > 0), seed.picks[0]);
    if (!table) return null;
    const target = pick(targets(table), seed.picks[1]);
    if (!target) return null;
    const onDelete = (["SET NULL", "CASCADE"] as ReferentialAction[])[(seed.picks[2] ?? 0) % 2]!;
    const fk = foreignKeyTo(target.key, true, onDelete);
    if (table.belongsTo.some((other) => other.foreignKey === fk.foreignKey) || table.columns.some((c) => c.name === fk.foreignKey)) return null;
    // Re-adding a foreign key this evolution dropped would make no change at all (seed 1327663522).
    if (s.touched.has(`${table.key}.${fk.foreignKey}`)) return null;
    table.belongsTo.push(fk);
    s.touched.add(`${table.key}.${fk.foreignKey}`);
    return `${table.key}.${fk.foreignKey} → ${target.key} ON DELETE ${onDelete}`;
  },

  dropForeignKey(s, seed) {
    // Not one added earlier in this evolution: the two would cancel out and B would equal A.
    const droppable = (table: TableSpec) =>
      table.belongsTo.filter((fk) => !s.touched.has(`${table.key}.${fk.foreignKey}`) && (fk.nullable || !avoids("notNullForeignKeyDown")));
    const table = pick(stableTables(s).filter((t) => droppable(t).length > 0), seed.picks[0]);
    const fk = table && pick(droppable(table), seed.picks[1]);
    if (!table || !fk) return null;
    table.belongsTo = table.belongsTo.filter((other) => other !== fk);
    s.b.acknowledgements.push({ kind: "dropColumn", table: table.key, column: fk.foreignKey });
    s.touched.add(`${table.key}.${fk.foreignKey}`);
    return `${table.key}.${fk.foreignKey} → ${fk.target}`;
  },

  changeTableComment(s, seed) {
    // Any table of B but one this evolution adds (its comment is part of its creation).
    const table = pick(
      s.b.tables.filter((t) => !s.touched.has(`${t.key}#comment`) && s.a.tables.some((old) => old.key === (t.renamedFrom?.from ?? t.key))),
      seed.picks[0],
    );
    if (!table) return null;
    const next = nextComment(table.description, seed);
    if (next === table.description) return null;
    table.description = next;
    s.touched.add(`${table.key}#comment`);
    return `${table.key} → ${JSON.stringify(next)}`;
  },

  changeColumnComment(s, seed) {
    const table = pick(stableTables(s), seed.picks[0]);
    const column = table && pick(stableColumns(s, table), seed.picks[1]);
    if (!table || !column) return null;
    const next = nextComment(column.comment, seed);
    if (next === column.comment) return null;
    column.comment = next;
    s.touched.add(`${table.key}.${column.name}`);
    return `${table.key}.${column.name} → ${JSON.stringify(next)}`;
  },
};

/**
 * The schema a team writes once an evolution has shipped: every one-shot hint removed (renames,
 * `using`, `backfill`, acknowledgements). Emitting it contracts the expand/contract renames B left
 * open (sync triggers, retired columns, compatibility views) and changes nothing else.
 *
 * @example
 * withoutHints(b).tables.every((table) => table.renamedFrom === null) // true
 */
export function withoutHints(b: SchemaSpec): SchemaSpec {
  return {
    ...b,
    acknowledgements: [],
    tables: b.tables.map((table) => ({
      ...table,
      renamedFrom: null,
      columns: table.columns.map((column) => ({ ...column, renamedFrom: null, using: null, backfill: null })),
    })),
  };
}
