import { isAbsolute, relative, sep } from "node:path";
import type { ResolvedConfig } from "../config/define-config.js";
import { fieldOf } from "../ir/naming.js";
import type { ColumnIR, DefaultIR, JsonValue, NamingProfile, SourceLocation, TenantIR } from "../ir/types.js";
import type { DefaultDef } from "./definitions.js";
import { renderSql, type ResolveColumn, type SqlFragment } from "./sql.js";

/** What a relation needs of its target: the table's real name and key, whatever overrides made them. */
export interface TableTarget {
  tableName: string;
  /** The target's primary-key columns, in key order. */
  primaryKey: readonly ColumnIR[];
  /** Attribute → database column, for every column of the target (the tenant column under the configured attribute). */
  fields: Readonly<Record<string, string>>;
}

/** What every step of the bridge needs from the config, and how relation targets resolve. */
export interface IrContext {
  naming: NamingProfile;
  tenant: TenantIR;
  primaryKey: ResolvedConfig["primaryKey"];
  rootDir: string;
  /**
   * Relation targets by table key (declared tables and junction tables); null for a key that is
   * not in the schema, which the validator then reports. Never re-derive a target's names from its key.
   */
  target: (key: string) => TableTarget | null;
}

/**
 * @example
 * irContext(resolveConfig({}, "/repo", null)).tenant.field // "company_id"
 * irContext(config, new Map([["parents", { tableName: "Parent_Things", primaryKey }]])).target("parents")?.tableName // "Parent_Things"
 */
export function irContext(config: ResolvedConfig, targets: ReadonlyMap<string, TableTarget> = new Map()): IrContext {
  return {
    target: (key) => targets.get(key) ?? null,
    naming: config.naming,
    primaryKey: config.primaryKey,
    rootDir: config.rootDir,
    tenant: {
      tableName: config.tenant.table,
      key: config.tenant.key,
      keyType: config.tenant.keyType,
      attribute: config.tenant.attribute,
      field: fieldOf(config.tenant.attribute, config.naming),
      onDelete: config.tenant.onDelete,
      model: config.tenant.model === null ? null : { ...config.tenant.model },
    },
  };
}

/**
 * A source path relative to the project root (posix separators) so snapshots stay portable;
 * files outside the root keep their absolute path.
 *
 * @example
 * relativeSource({ file: "/repo/schema/users.ts", line: 3 }, "/repo") // { file: "schema/users.ts", line: 3 }
 */
export function relativeSource(source: SourceLocation | null, rootDir: string): SourceLocation | null {
  if (source === null) return null;
  const path = relative(rootDir, source.file);
  if (path === "" || path.startsWith("..") || isAbsolute(path)) return { file: source.file, line: source.line };
  return { file: path.split(sep).join("/"), line: source.line };
}

/**
 * @example
 * renderFragment(sql`${ref} >= 0`, resolve) // { text: '"amount" >= 0', columns: ["amount"] }
 */
export function renderFragment(fragment: SqlFragment, resolve: ResolveColumn): { text: string; columns: string[] } {
  return renderSql(fragment, resolve);
}

/**
 * @example
 * defaultIR({ kind: "literal", value: 0 }, resolve) // { kind: "literal", value: 0 }
 */
export function defaultIR(def: DefaultDef | null, resolve: ResolveColumn): DefaultIR | null {
  if (def === null) return null;
  if (def.kind === "sql") return { kind: "sql", sql: renderSql(def.fragment, resolve).text };
  // A JSON round trip turns frozen or class-y literals into plain data the IR can hold.
  return { kind: "literal", value: JSON.parse(JSON.stringify(def.value ?? null)) as JsonValue };
}
