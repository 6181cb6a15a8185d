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
      operations.push({ kind: "createEnumType", table: first.table, name, values: type.values });
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
    const last = type.uses.at(-1)!;
    // Named as it is after this change when the table stays (its operations carry it that way).
    const table = next.tables.find((candidate) => candidate.key === last.table.key) ?? last.table;
    operations.push({ kind: "dropEnumType", table, name, values: type.values });
  }
  return { operations, issues };
}
