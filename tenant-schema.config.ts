/** Config for the bundled examples: `npm run emit` regenerates everything under examples/. */
import { defineConfig } from "tenant-schema";

export default defineConfig({
  schema: "examples/schema",
  output: {
    models: "examples/backend/src/models",
    migrations: "examples/backend/src/database/migrations",
    docs: "examples/docs/db",
    state: "examples/backend/src/database/tenant-schema",
  },
  // Every isolation layer on: composite tenant keys (the default), row-level security, the guard.
  isolation: { keys: true, rls: true, guard: true },
});
