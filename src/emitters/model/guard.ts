/**
 * The runtime guard in the emitted models (config `isolation.guard`): each tenant model's file
 * calls the package's `installTenantGuard` on its class at module load, so no model is usable
 * unguarded and the team's code need not remember to install it. Global models get nothing.
 */
import type { TableIR } from "../../ir/types.js";
import { objectLiteral, stringLiteral } from "./code.js";
import type { ModelContext } from "./layout.js";

/** The runtime ships in the package that emitted the models. */
const GUARD_IMPORT = 'import { installTenantGuard } from "tenant-schema";';

/**
 * The attribute the guard of a table's model confines: its tenant attribute as the IR names it;
 * null when the model gets no guard (guard off, or a global table).
 *
 * @example
 * guardedAttribute(tickets, { guard: true, ... }) // "companyId"
 * guardedAttribute(currencies, { guard: true, ... }) // null
 */
export function guardedAttribute(table: TableIR, context: ModelContext): string | null {
  if (!context.guard) return null;
  return table.columns.find((column) => column.role === "tenant")?.name ?? null;
}

/**
 * The import line of the guard, when the table's model installs it.
 *
 * @example
 * guardImports(tickets, context) // ['import { installTenantGuard } from "tenant-schema";']
 */
export function guardImports(table: TableIR, context: ModelContext): string[] {
  return guardedAttribute(table, context) === null ? [] : [GUARD_IMPORT];
}

/**
 * The statement after the class that installs the guard, with a comment saying why it is there.
 * In the "base-and-user" layout it guards the generated base: Sequelize initializes the team's
 * class, which inherits the base's `init`/`initialize`, and the guard adds its hooks to the class
 * being initialized, so the registered model is guarded once and the team's file carries nothing.
 *
 * @example
 * guardInstall(tickets, "Ticket", context)
 * // ["", "/** The runtime guard (config `isolation.guard`): refuses Ticket calls ... *\/", 'installTenantGuard(Ticket, { attribute: "companyId" });']
 */
export function guardInstall(table: TableIR, className: string, context: ModelContext): string[] {
  const attribute = guardedAttribute(table, context);
  if (attribute === null) return [];
  const what = `The runtime guard (config \`isolation.guard\`): refuses ${table.modelName} calls not confined to one \`${attribute}\`.`;
  const comment =
    context.layout === "single"
      ? `/** ${what} */`
      : `/** ${what} Installed on this base, it guards \`${table.modelName}\`, the class Sequelize initializes. */`;
  return ["", comment, `installTenantGuard(${className}, ${objectLiteral([["attribute", stringLiteral(attribute)]])});`];
}
