/**
 * The DDL that makes one tenant table isolated in the database itself (issue 9, layers 1 and 2):
 * a `(tenant, key)` unique key that tenant references can point at, composite foreign keys so a
 * row can only reference rows of its own tenant, a tenant column that cannot change after insert,
 * and row-level security against the `app.company_id` setting that `withTenant` sets.
 *
 * Pure: plain parameters in, SQL text out, nothing read from the IR or the database, so the
 * migration emitter can call it per table and the tests can run exactly what it returns.
 */
import { constraintName, fitIdentifier } from "../ir/naming.js";
import { quoteIdent, quoteLiteral } from "../ir/sql-quote.js";
import type { ImmutableTenantIR, RowLevelSecurityIR } from "../ir/types.js";

/** SQL type of the tenant key, as `tenant.keyType` spells it. */
export type IsolationKeyType = "integer" | "bigint" | "uuid";

/** What happens to a referencing row when the referenced row is deleted. */
export type IsolationOnDelete = "CASCADE" | "SET NULL" | "RESTRICT" | "NO ACTION";

/** A reference from a tenant table to a tenant table (the same table for a self-reference). */
export interface IsolationReference {
  /** The referencing column, e.g. `assignee_id`. */
  column: string;
  /** The referenced tenant table, e.g. `users`. */
  table: string;
  /** The referenced key column; `id` when left out. */
  key?: string;
  onDelete: IsolationOnDelete;
}

/** One tenant table, by its SQL names. */
export interface IsolationTable {
  /** Table name, e.g. `tickets`. */
  name: string;
  /** The tenant column, e.g. `company_id` (the same in every tenant table of a schema). */
  tenantColumn: string;
  /** The table's key column, e.g. `id`. */
  key: string;
  /** References to tenant tables: each becomes a composite `(tenant, column)` foreign key. */
  references?: readonly IsolationReference[];
}

export interface IsolationDdlOptions {
  /** SQL type of the tenant key: the policy casts the setting to it. */
  keyType: IsolationKeyType;
  /** ENABLE + FORCE ROW LEVEL SECURITY and the tenant policy; default true. */
  rls?: boolean;
  /** The session setting holding the current tenant; default `app.company_id` (what `withTenant` sets). */
  setting?: string;
  /**
   * Major version of the oldest PostgreSQL the schema runs on; default 15. `ON DELETE SET NULL`
   * on a composite key needs 15 (`SET NULL (column)`); before 15 it is refused, see `setNullClause`.
   */
  postgresVersion?: number;
}

/** Statements to run in order (`up`), and the ones that undo them, in order (`down`). */
export interface IsolationDdl {
  up: string[];
  down: string[];
}

/** The names of the objects `isolationDdl` creates for a table, so callers and tests can find them. */
export interface IsolationNames {
  uniqueKey: string;
  immutableFunction: string;
  immutableTrigger: string;
  policy: string;
  foreignKey(reference: IsolationReference): string;
}

/** Setting that `withTenant` sets with `set_config(..., true)`: the tenant of the current transaction. */
export const TENANT_SETTING = "app.company_id";

/**
 * Names of a table's isolation objects, fitted to PostgreSQL's 63 bytes like every other name.
 *
 * @example
 * isolationNames({ name: "tickets", tenantColumn: "company_id", key: "id" }).uniqueKey // "tickets_company_id_id_key"
 */
export function isolationNames(table: IsolationTable): IsolationNames {
  return {
    uniqueKey: constraintName(table.name, [table.tenantColumn, table.key], "key"),
    immutableFunction: fitIdentifier(`${table.name}_${table.tenantColumn}_immutable_fn`),
    immutableTrigger: fitIdentifier(`${table.name}_${table.tenantColumn}_immutable`),
    policy: fitIdentifier(`${table.name}_tenant_isolation`),
    foreignKey: (reference) => constraintName(table.name, [table.tenantColumn, reference.column], "fkey"),
  };
}

/**
 * The isolation DDL of one tenant table, to run after the table (and every table it references)
 * exists, and after the referenced tables' own `up` (their unique key is what the foreign keys
 * point at; a self-reference is ordered inside this table's `up`). `down` undoes `up` exactly and
 * runs before the referenced tables' `down`.
 *
 * @example
 * const { up, down } = isolationDdl(
 *   { name: "tickets", tenantColumn: "company_id", key: "id",
 *     references: [{ column: "assignee_id", table: "users", onDelete: "SET NULL" }] },
 *   { keyType: "integer" },
 * );
 * // up[0]: ALTER TABLE "tickets" ADD CONSTRAINT "tickets_company_id_id_key" UNIQUE ("company_id", "id")
 * // up[1]: ALTER TABLE "tickets" ADD CONSTRAINT "tickets_company_id_assignee_id_fkey" FOREIGN KEY
 * //        ("company_id", "assignee_id") REFERENCES "users" ("company_id", "id") ON DELETE SET NULL ("assignee_id")
 */
export function isolationDdl(table: IsolationTable, options: IsolationDdlOptions): IsolationDdl {
  const names = isolationNames(table);
  const t = quoteIdent(table.name);
  const tenant = quoteIdent(table.tenantColumn);
  const up: string[] = [];
  const down: string[] = [];
  const step = (forward: string, backward: string) => {
    up.push(forward);
    down.unshift(backward);
  };

  step(
    `ALTER TABLE ${t} ADD CONSTRAINT ${quoteIdent(names.uniqueKey)} UNIQUE (${tenant}, ${quoteIdent(table.key)})`,
    `ALTER TABLE ${t} DROP CONSTRAINT ${quoteIdent(names.uniqueKey)}`,
  );
  for (const reference of table.references ?? []) {
    const name = quoteIdent(names.foreignKey(reference));
    step(
      `ALTER TABLE ${t} ADD CONSTRAINT ${name} FOREIGN KEY (${tenant}, ${quoteIdent(reference.column)}) ` +
        `REFERENCES ${quoteIdent(reference.table)} (${tenant}, ${quoteIdent(reference.key ?? "id")}) ` +
        `ON DELETE ${onDeleteClause(table, reference, options.postgresVersion ?? 15)}`,
      `ALTER TABLE ${t} DROP CONSTRAINT ${name}`,
    );
  }

  const immutable = immutableTenantDdl(table.name, {
    trigger: names.immutableTrigger,
    function: names.immutableFunction,
    tenantColumn: table.tenantColumn,
    key: table.key,
  });
  immutable.up.forEach((statement, index) => step(statement, immutable.down[immutable.down.length - 1 - index]!));
  if (options.rls ?? true) {
    const rls = rowLevelSecurityDdl(table.name, {
      policy: names.policy,
      tenantColumn: table.tenantColumn,
      keyType: options.keyType,
      setting: options.setting ?? TENANT_SETTING,
    });
    rls.up.forEach((statement, index) => step(statement, rls.down[rls.down.length - 1 - index]!));
  }
  return { up, down };
}

/**
 * The trigger that keeps a row in its tenant: its function, then the trigger; `down` undoes them.
 * An AFTER trigger sees the row as finally written (after every BEFORE trigger), and its WHEN
 * clause is evaluated before an event is queued, so updates that keep the tenant cost nothing.
 *
 * @example
 * immutableTenantDdl("tickets", { trigger: "tickets_company_id_immutable", function: "tickets_company_id_immutable_fn", tenantColumn: "company_id", key: "id" }).down
 * // ['DROP TRIGGER "tickets_company_id_immutable" ON "tickets"', 'DROP FUNCTION "tickets_company_id_immutable_fn"()']
 */
export function immutableTenantDdl(tableName: string, immutable: ImmutableTenantIR): IsolationDdl {
  const fn = quoteIdent(immutable.function);
  const tenant = quoteIdent(immutable.tenantColumn);
  return {
    up: [
      `CREATE FUNCTION ${fn}() RETURNS trigger LANGUAGE plpgsql AS $$\nBEGIN\n` +
        `  RAISE EXCEPTION 'tenant isolation: %.% cannot change after insert (row % of tenant % would move to tenant %)', ` +
        `TG_TABLE_NAME, ${quoteLiteral(immutable.tenantColumn)}, OLD.${quoteIdent(immutable.key)}, OLD.${tenant}, NEW.${tenant}\n` +
        `    USING ERRCODE = 'integrity_constraint_violation', HINT = 'A row belongs to its tenant for good: insert a copy in the other tenant instead.';\n` +
        `END\n$$`,
      `CREATE TRIGGER ${quoteIdent(immutable.trigger)} AFTER UPDATE ON ${quoteIdent(tableName)} FOR EACH ROW ` +
        `WHEN (NEW.${tenant} IS DISTINCT FROM OLD.${tenant}) EXECUTE FUNCTION ${fn}()`,
    ],
    down: [`DROP TRIGGER ${quoteIdent(immutable.trigger)} ON ${quoteIdent(tableName)}`, `DROP FUNCTION ${fn}()`],
  };
}

/**
 * ENABLE and FORCE row-level security (FORCE: the owner too), then the tenant policy; `down` undoes them.
 *
 * @example
 * rowLevelSecurityDdl("tickets", { policy: "tickets_tenant_isolation", tenantColumn: "company_id", keyType: "integer", setting: "app.company_id" }).up[0]
 * // 'ALTER TABLE "tickets" ENABLE ROW LEVEL SECURITY'
 */
export function rowLevelSecurityDdl(tableName: string, rls: RowLevelSecurityIR): IsolationDdl {
  const t = quoteIdent(tableName);
  const check = tenantPolicyCondition(rls.tenantColumn, rls.keyType, rls.setting);
  return {
    up: [
      `ALTER TABLE ${t} ENABLE ROW LEVEL SECURITY`,
      `ALTER TABLE ${t} FORCE ROW LEVEL SECURITY`,
      `CREATE POLICY ${quoteIdent(rls.policy)} ON ${t} USING (${check}) WITH CHECK (${check})`,
    ],
    down: [`DROP POLICY ${quoteIdent(rls.policy)} ON ${t}`, `ALTER TABLE ${t} NO FORCE ROW LEVEL SECURITY`, `ALTER TABLE ${t} DISABLE ROW LEVEL SECURITY`],
  };
}

/**
 * The policy's condition. `current_setting(name, true)` is NULL when the setting was never set in
 * the session, and '' on a pooled connection where an earlier transaction set it locally: NULLIF
 * turns both into NULL, and `column = NULL` admits no row, so a forgotten `SET LOCAL` sees nothing
 * (rather than everything, or a cast error on '').
 *
 * @example
 * tenantPolicyCondition("company_id", "integer", "app.company_id")
 * // "company_id" = NULLIF(current_setting('app.company_id', true), '')::integer
 */
export function tenantPolicyCondition(tenantColumn: string, keyType: IsolationKeyType, setting: string = TENANT_SETTING): string {
  return `${quoteIdent(tenantColumn)} = NULLIF(current_setting(${quoteLiteral(setting)}, true), '')::${keyType}`;
}

/**
 * `ON DELETE SET NULL` on `(company_id, assignee_id)` would null the tenant column too (NOT NULL:
 * the delete fails). PostgreSQL 15 nulls only the listed column: `SET NULL ("assignee_id")`. Before
 * 15 there is no correct declarative form (a trigger emulation breaks on multi-row deletes of
 * self-references: "tuple to be deleted was already modified"), so it is refused with the ways out.
 */
export function onDeleteClause(table: IsolationTable, reference: IsolationReference, postgresVersion: number): string {
  if (reference.onDelete !== "SET NULL") return reference.onDelete;
  if (postgresVersion < 15) {
    throw new Error(
      `${table.name}.${reference.column} → ${reference.table}: ON DELETE SET NULL on a tenant reference needs PostgreSQL 15 ` +
        `(SET NULL (${reference.column}) nulls the reference and keeps ${table.tenantColumn}); on PostgreSQL ${postgresVersion} ` +
        `it would null ${table.tenantColumn} too. Use onDelete "CASCADE", "RESTRICT" or "NO ACTION" (and clear the reference ` +
        `in your code before deleting), or target PostgreSQL 15 or later.`,
    );
  }
  return `SET NULL (${quoteIdent(reference.column)})`;
}
