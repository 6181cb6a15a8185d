/**
 * The isolation runtime on a real PostgreSQL (PGlite by default, DATABASE_URL when set), for
 * Sequelize 6 and 5 through hand-written sequelize-typescript models: withTenant, the tenant
 * context, the middleware and the guard. The schema here has today's single-column foreign keys
 * and no row-level security, so what these tests show is the guard (and withTenant) alone: the
 * data even holds cross-tenant references planted on purpose, which only the guard keeps out of
 * includes. (test/isolation/attack.test.ts attacks the fully isolated schema.)
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SequelizeTarget } from "../../src/emitters/types.js";
import {
  ALL_TENANTS,
  TenantIsolationError,
  currentTenant,
  installTenantGuard,
  tenantContext,
  tenantMiddleware,
  withTenant,
} from "../../src/index.js";
import { openTestDatabase, type TestDatabase } from "../support/database.js";
import { compileModels, type CompiledModels, type SequelizeLike } from "./models.js";
import { SEED_SQL, schemaStatements } from "./schema.js";

/** The refusal a call must end in: a TenantIsolationError of `code` whose message names `call`. */
async function refused(action: () => unknown, code: TenantIsolationError["code"], call: RegExp): Promise<void> {
  let caught: unknown;
  try {
    await action();
  } catch (error) {
    caught = error;
  }
  expect(caught, `expected ${code}`).toBeInstanceOf(TenantIsolationError);
  expect((caught as TenantIsolationError).code).toBe(code);
  expect((caught as TenantIsolationError).message).toMatch(call);
}

describe.each([6, 5] as SequelizeTarget[])("tenant isolation runtime (Sequelize %i)", (target) => {
  let db: TestDatabase;
  let compiled: CompiledModels;
  let sequelize: SequelizeLike;
  let M: Record<string, any>;
  let Op: Record<string, symbol>;
  const sql = <T = Record<string, unknown>>(text: string) => db.query<T>(text);

  beforeAll(async () => {
    db = await openTestDatabase();
    await db.query(schemaStatements({ isolation: false }).join(";\n"));
    await db.query(SEED_SQL);
    // Cross-tenant references that the database of this schema cannot refuse (no composite keys):
    // ticket 2 of company 1 assigned to user 3 of company 2, ticket 1 linked to company 2's tag,
    // and a junction row of company 2 linking company 1's ticket and tag.
    await db.query(`UPDATE tickets SET assignee_id = 3 WHERE id = 2;
      INSERT INTO ticket_tags (id, company_id, ticket_id, tag_id, created_at, updated_at) VALUES (3, 1, 1, 2, now(), now()), (4, 2, 2, 1, now(), now())`);
    compiled = await compileModels(target);
    M = compiled.module;
    Op = compiled.workspace.require("sequelize").Op;
    // Sequelize 6: installed at import time, before the models are initialized (as the emitted
    // model files will); Sequelize 5: installed on initialized models. Both paths, one each.
    if (target === 6) installTenantGuard(M.models, { attribute: "companyId" });
    sequelize = new compiled.sequelizeTypescript.Sequelize(db.url, { dialect: "postgres", logging: false, models: M.models, pool: { max: 1 } });
    if (target === 5) installTenantGuard(M.models, { attribute: "companyId" });
    expect(compiled.version).toMatch(target === 6 ? /^6\./ : /^5\./);
  });

  afterAll(async () => {
    await sequelize?.close();
    await db?.close();
    compiled?.workspace.cleanup();
  });

  describe("the guard", () => {
    it("refuses every unconfined call outside a tenant context, naming the model and the call", async () => {
      const { Ticket, User, TicketTag } = M;
      await refused(() => Ticket.findAll(), "TENANT_MISSING", /Ticket\.findAll.*does not constrain companyId/);
      await refused(() => Ticket.findAll({ where: { status: "open" } }), "TENANT_MISSING", /Ticket\.findAll/);
      await refused(() => Ticket.findOne({ where: { id: 3 } }), "TENANT_MISSING", /Ticket\.findOne/);
      await refused(() => Ticket.findByPk(3), "TENANT_MISSING", /Ticket\.findOne/);
      await refused(() => Ticket.count(), "TENANT_MISSING", /Ticket\.count/);
      await refused(() => Ticket.findAndCountAll({ where: { status: "open" } }), "TENANT_MISSING", /Ticket\.count/);
      await refused(() => Ticket.sum("id"), "TENANT_MISSING", /Ticket\.sum/);
      await refused(() => Ticket.max("id"), "TENANT_MISSING", /Ticket\.max/);
      await refused(() => Ticket.update({ status: "closed" }, { where: { status: "open" } }), "TENANT_MISSING", /Ticket\.update/);
      await refused(() => Ticket.destroy({ where: { status: "open" } }), "TENANT_MISSING", /Ticket\.destroy/);
      await refused(() => Ticket.restore({ where: { status: "open" } }), "TENANT_MISSING", /Ticket\.restore/);
      await refused(() => Ticket.increment("assigneeId", { where: { id: 1 } }), "TENANT_MISSING", /Ticket\.increment/);
      await refused(() => Ticket.decrement("assigneeId", { where: { id: 1 } }), "TENANT_MISSING", /Ticket\.decrement/);
      await refused(() => Ticket.create({ subject: "No tenant" }), "TENANT_MISSING", /Ticket\.create.*no companyId/);
      await refused(() => Ticket.bulkCreate([{ subject: "No tenant" }]), "TENANT_MISSING", /Ticket\.bulkCreate/);
      await refused(() => User.findAll({ where: { email: "cy@globex.test" } }), "TENANT_MISSING", /User\.findAll/);
      await refused(() => TicketTag.destroy({ where: { ticketId: 1 } }), "TENANT_MISSING", /TicketTag\.destroy/);
      // Nothing was written or deleted by any of them.
      expect(await sql(`SELECT count(*)::int AS n FROM tickets WHERE deleted_at IS NULL`)).toEqual([{ n: 4 }]);
    });

    it("refuses a where that does not confine the tenant to one value", async () => {
      const { Ticket } = M;
      await refused(() => Ticket.findAll({ where: { companyId: { [Op.ne!]: 1 } } }), "TENANT_UNCONSTRAINED", /Ticket\.findAll.*not to one tenant/);
      await refused(() => Ticket.findAll({ where: { companyId: [1, 2] } }), "TENANT_UNCONSTRAINED", /a list of 2 tenants/);
      await refused(() => Ticket.count({ where: { companyId: { [Op.in!]: [1, 2] } } }), "TENANT_UNCONSTRAINED", /Ticket\.count/);
      await refused(
        () => Ticket.findAll({ where: { [Op.and!]: [{ companyId: 1 }, { companyId: 2 }] } }),
        "TENANT_UNCONSTRAINED",
        /two different tenants/,
      );
      // An OR can name one tenant and still reach the others: it does not confine.
      await refused(
        () => Ticket.findAll({ where: { [Op.or!]: [{ companyId: 1 }, { status: "open" }] } }),
        "TENANT_MISSING",
        /Ticket\.findAll/,
      );
    });

    it("runs calls whose where names one tenant, and returns that tenant's rows only", async () => {
      const { Ticket } = M;
      const expected = (await sql<{ id: number }>(`SELECT id FROM tickets WHERE company_id = 2 AND deleted_at IS NULL ORDER BY id`)).map((r) => r.id);
      const rows = await Ticket.findAll({ where: { companyId: 2 }, order: [["id", "ASC"]] });
      expect(rows.map((row: any) => row.id)).toEqual(expected);
      expect(await Ticket.count({ where: { companyId: "2" } })).toBe(expected.length);
      expect(await Ticket.count({ where: { companyId: { [Op.eq!]: 2 }, status: "open" } })).toBe(1);
      expect(await Ticket.findOne({ where: { companyId: 1, id: 3 } })).toBeNull();
      const [changed] = await Ticket.update({ status: "open" }, { where: { companyId: 2, id: 4, status: "solved" } });
      expect(changed).toBe(1);
      await Ticket.update({ status: "solved" }, { where: { companyId: 2, id: 4 } });
      expect(await sql(`SELECT status FROM tickets WHERE id = 4`)).toEqual([{ status: "solved" }]);
    });

    it("in a tenant context, adds the tenant to queries and fills it in creates", async () => {
      const { Ticket, TicketTag } = M;
      await tenantContext.run(2, async () => {
        const open = await Ticket.findAll({ where: { status: "open" } });
        expect(open.map((row: any) => [row.id, row.companyId])).toEqual([[3, 2]]);
        expect(await Ticket.findByPk(1)).toBeNull(); // company 1's ticket: not found, not leaked
        expect((await Ticket.findByPk(3))?.subject).toBe("VPN down");
        expect(await Ticket.count()).toBe(2);
        expect(await Ticket.max("id")).toBe(4);
        const created = await Ticket.create({ subject: "From the context" });
        expect(created.companyId).toBe(2);
        const bulk = await TicketTag.bulkCreate([{ ticketId: created.id, tagId: 2 }]);
        expect(bulk[0].companyId).toBe(2);
        const [updated] = await Ticket.update({ status: "pending" }, { where: { id: [1, created.id] } });
        expect(updated).toBe(1); // ticket 1 is company 1's: untouched
        await Ticket.upsert({ id: 50, subject: "Upserted" });
      });
      await refused(() => Ticket.upsert({ id: 51, subject: "No tenant" }), "TENANT_MISSING", /Ticket\.(create|upsert)/);
      expect(await sql(`SELECT company_id FROM tickets WHERE id IN (50, 51)`)).toEqual([{ company_id: 2 }]);
      expect(await sql(`SELECT company_id, status FROM tickets WHERE subject = 'From the context'`)).toEqual([{ company_id: 2, status: "pending" }]);
      expect(await sql(`SELECT status FROM tickets WHERE id = 1`)).toEqual([{ status: "open" }]);
    });

    it("refuses, in a context, a where, a new row or an instance of another tenant", async () => {
      const { Ticket } = M;
      const foreign = await Ticket.findByPk(3, { tenantScope: ALL_TENANTS });
      await tenantContext.run(1, async () => {
        await refused(() => Ticket.findAll({ where: { companyId: 2 } }), "TENANT_MISMATCH", /Ticket\.findAll.*names companyId 2 inside the context of tenant 1/);
        await refused(() => Ticket.destroy({ where: { companyId: 2, id: 3 } }), "TENANT_MISMATCH", /Ticket\.destroy/);
        await refused(() => Ticket.create({ companyId: 2, subject: "Smuggled" }), "TENANT_MISMATCH", /Ticket\.create.*is 2 inside the context of tenant 1/);
        await refused(() => Ticket.bulkCreate([{ companyId: 1, subject: "ok" }, { companyId: 2, subject: "Smuggled" }]), "TENANT_MISMATCH", /Ticket\.bulkCreate/);
        await refused(() => foreign.update({ status: "closed" }), "TENANT_MISMATCH", /Ticket\.update.*belongs to tenant 2/);
        await refused(() => foreign.destroy(), "TENANT_MISMATCH", /Ticket\.destroy/);
        await refused(() => foreign.increment("assigneeId"), "TENANT_MISMATCH", /Ticket\.increment/);
      });
      expect(await sql(`SELECT status, assignee_id, deleted_at FROM tickets WHERE id = 3`)).toEqual([{ status: "open", assignee_id: 4, deleted_at: null }]);
      expect(await sql(`SELECT count(*)::int AS n FROM tickets WHERE subject IN ('Smuggled', 'ok')`)).toEqual([{ n: 0 }]);
    });

    it("refuses every update that changes the tenant attribute", async () => {
      const { Ticket } = M;
      const mine = await Ticket.findOne({ where: { companyId: 1, id: 1 } });
      await refused(() => mine.update({ companyId: 2 }), "TENANT_CHANGE", /Ticket\.update.*changes companyId from 1 to 2/);
      mine.companyId = 1;
      await refused(() => Ticket.update({ companyId: 2 }, { where: { companyId: 1, id: 1 } }), "TENANT_CHANGE", /Ticket\.update.*sets companyId to 2/);
      await refused(
        () => Ticket.update({ companyId: 2 }, { where: { companyId: 1, id: 1 }, individualHooks: true }),
        "TENANT_CHANGE",
        /Ticket\.update/,
      );
      await refused(
        () => Ticket.bulkCreate([{ id: 1, companyId: 1, subject: "x" }], { updateOnDuplicate: ["companyId"] }),
        "TENANT_CHANGE",
        /Ticket\.bulkCreate.*updateOnDuplicate/,
      );
      await refused(() => Ticket.increment("companyId", { where: { companyId: 1, id: 1 } }), "TENANT_CHANGE", /Ticket\.increment/);
      expect(await sql(`SELECT company_id FROM tickets WHERE id = 1`)).toEqual([{ company_id: 1 }]);
    });

    it("confines included tenant associations to the parent's tenant and keeps optional joins LEFT", async () => {
      const { Ticket, User } = M;
      const seen = (rows: any[]) =>
        rows.map((row) => [row.id, row.assignee?.id ?? null, (row.tags ?? []).map((tag: any) => tag.id).sort()]);
      const expected = [
        [1, 2, [1]], // the planted link to company 2's tag 2 is not joined
        [2, null, []], // assigned to company 2's user 3: no assignee; company 2's junction row 4 is not joined
      ];
      const order = [["id", "ASC"]];
      expect(seen(await Ticket.findAll({ where: { companyId: 1 }, include: ["assignee", "tags"], order }))).toEqual(expected);
      expect(seen(await tenantContext.run(1, () => Ticket.findAll({ include: ["assignee", "tags"], order })))).toEqual(expected);
      // Without the guard's condition the planted references would show (the control):
      const unguarded = await Ticket.findAll({ where: { companyId: 1 }, include: ["assignee", "tags"], order, tenantScope: ALL_TENANTS });
      expect(seen(unguarded)).toEqual([
        [1, 2, [1, 2]],
        [2, 3, [1]],
      ]);
      // A required include stays INNER, and the user's own include where is kept.
      const required = await Ticket.findAll({ where: { companyId: 1 }, include: [{ association: "assignee", required: true }], order });
      expect(required.map((row: any) => row.id)).toEqual([1]);
      const filtered = await Ticket.findAll({ where: { companyId: 1 }, include: [{ association: "assignee", where: { email: "cy@globex.test" } }] });
      expect(filtered).toEqual([]);
      // Nested: company 2's users, their tickets, their tags.
      const users = await User.findAll({
        where: { companyId: 2 },
        include: [{ association: "assignedTickets", include: ["tags"] }],
        order: [["id", "ASC"]],
      });
      expect(users.map((user: any) => [user.id, user.assignedTickets.map((ticket: any) => ticket.id)])).toEqual([
        [3, []], // company 1's ticket 2 points at user 3: not joined
        [4, [3]],
      ]);
    });

    it("lets an explicit tenantScope: \"all\" through, and leaves global models alone", async () => {
      const { Ticket, Company } = M;
      const [{ n } = { n: -1 }] = await sql<{ n: number }>(`SELECT count(*)::int AS n FROM tickets WHERE deleted_at IS NULL`);
      expect(await Ticket.count({ tenantScope: ALL_TENANTS })).toBe(n!);
      expect((await Company.findAll({ order: [["id", "ASC"]] })).map((row: any) => row.name)).toEqual(["Acme", "Globex"]);
      await refused(() => installTenantGuard(Company), "TENANT_GUARD_SETUP", /Company has no attribute companyId/);
      installTenantGuard(Ticket); // a second install is a no-op
      await refused(() => Ticket.findAll(), "TENANT_MISSING", /Ticket\.findAll/);
    });

    it("keeps concurrent flows of different tenants apart", async () => {
      const { Ticket } = M;
      const flows = Array.from({ length: 12 }, (_, i) => (i % 2) + 1);
      const results = await Promise.all(
        flows.map((tenant) =>
          tenantContext.run(tenant, async () => {
            await new Promise((resolve) => setTimeout(resolve, Math.random() * 5));
            const rows = await Ticket.findAll({ include: ["assignee", "tags"] });
            await Promise.resolve();
            const count = await Ticket.count();
            return { tenant, companies: [...new Set(rows.map((row: any) => row.companyId))], count, seen: currentTenant() };
          }),
        ),
      );
      const counts = await sql<{ company_id: number; n: number }>(
        `SELECT company_id, count(*)::int AS n FROM tickets WHERE deleted_at IS NULL GROUP BY company_id`,
      );
      for (const result of results) {
        expect(result.companies).toEqual([result.tenant]);
        expect(result.seen).toBe(result.tenant);
        expect(result.count).toBe(counts.find((row) => row.company_id === result.tenant)?.n);
      }
    });
  });

  describe("withTenant and the tenant context", () => {
    const setting = (transaction?: unknown) =>
      sequelize
        .query("SELECT current_setting('app.company_id', true) AS tenant", { type: "SELECT", transaction })
        .then((rows: Array<{ tenant: string | null }>) => rows[0]?.tenant ?? null);

    it("sets the tenant for its transaction only: gone after COMMIT on the same pooled connection", async () => {
      const inside = await withTenant(sequelize, 2, (transaction) => setting(transaction));
      expect(inside).toBe("2");
      // Pool of one: the next query runs on the very connection the transaction used.
      expect(["", null]).toContain(await setting());
      await expect(withTenant(sequelize, 1, async () => { throw new Error("boom"); })).rejects.toThrow("boom");
      expect(["", null]).toContain(await setting());
    });

    it("binds the id as a parameter and refuses anything but a tenant id", async () => {
      const sent: string[] = [];
      const logged = new compiled.sequelizeTypescript.Sequelize(db.url, {
        dialect: "postgres",
        pool: { max: 1 },
        logging: (text: string) => sent.push(text),
      });
      try {
        await withTenant(logged, 987654, async () => undefined);
      } finally {
        await logged.close();
      }
      expect(sent.some((text) => text.includes("set_config($1, $2, true)"))).toBe(true);
      expect(sent.some((text) => text.includes("'987654'") && !text.includes("$2"))).toBe(false);
      for (const bad of [null, undefined, 1.5, -1, Number.NaN, "", "1; DROP TABLE tickets", "1 OR 1=1", {}, [1]]) {
        await refused(() => withTenant(sequelize, bad as never, async () => undefined), "TENANT_INVALID_ID", /withTenant: .* is not a tenant id/);
        await refused(() => tenantContext.run(bad as never, () => undefined), "TENANT_INVALID_ID", /tenantContext\.run/);
      }
      await withTenant(sequelize, "4a5c1e0e-8d1f-4c9b-9a43-3f2e7c1b9d10", async () => undefined);
      await withTenant(sequelize, 3n, async () => undefined);
    });

    it("reuses the transaction when nested for the same tenant, refuses another tenant", async () => {
      await withTenant(sequelize, 1, async (outer) => {
        await withTenant(sequelize, "1", async (inner) => expect(inner).toBe(outer));
        await tenantContext.run(1, async () => expect(await setting(outer)).toBe("1"));
        await refused(() => withTenant(sequelize, 2, async () => undefined), "TENANT_MISMATCH", /withTenant\(2\) inside the context of tenant 1/);
        await refused(() => tenantContext.run(2, () => undefined), "TENANT_MISMATCH", /tenantContext\.run\(2\)/);
      });
      await tenantContext.run(2, async () => {
        expect(await withTenant(sequelize, 2, (transaction) => setting(transaction))).toBe("2");
        await refused(() => withTenant(sequelize, 1, async () => undefined), "TENANT_MISMATCH", /withTenant\(1\)/);
      });
    });

    it("gives guarded calls its transaction and rolls back with it", async () => {
      const { Ticket } = M;
      await expect(
        withTenant(sequelize, 1, async () => {
          await Ticket.create({ subject: "Rolled back" }); // no { transaction }: the guard adds it
          expect(await Ticket.count({ where: { subject: "Rolled back" } })).toBe(1);
          throw new Error("abort");
        }),
      ).rejects.toThrow("abort");
      expect(await sql(`SELECT count(*)::int AS n FROM tickets WHERE subject = 'Rolled back'`)).toEqual([{ n: 0 }]);
      const kept = await withTenant(sequelize, 1, () => Ticket.create({ subject: "Committed" }));
      expect(await sql(`SELECT company_id FROM tickets WHERE id = ${Number(kept.id)}`)).toEqual([{ company_id: 1 }]);
    });

    it("rolls back and fails when the unit of work switched the tenant setting", async () => {
      await refused(
        () =>
          withTenant(sequelize, 1, async (transaction) => {
            await sequelize.query("SELECT set_config('app.company_id', '2', true)", { transaction });
            await sequelize.query(
              `INSERT INTO tags (company_id, name, created_at, updated_at) VALUES (2, 'switched', now(), now())`,
              { transaction },
            );
          }),
        "TENANT_SETTING_CHANGED",
        /app\.company_id was changed to "2" inside the unit of work; rolled back/,
      );
      expect(await sql(`SELECT count(*)::int AS n FROM tags WHERE name = 'switched'`)).toEqual([{ n: 0 }]);
    });

    it("tenantMiddleware: Koa style wraps the request in withTenant, Express style sets the context", async () => {
      const { Ticket } = M;
      const koa = tenantMiddleware((ctx: { companyId: number }) => ctx.companyId, { sequelize });
      // Pool of one: the findAll can only run because the guard hands it the request's transaction.
      const koaSeen = await koa({ companyId: 2 }, async () => ({
        tenant: currentTenant(),
        companies: [...new Set((await Ticket.findAll()).map((row: any) => row.companyId))],
      }));
      expect(koaSeen).toEqual({ tenant: 2, companies: [2] });

      const express = tenantMiddleware(async (req: { user: { companyId: number } }) => req.user.companyId);
      const expressSeen = await new Promise<unknown>((resolve) => {
        express({ user: { companyId: 1 } }, {}, async (error?: unknown) => {
          resolve({ error, tenant: currentTenant(), companies: [...new Set((await Ticket.findAll()).map((row: any) => row.companyId))] });
        });
      });
      expect(expressSeen).toEqual({ error: undefined, tenant: 1, companies: [1] });

      const failing = tenantMiddleware((req: { user?: { companyId: unknown } }) => req.user?.companyId as number);
      const failure = await new Promise<unknown>((resolve) => failing({}, {}, resolve));
      expect(failure).toBeInstanceOf(TenantIsolationError);
      expect((failure as TenantIsolationError).code).toBe("TENANT_INVALID_ID");

      const misused = tenantMiddleware(() => 1, { sequelize });
      const misuse = await new Promise<unknown>((resolve) => misused({}, {}, resolve));
      expect((misuse as TenantIsolationError).code).toBe("TENANT_GUARD_SETUP");
    });
  });
});
