/**
 * The pure part of `tenant-schema migrate`: migration identity across runners (x.ts on disk is the
 * x.js that sequelize-cli recorded from a tsc build, and the other way round), the history style,
 * status, and what up and down select. No database.
 */
import { describe, expect, it } from "vitest";
import { databaseErrorLine } from "../../src/cli/database-error.js";
import { findMigration, migrationStatus, planDown, planUp, type MigrationStatus } from "../../src/cli/migrate-plan.js";
import { byMigrationName, isMigrationFile, migrationName, recordedName, recordStyleOf } from "../../src/cli/migration-names.js";
import { CliError } from "../../src/cli/problem.js";
import type { JournalEntry } from "../../src/cli/state.js";

const entry = (timestamp: string, description: string, changeSet: string, feature: string, transaction = true): JournalEntry => ({
  timestamp,
  feature,
  description,
  migration: `backend/src/database/migrations/${timestamp}-${description}.ts`,
  doc: `docs/db/schema-changes-${feature}.md`,
  checksum: "sha256:0",
  tables: [],
  changeSet,
  transaction,
});

const JOURNAL = [
  entry("20261125090000", "create-users", "20261125090000", "users"),
  entry("20261125090004", "create-tickets", "20261125090004", "tickets"),
  entry("20261126090000", "add-due-at-to-tickets", "20261126090000", "tickets"),
  entry("20261126090001", "add-due-at-to-tickets-validate", "20261126090000", "tickets", false),
  entry("20261126090002", "add-due-at-to-tickets-indexes", "20261126090000", "tickets", false),
];
const FILES = [
  "20261126090002-add-due-at-to-tickets-indexes.ts",
  "20261125090000-create-users.ts",
  "20250301120000-legacy-settings.js",
  "20261125090004-create-tickets.ts",
  "20261125100000-create-legacy-notes.js",
  "20261126090000-add-due-at-to-tickets.ts",
  "20261126090001-add-due-at-to-tickets-validate.ts",
];

function status(rows: string[], files: string[] = FILES): MigrationStatus[] {
  return migrationStatus({ files, rows, journal: JOURNAL });
}

function usageMessage(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(CliError);
    expect((error as CliError).exitCode).toBe(2);
    return (error as CliError).message;
  }
  throw new Error("expected a usage error");
}

describe("migration names", () => {
  it("identify a migration by its file name without extension, wherever it lives", () => {
    expect(migrationName("backend/src/database/migrations/20261125090000-create-users.ts")).toBe("20261125090000-create-users");
    expect(migrationName("dist\\migrations\\20261125090000-create-users.js")).toBe("20261125090000-create-users");
    expect(migrationName("20261125090000-create-users.cjs")).toBe("20261125090000-create-users");
    expect(migrationName("20261125090000-create-users")).toBe("20261125090000-create-users");
  });

  it("take the files sequelize-cli takes", () => {
    expect(["a.js", "a.cjs", "a.ts", "a.cts", "a.d.ts", "a.d.cts", "a.js.map", "a.mjs", "README.md"].filter(isMigrationFile)).toEqual(["a.js", "a.cjs", "a.ts", "a.cts"]);
  });

  it("record TypeScript as its tsc output in the js style and JavaScript always as itself", () => {
    expect(recordedName("20261125090000-create-users.ts", "js")).toBe("20261125090000-create-users.js");
    expect(recordedName("20261125090000-create-users.cts", "js")).toBe("20261125090000-create-users.cjs");
    expect(recordedName("20261125090000-create-users.ts", "ts")).toBe("20261125090000-create-users.ts");
    expect(recordedName("20250301120000-legacy-settings.js", "ts")).toBe("20250301120000-legacy-settings.js");
    expect(recordedName("20250301120000-legacy-settings.js", "js")).toBe("20250301120000-legacy-settings.js");
    expect(recordedName("20261125090000-create-users.ts", "bare")).toBe("20261125090000-create-users");
  });

  it("follow the style the history shows for TypeScript migrations, else the fallback", () => {
    const files = ["20250301120000-legacy-settings.js", "20261125090000-create-users.ts", "20261125090004-create-tickets.ts"];
    // Rows of JavaScript files say nothing: both runners name them alike.
    expect(recordStyleOf(["20250301120000-legacy-settings.js"], files, "ts")).toBe("ts");
    expect(recordStyleOf(["20250301120000-legacy-settings.js", "20261125090000-create-users.js"], files, "ts")).toBe("js");
    expect(recordStyleOf(["20261125090000-create-users.ts"], files, "js")).toBe("ts");
    // The newest row wins when the history changed runners.
    expect(recordStyleOf(["20261125090000-create-users.ts", "20261125090004-create-tickets.js"], files, "ts")).toBe("js");
    expect(recordStyleOf(["20261125090000-create-users"], files, "ts")).toBe("bare");
    expect(recordStyleOf([], files, "js")).toBe("js");
  });

  it("order by name without extension", () => {
    expect(["20261125090001-b.js", "20261125090000-a.ts", "20250101000000-z.cjs"].sort(byMigrationName)).toEqual([
      "20250101000000-z.cjs",
      "20261125090000-a.ts",
      "20261125090001-b.js",
    ]);
  });
});

describe("migration status", () => {
  it("lists every migration in name order with what the journal says of it", () => {
    const result = status([]);
    expect(result.map((m) => m.file)).toEqual([...FILES].sort());
    expect(result.every((m) => m.state === "pending" && m.recordedAs.length === 0)).toBe(true);
    const validate = result.find((m) => m.name === "20261126090001-add-due-at-to-tickets-validate");
    expect(validate).toMatchObject({ feature: "tickets", changeSet: "20261126090000", transaction: false });
    const legacy = result.find((m) => m.name === "20250301120000-legacy-settings");
    expect(legacy).toMatchObject({ feature: null, changeSet: null, transaction: null });
  });

  it("sees x.ts applied when sequelize-cli recorded x.js, and x.js applied when x.ts was recorded", () => {
    const fromBuild = status(["20261125090000-create-users.js"]).find((m) => m.name === "20261125090000-create-users");
    expect(fromBuild).toMatchObject({ state: "applied", file: "20261125090000-create-users.ts", recordedAs: ["20261125090000-create-users.js"] });
    const onBuild = migrationStatus({ files: ["20261125090000-create-users.js"], rows: ["20261125090000-create-users.ts"], journal: JOURNAL });
    expect(onBuild).toEqual([
      expect.objectContaining({ state: "applied", file: "20261125090000-create-users.js", recordedAs: ["20261125090000-create-users.ts"], feature: "users" }),
    ]);
  });

  it("reports rows without a file as missing, in order", () => {
    const result = status(["20240101000000-gone.js", "20261125090000-create-users.ts"]);
    expect(result[0]).toMatchObject({ name: "20240101000000-gone", state: "missing", file: null, recordedAs: ["20240101000000-gone.js"] });
  });

  it("refuses one migration in two files", () => {
    expect(usageMessage(() => status([], [...FILES, "20261125090000-create-users.js"]))).toContain(
      "20261125090000-create-users.ts and 20261125090000-create-users.js are one migration in two files",
    );
  });
});

describe("planning up", () => {
  const applied = ["20250301120000-legacy-settings.js", "20261125090000-create-users.js"];

  it("runs every pending migration in name order", () => {
    expect(planUp(status(applied)).map((m) => m.file)).toEqual([
      "20261125090004-create-tickets.ts",
      "20261125100000-create-legacy-notes.js",
      "20261126090000-add-due-at-to-tickets.ts",
      "20261126090001-add-due-at-to-tickets-validate.ts",
      "20261126090002-add-due-at-to-tickets-indexes.ts",
    ]);
  });

  it("stops after --to, named by file, by another extension or by timestamp", () => {
    const expected = ["20261125090004-create-tickets.ts", "20261125100000-create-legacy-notes.js"];
    expect(planUp(status(applied), "20261125100000-create-legacy-notes.js").map((m) => m.file)).toEqual(expected);
    expect(planUp(status(applied), "20261125100000-create-legacy-notes").map((m) => m.file)).toEqual(expected);
    expect(planUp(status(applied), "20261125100000").map((m) => m.file)).toEqual(expected);
    expect(planUp(status(applied), "20261125090000-create-users.ts")).toEqual([]);
  });

  it("refuses an unknown --to", () => {
    expect(usageMessage(() => planUp(status(applied), "20991231000000"))).toContain("--to 20991231000000: no such migration");
  });
});

describe("planning down", () => {
  const all = [...FILES].sort().map((file) => (file.endsWith(".ts") ? file.replace(/\.ts$/, ".js") : file));

  it("reverts the newest applied migration by default, its recorded rows with it", () => {
    const [newest, ...rest] = planDown(status(all), { kind: "step", count: 1 });
    expect(rest).toEqual([]);
    expect(newest).toMatchObject({ file: "20261126090002-add-due-at-to-tickets-indexes.ts", recordedAs: ["20261126090002-add-due-at-to-tickets-indexes.js"] });
  });

  it("reverts --step n newest first, and refuses more than are applied", () => {
    expect(planDown(status(all), { kind: "step", count: 3 }).map((m) => m.name)).toEqual([
      "20261126090002-add-due-at-to-tickets-indexes",
      "20261126090001-add-due-at-to-tickets-validate",
      "20261126090000-add-due-at-to-tickets",
    ]);
    expect(usageMessage(() => planDown(status(all.slice(0, 2)), { kind: "step", count: 3 }))).toContain("--step 3: only 2 migration(s) are applied");
  });

  it("reverts down to and including --to, and --all", () => {
    expect(planDown(status(all), { kind: "to", migration: "20261125100000" }).map((m) => m.name)).toEqual([
      "20261126090002-add-due-at-to-tickets-indexes",
      "20261126090001-add-due-at-to-tickets-validate",
      "20261126090000-add-due-at-to-tickets",
      "20261125100000-create-legacy-notes",
    ]);
    expect(planDown(status(all), { kind: "all" }).map((m) => m.name)).toEqual(status(all).map((m) => m.name).reverse());
    expect(usageMessage(() => planDown(status(all.slice(0, 2)), { kind: "to", migration: "20261126090000" }))).toContain("is not applied");
  });

  it("reverts the newest change set whole, or the one named, only the migrations of it that are applied", () => {
    expect(planDown(status(all), { kind: "changeSet", timestamp: null }).map((m) => m.name)).toEqual([
      "20261126090002-add-due-at-to-tickets-indexes",
      "20261126090001-add-due-at-to-tickets-validate",
      "20261126090000-add-due-at-to-tickets",
    ]);
    const partly = all.filter((row) => !row.startsWith("20261126090002"));
    expect(planDown(status(partly), { kind: "changeSet", timestamp: "20261126090000" }).map((m) => m.name)).toEqual([
      "20261126090001-add-due-at-to-tickets-validate",
      "20261126090000-add-due-at-to-tickets",
    ]);
  });

  it("refuses a change set with newer migrations applied after it, naming them and the way out", () => {
    const message = usageMessage(() => planDown(status(all), { kind: "changeSet", timestamp: "20261125090004" }));
    expect(message).toContain("--change-set 20261125090004: 4 newer migration(s) are applied after it (20261125100000-create-legacy-notes.js, 20261126090000-add-due-at-to-tickets.ts");
    expect(message).toContain("--to 20261125090004-create-tickets.ts");
  });

  it("refuses a change set when the newest applied migration is hand-written, or none is applied", () => {
    const upToNotes = all.filter((row) => row < "20261126");
    expect(usageMessage(() => planDown(status(upToNotes), { kind: "changeSet", timestamp: null }))).toContain(
      "the newest applied migration, 20261125100000-create-legacy-notes.js, is not part of an emitted change set",
    );
    expect(usageMessage(() => planDown(status([]), { kind: "changeSet", timestamp: null }))).toContain("no migration is applied");
    expect(usageMessage(() => planDown(status(upToNotes), { kind: "changeSet", timestamp: "20261126090000" }))).toContain("no migration of that change set is applied");
  });

  it("refuses to revert a migration whose file is missing, naming its history row", () => {
    const message = usageMessage(() => planDown(status([...all, "20270101000000-from-another-branch.js"]), { kind: "step", count: 1 }));
    expect(message).toContain("20270101000000-from-another-branch.js is recorded in SequelizeMeta but its file is not in the migrations folder");
  });
});

describe("finding a migration", () => {
  it("refuses an ambiguous timestamp", () => {
    const twins = migrationStatus({ files: ["20261125090000-a.js", "20261125090000-b.js"], rows: [], journal: [] });
    expect(usageMessage(() => findMigration(twins, "20261125090000", "--to"))).toContain("2 migrations start with that timestamp");
    expect(findMigration(twins, "20261125090000-b.ts", "--to").file).toBe("20261125090000-b.js");
  });
});

describe("database error lines", () => {
  it("say what the driver said, its detail and SQLSTATE, on one line", () => {
    const driver = Object.assign(new Error('could not create unique index "tickets_key"'), { code: "23505", detail: "Key (id)=(1) is\nduplicated." });
    const sequelizeError = Object.assign(new Error('could not create unique index "tickets_key"'), { name: "SequelizeUniqueConstraintError", parent: driver, original: driver });
    expect(databaseErrorLine(sequelizeError)).toBe('could not create unique index "tickets_key" (Key (id)=(1) is duplicated.) [23505]');
    expect(databaseErrorLine(Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:1"), { code: "ECONNREFUSED" }))).toBe("connect ECONNREFUSED 127.0.0.1:1");
    expect(databaseErrorLine("boom")).toBe("boom");
  });
});
