import { afterEach, describe, expect, it } from "vitest";
import type { SequelizeTarget } from "../../src/config/define-config.js";
import { emitModels } from "../../src/emitters/model/index.js";
import type { SchemaIR } from "../../src/ir/types.js";
import { fixtureSchema } from "../fixtures/schema-ir.js";
import { createWorkspace, runTsc, writeSources, type Workspace } from "./model/harness.js";
import { companyModelFile, sequelizeProfileSchema, usageFile, withTenantModel } from "./model/variants.js";

const workspaces: Workspace[] = [];
afterEach(() => {
  for (const workspace of workspaces.splice(0)) workspace.cleanup();
});

const cases: Array<{ name: string; schema: () => SchemaIR }> = [
  { name: "snake_case fixture", schema: fixtureSchema },
  { name: '"sequelize" profile with a tenant model', schema: () => withTenantModel(sequelizeProfileSchema()) },
];

describe.each([6, 5] as SequelizeTarget[])("emitted models compile under tsc --strict (Sequelize %i)", (target) => {
  it.each(cases)("$name", ({ schema: makeSchema }) => {
    const schema = makeSchema();
    const workspace = createWorkspace(target);
    workspaces.push(workspace);
    writeSources(workspace, [
      ...emitModels(schema, { sequelize: target }),
      ...(schema.tenant.model === null ? [] : [companyModelFile(target)]),
      usageFile(target),
    ]);
    // The workspace must resolve the target's own libraries, or the test proves nothing about it.
    expect(workspace.require("sequelize/package.json").version).toMatch(target === 6 ? /^6\./ : /^5\.22\./);
    expect(workspace.require("sequelize-typescript/package.json").version).toMatch(target === 6 ? /^2\./ : /^1\.1\./);
    const result = runTsc(workspace, false);
    expect(result.output).toBe("");
    expect(result.status).toBe(0);
  });

  it("fails to compile when the usage breaks a typing rule (the check is live)", () => {
    const workspace = createWorkspace(target);
    workspaces.push(workspace);
    const usage = usageFile(target);
    const broken = { ...usage, contents: usage.contents.replace("// @ts-expect-error body is nullable\n", "") };
    writeSources(workspace, [...emitModels(fixtureSchema(), { sequelize: target }), broken]);
    const result = runTsc(workspace, false);
    expect(result.status).not.toBe(0);
    expect(result.output).toMatch(/usage\.ts.*TS2322/);
  });
});
