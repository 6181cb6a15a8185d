import { it } from "vitest";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openTestDatabase } from "../support/database.js";
import { applyLegacyFixture } from "../support/legacy.js";
import { runPull } from "../../src/cli/pull-command.js";
it("pull", async () => {
  const db = await openTestDatabase();
  await applyLegacyFixture(db);
  const dir = await mkdtemp(join(tmpdir(), "pull-"));
  const r = await runPull({ cwd: dir, databaseUrl: db.url, dbSchema: "public", features: [], now: "2026-12-02T00:00:00Z", dryRun: false });
  console.log(dir, r.exitCode, r.out.join("\n"), "\nERR\n", r.err.join("\n"));
  await db.close();
}, 300000);
