import { describe, expect, it } from "vitest";
import { schemasAround } from "../../src/diff/change-schemas.js";
import { planChanges } from "../../src/diff/plan.js";
import { defineTenantTable, resolveConfig, t, toSchemaIR } from "../../src/index.js";
import type { SchemaIR } from "../../src/ir/types.js";

const config = resolveConfig({}, "/repo", null);
const keys = (schema: SchemaIR | null) => schema?.tables.map((table) => table.key) ?? null;
const columnsOf = (schema: SchemaIR | null, key: string) => schema?.tables.find((table) => table.key === key)?.columns.map((column) => column.name);

describe("schemasAround: the schema right before and after each change set", () => {
  const users = defineTenantTable("users", { name: t.string(100) }).feature("accounts");
  const tickets = defineTenantTable("tickets", { subject: t.string(200) }).belongsTo(users).feature("support");

  it("first emit: nothing before the first change set, each later one starts where the previous ended", () => {
    const next = toSchemaIR([users, tickets], config);
    const { changeSets, snapshot } = planChanges(null, next, "20261202120000", null);
    // The fixture: two features, tickets references users, so accounts comes first.
    expect(changeSets.map((change) => change.feature)).toEqual(["accounts", "support"]);
    const around = schemasAround(null, snapshot, changeSets);
    expect(around.map(({ before, after }) => [keys(before), keys(after)])).toEqual([
      [null, ["users"]],
      [["users"], ["tickets", "users"]],
    ]);
  });

  it("evolution: a touched table takes its next version only from its own change set on", () => {
    const previous = toSchemaIR([users], config);
    const usersWithEmail = defineTenantTable("users", { name: t.string(100), email: t.string(200).nullable() }).feature("accounts");
    const next = toSchemaIR([usersWithEmail, tickets], config);
    const { changeSets, snapshot } = planChanges(previous, next, "20261202120000", null);
    expect(changeSets.map((change) => change.feature)).toEqual(["accounts", "support"]);
    const [accounts, support] = schemasAround(previous, snapshot, changeSets);
    expect(columnsOf(accounts!.before, "users")).not.toContain("email");
    expect(columnsOf(accounts!.after, "users")).toContain("email");
    expect(keys(support!.before)).toEqual(["users"]);
    expect(columnsOf(support!.before, "users")).toContain("email");
    expect(keys(support!.after)).toEqual(["tickets", "users"]);
  });

  it("a renamed table leaves under its old key, a dropped one leaves", () => {
    const legacy = defineTenantTable("legacyNotes", { body: t.text() }).feature("accounts");
    const previous = toSchemaIR([users, legacy], config);
    const renamed = defineTenantTable("members", { name: t.string(100) }).renamedFrom("users", { strategy: "direct" }).feature("accounts");
    const next = { ...toSchemaIR([renamed], config), acknowledgements: [] };
    const { changeSets, snapshot, issues } = planChanges(previous, next, "20261202120000", null, { allowDestructive: true });
    expect(issues).toEqual([]);
    const kinds = changeSets.flatMap((change) => change.migrations.flatMap((plan) => plan.operations.map((operation) => operation.kind)));
    expect(kinds).toEqual(expect.arrayContaining(["renameTable", "dropTable"]));
    const around = schemasAround(previous, snapshot, changeSets);
    expect(keys(around[0]!.before)).toEqual(["legacyNotes", "users"]);
    expect(keys(around.at(-1)!.after)).toEqual(["members"]);
  });
});
