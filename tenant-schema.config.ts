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
});
