/**
 * Which feature (schema file) each pulled table goes into: what a person would group. A table
 * whose name starts with another table's singular (TicketTags, TicketHistory → Tickets) and that
 * references it joins that table's feature; every other table is a feature of its own, named after
 * its key. A `--feature` map (table name → feature) overrides both.
 */
import { singularOf } from "../ir/naming.js";
import type { TableIR } from "../ir/types.js";

/**
 * @example
 * groupFeatures(tables, {}).get("TicketTags") // "tickets"
 */
export function groupFeatures(tables: readonly TableIR[], overrides: Readonly<Record<string, string>>): Map<string, string> {
  const byName = new Map(tables.map((table) => [table.tableName, table]));
  const parentOf = (table: TableIR): TableIR | null => {
    const candidates = table.foreignKeys
      .map((fk) => byName.get(fk.referencedTable))
      .filter((target): target is TableIR => target !== undefined && target !== table)
      .filter((target) => table.key.startsWith(singularOf(target.key)) && table.key !== target.key);
    // The longest matching prefix: TicketTagNotes belongs with TicketTags rather than Tickets.
    return candidates.sort((a, b) => singularOf(b.key).length - singularOf(a.key).length)[0] ?? null;
  };
  const features = new Map<string, string>();
  const featureOf = (table: TableIR, seen: Set<TableIR>): string => {
    const override = overrides[table.tableName];
    if (override !== undefined) return override;
    const parent = parentOf(table);
    if (parent === null || seen.has(parent)) return table.key;
    return featureOf(parent, new Set([...seen, table]));
  };
  for (const table of tables) features.set(table.tableName, featureOf(table, new Set([table])));
  return features;
}
