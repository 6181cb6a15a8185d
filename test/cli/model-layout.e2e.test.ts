/**
 * The "base-and-user" models layout through the CLI in a temporary project: the team's model files
 * are scaffolds, created once and never rewritten, compared or reported, while their generated bases
 * follow the schema; switching from the "single" layout never silently keeps a stale model.
 */
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runEmit, type EmitMode } from "../../src/cli/emit.js";
import { createWorkspace, runTsc, writeSources } from "../emitters/model/harness.js";
import { extendedNotificationFile } from "../emitters/model/extension.js";

let root: string;

const config = (models: string) => `import { defineConfig } from "tenant-schema";
export default defineConfig({ schema: "schema", docs: { language: "en" }, models: ${models} });
`;
const BASE_AND_USER = config('{ layout: "base-and-user", exports: "default" }');

const USERS = `import { defineTenantTable, t } from "tenant-schema";

export const users = defineTenantTable("users", {
  name: t.string(120),
});
`;

// The attributes the team's Notification.ts (extension.ts) uses: title, status, readAt, externalId.
const NOTIFICATIONS = `import { defineTenantTable, sql, t } from "tenant-schema";
import { users } from "./users.js";

export const notifications = defineTenantTable("notifications", {
  title: t.string(255),
  status: t.enum(["unread", "read"]).default("unread"),
  readAt: t.timestamp().nullable(),
  externalId: t.uuid().nullable().default(sql\`gen_random_uuid()\`),
}).belongsTo(users);
`;

const MODELS = "backend/src/models";

async function write(relative: string, contents: string): Promise<void> {
  await mkdir(path.dirname(path.join(root, relative)), { recursive: true });
  await writeFile(path.join(root, relative), contents);
}

const read = (relative: string) => readFile(path.join(root, relative), "utf8");
const exists = (relative: string) => stat(path.join(root, relative)).then(() => true, () => false);

/** Every file of the models folder, with contents. */
async function models(dir = path.join(root, MODELS)): Promise<Record<string, string>> {
  const result: Record<string, string> = {};
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) Object.assign(result, await models(full));
    else result[path.relative(path.join(root, MODELS), full).split(path.sep).join("/")] = await readFile(full, "utf8");
  }
  return result;
}

const emit = (mode: EmitMode = "write", now = "20261125100000") => runEmit({ cwd: root, now, mode });

beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), "tenant-schema-layout-"));
  await write("tenant-schema.config.ts", BASE_AND_USER);
  await write("schema/users.ts", USERS);
  await write("schema/notifications.ts", NOTIFICATIONS);
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('models.layout "base-and-user" through the CLI', () => {
  it("creates the team's files once; their code survives later emits byte-identical, and compiles against the regenerated base", async () => {
    const first = await emit();
    expect(first.errors).toEqual([]);
    expect(first.files.filter((file) => file.path.startsWith(MODELS))).toEqual([
      { path: `${MODELS}/generated/NotificationBase.ts`, kind: "model", status: "new" },
      { path: `${MODELS}/Notification.ts`, kind: "model", status: "new" },
      { path: `${MODELS}/generated/UserBase.ts`, kind: "model", status: "new" },
      { path: `${MODELS}/User.ts`, kind: "model", status: "new" },
      { path: `${MODELS}/index.ts`, kind: "model", status: "new" },
    ]);
    expect(await read(`${MODELS}/Notification.ts`)).toContain("export default class Notification extends NotificationBase {}");

    // The team writes its code: a hook, a scope, an instance method, getters.
    const teamCode = extendedNotificationFile("commonjs", "default").contents;
    await write(`${MODELS}/Notification.ts`, teamCode);
    const mtime = (await stat(path.join(root, MODELS, "Notification.ts"))).mtimeMs;

    expect(await emit("write", "20261126000000")).toEqual({ exitCode: 0, errors: [], warnings: [], files: [] });
    expect(await emit("check", "20261126000000")).toEqual({ exitCode: 0, errors: [], warnings: [], files: [] });
    expect(await read(`${MODELS}/Notification.ts`)).toBe(teamCode);

    // A schema change regenerates the base and leaves the team's file alone.
    await write("schema/notifications.ts", NOTIFICATIONS.replace("title: t.string(255),", "title: t.string(255),\n  priority: t.integer().default(0),"));
    const changed = await emit("write", "20261127000000");
    expect(changed.errors).toEqual([]);
    expect(changed.files.filter((file) => file.path.startsWith(MODELS))).toEqual([
      { path: `${MODELS}/generated/NotificationBase.ts`, kind: "model", status: "changed" },
    ]);
    expect(await read(`${MODELS}/generated/NotificationBase.ts`)).toContain("priority!: number;");
    expect(await read(`${MODELS}/Notification.ts`)).toBe(teamCode);
    expect((await stat(path.join(root, MODELS, "Notification.ts"))).mtimeMs).toBe(mtime);

    // What emit wrote plus the team's file is a project that compiles, and uses the new attribute.
    const workspace = createWorkspace(6);
    try {
      const files = Object.entries(await models()).map(([file, contents]) => ({ path: `models/${file}`, contents }));
      const usage = [
        'import Notification from "./models/Notification";',
        "export async function inbox(companyId: number, userId: number): Promise<string[]> {",
        '  const created = await Notification.create({ companyId, userId, title: "Hi", priority: 2 });',
        "  await created.markRead();",
        '  const unread = await Notification.scope("unread").findAll({ where: { companyId } });',
        "  return unread.map((notification) => `${notification.headline} ${notification.priority}`);",
        "}",
        "",
      ].join("\n");
      writeSources(workspace, [...files, { path: "inbox.ts", contents: usage }]);
      const result = await runTsc(workspace, false);
      expect(result.output).toBe("");
      expect(result.status).toBe(0);
    } finally {
      workspace.cleanup();
    }
  });

  it("a deleted team file is created again; --check reports it missing", async () => {
    await emit();
    await rm(path.join(root, MODELS, "User.ts"));
    const check = await emit("check");
    expect(check.exitCode).toBe(1);
    expect(check.files).toEqual([{ path: `${MODELS}/User.ts`, kind: "model", status: "new" }]);
    expect((await emit()).files).toEqual([{ path: `${MODELS}/User.ts`, kind: "model", status: "new" }]);
    expect(await read(`${MODELS}/User.ts`)).toContain("export default class User extends UserBase {}");
  });

  it("a model the team already has at that path is kept as it is (adopting an existing codebase)", async () => {
    const handWritten = "// Our User model, written by hand years ago.\nexport default class User {}\n";
    await write(`${MODELS}/User.ts`, handWritten);
    const report = await emit();
    expect(report.errors).toEqual([]);
    expect(report.files.map((file) => file.path)).not.toContain(`${MODELS}/User.ts`);
    expect(await read(`${MODELS}/User.ts`)).toBe(handWritten);
    expect(await exists(`${MODELS}/generated/UserBase.ts`)).toBe(true);
  });

  it('switching from "single": a generated model where the team\'s file goes stops the emit, naming each file; nothing is written', async () => {
    await write("tenant-schema.config.ts", config('{ exports: "default" }'));
    await emit();
    const single = await models();
    await write("tenant-schema.config.ts", BASE_AND_USER);
    const report = await emit("write", "20261126000000");
    expect(report.exitCode).toBe(1);
    const why =
      'is a model generated by the "single" layout; with models.layout "base-and-user" this file is your own model class, extending the generated base: ' +
      "move any code you added to it elsewhere, delete it, and run emit again to get the new file";
    expect(report.errors).toEqual([`${MODELS}/Notification.ts: ${why}`, `${MODELS}/User.ts: ${why}`]);
    expect(await models()).toEqual(single);

    await rm(path.join(root, MODELS, "Notification.ts"));
    await rm(path.join(root, MODELS, "User.ts"));
    expect((await emit("write", "20261126000000")).errors).toEqual([]);
    expect(await read(`${MODELS}/User.ts`)).toContain("extends UserBase");
  });

  it("refuses unknown layout and export values in the config (exit 2)", async () => {
    await write(
      "tenant-schema.config.ts",
      `export default { schema: "schema", models: { layout: "split", exports: "star" }, tenant: { model: { name: "Company", importPath: "./Company", export: "both" } } };\n`,
    );
    const report = await emit();
    expect(report.exitCode).toBe(2);
    expect(report.errors).toEqual([
      'tenant-schema.config.ts: tenant.model.export: must be one of "named", "default", got "both"',
      'tenant-schema.config.ts: models.layout: must be one of "single", "base-and-user", got "split"',
      'tenant-schema.config.ts: models.exports: must be one of "named", "default", got "star"',
    ]);
    expect(await exists(MODELS)).toBe(false);
  });
});
