/**
 * The IR keeps an index's reason as data; the doc words it in its own language. The expected
 * English sentences are those the previous version stored in the example's snapshot
 * (test/fixtures/snapshot-english-reasons.json), the Portuguese ones are written here.
 */
import { describe, expect, it } from "vitest";
import { isSchemaTable, resolveConfig, toSchemaIR } from "../../src/index.js";
import { emitSchemaDoc } from "../../src/emitters/markdown/index.js";
import * as notifications from "../../examples/schema/notifications.js";
import * as users from "../../examples/schema/users.js";
import { docInput } from "./markdown/doc-input.js";

const rootDir = new URL("../..", import.meta.url).pathname.replace(/\/$/, "");
const tables = [users, notifications].flatMap((module) => Object.values(module).filter(isSchemaTable));
const schema = toSchemaIR(tables, resolveConfig({}, rootDir, null));
const input = docInput("notifications", schema);

describe("index reasons in the doc", () => {
  it("stores kinds, not sentences, for derived indexes and keeps written ones", () => {
    const table = schema.tables.find((t) => t.tableName === "notifications")!;
    expect(table.indexes.map((i) => i.reason)).toEqual([
      { kind: "tenantFilter", field: "company_id" },
      { kind: "foreignKeyLookup", field: "user_id" },
      { kind: "written", text: "Unread inbox of a user, newest first" },
    ]);
  });

  it("words each kind in English as the earlier versions did", () => {
    const doc = emitSchemaDoc(input, { language: "en" }).contents;
    expect(doc).toContain("Why: Every query filters by tenant (company_id).");
    expect(doc).toContain("Why: Serves joins and lookups by user_id, and keeps deletes on the referenced table fast.");
    expect(doc).toContain("Why: Unread inbox of a user, newest first");
  });

  it("words each kind in Portuguese, with no English sentence left", () => {
    const doc = emitSchemaDoc(input, { language: "pt" }).contents;
    expect(doc).toContain("Motivo: Toda consulta filtra pelo tenant (company_id).");
    expect(doc).toContain("Motivo: Atende joins e buscas por user_id, e mantém rápidos os deletes na tabela referenciada.");
    expect(doc).toContain("Motivo: Unread inbox of a user, newest first");
    expect(doc).not.toContain("Every query filters");
    expect(doc).not.toContain("Serves joins");
  });
});
