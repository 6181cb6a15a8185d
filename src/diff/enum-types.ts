/**
 * PostgreSQL ENUM types of adopted tables (`t.pgEnum`) are schema objects of their own: created
 * with the first column that uses one, dropped with the last, and evolved by ADD VALUE. PostgreSQL
 * cannot remove or reorder values, so such a change is refused with the way out.
 */
import type { SchemaIR, SchemaIssue, TableIR } from "../ir/types.js";
import type { EnumColumnUse, Operation } from "./operations.js";

interface EnumType {
  values: string[];
  uses: { table: TableIR; use: EnumColumnUse }[];
}

/** Every PostgreSQL ENUM type of a schema by name, with the columns using it (in schema order). */
function enumTypes(schema: SchemaIR): Map<string, EnumType> {
  const types = new Map<string, EnumType>();
  for (const table of schema.tables) {
    for (const column of table.columns) {
      if (column.type.kind !== "pgEnum") continue;
      const found = types.get(column.type.name) ?? { values: column.type.values, uses: [] };
      found.uses.push({ table, use: { tableName: table.tableName, column } });
      types.set(column.type.name, found);
    }
  }
  return types;
}

/**
 * The column whose table creates (or drops) a type: the first (or last), in schema order, whose
 * feature does not reach the feature of another column using the type through foreign keys.
 * Features are created in foreign-key order and dropped in the reverse one, so the type then exists
 * before every table that uses it and goes after them, and a type shared by tables that reference
 * each other (Tickets and Messages, Messages → Tickets) makes no cycle.
 */
function anchorOf(type: EnumType, schema: SchemaIR, prefer: "first" | "last"): EnumType["uses"][number] {
  const byName = new Map(schema.tables.map((table) => [table.tableName, table]));
  const edges = new Map<string, Set<string>>();
  for (const table of schema.tables) {
    for (const fk of table.foreignKeys) {
      const target = byName.get(fk.referencedTable);
      if (target !== undefined && target.feature !== table.feature) edges.set(table.feature, (edges.get(table.feature) ?? new Set()).add(target.feature));
    }
  }
  const reaches = (from: string, to: ReadonlySet<string>): boolean => {
    const seen = new Set<string>();
    const stack = [...(edges.get(from) ?? [])];
    for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
      if (to.has(next)) return true;
      if (seen.has(next)) continue;
      seen.add(next);
      stack.push(...(edges.get(next) ?? []));
    }
    return false;
  };
  const features = new Set(type.uses.map((use) => use.table.feature));
  const others = (feature: string) => new Set([...features].filter((other) => other !== feature));
  const uses = prefer === "first" ? type.uses : [...type.uses].reverse();
  return uses.find((use) => !reaches(use.table.feature, others(use.table.feature))) ?? uses[0]!;
}

/** Whether `after` keeps every value of `before`, in the same order (what ADD VALUE can reach). */
function onlyAdds(before: readonly string[], after: readonly string[]): boolean {
  const kept = after.filter((value) => before.includes(value));
  return kept.length === before.length && kept.every((value, i) => value === before[i]);
}

/**
 * The ENUM type operations between two schemas, and the changes PostgreSQL cannot make.
 *
 * @example
 * enumTypeChanges(snapshot, declared).operations.map((op) => op.kind) // ["createEnumType", "addEnumValue"]
 */
export function enumTypeChanges(previous: SchemaIR, next: SchemaIR): { operations: Operation[]; issues: SchemaIssue[] } {
  const before = enumTypes(previous);
  const after = enumTypes(next);
  const operations: Operation[] = [];
  const issues: SchemaIssue[] = [];
  for (const [name, type] of after) {
    const first = type.uses[0]!;
    const old = before.get(name);
    if (old === undefined) {
      operations.push({ kind: "createEnumType", table: anchorOf(type, next, "first").table, name, values: type.values });
      continue;
    }
    if (JSON.stringify(old.values) === JSON.stringify(type.values)) continue;
    if (!onlyAdds(old.values, type.values)) {
      const removed = old.values.filter((value) => !type.values.includes(value));
      issues.push({
        code: "enum-type-values",
        message: `PostgreSQL ENUM type '${name}' ${removed.length > 0 ? `loses ${removed.map((v) => JSON.stringify(v)).join(", ")}` : "reorders its values"}: PostgreSQL cannot drop or reorder the values of an ENUM type (only ADD VALUE). Keep the values (new ones may be added anywhere), or move the column to another type: a new t.pgEnum(...) name with .using(sql\`...\`), or t.enum(...) with .using(sql\`...::text\`)`,
        table: first.table.key,
        source: first.use.column.source ?? first.table.source,
      });
      continue;
    }
    const added = type.values.filter((value) => !old.values.includes(value));
    issues.push(...newValueDefaults(previous, type, name, added));
    let current = [...old.values];
    type.values.forEach((value, index) => {
      if (current.includes(value)) return;
      const previousValue = type.values[index - 1];
      const nextExisting = type.values.slice(index + 1).find((candidate) => current.includes(candidate));
      const position = previousValue !== undefined ? { after: previousValue } : nextExisting !== undefined ? { before: nextExisting } : null;
      operations.push({ kind: "addEnumValue", table: first.table, name, value, position, previous: current, columns: type.uses.map((u) => u.use) });
      const at = previousValue === undefined ? 0 : current.indexOf(previousValue) + 1;
      current = [...current.slice(0, at), value, ...current.slice(at)];
    });
  }
  for (const [name, type] of before) {
    if (after.has(name)) continue;
    // Dropped after every table using it: by the feature the others reference (their drops run first).
    const last = anchorOf(type, previous, "last");
    // Named as it is after this change when the table stays (its operations carry it that way).
    const table = next.tables.find((candidate) => candidate.key === last.table.key) ?? last.table;
    operations.push({ kind: "dropEnumType", table, name, values: type.values });
  }
  return { operations, issues };
}

/**
 * A value added by this change commits in its second migration (ADD VALUE runs outside a
 * transaction): a column default that starts using it in the same change would run first and fail.
 */
function newValueDefaults(previous: SchemaIR, type: EnumType, name: string, added: readonly string[]): SchemaIssue[] {
  return type.uses.flatMap(({ table, use }) => {
    const value = use.column.default?.kind === "literal" ? use.column.default.value : null;
    if (typeof value !== "string" || !added.includes(value)) return [];
    const before = previous.tables.find((t) => t.key === table.key)?.columns.find((c) => c.name === use.column.name);
    if (before !== undefined && JSON.stringify(before.default) === JSON.stringify(use.column.default)) return [];
    return [
      {
        code: "enum-type-new-value-default",
        message: `column '${use.column.name}' of table '${table.key}' defaults to '${value}', which this change adds to the PostgreSQL ENUM type '${name}': a new value can be used only once ADD VALUE has committed, in a later migration. Add the value first (emit), then use it as the default`,
        table: table.key,
        source: use.column.source ?? table.source,
      },
    ];
  });
}
