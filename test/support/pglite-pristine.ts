/**
 * vitest globalSetup: one initdb for the whole run. An embedded PostgreSQL (PGlite) is created once,
 * its data folder dumped right after initdb to `.tmp/` and handed to the workers (`inject`), so each
 * test database starts from a copy of it (see `emptyPGlite` in database.ts): the same empty cluster a
 * fresh initdb gives, at a fraction of the cost. Nothing to do when `DATABASE_URL` names a server.
 */
import { mkdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    /** Path of the pristine PGlite data folder (a tar), or "" when the tests run on DATABASE_URL. */
    pglitePristine: string;
  }
}

const TMP_ROOT = fileURLToPath(new URL("../../.tmp/", import.meta.url));

export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  if (process.env.DATABASE_URL) {
    project.provide("pglitePristine", "");
    return undefined;
  }
  const { PGlite } = await import("@electric-sql/pglite");
  const pglite = await PGlite.create();
  // Taken before anything is created in it, so every copy is as empty as a fresh initdb.
  const dump = await pglite.dumpDataDir("none");
  await pglite.close();
  await mkdir(TMP_ROOT, { recursive: true });
  // Per run (pid): two runs in one checkout never share or delete each other's file.
  const file = join(TMP_ROOT, `pglite-pristine-${process.pid}.tar`);
  await writeFile(file, Buffer.from(await dump.arrayBuffer()));
  project.provide("pglitePristine", file);
  return () => rm(file, { force: true });
}
