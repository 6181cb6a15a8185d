/**
 * The `SequelizeMeta` table, exactly as sequelize-cli (and umzug's SequelizeStorage) keep it: one
 * `name` column, VARCHAR(255), primary key and unique; `createdAt`/`updatedAt` filled when the table
 * has them (sequelize-cli's `migrationStorageTableName` + timestamps setting).
 */
import type { Sequelize } from "sequelize";
import { quoteIdent } from "../ir/sql-quote.js";
import { databaseErrorLine } from "./database-error.js";
import { CliError } from "./problem.js";

export const META_TABLE = "SequelizeMeta";

export interface MetaTable {
  /** The recorded names; none when the table does not exist yet (nothing is created). A CliError (exit 2) when it cannot be read. */
  rows(): Promise<string[]>;
  /** Records a migration as applied, creating the table on first use. */
  record(name: string): Promise<void>;
  unrecord(name: string): Promise<void>;
}

/**
 * @example
 * const meta = metaTable(sequelize);
 * await meta.record("20261125090000-create-users.ts");
 * await meta.rows() // ["20261125090000-create-users.ts"]
 */
export function metaTable(sequelize: Sequelize, tableName: string = META_TABLE): MetaTable {
  const table = quoteIdent(tableName);
  const columns = async (): Promise<Set<string> | null> => {
    const [found] = await sequelize.query<{ exists: boolean }>(`SELECT to_regclass($1) IS NOT NULL AS "exists"`, { bind: [table], type: "SELECT" as never });
    if (found?.exists !== true) return null;
    const rows = await sequelize.query<{ name: string }>(
      `SELECT attname AS "name" FROM pg_attribute WHERE attrelid = to_regclass($1) AND attnum > 0 AND NOT attisdropped`,
      { bind: [table], type: "SELECT" as never },
    );
    return new Set(rows.map((row) => row.name));
  };
  return {
    rows: async () => {
      try {
        if ((await columns()) === null) return [];
        const rows = await sequelize.query<{ name: string }>(`SELECT "name" FROM ${table} ORDER BY "name"`, { type: "SELECT" as never });
        return rows.map((row) => row.name);
      } catch (error) {
        throw new CliError([{ file: null, line: null, message: `cannot read the history table ${table}: ${databaseErrorLine(error)}` }], 2);
      }
    },
    record: async (name) => {
      let existing = await columns();
      if (existing === null) {
        // The statement Sequelize's sync() sends for sequelize-cli's model, so both make the same table.
        await sequelize.query(`CREATE TABLE IF NOT EXISTS ${table} ("name" VARCHAR(255) NOT NULL UNIQUE , PRIMARY KEY ("name"))`);
        existing = new Set(["name"]);
      }
      const timestamps = existing.has("createdAt") && existing.has("updatedAt");
      await sequelize.query(
        timestamps ? `INSERT INTO ${table} ("name", "createdAt", "updatedAt") VALUES ($1, now(), now())` : `INSERT INTO ${table} ("name") VALUES ($1)`,
        { bind: [name] },
      );
    },
    unrecord: async (name) => {
      await sequelize.query(`DELETE FROM ${table} WHERE "name" = $1`, { bind: [name] });
    },
  };
}
