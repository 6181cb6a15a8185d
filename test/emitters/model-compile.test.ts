/**
 * The emitted models under `tsc --strict`, against each target's own libraries, in every layout and
 * export style, for CommonJS and Node ESM, with and without the runtime guard. Each variant lives in its own folder of one workspace,
 * so one tsc run per target and module format checks them all; the run must report exactly the
 * errors the variants plant (the broken usage files, and a control whose imports do not match how
 * the files export) and nothing else.
 */
import { afterAll, describe, expect, it } from "vitest";
import type { ModelExportStyle, ModelLayout, ModelModuleFormat, SequelizeTarget } from "../../src/emitters/types.js";
import { emitModels } from "../../src/emitters/model/index.js";
import type { EmittedFile } from "../../src/emitters/types.js";
import type { SchemaIR } from "../../src/ir/types.js";
import { assertBuildIsFresh } from "../cli/project.js";
import { fixtureSchema } from "../fixtures/schema-ir.js";
import { createWorkspace, runTsc, sortErrors, tscErrors, writeSources, type TscError, type Workspace } from "./model/harness.js";
import { usageFiles } from "./model/usage.js";
import { companyModelFile, sequelizeProfileSchema, withTenantModel } from "./model/variants.js";

const workspaces: Workspace[] = [];
afterAll(() => {
  for (const workspace of workspaces.splice(0)) workspace.cleanup();
});

interface Variant {
  dir: string;
  schema: (module: ModelModuleFormat) => SchemaIR;
  layout: ModelLayout;
  exports: ModelExportStyle;
  /** How the team's tenant model file exports it; null: no tenant model. */
  tenantExport: ModelExportStyle | null;
  /** What the emit is told about the tenant model's export (the control lies). Default: `tenantExport`. */
  configuredTenantExport?: ModelExportStyle;
  /** How the team's code imports the models. Default: `exports`. */
  teamImports?: ModelExportStyle;
  /** The tenant models install the runtime guard (imported from this checkout's dist/). */
  guard?: boolean;
}

const tenantPath = (module: ModelModuleFormat) => (module === "esm" ? "./Company.js" : "./Company");

const VARIANTS: Variant[] = [
  { dir: "single-named", schema: () => fixtureSchema(), layout: "single", exports: "named", tenantExport: null },
  { dir: "single-default", schema: (module) => withTenantModel(fixtureSchema(), tenantPath(module)), layout: "single", exports: "default", tenantExport: "default", guard: true },
  { dir: "base-named", schema: (module) => withTenantModel(fixtureSchema(), tenantPath(module)), layout: "base-and-user", exports: "named", tenantExport: "named", guard: true },
  {
    dir: "base-default-profile",
    schema: (module) => withTenantModel(sequelizeProfileSchema(), tenantPath(module)),
    layout: "base-and-user",
    exports: "default",
    tenantExport: "default",
    guard: true,
  },
  // The reference codebase before `models.exports` and `tenant.model.export`: named exports emitted
  // into a project that imports default ones, and a default-exported tenant model imported by name.
  {
    dir: "control-mismatched-exports",
    schema: (module) => withTenantModel(fixtureSchema(), tenantPath(module)),
    layout: "single",
    exports: "named",
    tenantExport: "default",
    configuredTenantExport: "named",
    teamImports: "default",
  },
];

/** Line (1-based) of every line of `contents` that starts with `prefix`. */
const linesStartingWith = (contents: string, prefix: string) =>
  contents.split("\n").flatMap((line, index) => (line.startsWith(prefix) ? [index + 1] : []));

function variantSources(variant: Variant, target: SequelizeTarget, module: ModelModuleFormat): { files: EmittedFile[]; expected: TscError[] } {
  const schema = variant.schema(module);
  const models = emitModels(schema, {
    sequelize: target,
    module,
    layout: variant.layout,
    exports: variant.exports,
    tenantModelExport: variant.configuredTenantExport ?? variant.tenantExport ?? "named",
    guard: variant.guard ?? false,
  });
  const usage = usageFiles(
    { target, module, layout: variant.layout, exports: variant.exports, tenantExport: variant.tenantExport },
    variant.teamImports ?? variant.exports,
  );
  const files = [...models, ...(variant.tenantExport === null ? [] : [companyModelFile(target, variant.tenantExport)]), ...usage.files];
  const expected = [...usage.expected];
  if (variant.dir === "control-mismatched-exports") {
    // TS2614: the models import the default-exported Company by name; TS2613: the team imports
    // named-exported models as defaults.
    for (const model of models) {
      for (const line of linesStartingWith(model.contents, "import { Company }")) expected.push({ file: model.path, line, code: "TS2614" });
    }
    const team = usage.files.find((file) => file.path === "team.ts")!.contents;
    for (const line of [...linesStartingWith(team, "import Ticket "), ...linesStartingWith(team, "import User ")]) {
      expected.push({ file: "team.ts", line, code: "TS2613" });
    }
  }
  return {
    files: files.map((file) => ({ ...file, path: `${variant.dir}/${file.path}` })),
    expected: expected.map((error) => ({ ...error, file: `${variant.dir}/${error.file}` })),
  };
}

describe.each([
  [6, "commonjs"],
  [6, "esm"],
  [5, "commonjs"],
  [5, "esm"],
] as Array<[SequelizeTarget, ModelModuleFormat]>)("emitted models under tsc --strict (Sequelize %i, %s)", (target, module) => {
  it("every layout and export style compiles; each broken typing rule fails with its error, and only those", async () => {
    await assertBuildIsFresh();
    const workspace = createWorkspace(target, module);
    workspaces.push(workspace);
    // The workspace must resolve the target's own libraries, or the test proves nothing about it.
    expect(workspace.require("sequelize/package.json").version).toMatch(target === 6 ? /^6\./ : /^5\.22\./);
    expect(workspace.require("sequelize-typescript/package.json").version).toMatch(target === 6 ? /^2\./ : /^1\.1\./);

    const sources = VARIANTS.map((variant) => variantSources(variant, target, module));
    writeSources(workspace, sources.flatMap((source) => source.files));
    const result = await runTsc(workspace, false);
    const expected = sortErrors(sources.flatMap((source) => source.expected));
    // Each variant plants errors (its broken file at least), so an empty run would fail here too.
    expect(expected.length).toBeGreaterThan(VARIANTS.length * 6);
    expect(tscErrors(result.output), result.output).toEqual(expected);
  });
});
