import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { fixtureSchema } from "../fixtures/schema-ir.js";
import { createTenantRoot, openTestDatabase, type TestDatabase } from "./database.js";
import { introspect } from "./introspect.js";
import { migrator } from "./migrate.js";
import { makeTempDir, type TempDir } from "./temp-dir.js";

// sequelize-cli's signature; the column type comes from the Sequelize argument.
const CREATE_PROJECTS = `
import type { QueryInterface } from "sequelize";

export async function up(queryInterface: QueryInterface, Sequelize: typeof import("sequelize")): Promise<void> {
  await queryInterface.createTable("projects", {
    id: { type: Sequelize.INTEGER, primaryKey: true, autoIncrement: true, allowNull: false },
    name: { type: Sequelize.STRING(80), allowNull: false },
  });
}

export async function down(queryInterface: QueryInterface): Promise<void> {
  await queryInterface.dropTable("projects");
}
`;

// A runtime import of "sequelize" from the migration file itself, and a default-export module.
const ADD_INDEX = `
import { DataTypes, type QueryInterface } from "sequelize";

export default {
  async up(queryInterface: QueryInterface): Promise<void> {
    await queryInterface.addColumn("projects", "archived", { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false });
    await queryInterface.addIndex("projects", ["name"], { name: "projects_name_idx" });
  },
  async down(queryInterface: QueryInterface): Promise<void> {
    await queryInterface.removeIndex("projects", "projects_name_idx");
    await queryInterface.removeColumn("projects", "archived");
  },
};
`;

describe("migrator", () => {
  let db: TestDatabase;
  let dir: TempDir;

  beforeEach(async () => {
    db = await openTestDatabase();
    await createTenantRoot(db, fixtureSchema().tenant);
    dir = await makeTempDir("migrate-test");
  });
  afterEach(async () => {
    await db?.close();
    await dir?.remove();
  });

  const tables = async () => (await introspect(db)).tables.map((t) => t.name);
  const projectShape = async () => {
    const projects = (await introspect(db)).tables.find((t) => t.name === "projects");
    return { columns: projects?.columns.map((c) => c.name), indexes: projects?.indexes.map((i) => i.name) };
  };

  it("runs up in file-name order and reverts step by step", async () => {
    await writeFile(join(dir.path, "20260101000000-create-projects.ts"), CREATE_PROJECTS);
    const runner = migrator(db.sequelize, dir.path);
    expect(await runner.pending()).toEqual(["20260101000000-create-projects.ts"]);
    await runner.up();
    expect(await runner.executed()).toEqual(["20260101000000-create-projects.ts"]);
    expect(await projectShape()).toEqual({ columns: ["id", "name"], indexes: [] });

    // A file written after the migrator was made is picked up, and runs after the first.
    await writeFile(join(dir.path, "20260102000000-add-index.ts"), ADD_INDEX);
    await runner.up();
    expect(await runner.executed()).toEqual(["20260101000000-create-projects.ts", "20260102000000-add-index.ts"]);
    expect(await projectShape()).toEqual({ columns: ["archived", "id", "name"], indexes: ["projects_name_idx"] });

    await runner.down();
    expect(await runner.executed()).toEqual(["20260101000000-create-projects.ts"]);
    expect(await projectShape()).toEqual({ columns: ["id", "name"], indexes: [] });

    await runner.down({ to: 0 });
    expect(await runner.executed()).toEqual([]);
    expect(await tables()).toEqual([]);
    const meta = await db.query<{ n: string }>(`SELECT count(*)::text AS n FROM "SequelizeMeta"`);
    expect(meta).toEqual([{ n: "0" }]);
  });

  it("reverts several migrations with step", async () => {
    await writeFile(join(dir.path, "20260101000000-create-projects.ts"), CREATE_PROJECTS);
    await writeFile(join(dir.path, "20260102000000-add-index.ts"), ADD_INDEX);
    const runner = migrator(db.sequelize, dir.path);
    await runner.up();
    await runner.down({ step: 2 });
    expect(await runner.executed()).toEqual([]);
    expect(await tables()).toEqual([]);
  });

  it("imports a migration written to the system temp folder through its file URL", async () => {
    const systemDir = await mkdtemp(join(tmpdir(), "tenant-schema-migrate-"));
    try {
      await writeFile(join(systemDir, "20260101000000-create-projects.ts"), CREATE_PROJECTS);
      const runner = migrator(db.sequelize, systemDir);
      await runner.up();
      expect(await tables()).toEqual(["projects"]);
      await runner.down({ to: 0 });
      expect(await tables()).toEqual([]);
    } finally {
      await rm(systemDir, { recursive: true, force: true });
    }
  });

  it("fails clearly on a file without the direction", async () => {
    await writeFile(join(dir.path, "20260101000000-broken.ts"), `export async function up() {}\n`);
    const runner = migrator(db.sequelize, dir.path);
    await runner.up();
    await expect(runner.down()).rejects.toThrow(/does not export a "down" function/);
  });
});
