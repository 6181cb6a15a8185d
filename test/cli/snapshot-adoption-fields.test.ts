/**
 * The fields added for adopted databases (a table's timestamps, primary key and declared departures;
 * an index's expression and constraint flag) are stored only where they differ from a table designed
 * with tenant-schema, and read back whole: old snapshots load, and an unchanged schema's snapshot
 * text does not change across the upgrade.
 */
import { describe, expect, it } from "vitest";
import { parseSnapshot, serializeSnapshot } from "../../src/cli/state.js";
import type { SchemaIR } from "../../src/ir/types.js";
import { columnIR, indexIR, schemaIR, tableIR } from "../support/ir-builders.js";

const designed = (): SchemaIR =>
  schemaIR([tableIR("users", { indexes: [indexIR("users_email_idx", ["email"])], columns: [columnIR("id", { primaryKey: true, type: { kind: "integer" }, autoIncrement: true, role: "primaryKey" }), columnIR("email")] })]);

describe("snapshot fields for adopted databases", () => {
  it("leaves out the defaults, so a designed schema's text has none of them", () => {
    const text = serializeSnapshot(designed());
    for (const key of ["timestamps", "departures", "expression", "constraint"]) expect(text).not.toContain(`"${key}"`);
    // A column's own `primaryKey` flag stays; the table's primary key object does not.
    expect(text).not.toContain(`"primaryKey": {`);
    expect(parseSnapshot(text, "snapshot.json")).toEqual(designed());
  });

  it("keeps every value that differs, and reads it back exactly", () => {
    const adopted = designed();
    const users = adopted.tables[0]!;
    Object.assign(users, {
      timestamps: false,
      paranoid: false,
      departures: ["tenantNullable", "tenantWithoutIndex"],
      primaryKey: { name: "Users_pk_legacy", columns: ["id"] },
    });
    users.indexes.push(indexIR("users_lower_email_idx", ["email"], { expression: 'lower("email")', unique: true }));
    users.indexes.push(indexIR("users_email_key", ["email"], { unique: true, constraint: true }));
    const noKey = tableIR("events", { columns: [columnIR("payload")] });
    const schema: SchemaIR = { ...adopted, tables: [noKey, users] };
    const text = serializeSnapshot(schema);
    expect(JSON.parse(text).tables[0].primaryKey).toBeUndefined();
    expect(noKey.primaryKey).toBeNull();
    expect(parseSnapshot(text, "snapshot.json")).toEqual(schema);
    expect(serializeSnapshot(parseSnapshot(text, "snapshot.json"))).toBe(text);
  });

  it("reads a snapshot written before these fields existed as a designed schema", () => {
    const old = JSON.parse(serializeSnapshot(designed()));
    const table = old.tables[0];
    expect(table.timestamps).toBeUndefined();
    const parsed = parseSnapshot(JSON.stringify(old), "snapshot.json");
    expect(parsed.tables[0]).toMatchObject({ timestamps: true, departures: [], primaryKey: { name: "users_pkey", columns: ["id"] } });
    expect(parsed.tables[0]!.indexes[0]).toMatchObject({ expression: null, constraint: false });
  });
});
