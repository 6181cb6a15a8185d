import type { Operation } from "../../../diff/operations.js";
import type { TableIR } from "../../../ir/types.js";
import { isCreated, tableByName, type DocContext } from "../context.js";
import type { ExistingModelChange } from "../facts.js";
import { blocks, code, heading, table } from "../markdown.js";
import { lockOf } from "../../../plan/lock.js";
import { riskLevelOf } from "../../../plan/risk.js";
import { operationText, riskText } from "../messages/operation-text.js";
import { longLists } from "../long-lists.js";

/**
 * "Changes to Existing Models": one row per operation on a table the change set does not create
 * (with its lock and risk), then the effects of created tables on existing models (the new foreign
 * keys pointing at the tenant root are counted in the cell and listed after the table).
 *
 * @example
 * existingModelsSection(ctx) // "## Alterações em Models Existentes\n\n| Model | ..."
 */
export function existingModelsSection(ctx: DocContext): string {
  const { m } = ctx;
  const ops = ctx.operations.map((o) => o.op);
  const operationRows = ops
    .filter((op) => op.kind !== "createTable" && !isCreated(ctx, op.table.tableName))
    .map((op) => {
      const level = riskLevelOf(op, ctx.createdNames);
      return [
        `${code(op.table.modelName)} (${code(op.table.tableName)})`,
        operationText(m.changes, op, code),
        m.changes.lock(lockOf(op, ctx.createdNames), code),
        `${m.changes.level[level]}: ${riskText(m.changes, op, code)}`,
      ];
    });
  const effects = mergeReferences(ops.flatMap((op) => existingModelChanges(ctx, op)));
  const lists = longLists(m);
  const effectRows = effects.map((c) => {
    const text = m.existing.change(c, code, lists.list);
    return [code(c.model), text.change, text.lock, text.risk];
  });
  const rows = [...operationRows, ...effectRows];
  return blocks([heading(2, m.headings.existingModels), rows.length === 0 ? m.none : table(m.existing.header, rows), lists.details()]);
}

/**
 * What creating a table changes on models that already exist (other operations are rows of
 * their own).
 *
 * @example
 * existingModelChanges(ctx, { kind: "createTable", table: tickets }) // [{ kind: "referencedBy", model: "User", ... }, ...]
 */
export function existingModelChanges(ctx: DocContext, op: Operation): ExistingModelChange[] {
  return op.kind === "createTable" ? [...referencedBy(ctx, op.table), ...inverseAssociations(ctx, op.table)] : [];
}

function referencedBy(ctx: DocContext, created: TableIR): ExistingModelChange[] {
  const { tenant } = ctx.input.schema;
  return created.foreignKeys
    .filter((f) => !isCreated(ctx, f.referencedTable))
    .map((f) => ({
      kind: "referencedBy" as const,
      model:
        f.referencedTable === tenant.tableName
          ? (tenant.model?.name ?? f.referencedTable)
          : (tableByName(ctx, f.referencedTable)?.modelName ?? f.referencedTable),
      table: f.referencedTable,
      references: [`${created.tableName}.${f.columns.join(", ")}`],
    }));
}

/** An existing model's association to a table that did not exist before can only be new. */
function inverseAssociations(ctx: DocContext, created: TableIR): ExistingModelChange[] {
  return ctx.input.schema.tables
    .filter((t) => !isCreated(ctx, t.tableName))
    .flatMap((t) =>
      t.associations
        .filter((a) => a.target === created.key)
        .map((association) => ({ kind: "inverseAssociation" as const, model: t.modelName, association })),
    );
}

/** One row per referenced table, however many new foreign keys point at it: it is locked once per migration. */
function mergeReferences(changes: ExistingModelChange[]): ExistingModelChange[] {
  const merged: ExistingModelChange[] = [];
  for (const change of changes) {
    const previous =
      change.kind === "referencedBy"
        ? merged.find((c): c is Extract<ExistingModelChange, { kind: "referencedBy" }> => c.kind === "referencedBy" && c.table === change.table)
        : undefined;
    if (previous && change.kind === "referencedBy") previous.references.push(...change.references);
    else merged.push(change.kind === "referencedBy" ? { ...change, references: [...change.references] } : change);
  }
  return merged;
}
