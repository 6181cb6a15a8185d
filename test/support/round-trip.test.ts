import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { SchemaIR } from "../../src/ir/types.js";
import { fixtureSchema } from "../fixtures/schema-ir.js";
import { createTenantRoot, openTestDatabase, type TestDatabase } from "./database.js";
import { expectRoundTrip, excludedTables } from "./round-trip.js";
import { makeTempDir, type TempDir } from "./temp-dir.js";

// Hand-written migrations for the fixture's "currencies" and "tags" tables.
const createTable = (down: string) => `
import type { QueryInterface } from "sequelize";

export async function up(queryInterface: QueryInterface, Sequelize: typeof import("sequelize")): Promise<void> {
  const timestamps = {
    created_at: { type: Sequelize.DATE, allowNull: false },
    updated_at: { type: Sequelize.DATE, allowNull: false },
    deleted_at: { type: Sequelize.DATE, allowNull: true },
  };
  await queryInterface.createTable("currencies", {
    id: { type: Sequelize.INTEGER, primaryKey: true, autoIncrement: true, allowNull: false },
    code: { type: Sequelize.STRING(3), allowNull: false },
    ...timestamps,
  });
  await queryInterface.addIndex("currencies", ["code"], { name: "currencies_code_key", unique: true });
  await queryInterface.createTable("tags", {
    id: { type: Sequelize.INTEGER, primaryKey: true, autoIncrement: true, allowNull: false },
    // PostgreSQL names this inline reference "tags_company_id_fkey", as the IR does.
    company_id: {
      type: Sequelize.INTEGER, allowNull: false,
      references: { model: "companies", key: "id" }, onDelete: "CASCADE", onUpdate: "CASCADE",
    },
    name: { type: Sequelize.STRING(60), allowNull: false },
    ...timestamps,
  });
  await queryInterface.addIndex("tags", ["company_id", "name"], { name: "tags_company_id_name_key", unique: true });
}

export async function down(queryInterface: QueryInterface): Promise<void> {
  ${down}
}
`;

describe("expectRoundTrip", () => {
  let db: TestDatabase;
  let dir: TempDir;
  const ir = (): SchemaIR => {
    const schema = fixtureSchema();
    return { ...schema, tables: schema.tables.filter((table) => ["currencies", "tags"].includes(table.key)) };
  };

  beforeEach(async () => {
    db = await openTestDatabase();
    await createTenantRoot(db, fixtureSchema().tenant);
    dir = await makeTempDir("round-trip-test");
  });
  afterEach(async () => {
    await db?.close();
    await dir?.remove();
  });

  it("passes for a migration whose down truly reverses its up", async () => {
    await writeFile(
      join(dir.path, "20260101000000-create.ts"),
      createTable(`await queryInterface.dropTable("tags");\n  await queryInterface.dropTable("currencies");`),
    );
    const result = await expectRoundTrip(db, dir.path, ir());
    expect(result.migrations).toEqual(["20260101000000-create.ts"]);
    expect(result.before.tables).toEqual([]);
    expect(result.after.tables.map((t) => t.name)).toEqual(["currencies", "tags"]);
  });

  it("fails when down leaves something behind", async () => {
    await writeFile(join(dir.path, "20260101000000-create.ts"), createTable(`await queryInterface.dropTable("tags");`));
    await expect(expectRoundTrip(db, dir.path, ir())).rejects.toThrow(/after down/);
  });

  it("fails when up does not produce the IR's schema", async () => {
    const wrong = ir();
    const tags = wrong.tables.find((table) => table.key === "tags");
    if (tags) tags.foreignKeys[0] = { ...tags.foreignKeys[0]!, onDelete: "RESTRICT" };
    await writeFile(
      join(dir.path, "20260101000000-create.ts"),
      createTable(`await queryInterface.dropTable("tags");\n  await queryInterface.dropTable("currencies");`),
    );
    await expect(expectRoundTrip(db, dir.path, wrong)).rejects.toThrow(/after up/);
  });

  it("excludes the schema's tenant root and SequelizeMeta", () => {
    expect(excludedTables({ ...fixtureSchema(), tenant: { ...fixtureSchema().tenant, tableName: "accounts" } })).toEqual([
      "accounts",
      "SequelizeMeta",
    ]);
  });
});
