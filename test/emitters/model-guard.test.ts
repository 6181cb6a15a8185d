/**
 * The runtime guard in the emitted models (`guard`, config `isolation.guard`): what the emitter
 * writes, and that the compiled models refuse an unfiltered find on a real PostgreSQL for
 * Sequelize 6 and 5 with nothing but `new Sequelize({ models })`: no test code installs the guard.
 * The models import "tenant-schema", which resolves to this checkout's dist/ (built first).
 */
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ModelExportStyle, ModelLayout, ModelModuleFormat, SequelizeTarget } from "../../src/emitters/types.js";
import { emitModels } from "../../src/emitters/model/index.js";
import type { EmittedFile, ModelEmitOptions } from "../../src/emitters/types.js";
import type { SchemaIR } from "../../src/ir/types.js";
import { assertBuildIsFresh } from "../cli/project.js";
import { fixtureSchema } from "../fixtures/schema-ir.js";
import { openTestDatabase, quoteIdent, type TestDatabase } from "../support/database.js";
import { createWorkspace, runTsc, writeSources, type Workspace } from "./model/harness.js";
import { withTenantAttribute, withTenantModel } from "./model/variants.js";

const GUARD_IMPORT = 'import { installTenantGuard } from "tenant-schema";';
const contentsOf = (files: EmittedFile[], file: string) => files.find((f) => f.path === file)?.contents ?? `(no ${file})`;
const linesOf = (contents: string, pattern: RegExp) => contents.split("\n").filter((line) => pattern.test(line));
/** The tenant tables of a schema, from the IR's scope (not from the emitter's test for a tenant column). */
const tenantModels = (schema: SchemaIR) => schema.tables.filter((table) => table.scope.kind === "tenant").map((table) => table.modelName);

describe("the emitted models install the runtime guard", () => {
  const schema = fixtureSchema();

  it("off (the default): byte-identical to an emit that never heard of it, and nothing imports tenant-schema", () => {
    for (const options of [{ sequelize: 6 }, { sequelize: 5, layout: "base-and-user" }, { sequelize: 6, module: "esm", exports: "default" }] as ModelEmitOptions[]) {
      const off = emitModels(schema, { ...options, guard: false });
      expect(off).toEqual(emitModels(schema, options));
      for (const file of off) expect(file.contents).not.toMatch(/tenant-schema"|installTenantGuard/);
    }
  });

  it.each([
    [6, "commonjs", "single", "named"],
    [5, "commonjs", "single", "default"],
    [6, "esm", "single", "named"],
    [5, "esm", "base-and-user", "default"],
    [6, "commonjs", "base-and-user", "named"],
  ] as Array<[SequelizeTarget, ModelModuleFormat, ModelLayout, ModelExportStyle]>)(
    "on (Sequelize %i, %s, %s, %s exports): one import and one install per tenant model, after its class; global models, index.ts and the team's files untouched",
    (sequelize, module, layout, exports) => {
      const off = emitModels(withTenantModel(schema), { sequelize, module, layout, exports });
      const on = emitModels(withTenantModel(schema), { sequelize, module, layout, exports, guard: true });
      expect(on.map((file) => file.path)).toEqual(off.map((file) => file.path));
      const tenants = tenantModels(schema);
      expect([...tenants].sort()).toEqual(["Notification", "Tag", "Ticket", "TicketTag", "User"]);
      for (const table of schema.tables) {
        const generated = layout === "single" ? `${table.modelName}.ts` : `generated/${table.modelName}Base.ts`;
        const guardedClass = layout === "single" ? table.modelName : `${table.modelName}Base`;
        const contents = contentsOf(on, generated);
        if (!tenants.includes(table.modelName)) {
          expect(contents, generated).toBe(contentsOf(off, generated));
          continue;
        }
        // The package specifier is the same for CommonJS and ESM (a package, not a file).
        expect(linesOf(contents, /from "tenant-schema"/), generated).toEqual([GUARD_IMPORT]);
        expect(linesOf(contents, /^installTenantGuard\(/), generated).toEqual([`installTenantGuard(${guardedClass}, { attribute: "companyId" });`]);
        const lines = contents.split("\n");
        expect(lines.indexOf(`installTenantGuard(${guardedClass}, { attribute: "companyId" });`)).toBeGreaterThan(lines.lastIndexOf("}"));
        // Nothing else changed: without the import, the install and its comment, it is the guard-off file.
        const withoutGuard = contents
          .replace(`${GUARD_IMPORT}\n`, "")
          .replace(/\n\n\/\*\* The runtime guard [^\n]*\*\/\ninstallTenantGuard\([^\n]*\);\n$/, "\n");
        expect(withoutGuard, generated).toBe(contentsOf(off, generated));
      }
      for (const file of on.filter((f) => f.ownership === "user" || f.path === "index.ts")) {
        expect(file.contents, file.path).toBe(contentsOf(off, file.path));
      }
    },
  );

  it("passes the tenant attribute as the IR names it", () => {
    const renamed = withTenantAttribute(schema, "tenantId", "tenant_id");
    const ticket = contentsOf(emitModels(renamed, { sequelize: 6, guard: true }), "Ticket.ts");
    expect(linesOf(ticket, /^installTenantGuard\(/)).toEqual(['installTenantGuard(Ticket, { attribute: "tenantId" });']);
    expect(ticket).not.toContain("companyId");
  });
});

/* The compiled models are loaded with require, so the test sees them untyped. */
/* eslint-disable @typescript-eslint/no-explicit-any */
type Loose = any;

interface RunVariant {
  target: SequelizeTarget;
  module: ModelModuleFormat;
  layout: ModelLayout;
  /** The tenant attribute and its column. */
  tenant: [attribute: string, field: string];
}

// Both targets, both module formats, both layouts, and a tenant attribute that is not companyId.
const RUNS: RunVariant[] = [
  { target: 6, module: "commonjs", layout: "single", tenant: ["companyId", "company_id"] },
  { target: 5, module: "commonjs", layout: "single", tenant: ["tenantId", "tenant_id"] },
  { target: 6, module: "esm", layout: "base-and-user", tenant: ["companyId", "company_id"] },
  { target: 5, module: "commonjs", layout: "base-and-user", tenant: ["companyId", "company_id"] },
];

describe.each(RUNS)("emitted guarded models on PostgreSQL (Sequelize $target, $module, $layout, $tenant.0)", ({ target, module, layout, tenant: [attribute, field] }) => {
  const schema = withTenantAttribute(fixtureSchema(), attribute, field);
  let workspace: Workspace;
  let db: TestDatabase;
  let M: Loose;
  let sequelizeTypescript: Loose;
  const opened: Loose[] = [];
  const open = () => {
    const sequelize = new sequelizeTypescript.Sequelize(db.url, { dialect: "postgres", logging: false, pool: { max: 1 }, models: M.models });
    opened.push(sequelize);
    return sequelize;
  };

  beforeAll(async () => {
    await assertBuildIsFresh();
    workspace = createWorkspace(target, module);
    writeSources(workspace, emitModels(schema, { sequelize: target, module, layout, guard: true }));
    const compiled = await runTsc(workspace, true);
    expect(compiled.output).toBe("");
    sequelizeTypescript = workspace.require("sequelize-typescript");
    M = workspace.require(path.join(workspace.dir, "out/index.js"));
    db = await openTestDatabase();
    await db.query(`CREATE TABLE "companies" ("id" SERIAL PRIMARY KEY, "name" TEXT NOT NULL); INSERT INTO companies (name) VALUES ('Acme'), ('Globex')`);
    await open().sync();
    // Two tenants' users, written through the guarded models with the tenant given (which it allows).
    for (const [tenantId, email] of [[1, "ana@acme.test"], [1, "bo@acme.test"], [2, "cy@globex.test"]] as const) {
      await M.User.create({ [attribute]: tenantId, name: email.split("@")[0], email });
    }
    await M.Currency.create({ code: "BRL" });
  });

  afterAll(async () => {
    for (const sequelize of opened) await sequelize.close();
    await db?.close();
    workspace?.cleanup();
  });

  const refusal = async (call: () => Promise<unknown>) => {
    const error: Loose = await call().then(() => null, (caught: unknown) => caught);
    return error === null ? null : { name: error.name, code: error.code, message: String(error.message) };
  };
  const guardHooks = (model: Loose) => (model.options.hooks.beforeFind ?? []).filter((hook: Loose) => hook?.name === "tenant-schema:guard").length;

  it("refuses an unfiltered find, naming the model and the call; a find of one tenant returns that tenant's rows only", async () => {
    expect(await refusal(() => M.User.findAll())).toEqual({
      name: "TenantIsolationError",
      code: "TENANT_MISSING",
      message: expect.stringMatching(new RegExp(`^tenant guard refused User\\.findAll: its where does not constrain ${attribute}`)),
    });
    expect(await refusal(() => M.Ticket.count())).toMatchObject({ code: "TENANT_MISSING", message: expect.stringContaining("Ticket.count") });
    expect(await refusal(() => M.TicketTag.destroy({ where: { tagId: 1 } }))).toMatchObject({ code: "TENANT_MISSING" });
    expect(await refusal(() => M.User.create({ name: "No tenant", email: "x@x.test" }))).toMatchObject({ code: "TENANT_MISSING" });
    const expected = await db.query<{ id: number }>(`SELECT id FROM users WHERE ${quoteIdent(field)} = 1 ORDER BY id`);
    expect(expected).toHaveLength(2);
    const rows = await M.User.findAll({ where: { [attribute]: 1 }, order: [["id", "ASC"]] });
    expect(rows.map((row: Loose) => row.id)).toEqual(expected.map((row) => row.id));
  });

  it("reads the tenant from the package's tenant context, and leaves the global model alone", async () => {
    const { tenantContext } = workspace.require("tenant-schema");
    const expected = await db.query<{ id: number }>(`SELECT id FROM users WHERE ${quoteIdent(field)} = 2 ORDER BY id`);
    const rows = await tenantContext.run(2, () => M.User.findAll({ order: [["id", "ASC"]] }));
    expect(rows.map((row: Loose) => row.id)).toEqual(expected.map((row) => row.id));
    expect((await M.Currency.findAll()).map((row: Loose) => row.code)).toEqual(["BRL"]);
  });

  it("guards the class Sequelize registers exactly once, and again after it is initialized by a second Sequelize", async () => {
    const registered = M.models.filter((model: Loose) => tenantModels(schema).includes(model.name));
    expect(registered.map((model: Loose) => model.name).sort()).toEqual(tenantModels(schema).sort());
    for (const model of registered) expect(guardHooks(model), model.name).toBe(1);
    expect(guardHooks(M.Currency)).toBe(0);
    // Sequelize's init resets a model's hooks; the guard comes back with them.
    open();
    for (const model of registered) expect(guardHooks(model), model.name).toBe(1);
    expect(await refusal(() => M.User.findAll())).toMatchObject({ code: "TENANT_MISSING" });
  });
});
