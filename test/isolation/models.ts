/**
 * Hand-written sequelize-typescript models of test/isolation/schema.ts, shaped like the model
 * emitter's output (`@Table({ tableName, underscored, paranoid })`, a `companyId` attribute on
 * `company_id`, associations with `as`), compiled with tsc for Sequelize 6 and 5 by the model
 * harness. They carry no guard themselves: runtime.test.ts installs it, to test
 * `installTenantGuard` itself (before and after Sequelize initializes them). The emitted models
 * install it on their own (test/emitters/model-guard.test.ts, test/isolation/attack.test.ts).
 */
import path from "node:path";
import type { SequelizeTarget } from "../../src/emitters/types.js";
import type { EmittedFile } from "../../src/emitters/types.js";
import { createWorkspace, runTsc, writeSources, type Workspace } from "../emitters/model/harness.js";

const header = (imports: string[]) =>
  `import { BelongsTo, BelongsToMany, Column, CreatedAt, DataType, DeletedAt, ForeignKey, HasMany, Model, Table, UpdatedAt } from "sequelize-typescript";\n` +
  imports.map((name) => `import { ${name} } from "./${name}";`).join("\n") +
  "\n";

const common = `
  @Column({ type: DataType.INTEGER, allowNull: false, field: "id", primaryKey: true, autoIncrement: true })
  id!: number;

  @Column({ type: DataType.INTEGER, allowNull: false, field: "company_id" })
  companyId!: number;

  @CreatedAt
  createdAt!: Date;

  @UpdatedAt
  updatedAt!: Date;
`;

const deletedAt = `
  @DeletedAt
  deletedAt!: Date | null;
`;

const FILES: EmittedFile[] = [
  {
    path: "User.ts",
    contents: `${header(["Ticket"])}
@Table({ tableName: "users", modelName: "User", underscored: true, paranoid: true, timestamps: true })
export class User extends Model {
${common}${deletedAt}
  @Column({ type: DataType.STRING(255), allowNull: false, field: "email" })
  email!: string;

  @ForeignKey(() => User)
  @Column({ type: DataType.INTEGER, allowNull: true, field: "manager_id" })
  managerId!: number | null;

  @BelongsTo(() => User, { foreignKey: "managerId", as: "manager" })
  manager?: User;

  @HasMany(() => Ticket, { foreignKey: "assigneeId", as: "assignedTickets" })
  assignedTickets?: Ticket[];
}
`,
  },
  {
    path: "Tag.ts",
    contents: `${header(["Ticket", "TicketTag"])}
@Table({ tableName: "tags", modelName: "Tag", underscored: true, paranoid: true, timestamps: true })
export class Tag extends Model {
${common}${deletedAt}
  @Column({ type: DataType.STRING(50), allowNull: false, field: "name" })
  name!: string;

  @BelongsToMany(() => Ticket, { through: () => TicketTag, foreignKey: "tagId", otherKey: "ticketId", as: "tickets" })
  tickets?: Ticket[];
}
`,
  },
  {
    path: "Ticket.ts",
    contents: `${header(["Tag", "TicketTag", "User"])}
@Table({ tableName: "tickets", modelName: "Ticket", underscored: true, paranoid: true, timestamps: true })
export class Ticket extends Model {
${common}${deletedAt}
  @Column({ type: DataType.STRING(255), allowNull: false, field: "subject" })
  subject!: string;

  @Column({ type: DataType.STRING(20), allowNull: false, defaultValue: "open", field: "status" })
  status!: string;

  @ForeignKey(() => User)
  @Column({ type: DataType.INTEGER, allowNull: true, field: "assignee_id" })
  assigneeId!: number | null;

  @BelongsTo(() => User, { foreignKey: "assigneeId", as: "assignee" })
  assignee?: User;

  @BelongsToMany(() => Tag, { through: () => TicketTag, foreignKey: "ticketId", otherKey: "tagId", as: "tags" })
  tags?: Tag[];
}
`,
  },
  {
    path: "TicketTag.ts",
    contents: `${header(["Tag", "Ticket"])}
@Table({ tableName: "ticket_tags", modelName: "TicketTag", underscored: true, paranoid: false, timestamps: true })
export class TicketTag extends Model {
${common}
  @ForeignKey(() => Ticket)
  @Column({ type: DataType.INTEGER, allowNull: false, field: "ticket_id" })
  ticketId!: number;

  @ForeignKey(() => Tag)
  @Column({ type: DataType.INTEGER, allowNull: false, field: "tag_id" })
  tagId!: number;
}
`,
  },
  {
    path: "Company.ts",
    contents: `import { Column, DataType, Model, Table } from "sequelize-typescript";

/** The tenant root: a global table, which the guard must leave alone. */
@Table({ tableName: "companies", modelName: "Company", timestamps: false })
export class Company extends Model {
  @Column({ type: DataType.INTEGER, allowNull: false, field: "id", primaryKey: true, autoIncrement: true })
  id!: number;

  @Column({ type: DataType.TEXT, allowNull: false, field: "name" })
  name!: string;
}
`,
  },
  {
    path: "index.ts",
    contents: `export * from "./Company";
export * from "./Tag";
export * from "./Ticket";
export * from "./TicketTag";
export * from "./User";
import { Company } from "./Company";
import { Tag } from "./Tag";
import { Ticket } from "./Ticket";
import { TicketTag } from "./TicketTag";
import { User } from "./User";

export const models = [Company, Tag, Ticket, TicketTag, User];
`,
  },
];

/** The compiled models of one target, loaded with Node's require from the target's workspace. */
export interface CompiledModels {
  workspace: Workspace;
  /** sequelize-typescript of the target (its `Sequelize` takes `{ models }`). */
  sequelizeTypescript: { Sequelize: new (url: string, options: object) => SequelizeLike };
  /** The model classes: `models` (all) and each by name. */
  module: Record<string, any> & { models: any[] };
  version: string;
}

/** The part of a Sequelize instance the tests use, on both versions. */
export interface SequelizeLike {
  query(sql: string, options?: object): Promise<any>;
  transaction(options: object, callback: (transaction: any) => Promise<unknown>): Promise<unknown>;
  close(): Promise<void>;
}

/**
 * Compiles the models for `target` (tsc --strict, decorators, CommonJS) and loads them.
 *
 * @example
 * const compiled = await compileModels(5); // compiled.module.Ticket, compiled.version "5.22.5"
 */
export async function compileModels(target: SequelizeTarget): Promise<CompiledModels> {
  const workspace = createWorkspace(target);
  writeSources(workspace, FILES);
  const result = await runTsc(workspace, true);
  if (result.status !== 0) {
    workspace.cleanup();
    throw new Error(`the isolation test models do not compile for Sequelize ${target}:\n${result.output}`);
  }
  return {
    workspace,
    sequelizeTypescript: workspace.require("sequelize-typescript"),
    module: workspace.require(path.join(workspace.dir, "out/index.js")),
    version: workspace.require("sequelize/package.json").version as string,
  };
}
