import { createRequire } from "node:module";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { emitMigration } from "../../src/emitters/migration/index.js";
import { fixtureSchema } from "../fixtures/schema-ir.js";
import { createFeaturePlans, migrationOptions } from "./migration/plans.js";
import {
  catalogNames,
  compileMigrations,
  sequelize5Modules,
  startPostgres,
  statementsOf,
  type MigrationModule,
  type Postgres,
} from "./migration/support.js";

/** Sequelize 5.22 from the target workspace, not the package's Sequelize 6. */
interface Sequelize5 {
  query(sql: string, options?: object): Promise<unknown>;
  getQueryInterface(): unknown;
  close(): Promise<void>;
}
type Sequelize5Module = { Sequelize: new (url: string, options: object) => Sequelize5; QueryTypes: { SELECT: string } };
const v5 = createRequire(join(sequelize5Modules, "..", "package.json"))("sequelize") as Sequelize5Module;
const v5Version = (createRequire(join(sequelize5Modules, "..", "package.json"))("sequelize/package.json") as { version: string })
  .version;

const schema = fixtureSchema();
const emitted = createFeaturePlans(schema).map((plan) => emitMigration(plan, migrationOptions(5)));

describe("emitMigration (Sequelize 5.22) against PostgreSQL", () => {
  let pg: Postgres;
  let sequelize: Sequelize5;
  let log: string[] = [];
  let migrations: MigrationModule[];
  let cleanup: () => Promise<void>;
  const query = (sql: string) => sequelize.query(sql, { type: v5.QueryTypes.SELECT }) as Promise<Array<Record<string, unknown>>>;

  async function run(direction: "up" | "down", index: number): Promise<string[]> {
    log = [];
    await migrations[index]![direction](sequelize.getQueryInterface(), v5);
    return statementsOf(log);
  }

  beforeAll(async () => {
    expect(v5Version).toBe("5.22.5");
    pg = await startPostgres();
    sequelize = new v5.Sequelize(pg.url, { logging: (sql: string) => log.push(sql), pool: { max: 1 } });
    await sequelize.query("CREATE TABLE companies (id serial primary key)");
    // Compiles with tsc --strict against Sequelize 5's own typings, or this rejects with tsc's output.
    ({ modules: migrations, cleanup } = await compileMigrations(
      emitted.map((e) => e.file),
      sequelize5Modules,
    ));
  });

  afterAll(async () => {
    await sequelize?.close();
    await pg?.stop();
    await cleanup?.();
  });

  it("uses the Sequelize 5 signatures", () => {
    const tickets = emitted[2]!.file.contents;
    expect(tickets).toMatch(/addConstraint\("tickets", \["status"\], \{ type: "check"/);
    expect(tickets).toMatch(/addIndex\("tickets", \["company_id", "status", "created_at"\], \{/);
    expect(tickets).not.toContain("fields:");
  });

  it("the compile check has teeth: the Sequelize 6 form does not compile against Sequelize 5", async () => {
    const v6File = emitMigration(createFeaturePlans(schema)[0]!, migrationOptions(6)).file;
    await expect(compileMigrations([v6File], sequelize5Modules)).rejects.toThrow(/tsc failed[\s\S]*addConstraint|TS2/);
  });

  it("matches the snapshot of the Sequelize 5 tickets migration", async () => {
    await expect(emitted[2]!.file.contents).toMatchFileSnapshot("./migration/__snapshots__/create-tickets.v5.ts.snap");
  });

  it("up sends exactly sql.up and creates every named table, constraint and index", async () => {
    for (const [i, { sql }] of emitted.entries()) expect(await run("up", i)).toEqual(sql.up);
    const names = await catalogNames(query);
    expect(names.tables).toEqual(["companies", ...schema.tables.map((t) => t.tableName)].sort());
    expect(names.enumTypes).toBe(0);
    for (const table of schema.tables) {
      for (const index of table.indexes) expect(names.indexes).toContain(`${table.tableName}.${index.name}`);
      for (const check of table.checks) expect(names.constraints).toContain(`${table.tableName}.${check.name}:c`);
      for (const fk of table.foreignKeys) expect(names.constraints).toContain(`${table.tableName}.${fk.name}:f`);
    }
    const [comment] = await query(`SELECT obj_description('users'::regclass, 'pg_class') AS tab`);
    expect(comment?.tab).toBe("People who sign in to a tenant's workspace");
  });

  it("down sends exactly sql.down and leaves only the tenant root; up works again", async () => {
    for (let i = emitted.length - 1; i >= 0; i--) expect(await run("down", i)).toEqual(emitted[i]!.sql.down);
    expect((await catalogNames(query)).tables).toEqual(["companies"]);
    for (const [i, { sql }] of emitted.entries()) expect(await run("up", i)).toEqual(sql.up);
    expect((await catalogNames(query)).tables).toHaveLength(schema.tables.length + 1);
  });
});
