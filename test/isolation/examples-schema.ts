/**
 * The schema the attack tests attack: the bundled examples as their emitted migrations build it
 * (examples/backend/src/database/migrations, run with umzug as a user's runner does), with the
 * isolation layers the examples' config turns on (composite keys, immutable tenant, RLS).
 */
import { fileURLToPath } from "node:url";
import { Sequelize } from "sequelize";
import { migrator } from "../support/migrate.js";

/** The examples' emitted migrations, in the repository. */
export const EXAMPLE_MIGRATIONS = fileURLToPath(new URL("../../examples/backend/src/database/migrations", import.meta.url));

/**
 * Creates the tenant root and runs every emitted migration of the examples on `url` (as whoever
 * `url` connects as: the owner role on a server).
 *
 * @example
 * await migrateExamples(db.url); // companies, users, tickets, ... with their keys, triggers and policies
 */
export async function migrateExamples(url: string): Promise<void> {
  const sequelize = new Sequelize(url, { dialect: "postgres", logging: false, pool: { max: 1 } });
  try {
    // The tenant root is the team's own table (tenant-schema references it, never creates it).
    await sequelize.query(`CREATE TABLE "companies" ("id" SERIAL PRIMARY KEY, "name" TEXT NOT NULL)`);
    await migrator(sequelize, EXAMPLE_MIGRATIONS).up();
  } finally {
    await sequelize.close();
  }
}
