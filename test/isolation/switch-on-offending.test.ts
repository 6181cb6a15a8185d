/**
 * Switching composite tenant keys on for a schema whose data already breaks isolation (issue 9
 * item 1): a ticket of one tenant assigned to another tenant's user, a user managed by another
 * tenant's user. Through the real CLI and the emitted migrations on a real PostgreSQL: the
 * validation step stops with the count and the keys of the offending rows (and a query listing
 * them all), changes no row, leaves the new reference NOT VALID beside the old one, and runs again
 * once the rows are fixed. The offending rows are found here by plain joins on the tenant columns,
 * not by the tool's own query.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createProject, openProjectDatabase, type Project, type ProjectDatabase } from "../evolution/project.js";

const SCHEMA = `import { defineTenantTable, t } from "tenant-schema";

export const users = defineTenantTable("users", { email: t.string(255) })
  .belongsToSelf({ as: "manager", nullable: true, onDelete: "SET NULL" });

export const tickets = defineTenantTable("tickets", { subject: t.string(255) })
  .belongsTo(users, { as: "assignee", nullable: true, onDelete: "SET NULL" });
`;

const config = (keys: boolean) => `import { defineConfig } from "tenant-schema";
export default defineConfig({ schema: "schema", docs: { language: "en" }, isolation: { keys: ${keys} } });
`;

/** The rows breaking each composite reference, by plain joins: the referenced row exists, in another tenant. */
const CROSS_TENANT = {
  tickets_company_id_assignee_id_fkey: `SELECT t.id FROM tickets t JOIN users u ON u.id = t.assignee_id WHERE u.company_id <> t.company_id ORDER BY t.id`,
  users_company_id_manager_id_fkey: `SELECT e.id FROM users e JOIN users m ON m.id = e.manager_id WHERE m.company_id <> e.company_id ORDER BY e.id`,
} as const;
type Reference = keyof typeof CROSS_TENANT;
const FIX: Record<Reference, string> = {
  tickets_company_id_assignee_id_fkey: `UPDATE tickets t SET assignee_id = NULL FROM users u WHERE u.id = t.assignee_id AND u.company_id <> t.company_id`,
  users_company_id_manager_id_fkey: `UPDATE users e SET manager_id = NULL FROM users m WHERE m.id = e.manager_id AND m.company_id <> e.company_id`,
};

describe("switching composite tenant keys on over data that breaks isolation", () => {
  let project: Project;
  let database: ProjectDatabase;
  const failures: { reference: Reference; message: string; hint: string | undefined; offending: number[]; listed: number[] | null }[] = [];

  const fingerprint = async () =>
    database.db.query(`SELECT 'users' AS t, id, company_id, manager_id AS ref FROM users UNION ALL SELECT 'tickets', id, company_id, assignee_id FROM tickets ORDER BY 1, 2`);
  const constraints = async () =>
    database.db.query<{ name: string; validated: boolean }>(
      `SELECT conname AS name, convalidated AS validated FROM pg_constraint WHERE contype = 'f' AND conrelid IN ('users'::regclass, 'tickets'::regclass) AND conname NOT LIKE '%company_id_fkey' ORDER BY conname`,
    );

  beforeAll(async () => {
    project = await createProject("isolation-switch-on", { "schema/schema.ts": SCHEMA }, "en");
    await project.write("tenant-schema.config.ts", config(false));
    const first = await project.emit("20261201100000");
    expect(first.report.errors).toEqual([]);
    database = await openProjectDatabase(project, await project.snapshot());
    await database.runner.up();
    const [acme, globex] = [await database.company("Acme"), await database.company("Globex")];
    const user = async (company: number, email: string, manager: number | null) =>
      (await database.db.query<{ id: number }>(`INSERT INTO users (company_id, email, manager_id, created_at, updated_at) VALUES (${company}, '${email}', ${manager ?? "NULL"}, now(), now()) RETURNING id`))[0]!.id;
    const ticket = async (company: number, subject: string, assignee: number | null) =>
      database.db.query(`INSERT INTO tickets (company_id, subject, assignee_id, created_at, updated_at) VALUES (${company}, '${subject}', ${assignee ?? "NULL"}, now(), now())`);
    const ana = await user(acme, "ana@acme.test", null);
    const bo = await user(acme, "bo@acme.test", ana);
    const gil = await user(globex, "gil@globex.test", null);
    await user(globex, "hal@globex.test", ana); // managed across tenants
    await user(globex, "ivy@globex.test", gil);
    await ticket(acme, "same tenant", bo);
    await ticket(acme, "assigned across tenants", gil);
    await ticket(globex, "also across", bo);
    await ticket(globex, "unassigned", null);
    await ticket(acme, "across again", gil);

    await project.write("tenant-schema.config.ts", config(true));
    const second = await project.emit("20261201110000");
    expect(second.report.errors).toEqual([]);
    expect(second.migrations.length).toBeGreaterThan(0);

    // Each run stops at the first reference whose rows break it; fix those rows (as a user would) and run again.
    for (let attempt = 0; attempt < 3; attempt++) {
      const before = await fingerprint();
      const error = await database.runner.up().then(
        () => null,
        (caught: unknown) => caught,
      );
      if (error === null) break;
      // umzug's MigrationError → its cause, Sequelize's DatabaseError → its original, the driver's error (message, hint).
      let original = error as { message?: string; hint?: string; cause?: unknown; original?: unknown };
      while (original.hint === undefined && (original.cause ?? original.original) !== undefined) original = (original.cause ?? original.original) as typeof original;
      const message = original.message ?? String(error);
      const reference = (Object.keys(CROSS_TENANT) as Reference[]).find((name) => message.includes(`"${name}"`));
      if (reference === undefined) throw error;
      expect(await fingerprint(), "a failed validation changes no row").toEqual(before);
      const offending = (await database.db.query<{ id: number }>(CROSS_TENANT[reference])).map((row) => row.id);
      const query = original.hint?.match(/^All of them: (SELECT .*)$/s)?.[1];
      const listed = query === undefined ? null : (await database.db.query<{ offending_key: string }>(query)).map((row) => Number(row.offending_key));
      failures.push({ reference, message, hint: original.hint, offending, listed });
      // Before the fix, the new reference exists NOT VALID beside the old one, which still holds.
      const now = await constraints();
      expect(now.find((c) => c.name === reference)?.validated).toBe(false);
      await database.db.query(FIX[reference]);
    }
  }, 240_000);

  afterAll(async () => {
    await database?.db.close();
    await project?.dispose();
  });

  it("stops once per reference the data breaks, naming it", () => {
    expect(failures.map((failure) => failure.reference).sort()).toEqual(["tickets_company_id_assignee_id_fkey", "users_company_id_manager_id_fkey"]);
  });

  it("reports how many rows break the reference and their ids, as plain joins find them", () => {
    for (const failure of failures) {
      expect(failure.offending.length).toBeGreaterThan(0);
      const table = failure.reference.startsWith("tickets") ? "tickets" : "users";
      expect(failure.message).toContain(`${failure.offending.length} row(s) of "${table}" break "${failure.reference}"`);
      expect(failure.message).toContain(`The first by key: ${failure.offending.join(", ")}.`);
      expect(failure.message).toContain("nothing was changed");
    }
  });

  it("gives, in the hint, a query that lists every offending row", () => {
    for (const failure of failures) {
      expect(failure.hint).toMatch(/^All of them: SELECT /);
      expect(failure.listed).toEqual(failure.offending);
    }
  });

  it("after the rows are fixed, the migration runs to the end: only composite references remain, all validated", async () => {
    expect(await database.runner.pending()).toEqual([]);
    expect(await constraints()).toEqual([
      { name: "tickets_company_id_assignee_id_fkey", validated: true },
      { name: "users_company_id_manager_id_fkey", validated: true },
    ]);
    const crossTenant = await Promise.all(Object.values(CROSS_TENANT).map((query) => database.db.query(query)));
    expect(crossTenant).toEqual([[], []]);
  });
});
