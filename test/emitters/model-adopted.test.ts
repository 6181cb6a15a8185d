/**
 * Models of adopted tables, for Sequelize 5 and 6: compiled with tsc --strict (attribute types of
 * pgEnum, json and custom columns; no timestamps; a declared uuid key; a composite key; no key at
 * all) and used on PostgreSQL tables created by hand-written DDL (not by the migration emitter), so
 * the models are proven against the tables as a team's database has them.
 */
import path from "node:path";
import { emptyPGlite } from "../support/database.js";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";
import { afterEach, describe, expect, it } from "vitest";
import { defineTenantTable, resolveConfig, sql, t, toSchemaIR, validateSchema } from "../../src/index.js";
import type { SequelizeTarget } from "../../src/emitters/types.js";
import { emitModels } from "../../src/emitters/model/index.js";
import { createWorkspace, runTsc, writeSources, type Workspace } from "./model/harness.js";

const contacts = defineTenantTable(
  "contacts",
  {
    id: t.uuid().default(sql`gen_random_uuid()`),
    email: t.string(120),
    status: t.pgEnum("enum_contacts_status", ["active", ""]).default("active"),
    profile: t.json<{ tags?: string[] }>({ tsType: "{ tags?: string[] }" }).default({}),
    legacyCode: t.custom<number>("smallint", { tsType: "number" }).default(sql`0`),
  },
  { id: false, timestamps: false, paranoid: false, departures: ["tenantNullable"] },
).primaryKey(["id"]);

const contactTags = defineTenantTable("contactTags", { tag: t.string(40) }, { id: false, timestamps: false, paranoid: false })
  .belongsTo(contacts, { onDelete: "CASCADE" })
  .primaryKey(["contactId", "tag"]);

const events = defineTenantTable("events", { payload: t.jsonb() }, { id: false, timestamps: false, paranoid: false });

const schema = toSchemaIR([contacts, contactTags, events], resolveConfig({}, "/repo", null));

// The tables as the team's database has them (what `pull` would have read), written by hand.
const DDL = `
  CREATE TABLE companies (id SERIAL PRIMARY KEY, name TEXT);
  CREATE TYPE enum_contacts_status AS ENUM ('active', '');
  CREATE TABLE contacts (id UUID PRIMARY KEY DEFAULT gen_random_uuid(), company_id INTEGER REFERENCES companies (id),
    email VARCHAR(120) NOT NULL, status enum_contacts_status NOT NULL DEFAULT 'active', profile JSON NOT NULL DEFAULT '{}',
    legacy_code SMALLINT NOT NULL DEFAULT 0);
  CREATE TABLE contact_tags (company_id INTEGER NOT NULL REFERENCES companies (id), tag VARCHAR(40) NOT NULL,
    contact_id UUID NOT NULL REFERENCES contacts (id) ON DELETE CASCADE, PRIMARY KEY (contact_id, tag));
  CREATE TABLE events (company_id INTEGER NOT NULL REFERENCES companies (id), payload JSONB NOT NULL);
`;

const usage = (target: SequelizeTarget) => ({
  path: "usage.ts",
  contents: [
    'import { Contact, Event } from "./index";',
    "",
    "export function usage(contact: Contact, event: Event): void {",
    '  const status: "active" | "" = contact.status;',
    "  const tags: string[] | undefined = contact.profile.tags;",
    "  const code: number = contact.legacyCode;",
    "  const tenant: number | null = contact.companyId;",
    "  const payload: Record<string, unknown> = event.payload;",
    "  // @ts-expect-error status only takes the type's values",
    '  const wrong: "blocked" = contact.status;',
    ...(target === 6 ? ['  void Contact.create({ email: "e", companyId: null });'] : []),
    "  void [status, tags, code, tenant, payload, wrong];",
    "}",
    "",
  ].join("\n"),
});

const workspaces: Workspace[] = [];
afterEach(() => {
  for (const workspace of workspaces.splice(0)) workspace.cleanup();
});

/* The compiled models are loaded with Node's require, so the test sees them untyped. */
/* eslint-disable @typescript-eslint/no-explicit-any */
type Loose = any;

describe.each([6, 5] as SequelizeTarget[])("models of adopted tables (Sequelize %i)", (target) => {
  it("compile under tsc --strict and work on the tables as the database has them", async () => {
    expect(validateSchema(schema)).toEqual([]);
    const workspace = createWorkspace(target);
    workspaces.push(workspace);
    const files = emitModels(schema, { sequelize: target });
    writeSources(workspace, [...files, usage(target)]);
    const compiled = await runTsc(workspace, true);
    expect(compiled.output).toBe("");
    const contactModel = files.find((file) => file.path === "Contact.ts")!.contents;
    expect(contactModel).toContain("timestamps: false");
    expect(contactModel).toContain('DataType.ENUM("active", "")');
    expect(contactModel).toContain("DataType.JSON,");
    expect(contactModel).toContain('type: "smallint"');
    expect(files.find((file) => file.path === "Event.ts")!.contents).toContain('this.removeAttribute("id");');

    const { Sequelize } = workspace.require("sequelize-typescript") as Loose;
    const generated = workspace.require(path.join(workspace.dir, "out/index.js")) as Loose;
    const { Contact, ContactTag, Event } = generated;
    const db = await emptyPGlite();
    const server = new PGLiteSocketServer({ db, port: 0, host: "127.0.0.1" });
    await server.start();
    const port = (server as Loose).server.address().port as number;
    const sequelize = new Sequelize(`postgres://postgres@127.0.0.1:${port}/postgres`, { logging: false, pool: { max: 1 }, models: generated.models });
    try {
      await sequelize.query(DDL);
      const [[company]] = (await sequelize.query(`INSERT INTO companies (name) VALUES ('Acme') RETURNING id`)) as Loose;
      const contact = await Contact.create({ companyId: company.id, email: "ana@acme.test", status: "" });
      await contact.reload();
      expect(contact.id).toMatch(/^[0-9a-f]{8}-/);
      expect(contact.status).toBe("");
      expect(contact.legacyCode).toBe(0);
      const orphan = await Contact.create({ companyId: null, email: "nobody@x.io" });
      expect((await Contact.findByPk(orphan.id)).companyId).toBeNull();
      await expect(Contact.create({ companyId: company.id, email: "x", status: "blocked" })).rejects.toThrow();

      await ContactTag.create({ companyId: company.id, contactId: contact.id, tag: "vip" });
      const tag = await ContactTag.findOne({ where: { contactId: contact.id, tag: "vip" } });
      expect(tag.tag).toBe("vip");

      await Event.create({ companyId: company.id, payload: { kind: "signup" } });
      const found = await Event.findAll({ raw: true });
      expect(found).toEqual([{ companyId: company.id, payload: { kind: "signup" } }]);

      await orphan.destroy();
      const [[{ count }]] = (await sequelize.query(`SELECT count(*)::int AS count FROM contacts`)) as Loose;
      expect(count).toBe(1); // not paranoid: the row is gone
    } finally {
      await sequelize.close();
      await server.stop();
      await db.close();
    }
  }, 180_000);
});
