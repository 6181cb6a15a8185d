/**
 * A spec as real DSL tables (defineTenantTable / defineGlobalTable / t / belongsTo / index / check /
 * describe / comment, called untyped since
 * the shapes are only known at run time) and then as IR through `toSchemaIR`.
 *
 * Evolution hints (`renamedFrom`, `using`, `backfill`, `acknowledgeDataLoss`) go through the DSL
 * when it offers them; otherwise they are written into the IR exactly where `toSchemaIR` would put
 * them, so the property test runs while the DSL for them is still being built.
 */
import * as dsl from "../../../src/index.js";
import { resolveConfig } from "../../../src/config/define-config.js";
import { applyIsolation } from "../../../src/isolation/apply.js";
import type { AcknowledgementIR, ColumnIR, SchemaIR, TableIR } from "../../../src/ir/types.js";
import { standardCheck, type ColumnSpec, type ExprSpec, type SchemaSpec, type TableSpec } from "./spec.js";

/* eslint-disable @typescript-eslint/no-explicit-any -- the DSL is driven with run-time shapes. */
type Loose = any;
const api = dsl as Loose;

/**
 * A `sql` fragment from an expression; `refs` maps attribute names to column refs.
 *
 * @example
 * fragment({ parts: ["", " >= 0"], refs: ["amount"] }, c) // sql`${c.amount} >= 0`
 */
export function fragment(expr: ExprSpec, refs: Record<string, unknown>, self?: unknown): dsl.SqlFragment {
  const strings = Object.assign([...expr.parts], { raw: [...expr.parts] }) as unknown as TemplateStringsArray;
  return dsl.sql(strings, ...(expr.refs.map((ref) => (ref === null ? self : refs[ref])) as dsl.SqlValue[]));
}

function columnBuilder(column: ColumnSpec): Loose {
  const type = column.type;
  let builder: Loose;
  switch (type.kind) {
    case "string":
      builder = dsl.t.string(type.length);
      break;
    case "decimal":
      builder = dsl.t.decimal(type.precision, type.scale);
      break;
    case "enum":
      builder = (dsl.t.enum as Loose)(type.values, { length: type.length });
      break;
    case "jsonb":
      builder = dsl.t.jsonb();
      break;
    case "array":
      builder = dsl.t.array(columnBuilder({ ...column, type: type.element, nullable: false, default: null, unique: null, check: false, comment: null, renamedFrom: null, using: null, backfill: null }));
      break;
    default:
      builder = (dsl.t as Loose)[type.kind]();
  }
  if (column.nullable) builder = builder.nullable();
  if (column.default) {
    builder = builder.default(column.default.kind === "literal" ? column.default.value : fragment(column.default.expr, {}));
  }
  if (column.unique) builder = builder.unique({ scope: column.unique });
  if (column.check) builder = builder.check((self: unknown) => fragment(standardCheck(type, null), {}, self));
  if (column.comment !== null) builder = builder.comment(column.comment);
  if (column.renamedFrom && typeof builder.renamedFrom === "function") {
    builder = builder.renamedFrom(column.renamedFrom.from, { strategy: column.renamedFrom.strategy });
  }
  return builder;
}

function tableBuilders(spec: SchemaSpec): Loose[] {
  const built = new Map<string, Loose>();
  // Targets first: belongsTo needs the target's builder (its key and scope).
  const pending = [...spec.tables];
  while (pending.length > 0) {
    const index = pending.findIndex((table) => table.belongsTo.every((fk) => built.has(fk.target) || fk.target === table.key || !spec.tables.some((t) => t.key === fk.target)));
    const table = pending.splice(index === -1 ? 0 : index, 1)[0]!;
    built.set(table.key, tableBuilder(table, built));
  }
  return spec.tables.map((table) => built.get(table.key));
}

function tableBuilder(table: TableSpec, built: ReadonlyMap<string, Loose>): Loose {
  const columns = Object.fromEntries(table.columns.map((column) => [column.name, columnBuilder(column)]));
  let builder: Loose =
    table.scope === "global"
      ? (dsl.defineGlobalTable as Loose)(table.key, columns, { reason: GLOBAL_REASON })
      : (dsl.defineTenantTable as Loose)(table.key, columns);
  builder = builder.feature(table.feature);
  if (table.description !== null) builder = builder.describe(table.description);
  for (const fk of table.belongsTo) {
    builder = builder.belongsTo(built.get(fk.target) ?? fk.target, { as: fk.as, foreignKey: fk.foreignKey, nullable: fk.nullable, onDelete: fk.onDelete });
  }
  for (const index of table.indexes) {
    const first = index.columns[0]!;
    builder = builder.index(index.columns, {
      unique: index.unique,
      method: index.method,
      ...(index.where === null
        ? {}
        : {
            where: (c: Record<string, unknown>) =>
              fragment(index.where === "notDeleted" ? { parts: ["", " IS NULL"], refs: ["deletedAt"] } : { parts: ["", " IS NOT NULL"], refs: [first] }, c),
          }),
    });
  }
  for (const check of table.checks) {
    const column = table.columns.find((c) => c.name === check.column)!;
    builder = builder.check(check.name, (c: Record<string, unknown>) => fragment(standardCheck(column.type, check.column), c));
  }
  // The table forms of the hints: their callback gets every column of the table (checked names).
  for (const column of table.columns) {
    if (column.using && typeof builder.using === "function") {
      const using = column.using;
      builder = builder.using(column.name, (c: Record<string, unknown>) => fragment(using, c, c[column.name]));
    }
    if (column.backfill && typeof builder.backfill === "function") {
      const backfill = column.backfill;
      builder = builder.backfill(column.name, (c: Record<string, unknown>) => fragment(backfill, c, c[column.name]));
    }
  }
  if (table.renamedFrom && typeof builder.renamedFrom === "function") {
    builder = builder.renamedFrom(table.renamedFrom.from, { strategy: table.renamedFrom.strategy });
  }
  return builder;
}

const REASON = "Generated by the property test; the data is disposable";
const GLOBAL_REASON = "Reference data shared by every tenant (property test)";

/**
 * The IR `toSchemaIR` builds from the spec's DSL tables (with the spec's acknowledgements).
 *
 * @example
 * specToIR(spec).tables.map((t) => t.tableName) // ["accounts", "projects"]
 */
export function specToIR(spec: SchemaSpec): SchemaIR {
  const config = resolveConfig({ naming: spec.naming }, process.cwd(), null);
  const tables = tableBuilders(spec);
  const acknowledge = api.acknowledgeDataLoss as ((target: unknown, reason: string) => unknown) | undefined;
  const acknowledgements = acknowledge
    ? spec.acknowledgements.map((ack) =>
        acknowledge(
          ack.kind === "dropTable"
            ? { dropTable: ack.table }
            : ack.kind === "dropColumn"
              ? { dropColumn: `${ack.table}.${ack.column}` }
              : { removeEnumValues: `${ack.table}.${ack.column}`, values: ack.values },
          REASON,
        ),
      )
    : [];
  const ir = (dsl.toSchemaIR as Loose)(tables, config, acknowledgements) as SchemaIR;
  // As the CLI builds it (declared-schema.ts): the config's isolation layers applied, so composite
  // tenant keys (on by default) evolve up and down like everything else.
  return applyIsolation(withHintsInIR(ir, spec, acknowledge !== undefined), config.isolation);
}

/** Fills in the hints the DSL did not (yet) record, as `toSchemaIR` would. */
function withHintsInIR(ir: SchemaIR, spec: SchemaSpec, acknowledgedByDsl: boolean): SchemaIR {
  const tables = ir.tables.map((table): TableIR => {
    const tableSpec = spec.tables.find((candidate) => candidate.key === table.key);
    if (!tableSpec) return table;
    const fieldOf = (attribute: string | null, self: ColumnIR): string =>
      attribute === null ? self.field : (table.columns.find((column) => column.name === attribute)?.field ?? attribute);
    const render = (expr: ExprSpec, self: ColumnIR): string =>
      expr.parts.reduce((text, part, index) => text + part + (index < expr.refs.length ? `"${fieldOf(expr.refs[index] ?? null, self)}"` : ""), "");
    const columns = table.columns.map((column): ColumnIR => {
      const columnSpec = tableSpec.columns.find((candidate) => candidate.name === column.name);
      if (!columnSpec) return column;
      return {
        ...column,
        renamedFrom: column.renamedFrom ?? columnSpec.renamedFrom,
        using: column.using ?? (columnSpec.using ? render(columnSpec.using, column) : null),
        backfill: column.backfill ?? (columnSpec.backfill ? render(columnSpec.backfill, column) : null),
      };
    });
    return { ...table, renamedFrom: table.renamedFrom ?? tableSpec.renamedFrom, columns };
  });
  const acknowledgements: AcknowledgementIR[] = acknowledgedByDsl
    ? ir.acknowledgements
    : spec.acknowledgements.map((ack) => ({ ...ack, reason: REASON, source: null }));
  return { ...ir, tables, acknowledgements };
}
