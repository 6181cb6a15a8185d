/**
 * Relations to and from tables whose names are overridden (`.tableName(...)`, `.field(...)`), in
 * both naming profiles: every relation kind resolves its target by key to the target's own names.
 * Emitted through the CLI, migrated up/down/up on PostgreSQL, the foreign keys read back from the
 * catalog with SQL of this test's own, and every association used through the compiled models.
 */
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runEmit } from "../../src/cli/emit.js";
import { parseSnapshot } from "../../src/cli/state.js";
import type { SchemaIR } from "../../src/ir/types.js";
import { createTenantRoot, openTestDatabase, type TestDatabase } from "../support/database.js";
import { expectRoundTrip } from "../support/round-trip.js";
import { makeTempDir, type TempDir } from "../support/temp-dir.js";
import { assertBuildIsFresh } from "../cli/project.js";
import { createWorkspace, runTsc, writeSources } from "../emitters/model/harness.js";

const SCHEMA = `import { defineTenantTable, t } from "tenant-schema";

export const parents = defineTenantTable("parents", { name: t.string(50).field("Parent_Name") }).tableName("Parent_Things");

export const kids = defineTenantTable("kids", { name: t.string(50) })
  .tableName("kid_rows")
  .belongsTo(parents, { onDelete: "CASCADE" });

export const passports = defineTenantTable("passports", { code: t.string(20) })
  .tableName("PassportBook")
  .belongsTo(parents, { inverse: "hasOne", as: "holder" });

export const toys = defineTenantTable("toys", { label: t.string(50).field("toy_label") })
  .tableName("toy_box")
  .belongsToMany(kids, { through: "kidToys" });
`;

/** What the test expects of each relation, written from the schema above, not from the tool. */
const EXPECTED_REFERENCES = {
  snake_case: [
    { table: "PassportBook", column: "holder_id", references: "Parent_Things", key: "id" },
    { table: "kid_rows", column: "parent_id", references: "Parent_Things", key: "id" },
    { table: "kid_toys", column: "kid_id", references: "kid_rows", key: "id" },
    { table: "kid_toys", column: "toy_id", references: "toy_box", key: "id" },
  ],
  sequelize: [
    { table: "KidToys", column: "kidId", references: "kid_rows", key: "id" },
    { table: "KidToys", column: "toyId", references: "toy_box", key: "id" },
    { table: "PassportBook", column: "holderId", references: "Parent_Things", key: "id" },
    { table: "kid_rows", column: "parentId", references: "Parent_Things", key: "id" },
  ],
} as const;

describe.each(["snake_case", "sequelize"] as const)("overridden table and column names, naming %s", (naming) => {
  let project: TempDir;
  let db: TestDatabase;
  let schema: SchemaIR;

  beforeAll(async () => {
    project = await makeTempDir(`name-overrides-${naming}`);
    await mkdir(join(project.path, "schema"));
    await writeFile(join(project.path, "schema/family.ts"), SCHEMA);
    await writeFile(
      join(project.path, "tenant-schema.config.ts"),
      `import { defineConfig } from "tenant-schema";\nexport default defineConfig({ naming: "${naming}", docs: { language: "en" } });\n`,
    );
    const report = await runEmit({ cwd: project.path, now: "20261201090000", mode: "write" });
    expect(report.errors).toEqual([]);
    expect(report.exitCode).toBe(0);
    const snapshotFile = join(project.path, "backend/src/database/tenant-schema/snapshot.json");
    schema = parseSnapshot(await readFile(snapshotFile, "utf8"), snapshotFile);
    db = await openTestDatabase();
    await createTenantRoot(db, schema.tenant);
  });

  afterAll(async () => {
    await db?.close();
    await project?.remove();
  });

  it("migrates up, down and up exactly, and every foreign key points at the overridden table", async () => {
    await expectRoundTrip(db, join(project.path, "backend/src/database/migrations"), schema);
    const rows = await db.query<{ table: string; column: string; references: string; key: string }>(`
      SELECT c.conrelid::regclass::text AS "table", a.attname AS "column",
             c.confrelid::regclass::text AS "references", fa.attname AS "key"
      FROM pg_constraint c
      -- The reference column is the key's last: (company_id, holder_id) → (company_id, id) with isolation keys on.
      JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[cardinality(c.conkey)]
      JOIN pg_attribute fa ON fa.attrelid = c.confrelid AND fa.attnum = c.confkey[cardinality(c.confkey)]
      WHERE c.contype = 'f' AND c.confrelid <> '"companies"'::regclass
      ORDER BY 1, 2`);
    const unquote = (name: string) => name.replace(/^"(.*)"$/, "$1");
    expect(rows.map((row) => ({ ...row, table: unquote(row.table), references: unquote(row.references) }))).toEqual(EXPECTED_REFERENCES[naming]);
  });

  it("the docs and the ER diagram name the overridden tables", async () => {
    const doc = await readFile(join(project.path, "docs/db/schema-changes-family.md"), "utf8");
    expect(doc).toContain('REFERENCES "Parent_Things"');
    expect(doc).toMatch(/Parent_Things \|\|--o\{ kid_rows/);
    expect(doc).not.toMatch(/\bparents\b.*\|\|--/);
  });

  it("the models' associations work at run time: belongsTo, hasMany, hasOne and belongsToMany", async () => {
    const modelsDir = join(project.path, "backend/src/models");
    const files = await Promise.all((await readdir(modelsDir)).map(async (path) => ({ path, contents: await readFile(join(modelsDir, path), "utf8") })));
    await assertBuildIsFresh(); // the models import the guard from dist/
    const workspace = createWorkspace(6);
    try {
      writeSources(workspace, files);
      const compiled = await runTsc(workspace, true);
      expect(compiled.output).toBe("");
      /* eslint-disable @typescript-eslint/no-explicit-any */
      const { Sequelize } = workspace.require("sequelize-typescript") as any;
      const { tenantContext } = workspace.require("tenant-schema") as any;
      const { models, Parent, Kid, Passport, Toy } = workspace.require(join(workspace.dir, "out/index.js")) as any;
      const sequelize = new Sequelize(db.url, { logging: false, pool: { max: 1 }, models });
      try {
        const [[company]] = (await sequelize.query(`INSERT INTO "companies" (name) VALUES ('Acme') RETURNING id`)) as any;
        const companyId = company.id as number;
        // The models install the runtime guard (isolation.guard, on by default): one tenant's context.
        await tenantContext.run(companyId, async () => {
          const parent = await Parent.create({ companyId, name: "Rita" });
          const kid = await Kid.create({ companyId, name: "Tom", parentId: parent.id });
          await Passport.create({ companyId, code: "P-1", holderId: parent.id });
          const toy = await Toy.create({ companyId, label: "Kite" });
          await toy.$add("kids", kid, { through: { companyId } });

          const withKids = await Parent.findByPk(parent.id, { include: [{ model: Kid, as: "kids" }, { model: Passport, as: "holderPassport" }] });
          expect(withKids.kids.map((k: any) => k.name)).toEqual(["Tom"]);
          expect(withKids.holderPassport.code).toBe("P-1");
          const kidWithParent = await Kid.findByPk(kid.id, { include: [{ model: Parent, as: "parent" }, { model: Toy, as: "toys" }] });
          expect(kidWithParent.parent.name).toBe("Rita");
          expect(kidWithParent.toys.map((t: any) => t.label)).toEqual(["Kite"]);
        });
      } finally {
        await sequelize.close();
      }
    } finally {
      workspace.cleanup();
    }
  });
});
