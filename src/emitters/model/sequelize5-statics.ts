/**
 * Typed `create`, `build` and `bulkCreate` for Sequelize 5. Its typings take `values?: object` and
 * sequelize-typescript 1.x adds nothing, so without these a create that forgets the tenant column,
 * sets an enum to a value it does not have, or names an attribute the model lacks compiles. The
 * emitted model redeclares the three statics with the creation attributes: `declare` members are
 * types only (no code is emitted for them, whatever `useDefineForClassFields` says).
 *
 * Each is a pair of signatures. TypeScript checks a class's statics against its base class's (and
 * `typeof Ticket` against `typeof Model` wherever Sequelize asks for a model class): a single
 * generic, `this`-typed signature cannot pass that check, an overload set is compared with its
 * generics erased. The pairs are real ones: `create` mirrors Sequelize 5's own (`returning: false`
 * resolves to void), `build` also takes an array (Sequelize 5 builds each), `bulkCreate` also takes
 * a readonly array (Sequelize 5's own does not).
 */

/** What the declarations import from `sequelize` (types only; the names are reserved for models). */
export const SEQUELIZE5_TYPE_IMPORT =
  'import type { BuildOptions, BulkCreateOptions, CreateOptions, Promise as SequelizePromise } from "sequelize";';

/**
 * The class-body lines that type the three statics of a Sequelize 5 model. `M` is the class the
 * static is called on: a subclass (the team's class in the "base-and-user" layout) gets its own type.
 *
 * @example
 * sequelize5Statics("Ticket", "Ticket")
 * // ["  /** Sequelize 5 types ... *\/", "  declare static create: {", "    <M extends Ticket>(this: { new (): M }, values: TicketCreationAttributes, ...", ...]
 */
export function sequelize5Statics(className: string, modelName: string): string[] {
  const values = `${modelName}CreationAttributes`;
  const self = `<M extends ${className}>(this: { new (): M }`;
  return [
    `  /** Sequelize 5 types these with \`values: object\`: declared here (types only) to take \`${values}\`. */`,
    "  declare static create: {",
    `    ${self}, values: ${values}, options?: CreateOptions): SequelizePromise<M>;`,
    `    ${self}, values: ${values}, options: CreateOptions & { returning: false }): SequelizePromise<void>;`,
    "  };",
    "  declare static build: {",
    `    ${self}, record?: ${values}, options?: BuildOptions): M;`,
    `    ${self}, records: ${values}[], options?: BuildOptions): M[];`,
    "  };",
    "  declare static bulkCreate: {",
    `    ${self}, records: ${values}[], options?: BulkCreateOptions): SequelizePromise<M[]>;`,
    `    ${self}, records: readonly ${values}[], options?: BulkCreateOptions): SequelizePromise<M[]>;`,
    "  };",
  ];
}
