/**
 * Changes made while an expand/contract rename is still open: between the emit that expands (B)
 * and the one that contracts, the team keeps working on the same tables with the rename hints in
 * place. B′ is B without its one-shot hints, plus up to two random changes that leave alone what is
 * in transition (the renamed columns under either name; a renamed table as a whole, since its
 * compatibility view blocks column drops and retypes by design).
 */
import fc from "fast-check";
import { applyChanges, changeSeedArb, changeSeedsArb, type ChangeKind, type ChangeSeed, type Evolution } from "./changes.js";
import type { SchemaSpec, TableSpec } from "./spec.js";

/** The seeds of one evolution A → B, and of the changes made to B while its transitions are open. */
export interface EvolutionSeeds {
  seeds: ChangeSeed[];
  during: ChangeSeed[];
}

const RENAMES: readonly ChangeKind[] = ["renameColumn", "renameTable"];

/** At most this many changes are made during the transition (see applyDuringTransition). */
const MAX_DURING = 2;

/**
 * Half the cases open a transition for sure (an expand/contract rename first, then the usual 1–3
 * changes) and bring 1–4 `during` seeds; the other half are the usual evolutions, with 0–2
 * `during` seeds that only run when B happens to open a transition.
 *
 * @example
 * fc.sample(evolutionSeedsArb(CHANGE_KINDS), 1)[0]!.during.length // 0 to 4 (at most 2 apply)
 */
export function evolutionSeedsArb(kinds: readonly ChangeKind[]): fc.Arbitrary<EvolutionSeeds> {
  const usual = fc.record({ seeds: changeSeedsArb(kinds), during: fc.array(changeSeedArb(kinds), { maxLength: MAX_DURING }) });
  const renames = kinds.filter((kind) => RENAMES.includes(kind));
  if (renames.length === 0) return usual;
  // Mostly a column's: it leaves the rest of its table open to changes, a renamed table nothing of itself.
  const opening = changeSeedArb(renames.includes("renameColumn") ? [...renames, "renameColumn", "renameColumn"] : renames).map(
    (seed): ChangeSeed => ({ ...seed, flag: false }), // flag false: the expand-contract strategy.
  );
  const midTransition = fc
    .record({ opening, seeds: changeSeedsArb(kinds), during: fc.array(changeSeedArb(kinds), { minLength: 1, maxLength: 4 }) })
    .map(({ opening: first, seeds, during }) => ({ seeds: [first, ...seeds], during }));
  return fc.oneof(usual, midTransition);
}

/**
 * B′: B as the team keeps declaring it after the expand emit (one-shot hints gone, expand/contract
 * rename hints kept), with the `during` seeds applied until two changes took. Many seeds find no
 * target when the transition holds most of a small schema; the next seed then tries instead.
 * `a` tells which columns of B hold A's rows unchanged (distinct values) and which were filled
 * from one default.
 *
 * @example
 * applyDuringTransition(a, b, seeds).applied // ["addIndex accounts {...}"]
 */
export function applyDuringTransition(a: SchemaSpec, b: SchemaSpec, seeds: readonly ChangeSeed[]): Evolution {
  const open = withoutOneShotHints(b);
  const held = [...heldByTransitions(open), ...repeatingColumns(a, b)];
  for (let count = 1; count < seeds.length; count += 1) {
    const evolution = applyChanges(open, seeds.slice(0, count), held);
    if (evolution.applied.length >= MAX_DURING) return evolution;
  }
  return applyChanges(open, seeds, held);
}

/**
 * B after its emit: `using`, `backfill`, acknowledgements and direct renames removed (they did
 * their work once); expand/contract renames keep their `renamedFrom` until the contract.
 *
 * @example
 * withoutOneShotHints(b).acknowledgements // []
 */
export function withoutOneShotHints(b: SchemaSpec): SchemaSpec {
  const keepOpen = <T extends { renamedFrom: TableSpec["renamedFrom"] }>(item: T): T["renamedFrom"] =>
    item.renamedFrom?.strategy === "expand-contract" ? item.renamedFrom : null;
  return {
    ...b,
    acknowledgements: [],
    tables: b.tables.map((table) => ({
      ...table,
      renamedFrom: keepOpen(table),
      columns: table.columns.map((column) => ({ ...column, renamedFrom: keepOpen(column), using: null, backfill: null })),
    })),
  };
}

/** What the open transitions hold, as `applyChanges` marks what a change touched. */
function heldByTransitions(spec: SchemaSpec): string[] {
  return spec.tables.flatMap((table) => {
    if (table.renamedFrom !== null) return [table.key, table.renamedFrom.from, `${table.key}#comment`];
    const renamed = table.columns.flatMap((column) => (column.renamedFrom === null ? [] : [column.name, column.renamedFrom.from]));
    const indexes = table.indexes.filter((index) => index.columns.some((column) => renamed.includes(column)));
    return [...renamed, ...indexes.map((index) => index.columns.join(","))].map((name) => `${table.key}.${name}`);
  });
}

/**
 * Columns of B whose rows may hold one value twice: added by B (filled from a default) or made
 * NOT NULL (NULLs filled from the default). Only A's own values are known to be distinct.
 */
function repeatingColumns(a: SchemaSpec, b: SchemaSpec): string[] {
  return b.tables.flatMap((table) => {
    const before = a.tables.find((old) => old.key === (table.renamedFrom?.from ?? table.key));
    if (!before) return []; // Added by B: no rows.
    return table.columns
      .filter((column) => {
        const old = before.columns.find((candidate) => candidate.name === (column.renamedFrom?.from ?? column.name));
        return old === undefined || (old.nullable && !column.nullable);
      })
      .map((column) => `${table.key}.${column.name}#repeats`);
  });
}
