import * as prettier from "prettier";
import { describe, expect, it } from "vitest";
import { emitModels } from "../../src/emitters/model/index.js";
import { RESERVED_MODEL_NAMES } from "../../src/ir/naming.js";
import type { EmittedFile } from "../../src/emitters/types.js";
import { fixtureSchema } from "../fixtures/schema-ir.js";
import { sequelizeProfileSchema, withTenantModel } from "./model/variants.js";

function file(files: EmittedFile[], path: string): string {
  const found = files.find((f) => f.path === path);
  if (found === undefined) throw new Error(`no ${path} in ${files.map((f) => f.path).join(", ")}`);
  return found.contents;
}

/** The class body member that declares `attribute`, decorators included. */
function member(contents: string, attribute: string): string {
  const blocks = contents.split(/\n\s*\n/);
  const block = blocks.find((b) => new RegExp(`^\\s+${attribute}[!?]:`, "m").test(b));
  if (block === undefined) throw new Error(`no member ${attribute}`);
  return block;
}

describe("emitModels", () => {
  it("emits one file per table plus index.ts, deterministically", () => {
    const first = emitModels(fixtureSchema(), { sequelize: 6 });
    const second = emitModels(fixtureSchema(), { sequelize: 6 });
    expect(first.map((f) => f.path)).toEqual(["Currency.ts", "Notification.ts", "Tag.ts", "Ticket.ts", "TicketTag.ts", "User.ts", "index.ts"]);
    expect(second).toEqual(first);
  });

  it('module "esm": sibling imports end in .js; single-valued associations are typed through the file\'s Relation alias', () => {
    const esm = emitModels(withTenantModel(fixtureSchema(), "./Company.js"), { sequelize: 6, module: "esm" });
    const notification = file(esm, "Notification.ts");
    expect(notification).toContain('import { User } from "./User.js";');
    expect(notification).toContain('import { Company } from "./Company.js";');
    expect(notification).toContain("type Relation<T> = T;");
    expect(member(notification, "user")).toContain("user?: Relation<User>;");
    expect(member(notification, "company")).toContain("company?: Relation<Company>;");
    // Arrays already have `Array` as their metadata: unchanged.
    expect(member(file(esm, "User.ts"), "notifications")).toContain("notifications?: Notification[];");
    expect(file(esm, "index.ts")).toContain('export * from "./Notification.js";');
    // A model without belongsTo/hasOne declares no alias it would not use.
    expect(file(esm, "Currency.ts")).not.toContain("Relation");

    const commonjs = emitModels(withTenantModel(fixtureSchema()), { sequelize: 6 });
    expect(file(commonjs, "Notification.ts")).toContain('import { User } from "./User";');
    expect(file(commonjs, "Notification.ts")).not.toContain("Relation");
    expect(member(file(commonjs, "Notification.ts"), "user")).toContain("user?: User;");
    expect(file(commonjs, "index.ts")).toContain('export * from "./Notification";');
  });

  it("uses no module-level name but its models' and RESERVED_MODEL_NAMES (the validator keeps model classes off them)", () => {
    const variants = [
      emitModels(withTenantModel(fixtureSchema(), "./Company.js"), { sequelize: 6, module: "esm", guard: true }),
      emitModels(withTenantModel(sequelizeProfileSchema()), { sequelize: 6 }),
      emitModels(fixtureSchema(), { sequelize: 5 }),
      emitModels(withTenantModel(fixtureSchema()), { sequelize: 5, layout: "base-and-user", exports: "default", guard: true }),
    ];
    const names = new Set<string>();
    for (const emitted of variants.flat()) {
      // Imports from packages (relative imports are the models) and local type aliases.
      for (const [, list] of emitted.contents.matchAll(/^import (?:type )?\{([^}]*)\} from "(?!\.)[^"]+";$/gm)) {
        // `Promise as SequelizePromise` declares `SequelizePromise`.
        for (const name of list!.split(",")) names.add(name.trim().split(/\s+as\s+/).at(-1)!);
      }
      for (const [, name] of emitted.contents.matchAll(/^type (\w+)/gm)) names.add(name!);
    }
    expect(names.size).toBeGreaterThan(10);
    expect([...names].filter((name) => !RESERVED_MODEL_NAMES.includes(name))).toEqual([]);
  });

  it("does not mutate the schema it is given", () => {
    const schema = fixtureSchema();
    emitModels(withTenantModel(schema), { sequelize: 5 });
    expect(schema).toEqual(fixtureSchema());
  });

  it.each([5, 6] as const)("is accepted by prettier (Sequelize %i)", async (target) => {
    for (const emitted of emitModels(withTenantModel(fixtureSchema()), { sequelize: target })) {
      await expect(prettier.format(emitted.contents, { parser: "typescript" })).resolves.toContain("do not edit");
    }
  });

  it("writes an explicit DataType, allowNull and field on every declared column", () => {
    const schema = fixtureSchema();
    const files = emitModels(schema, { sequelize: 6 });
    for (const table of schema.tables) {
      const contents = file(files, `${table.modelName}.ts`);
      for (const column of table.columns.filter((c) => !["createdAt", "updatedAt", "deletedAt"].includes(c.role))) {
        const block = member(contents, column.name);
        expect(block).toContain(`type: DataType.`);
        expect(block).toContain(`allowNull: ${column.nullable}`);
        expect(block).toContain(`field: "${column.field}"`);
      }
    }
  });

  it("maps each column kind to its DataType and TypeScript type", () => {
    const notification = file(emitModels(fixtureSchema(), { sequelize: 6 }), "Notification.ts");
    const expectations: Array<[string, string, string]> = [
      ["title", "DataType.STRING(255)", "title!: string;"],
      ["body", "DataType.TEXT", "body!: string | null;"],
      ["status", "DataType.STRING(255)", 'status!: "unread" | "read";'],
      ["readAt", "DataType.DATE", "readAt!: Date | null;"],
      ["metadata", "DataType.JSONB", "metadata!: { link?: string };"],
      ["priority", "DataType.INTEGER", "priority!: number;"],
      ["score", "DataType.DOUBLE", "score!: number | null;"],
      ["externalId", "DataType.UUID", "externalId!: string | null;"],
      ["sequence", "DataType.BIGINT", "sequence!: string;"],
      ["deliverOn", "DataType.DATEONLY", "deliverOn!: string | null;"],
      ["cost", "DataType.DECIMAL(12, 2)", "cost!: string;"],
      ["labels", "DataType.ARRAY(DataType.STRING(50))", "labels!: string[];"],
    ];
    for (const [attribute, dataType, declaration] of expectations) {
      const block = member(notification, attribute);
      expect(block).toContain(`type: ${dataType},`);
      expect(block).toContain(declaration);
    }
    expect(member(notification, "status")).toContain('validate: { isIn: [["unread", "read"]] }');
    expect(member(notification, "externalId")).toContain('defaultValue: Sequelize.literal("gen_random_uuid()")');
    expect(notification).toMatch(/^import \{[^}]*\bSequelize\b[^}]*\} from "sequelize-typescript";$/m);
    expect(notification).not.toMatch(/^import \{[^}]*\} from "sequelize";$/m);
    expect(member(notification, "metadata")).toContain("defaultValue: {}");
    expect(member(notification, "id")).toContain("primaryKey: true, autoIncrement: true");
  });

  it("leaves timestamps to Sequelize with @CreatedAt/@UpdatedAt/@DeletedAt", () => {
    const files = emitModels(fixtureSchema(), { sequelize: 6 });
    const notification = file(files, "Notification.ts");
    expect(member(notification, "createdAt")).toMatch(/@CreatedAt\n\s+createdAt!: Date;/);
    expect(member(notification, "updatedAt")).toMatch(/@UpdatedAt\n\s+updatedAt!: Date;/);
    expect(member(notification, "deletedAt")).toMatch(/@DeletedAt\n\s+deletedAt!: Date \| null;/);
    // The junction is not paranoid: no @DeletedAt, which would turn paranoid on.
    expect(file(files, "TicketTag.ts")).not.toContain("DeletedAt");
    expect(file(files, "TicketTag.ts")).toContain("paranoid: false");
  });

  it("declares a timestamp column whose name underscored would not derive", () => {
    const schema = fixtureSchema();
    const createdAt = schema.tables[1]!.columns.find((c) => c.role === "createdAt")!;
    createdAt.field = "inserted_at";
    const block = member(file(emitModels(schema, { sequelize: 6 }), "Notification.ts"), "createdAt");
    expect(block).toContain('@Column({ type: DataType.DATE, field: "inserted_at" })');
  });

  it("types Sequelize 6 models with attribute interfaces and creation optionals", () => {
    const notification = file(emitModels(fixtureSchema(), { sequelize: 6 }), "Notification.ts");
    expect(notification).toContain("export class Notification extends Model<NotificationAttributes, NotificationCreationAttributes> {");
    const creation = notification.match(/NotificationCreationAttributes extends Optional<NotificationAttributes, (.*)> \{\}/);
    const optional = creation?.[1]?.split(" | ").map((key) => JSON.parse(key) as string);
    // Required on create: exactly the NOT NULL columns without a default.
    expect(optional?.sort()).toEqual(
      ["body", "cost", "createdAt", "deletedAt", "deliverOn", "externalId", "id", "labels", "metadata", "priority", "readAt", "score", "sequence", "status", "updatedAt"].sort(),
    );
  });

  it("uses the self-referencing Model<X> generic for Sequelize 5", () => {
    const notification = file(emitModels(fixtureSchema(), { sequelize: 5 }), "Notification.ts");
    expect(notification).toContain("export class Notification extends Model<Notification> {");
    expect(notification).not.toContain("Optional");
  });

  it("writes foreign keys and every association kind", () => {
    const files = emitModels(fixtureSchema(), { sequelize: 6 });
    expect(member(file(files, "Notification.ts"), "userId")).toContain("@ForeignKey(() => User)");
    expect(file(files, "Notification.ts")).toContain('@BelongsTo(() => User, { foreignKey: "userId", as: "user" })\n  user?: User;');
    expect(file(files, "User.ts")).toContain('@HasMany(() => Notification, { foreignKey: "userId", as: "notifications" })\n  notifications?: Notification[];');
    expect(file(files, "Ticket.ts")).toContain(
      '@BelongsToMany(() => Tag, { through: () => TicketTag, foreignKey: "ticketId", otherKey: "tagId", as: "tags" })\n  tags?: Tag[];',
    );
    expect(file(files, "Ticket.ts")).toContain('import { TicketTag } from "./TicketTag";');
    expect(member(file(files, "TicketTag.ts"), "tagId")).toContain("@ForeignKey(() => Tag)");
  });

  it("writes hasOne associations", () => {
    const schema = fixtureSchema();
    schema.tables[5]!.associations.push({ kind: "hasOne", as: "latestTicket", target: "tickets", targetModel: "Ticket", foreignKey: "assigneeId" });
    expect(file(emitModels(schema, { sequelize: 5 }), "User.ts")).toContain(
      '@HasOne(() => Ticket, { foreignKey: "assigneeId", as: "latestTicket" })\n  latestTicket?: Ticket;',
    );
  });

  it("keeps companyId a plain column without a tenant model", () => {
    const user = file(emitModels(fixtureSchema(), { sequelize: 6 }), "User.ts");
    expect(member(user, "companyId")).not.toContain("@ForeignKey");
    expect(user).not.toContain("Company");
  });

  it("associates tenant tables with the configured tenant model, imported from its path", () => {
    const files = emitModels(withTenantModel(fixtureSchema()), { sequelize: 6 });
    const user = file(files, "User.ts");
    expect(user).toContain('import { Company } from "./Company";');
    expect(member(user, "companyId")).toContain("@ForeignKey(() => Company)");
    expect(user).toContain('@BelongsTo(() => Company, { foreignKey: "companyId", as: "company" })\n  company?: Company;');
    // A global table has no tenant column, hence no tenant association.
    expect(file(files, "Currency.ts")).not.toContain("Company");
    expect(file(files, "Currency.ts")).not.toContain("companyId");
    expect(file(files, "index.ts")).not.toContain("Company");
  });

  it("names tables and columns of the \"sequelize\" profile as declared", () => {
    const files = emitModels(sequelizeProfileSchema(), { sequelize: 6 });
    const notification = file(files, "Notification.ts");
    expect(notification).toContain('tableName: "Notifications"');
    expect(notification).toContain("underscored: false");
    expect(member(notification, "readAt")).toContain('field: "readAt"');
    expect(file(emitModels(fixtureSchema(), { sequelize: 6 }), "Notification.ts")).toContain("underscored: true");
  });

  it("exports every model and a models array from index.ts", () => {
    const index = file(emitModels(fixtureSchema(), { sequelize: 6 }), "index.ts");
    expect(index).toContain('export * from "./TicketTag";');
    expect(index).toContain("export const models = [Currency, Notification, Tag, Ticket, TicketTag, User];");
  });

  it("escapes descriptions and comments", () => {
    const schema = fixtureSchema();
    schema.tables[1]!.description = 'Says "hi" */ and more';
    const notification = file(emitModels(schema, { sequelize: 6 }), "Notification.ts");
    expect(notification).toContain('comment: "Says \\"hi\\" */ and more"');
    expect(notification).toContain('/** Says "hi" *\\/ and more */');
  });

  it.each([5, 6] as const)("matches the Notification snapshot (Sequelize %i)", async (target) => {
    const notification = file(emitModels(withTenantModel(fixtureSchema()), { sequelize: target }), "Notification.ts");
    await expect(notification).toMatchFileSnapshot(`./model/__snapshots__/Notification.v${target}.ts.snap`);
  });
});
