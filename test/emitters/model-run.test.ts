import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { ModelExportStyle, ModelLayout, ModelModuleFormat, SequelizeTarget } from "../../src/emitters/types.js";
import { emitModels } from "../../src/emitters/model/index.js";
import type { EmittedFile } from "../../src/emitters/types.js";
import type { SchemaIR } from "../../src/ir/types.js";
import { fixtureSchema } from "../fixtures/schema-ir.js";
import { createWorkspace, runTsc, writeSources, type Workspace } from "./model/harness.js";
import { extendedNotificationFile } from "./model/extension.js";
import { runScenario } from "./model/scenario.js";
import { companyModelFile, sequelizeProfileSchema, withTenantModel } from "./model/variants.js";

const workspaces: Workspace[] = [];
afterEach(() => {
  for (const workspace of workspaces.splice(0)) workspace.cleanup();
});

interface CompileOptions {
  layout?: ModelLayout;
  exports?: ModelExportStyle;
  /** Files that replace emitted ones of the same path (the team's own model files). */
  replace?: EmittedFile[];
}

async function compile(schema: SchemaIR, target: SequelizeTarget, module: ModelModuleFormat = "commonjs", options: CompileOptions = {}): Promise<Workspace> {
  const workspace = createWorkspace(target, module);
  workspaces.push(workspace);
  const replaced = new Map((options.replace ?? []).map((file) => [file.path, file]));
  const emitted = emitModels(schema, { sequelize: target, module, layout: options.layout, exports: options.exports });
  writeSources(workspace, [
    ...emitted.map((file) => replaced.get(file.path) ?? file),
    ...(schema.tenant.model === null ? [] : [companyModelFile(target, options.exports)]),
  ]);
  expect(workspace.require("sequelize/package.json").version).toMatch(target === 6 ? /^6\./ : /^5\./);
  const result = await runTsc(workspace, true);
  expect(result.output).toBe("");
  expect(result.status).toBe(0);
  return workspace;
}

describe.each([6, 5] as SequelizeTarget[])("emitted models run on PostgreSQL (Sequelize %i)", (target) => {
  it("snake_case profile: columns, defaults, includes, paranoid delete, belongsToMany", async () => {
    const schema = fixtureSchema();
    const result = await runScenario(await compile(schema, target), schema);

    expect(result.tables).toEqual(expect.arrayContaining(["notifications", "users", "tickets", "tags", "ticket_tags", "currencies"]));
    expect(result.notificationColumns).toEqual(
      [
        "body", "company_id", "cost", "created_at", "deleted_at", "deliver_on", "external_id", "id", "labels",
        "metadata", "priority", "read_at", "score", "sequence", "status", "title", "updated_at", "user_id",
      ],
    );
    expect(result.userDefaults).toEqual({ role: "agent", active: true });
    expect(result.notificationDefaults).toMatchObject({
      status: "unread",
      metadata: {},
      priority: 0,
      sequence: "0",
      cost: "0.00",
      labels: [],
      body: null,
    });
    // A SQL default (gen_random_uuid()) is run by the database, not sent as a string.
    expect(result.notificationDefaults.externalId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-/);
    expect(result.includedUserEmail).toBe("ana@acme.test");
    expect(result.userNotificationTitles).toEqual(["Welcome"]);
    expect(result.assignedSubjects).toEqual(["Printer on fire"]);
    expect(result.visibleAfterDestroy).toBe(false);
    expect(result.foundWithParanoidFalse).toBe(true);
    expect(result.deletedAtInTable).not.toBeNull();
    expect(result.tagNames).toEqual(["urgent"]);
    expect(result.tagTicketSubjects).toEqual(["Printer on fire"]);
    expect(result.junctionRows).toHaveLength(1);
    expect(result.junctionRows[0]).toMatchObject({ company: expect.any(Number), ticket: expect.any(Number), tag: expect.any(Number) });
    expect(result.invalidStatusError).toBe("SequelizeValidationError");
    expect(result.tenantModelName).toBeNull();
  });

  it('"sequelize" profile with a tenant model: PascalCase tables, camelCase columns, @BelongsTo(Company)', async () => {
    const schema = withTenantModel(sequelizeProfileSchema());
    const result = await runScenario(await compile(schema, target), schema);

    expect(result.tables).toEqual(expect.arrayContaining(["Notifications", "Users", "Tickets", "Tags", "TicketTags", "Currencies"]));
    expect(result.tables).not.toContain("notifications");
    expect(result.notificationColumns).toEqual(
      [
        "body", "companyId", "cost", "createdAt", "deletedAt", "deliverOn", "externalId", "id", "labels",
        "metadata", "priority", "readAt", "score", "sequence", "status", "title", "updatedAt", "userId",
      ],
    );
    expect(result.includedUserEmail).toBe("ana@acme.test");
    expect(result.visibleAfterDestroy).toBe(false);
    expect(result.foundWithParanoidFalse).toBe(true);
    expect(result.deletedAtInTable).not.toBeNull();
    expect(result.tagNames).toEqual(["urgent"]);
    expect(result.junctionRows).toHaveLength(1);
    expect(result.tenantModelName).toBe("Acme");
  });
});

describe.each([6, 5] as SequelizeTarget[])('models emitted with module: "esm" run as native ES modules (Sequelize %i)', (target) => {
  it("load through Node's ESM loader with decorator metadata on, despite models importing each other", async () => {
    const schema = withTenantModel(fixtureSchema(), "./Company.js");
    const workspace = await compile(schema, target, "esm");
    // The CommonJS emit of the same schema fails here: design:type reads a class still in its TDZ.
    const result = await runScenario(workspace, schema);

    expect(result.includedUserEmail).toBe("ana@acme.test");
    expect(result.userNotificationTitles).toEqual(["Welcome"]);
    expect(result.assignedSubjects).toEqual(["Printer on fire"]);
    expect(result.tagTicketSubjects).toEqual(["Printer on fire"]);
    expect(result.visibleAfterDestroy).toBe(false);
    expect(result.tenantModelName).toBe("Acme");
  });

  it("the same models emitted for CommonJS do not load as ES modules (the ESM run above is live)", async () => {
    const schema = withTenantModel(fixtureSchema(), "./Company.js");
    const workspace = createWorkspace(target, "esm");
    workspaces.push(workspace);
    const files = emitModels(schema, { sequelize: target, module: "commonjs" }).map((file) => ({
      // Extensions added by hand, as a user would: what stays is the class-typed relation members.
      ...file,
      contents: file.contents.replace(/from "\.\/(\w+)";/g, 'from "./$1.js";'),
    }));
    writeSources(workspace, [...files, companyModelFile(target)]);
    expect((await runTsc(workspace, true)).status).toBe(0);
    expect(() => workspace.require(path.join(workspace.dir, "out/index.js"))).toThrow(/before initialization/);
  });
});

// Two of the four target × module pairs, to keep the suite lean: the reference team's stack
// (Sequelize 5, CommonJS, default exports) and a modern one (Sequelize 6, Node ESM, named). What
// differs by target (decorators, hooks, scopes) and by module format (load order of the circular
// imports) is each run once; model-compile type-checks all four pairs.
describe('models.layout "base-and-user": the team\'s own model code runs on PostgreSQL', () => {
  it.each([
    [5, "commonjs", "default"],
    [6, "esm", "named"],
  ] as Array<[SequelizeTarget, ModelModuleFormat, ModelExportStyle]>)(
    "Sequelize %i, %s, %s exports: @BeforeCreate fills the uuid, the scope, the instance method and the getters work; associations and models as before",
    async (target, module, exports) => {
      const schema = withTenantModel(fixtureSchema(), module === "esm" ? "./Company.js" : "./Company");
      const workspace = await compile(schema, target, module, { layout: "base-and-user", exports, replace: [extendedNotificationFile(module, exports)] });
      const result = await runScenario(workspace, schema, { tenantExport: exports, extensions: true });

      // What the generated base declares still works through the team's classes.
      expect(result.includedUserEmail).toBe("ana@acme.test");
      expect(result.userNotificationTitles).toEqual(["Welcome"]);
      expect(result.assignedSubjects).toEqual(["Printer on fire"]);
      expect(result.tagNames).toEqual(["urgent"]);
      expect(result.tagTicketSubjects).toEqual(["Printer on fire"]);
      expect(result.junctionRows).toHaveLength(1);
      expect(result.invalidStatusError).toBe("SequelizeValidationError");
      expect(result.visibleAfterDestroy).toBe(false);
      expect(result.foundWithParanoidFalse).toBe(true);
      expect(result.tenantModelName).toBe("Acme");
      expect(result.userDefaults).toEqual({ role: "agent", active: true });

      const extensions = result.extensions!;
      // The stored uuid is the one the hook issued, not one the column's default made.
      expect(extensions.storedExternalId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-/);
      expect(extensions.issuedExternalIds).toContain(extensions.storedExternalId);
      expect(extensions.headlineInJson).toBe("Welcome (unread)");
      expect(extensions.unreadBefore).toBe(true);
      expect(extensions.unreadAfter).toBe(false);
      expect(extensions.storedAfterMarkRead.status).toBe("read");
      expect(extensions.storedAfterMarkRead.readAt).not.toBeNull();
      expect(extensions.unreadScopeTitles).toEqual(["Second"]);
    },
  );
});
