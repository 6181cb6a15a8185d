/**
 * Runs compiled models against an embedded PostgreSQL (PGlite over its socket server): sync, create,
 * include, soft delete and belongsToMany through the junction. Returns what it observed, so each
 * test asserts on real database state.
 */
import { emptyPGlite } from "../../support/database.js";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";
import path from "node:path";
import type { ModelExportStyle } from "../../../src/emitters/types.js";
import type { SchemaIR } from "../../../src/ir/types.js";
import type { Workspace } from "./harness.js";

/* The compiled models are loaded with Node's require, so the test sees them untyped. */
/* eslint-disable @typescript-eslint/no-explicit-any */
type Loose = any;

export interface ScenarioResult {
  /** Database columns of the notifications table, as PostgreSQL reports them. */
  notificationColumns: string[];
  /** Database tables after sync. */
  tables: string[];
  userDefaults: { role: unknown; active: unknown };
  notificationDefaults: Record<string, unknown>;
  includedUserEmail: unknown;
  userNotificationTitles: unknown[];
  assignedSubjects: unknown[];
  visibleAfterDestroy: boolean;
  deletedAtInTable: unknown;
  foundWithParanoidFalse: boolean;
  tagNames: unknown[];
  junctionRows: Record<string, unknown>[];
  tagTicketSubjects: unknown[];
  invalidStatusError: string | null;
  tenantModelName: unknown;
  /** What the team's own Notification code did (see extension.ts); null when it was not asked for. */
  extensions: ExtensionResult | null;
}

export interface ExtensionResult {
  /** external_id of the first notification, as PostgreSQL stores it. */
  storedExternalId: unknown;
  issuedExternalIds: unknown[];
  headlineInJson: unknown;
  unreadBefore: unknown;
  unreadAfter: unknown;
  /** status and read_at of the first notification in the database after `markRead()`. */
  storedAfterMarkRead: { status: unknown; readAt: unknown };
  /** Titles the "unread" scope finds once the first is read and a second one exists. */
  unreadScopeTitles: unknown[];
}

export interface ScenarioOptions {
  /** How `out/Company.js` exports the tenant model. Default "named". */
  tenantExport?: ModelExportStyle;
  /** Exercise the team's hook, scope, method and getters of extension.ts. */
  extensions?: boolean;
}

/** Database names of the schema: `table("notifications")`, `field("notifications", "readAt")`. */
function names(schema: SchemaIR) {
  const tableOf = (key: string) => {
    const table = schema.tables.find((t) => t.key === key);
    if (table === undefined) throw new Error(`no table ${key}`);
    return table;
  };
  return {
    table: (key: string) => tableOf(key).tableName,
    field: (key: string, attribute: string) => {
      const column = tableOf(key).columns.find((c) => c.name === attribute);
      if (column === undefined) throw new Error(`no column ${key}.${attribute}`);
      return column.field;
    },
  };
}

/**
 * Loads `out/index.js` (and `out/Company.js` when the schema has a tenant model), syncs on a fresh
 * PGlite and exercises the models.
 */
export async function runScenario(workspace: Workspace, schema: SchemaIR, options: ScenarioOptions = {}): Promise<ScenarioResult> {
  const { table, field } = names(schema);
  const { Sequelize } = workspace.require("sequelize-typescript") as Loose;
  const generated = workspace.require(path.join(workspace.dir, "out/index.js")) as Loose;
  const companyModule = schema.tenant.model === null ? null : (workspace.require(path.join(workspace.dir, "out/Company.js")) as Loose);
  const Company = companyModule === null ? null : options.tenantExport === "default" ? companyModule.default : companyModule.Company;
  const { Notification, User, Ticket, Tag } = generated;

  const db = await emptyPGlite();
  const server = new PGLiteSocketServer({ db, port: 0, host: "127.0.0.1" });
  await server.start();
  const port = (server as Loose).server.address().port as number;
  const sequelize = new Sequelize(`postgres://postgres@127.0.0.1:${port}/postgres`, {
    logging: false,
    pool: { max: 1 },
    models: [...generated.models, ...(Company === null ? [] : [Company])],
  });
  try {
    // The tenant root is the team's table, never created by tenant-schema.
    await sequelize.query(`CREATE TABLE "${schema.tenant.tableName}" (id SERIAL PRIMARY KEY, name TEXT)`);
    const [[company]] = (await sequelize.query(
      `INSERT INTO "${schema.tenant.tableName}" (name) VALUES ('Acme') RETURNING id`,
    )) as Loose;
    const companyId = company.id as number;
    await sequelize.sync();

    const [tableRows] = (await sequelize.query(
      // Aliased: Sequelize rewrites the result of a bare `SELECT table_name FROM information_schema.tables`.
      "SELECT table_name::text AS name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY name",
    )) as Loose;
    const [columnRows] = (await sequelize.query(
      `SELECT column_name::text AS name FROM information_schema.columns WHERE table_name = '${table("notifications")}' ORDER BY name`,
    )) as Loose;

    const user = await User.create({ companyId, name: "Ana", email: "ana@acme.test" });
    const notification = await Notification.create({ companyId, title: "Welcome", userId: user.id });
    await notification.reload();
    const pick = (keys: string[]) => Object.fromEntries(keys.map((key) => [key, notification.get(key)]));
    const notificationDefaults = pick(["status", "metadata", "priority", "sequence", "cost", "labels", "externalId", "body"]);

    const withUser = await Notification.findOne({
      where: { id: notification.id },
      include: [{ model: User, as: "user" }],
    });
    const withNotifications = await User.findOne({
      where: { id: user.id },
      include: [{ model: Notification, as: "notifications" }],
    });

    const ticket = await Ticket.create({ companyId, subject: "Printer on fire", assigneeId: user.id });
    const withTickets = await User.findOne({ where: { id: user.id }, include: [{ model: Ticket, as: "assignedTickets" }] });

    const tag = await Tag.create({ companyId, name: "urgent" });
    // The junction carries the tenant column too, so attaching must say which tenant.
    await ticket.$add("tags", tag, { through: { companyId } });
    const tags = await ticket.$get("tags");
    const tagTickets = await tag.$get("tickets");
    const [junctionRows] = (await sequelize.query(
      `SELECT "${field("ticketTags", "companyId")}" AS company, "${field("ticketTags", "ticketId")}" AS ticket, "${field("ticketTags", "tagId")}" AS tag FROM "${table("ticketTags")}"`,
    )) as Loose;

    let invalidStatusError: string | null = null;
    try {
      await Notification.create({ companyId, title: "Bad", userId: user.id, status: "archived" });
    } catch (error) {
      invalidStatusError = (error as Error).name;
    }

    let tenantModelName: unknown = null;
    if (Company !== null) {
      const withCompany = await Notification.findOne({ where: { id: notification.id }, include: [{ model: Company, as: "company" }] });
      tenantModelName = withCompany.company?.name;
    }

    // The team's own code (extension.ts), before the paranoid delete below removes the row.
    const exerciseExtensions = async (): Promise<ExtensionResult> => {
      const [[stored]] = (await sequelize.query(
        `SELECT "${field("notifications", "externalId")}"::text AS external FROM "${table("notifications")}" WHERE id = ${Number(notification.id)}`,
      )) as Loose;
      const headlineInJson = notification.toJSON().headline;
      const unreadBefore = notification.isUnread;
      await Notification.create({ companyId, title: "Second", userId: user.id });
      await notification.markRead();
      const [[afterRead]] = (await sequelize.query(
        `SELECT status, "${field("notifications", "readAt")}" AS "readAt" FROM "${table("notifications")}" WHERE id = ${Number(notification.id)}`,
      )) as Loose;
      const unread = await Notification.scope("unread").findAll({ order: [["id", "ASC"]] });
      return {
        storedExternalId: stored.external,
        issuedExternalIds: [...Notification.issuedExternalIds],
        headlineInJson,
        unreadBefore,
        unreadAfter: notification.isUnread,
        storedAfterMarkRead: { status: afterRead.status, readAt: afterRead.readAt },
        unreadScopeTitles: unread.map((n: Loose) => n.title),
      };
    };
    const extensions = options.extensions === true ? await exerciseExtensions() : null;

    await notification.destroy();
    const visible = await Notification.findByPk(notification.id);
    const hidden = await Notification.findByPk(notification.id, { paranoid: false });
    const [deletedRows] = (await sequelize.query(
      `SELECT "${field("notifications", "deletedAt")}" AS deleted FROM "${table("notifications")}" WHERE id = ${Number(notification.id)}`,
    )) as Loose;

    return {
      notificationColumns: columnRows.map((row: Loose) => row.name),
      tables: tableRows.map((row: Loose) => row.name),
      userDefaults: { role: user.role, active: user.active },
      notificationDefaults,
      includedUserEmail: withUser?.user?.email,
      userNotificationTitles: (withNotifications?.notifications ?? []).map((n: Loose) => n.title),
      assignedSubjects: (withTickets?.assignedTickets ?? []).map((t: Loose) => t.subject),
      visibleAfterDestroy: visible !== null,
      deletedAtInTable: deletedRows[0]?.deleted ?? null,
      foundWithParanoidFalse: hidden !== null,
      tagNames: tags.map((t: Loose) => t.name),
      junctionRows: junctionRows as Record<string, unknown>[],
      tagTicketSubjects: tagTickets.map((t: Loose) => t.subject),
      invalidStatusError,
      tenantModelName,
      extensions,
    };
  } finally {
    await sequelize.close();
    await server.stop();
    await db.close();
  }
}
