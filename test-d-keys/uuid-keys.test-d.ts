/**
 * Row types with registered key types. A separate tsd run (`npm run tsd`): a `Register`
 * augmentation applies to the whole program, so it cannot share one with test-d/.
 */
import { expectError, expectType } from "tsd";
import { defineConfig, defineTenantTable, t, type InferCreate, type InferRow } from "tenant-schema";

declare module "tenant-schema" {
  interface Register {
    primaryKey: "uuid";
    tenantKey: "bigint";
  }
}

const users = defineTenantTable("users", { email: t.string(200) });
const tickets = defineTenantTable("tickets", { subject: t.string(200) }).belongsTo(users, { nullable: true });

type Ticket = InferRow<typeof tickets>;
expectType<string>({} as Ticket["id"]);
expectType<string>({} as Ticket["companyId"]);
expectType<string | null>({} as Ticket["userId"]);
expectType<string>({} as InferRow<typeof users>["id"]);

// A create takes the uuid as a string; a BIGINT tenant key as a string or a number.
const created: InferCreate<typeof tickets> = { companyId: 7, subject: "Printer", userId: "0b6b4f7e-0d7c-4d43-9a52-0c3e1d9f2a10" };
expectType<string | number>(created.companyId);
expectError<InferCreate<typeof tickets>>({ companyId: 7, subject: "Printer", userId: 42 });

// The config must say what Register says.
defineConfig({ primaryKey: "uuid", tenant: { keyType: "bigint" } });
expectError(defineConfig({ primaryKey: "integer", tenant: { keyType: "bigint" } }));
expectError(defineConfig({ tenant: { keyType: "bigint" } }));
expectError(defineConfig({ primaryKey: "uuid" }));
