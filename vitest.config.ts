import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    alias: { "tenant-schema": fileURLToPath(new URL("./src/index.ts", import.meta.url)) },
  },
  test: {
    include: ["test/**/*.test.ts"],
    // One initdb per run: every embedded test database starts from a copy of its data folder.
    globalSetup: ["test/support/pglite-pristine.ts"],
    setupFiles: ["test/support/yield-between-tests.ts"],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // Each file may start its own embedded PostgreSQL; two cores, so keep parallelism modest.
    maxWorkers: 2,
    minWorkers: 1,
  },
});
