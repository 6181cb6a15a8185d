import fc from "fast-check";
import { describe, expect, test } from "vitest";
import {
  constraintName,
  defineTenantTable,
  fitIdentifier,
  modelNameOf,
  referenceSingular,
  resolveConfig,
  singularOf,
  snakeCase,
  t,
  tableNameOf,
  toSchemaIR,
} from "tenant-schema";
import * as messages from "../../src/ir/messages.js";

describe("naming", () => {
  test("profiles", () => {
    expect(tableNameOf("webhookEndpoints", "snake_case")).toBe("webhook_endpoints");
    expect(tableNameOf("tickets", "sequelize")).toBe("Tickets");
    expect(tableNameOf("person", "snake_case")).toBe("people");
    expect(modelNameOf("webhookDeliveries")).toBe("WebhookDelivery");
    expect(snakeCase("HTTPStatusCode")).toBe("http_status_code");
    expect(singularOf("people")).toBe("person");
  });

  test("the foreign-key singular agrees with pluralize on regular nouns (the types mirror it)", () => {
    for (const key of ["users", "tickets", "categories", "statuses", "addresses", "boxes", "matches", "webhookEndpoints", "auditLogs", "buses"]) {
      expect(referenceSingular(key)).toBe(singularOf(key));
    }
  });

  test("names over 63 bytes: 54-byte prefix on a character boundary + _ + 8 hex; distinct inputs stay distinct", () => {
    const long = `${"é".repeat(30)}_idx`;
    const fitted = fitIdentifier(long);
    expect(Buffer.byteLength(fitted)).toBeLessThanOrEqual(63);
    expect(fitted).toMatch(/^(é){27}_[0-9a-f]{8}$/);
    expect(fitIdentifier("short_name")).toBe("short_name");
    fc.assert(
      fc.property(fc.string({ minLength: 60, maxLength: 90 }), fc.string({ minLength: 60, maxLength: 90 }), (a, b) => {
        fc.pre(a !== b);
        expect(Buffer.byteLength(fitIdentifier(a))).toBeLessThanOrEqual(63);
        expect(fitIdentifier(a)).not.toBe(fitIdentifier(b));
      }),
    );
  });

  test("long generated names in the IR are fitted and stay unique", () => {
    const columns = Object.fromEntries(
      ["aVeryLongColumnNameNumberOneForTesting", "aVeryLongColumnNameNumberTwoForTesting"].map((name) => [name, t.string(10).unique()]),
    );
    const ir = toSchemaIR([defineTenantTable("extraordinarilyLongTableNamesForTruncation", columns)], resolveConfig({}, "/repo", null));
    const names = ir.tables[0]!.indexes.map((index) => index.name);
    expect(names).toHaveLength(2);
    expect(new Set(names).size).toBe(2);
    for (const name of names) expect(Buffer.byteLength(name)).toBeLessThanOrEqual(63);
    expect(constraintName("t", ["a", "b"], "key")).toBe("t_a_b_key");
  });

  test("sequelize profile keeps attributes as columns", () => {
    const ir = toSchemaIR([defineTenantTable("tickets", { subject: t.string() }).index(["companyId", "createdAt"], { reason: "r" })], resolveConfig({ naming: "sequelize" }, "/repo", null));
    const table = ir.tables[0]!;
    expect(table.tableName).toBe("Tickets");
    expect(table.columns.map((c) => c.field)).toEqual(["id", "companyId", "subject", "createdAt", "updatedAt", "deletedAt"]);
    expect(table.indexes.map((i) => i.name)).toEqual(["Tickets_companyId_createdAt_idx"]);
  });

  test("config: uuid primary keys, bigint tenant keys, overrides", () => {
    const config = resolveConfig({ primaryKey: "uuid", tenant: { keyType: "bigint", attribute: "tenantId" } }, "/repo", null);
    const users = defineTenantTable("users", { name: t.string().field("full_name") }).tableName("app_users").feature("accounts");
    const notes = defineTenantTable("notes", {}).belongsTo(users);
    const ir = toSchemaIR([users, notes], config);
    const [notesIR, usersIR] = ir.tables;
    expect(usersIR).toMatchObject({ tableName: "app_users", feature: "accounts" });
    expect(usersIR!.columns[0]).toMatchObject({ type: { kind: "uuid" }, autoIncrement: false, default: { kind: "sql", sql: "gen_random_uuid()" } });
    expect(usersIR!.columns[1]).toMatchObject({ name: "tenantId", field: "tenant_id", type: { kind: "bigint" } });
    expect(usersIR!.columns[2]).toMatchObject({ name: "name", field: "full_name" });
    expect(notesIR!.columns.find((c) => c.name === "userId")?.type).toEqual({ kind: "uuid" });
    // The target's own table name, not the one the profile would give its key.
    expect(notesIR!.foreignKeys[1]?.referencedTable).toBe("app_users");
  });

  test("builders are immutable and frozen", () => {
    const base = t.string(10);
    const nullable = base.nullable();
    expect(base.def.nullable).toBe(false);
    expect(nullable.def.nullable).toBe(true);
    expect(Object.isFrozen(base)).toBe(true);
    const table = defineTenantTable("notes", { body: base });
    expect(table.describe("x")).not.toBe(table);
    expect(table.def.description).toBeNull();
    expect(Object.isFrozen(table.def)).toBe(true);
  });

  test("runtime messages spell what the type-level messages spell (test-d/rules.test-d.ts)", () => {
    expect(messages.unknownColumnMessage("Index", "foo", "notifications")).toBe("Index column 'foo' is not declared on table 'notifications'");
    expect(messages.builtInColumnMessage("id", "notes")).toBe("'id' is a built-in column and cannot be declared on table 'notes'");
    expect(messages.enumDefaultMessage("archived")).toBe("Default 'archived' is not one of the enum values");
    expect(messages.defaultTypeMessage("integer")).toBe("Default value does not match the column type 'integer'");
    expect(messages.globalReasonMessage("plans")).toBe("Global table 'plans' needs a written reason");
  });
});
