/**
 * Temporary folders inside the repository's git-ignored `.tmp/`, so files written there (emitted
 * migrations and models) resolve `sequelize` and friends from the project's node_modules when a test
 * imports them. tsconfig and vitest do not look into `.tmp/`.
 */
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const TMP_ROOT = fileURLToPath(new URL("../../.tmp/", import.meta.url));

export interface TempDir {
  path: string;
  remove(): Promise<void>;
}

/**
 * Creates a fresh, empty folder under `<repo>/.tmp/`.
 *
 * @example
 * const dir = await makeTempDir("migrations");
 * await writeFile(join(dir.path, "20260101000000-create-users.ts"), source);
 * await dir.remove();
 */
export async function makeTempDir(prefix: string): Promise<TempDir> {
  await mkdir(TMP_ROOT, { recursive: true });
  const path = await mkdtemp(join(TMP_ROOT, `${prefix}-`));
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}
