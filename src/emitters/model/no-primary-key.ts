import type { TableIR } from "../../ir/types.js";
import type { ModelContext } from "./layout.js";

/**
 * Sequelize adds an `id` primary key to a model that declares none (and would then select a column
 * the table lacks), and has no option against it in 5 or 6. A model of a table without a primary
 * key removes that attribute right after sequelize-typescript initialises it: `initialize` in
 * sequelize-typescript 2 (Sequelize 6), `init` in 1.x (Sequelize 5).
 *
 * @example
 * noPrimaryKeyMembers(eventsTable, { target: 6, ... })[0] // "  /** The table has no primary key: ... *\/"
 */
export function noPrimaryKeyMembers(table: TableIR, context: ModelContext): string[] {
  if (table.primaryKey !== null) return [];
  const comment = "  /** The table has no primary key: keep Sequelize from adding an `id` attribute the table does not have. */";
  return context.target === 6
    ? [
        comment,
        "  static override initialize<MS extends ModelStatic<Model>, M extends InstanceType<MS>>(attributes: ModelAttributes, options: InitOptions): MS {",
        "    const model = super.initialize<MS, M>(attributes, options);",
        '    this.removeAttribute("id");',
        "    return model;",
        "  }",
      ]
    : [
        comment,
        "  static override init(attributes: ModelAttributes, options: InitOptions): void {",
        "    super.init(attributes, options);",
        '    this.removeAttribute("id");',
        "  }",
      ];
}

/**
 * The type imports `noPrimaryKeyMembers` needs, as import lines.
 *
 * @example
 * noPrimaryKeyImports(eventsTable, { target: 6, ... }) // ['import type { InitOptions, ModelAttributes } from "sequelize";', 'import type { ModelStatic } from "sequelize-typescript";']
 */
export function noPrimaryKeyImports(table: TableIR, context: ModelContext): string[] {
  if (table.primaryKey !== null) return [];
  return [
    'import type { InitOptions, ModelAttributes } from "sequelize";',
    ...(context.target === 6 ? ['import type { ModelStatic } from "sequelize-typescript";'] : []),
  ];
}
