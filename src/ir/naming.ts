import { createHash } from "node:crypto";
import pluralize from "pluralize";
import type { NamingProfile } from "./types.js";

/** PostgreSQL truncates identifiers longer than this many bytes (NAMEDATALEN - 1). */
export const MAX_IDENTIFIER_BYTES = 63;

const words = (name: string): string[] =>
  name
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2")
    .split(/[\s_\-]+/)
    .filter((word) => word !== "");

const capitalize = (word: string): string => word.charAt(0).toUpperCase() + word.slice(1);

/**
 * `companyId` → `company_id`.
 *
 * @example
 * snakeCase("webhookEndpoints") // "webhook_endpoints"
 */
export function snakeCase(name: string): string {
  return words(name)
    .map((word) => word.toLowerCase())
    .join("_");
}

/**
 * `ticket_tags` → `TicketTags`.
 *
 * @example
 * pascalCase("auditLog") // "AuditLog"
 */
export function pascalCase(name: string): string {
  return words(name)
    .map((word) => capitalize(word.toLowerCase()))
    .join("");
}

/**
 * `TicketTag` → `ticketTag`.
 *
 * @example
 * camelCase("ticket_tag") // "ticketTag"
 */
export function camelCase(name: string): string {
  const pascal = pascalCase(name);
  return pascal.charAt(0).toLowerCase() + pascal.slice(1);
}

// pluralize decides irregular words on the whole (lower-cased) string, so only the last word
// of a camelCase key is inflected: "webhookEndpoints" must not be treated as one odd word.
const inflectLastWord = (name: string, inflect: (word: string) => string): string => {
  const parts = words(name);
  const last = parts.pop();
  if (last === undefined) return name;
  const inflected = inflect(last.toLowerCase());
  const restored = /^[A-Z]/.test(last) ? capitalize(inflected) : inflected;
  return parts.join("") === "" ? restored : `${camelCase(parts.join("_"))}${capitalize(inflected)}`;
};

/**
 * Singular of a table key, through `pluralize` (irregular nouns included).
 *
 * @example
 * singularOf("people") // "person"
 */
export function singularOf(key: string): string {
  return inflectLastWord(key, (word) => pluralize.singular(word));
}

/**
 * Plural of a table key, through `pluralize`.
 *
 * @example
 * pluralOf("ticketTag") // "ticketTags"
 */
export function pluralOf(key: string): string {
  return inflectLastWord(key, (word) => pluralize.plural(word));
}

/**
 * The singular used for default foreign keys and association names (`users` → `userId`).
 * It is a small suffix rule, not `pluralize`, because the DSL's types compute the same name at
 * compile time (`SingularKey` in src/dsl/types.ts) and both must agree; irregular nouns
 * ("people") need an explicit `as` or `foreignKey`.
 *
 * @example
 * referenceSingular("categories") // "category"
 * referenceSingular("statuses") // "status"
 */
export function referenceSingular(key: string): string {
  if (key.endsWith("ies")) return `${key.slice(0, -3)}y`;
  if (/(sses|shes|ches|xes|uses)$/.test(key)) return key.slice(0, -2);
  if (key.endsWith("ss")) return key;
  if (key.endsWith("s")) return key.slice(0, -1);
  return key;
}

/**
 * Database table name of a DSL key under a naming profile.
 *
 * @example
 * tableNameOf("webhookEndpoints", "snake_case") // "webhook_endpoints"
 * tableNameOf("tickets", "sequelize") // "Tickets"
 */
export function tableNameOf(key: string, profile: NamingProfile): string {
  return profile === "snake_case" ? snakeCase(pluralOf(key)) : pascalCase(pluralOf(key));
}

/**
 * Model class name of a DSL key.
 *
 * @example
 * modelNameOf("notifications") // "Notification"
 */
export function modelNameOf(key: string): string {
  return pascalCase(singularOf(key));
}

/**
 * Names a generated model file imports or declares besides its own models: a model class with one of
 * these names would clash with them (`export class Model extends Model`). The model emitter's tests
 * check that it uses no other name.
 */
export const RESERVED_MODEL_NAMES: readonly string[] = [
  "BelongsTo", "BelongsToMany", "Column", "CreatedAt", "DataType", "DeletedAt", "ForeignKey", "HasMany", "HasOne",
  "Model", "Optional", "Relation", "Sequelize", "Table", "UpdatedAt",
  // Sequelize 5 models: the types of their typed create/build/bulkCreate.
  "BuildOptions", "BulkCreateOptions", "CreateOptions", "SequelizePromise",
  // Tenant models with the runtime guard (`isolation.guard`).
  "installTenantGuard",
];

/**
 * Database column of a model attribute under a naming profile.
 *
 * @example
 * fieldOf("companyId", "snake_case") // "company_id"
 * fieldOf("companyId", "sequelize") // "companyId"
 */
export function fieldOf(attribute: string, profile: NamingProfile): string {
  return profile === "snake_case" ? snakeCase(attribute) : attribute;
}

/**
 * Keeps a name within PostgreSQL's 63 bytes: a longer name keeps its first 54 bytes (cut on a
 * character boundary) plus `_` and 8 hex chars of sha256 of the full name, so two long names
 * that share a prefix still differ.
 *
 * @example
 * fitIdentifier("a".repeat(70)) // "aaaa…a_1b2c3d4e" (63 bytes)
 */
export function fitIdentifier(name: string): string {
  if (Buffer.byteLength(name, "utf8") <= MAX_IDENTIFIER_BYTES) return name;
  let prefix = "";
  for (const char of name) {
    if (Buffer.byteLength(prefix + char, "utf8") > 54) break;
    prefix += char;
  }
  const hash = createHash("sha256").update(name, "utf8").digest("hex").slice(0, 8);
  return `${prefix}_${hash}`;
}

export type ConstraintSuffix = "idx" | "key" | "fkey" | "check";

/**
 * `{table}_{parts joined by _}_{suffix}`, fitted to 63 bytes.
 *
 * @example
 * constraintName("notifications", ["company_id", "status"], "idx") // "notifications_company_id_status_idx"
 */
export function constraintName(table: string, parts: readonly string[], suffix: ConstraintSuffix): string {
  return fitIdentifier([table, ...parts, suffix].join("_"));
}

/**
 * Names of the objects an expand/contract column rename creates: the trigger that keeps the old
 * and the new column in sync, its function, and the temporary NOT NULL check of a staged SET NOT
 * NULL. The migration emitter creates them and the tests predict them from here.
 *
 * @example
 * transitionNames("tickets", "title", "subject").trigger // "tickets_title_subject_sync"
 */
export function transitionNames(table: string, fromField: string, toField: string): { trigger: string; function: string } {
  return {
    trigger: fitIdentifier(`${table}_${fromField}_${toField}_sync`),
    function: fitIdentifier(`${table}_${fromField}_${toField}_sync_fn`),
  };
}

/**
 * The temporary `CHECK (col IS NOT NULL) NOT VALID` of a staged SET NOT NULL.
 *
 * @example
 * notNullCheckName("tickets", "priority") // "tickets_priority_not_null"
 */
export function notNullCheckName(table: string, field: string): string {
  return fitIdentifier(`${table}_${field}_not_null`);
}

/**
 * The name PostgreSQL generates for an implicit object (`makeObjectName`): `{table}_{column}_{label}`,
 * the longer of table/column cut until it fits 63 bytes. Serial sequences and primary keys are
 * named this way, so a table rename renames them to this.
 *
 * @example
 * generatedObjectName("tickets", "id", "seq") // "tickets_id_seq"
 * generatedObjectName("tickets", null, "pkey") // "tickets_pkey"
 */
export function generatedObjectName(table: string, column: string | null, label: string): string {
  let first = [...table];
  let second = column === null ? [] : [...column];
  const overhead = Buffer.byteLength(label) + 1 + (column === null ? 0 : 1);
  const bytes = (chars: string[]) => Buffer.byteLength(chars.join(""));
  while (bytes(first) + bytes(second) > MAX_IDENTIFIER_BYTES - overhead) {
    if (bytes(first) > bytes(second)) first = first.slice(0, -1);
    else second = second.slice(0, -1);
  }
  return [first.join(""), ...(column === null ? [] : [second.join("")]), label].join("_");
}

/**
 * The name PostgreSQL gives an unnamed primary key of a table: what `TableIR.primaryKey.name` is
 * unless the database (or a `.primaryKey(..., { name })`) says otherwise.
 *
 * @example
 * primaryKeyName("tickets") // "tickets_pkey"
 */
export function primaryKeyName(tableName: string): string {
  return generatedObjectName(tableName, null, "pkey");
}

/**
 * Instance members of every generated model: Sequelize's `Model` (5 and 6, from their typings),
 * sequelize-typescript's additions (1.x and 2.x) and `Object.prototype`. An attribute or association
 * with one of these names shadows the member (`save!: string` breaks `Model.save`, TS2416), so the
 * validator and the DSL's types refuse them. `id`, the timestamps and `version` are left out: the first
 * four are built-in columns, and sequelize-typescript types `version` as `any` (no clash).
 * test/dsl/identifiers.test.ts re-derives the Sequelize lists from the installed typings.
 */
export const MODEL_MEMBER_NAMES = [
  "$add", "$count", "$create", "$get", "$has", "$remove", "$set",
  "_attributes", "_creationAttributes", "_model", "_previousDataValues", "_options", "_changed",
  "addHook", "changed", "dataValues", "decrement", "destroy", "equals", "equalsOneOf", "get", "getDataValue",
  "hasHook", "hasHooks", "increment", "isNewRecord", "isSoftDeleted", "previous", "reload", "removeHook", "restore",
  "save", "sequelize", "set", "setAttributes", "setDataValue", "toJSON", "update", "validate", "where",
  "constructor", "hasOwnProperty", "isPrototypeOf", "propertyIsEnumerable", "toLocaleString", "toString", "valueOf",
  "__proto__", "__defineGetter__", "__defineSetter__", "__lookupGetter__", "__lookupSetter__",
] as const;

/**
 * Global names a generated model file uses without importing them (attribute types, creation types):
 * a model class with one of these names would shadow them (`class Date` breaks `createdAt: Date`), and
 * TypeScript refuses some outright (`class Object`, TS2725).
 */
export const BUILT_IN_MODEL_NAMES: readonly string[] = [
  "Array", "BigInt", "Boolean", "Date", "Error", "Function", "JSON", "Map", "Math", "Number", "Object", "Omit",
  "Partial", "Pick", "Promise", "Readonly", "Record", "Reflect", "RegExp", "Required", "Set", "String", "Symbol",
  "WeakMap", "WeakSet",
];

/** Attributes and association names: JavaScript identifiers in plain ASCII, no `$` (Sequelize's own). */
const ATTRIBUTE = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Table keys: a model class, file and association names derive from them. */
const TABLE_KEY = /^[A-Za-z][A-Za-z0-9_]*$/;

/** Feature names end up in file names: a portable, separator-free alphabet. */
const FEATURE = /^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9_-])?$/;

/** Features are part of doc file names; keep those well under every file system's 255-byte limit. */
export const MAX_FEATURE_LENGTH = 100;

/**
 * Whether `name` can be a model attribute or association: a plain identifier that is no model member.
 *
 * @example
 * attributeNameProblem("dueAt") // null
 * attributeNameProblem("first-name") // "invalid"
 * attributeNameProblem("save") // "member"
 */
export function attributeNameProblem(name: string): "invalid" | "member" | null {
  if (!ATTRIBUTE.test(name)) return "invalid";
  return (MODEL_MEMBER_NAMES as readonly string[]).includes(name) ? "member" : null;
}

/**
 * @example
 * isTableKey("webhookEndpoints") // true
 * isTableKey("1st-things") // false
 */
export function isTableKey(key: string): boolean {
  return TABLE_KEY.test(key);
}

/**
 * Whether a feature name is safe in a file name: letters, digits, `-`, `_` and single inner dots.
 *
 * @example
 * isFeatureName("billing") // true
 * isFeatureName("../../escaped") // false
 */
export function isFeatureName(feature: string): boolean {
  return feature.length <= MAX_FEATURE_LENGTH && FEATURE.test(feature) && !feature.includes("..");
}

/**
 * What is wrong with a database identifier tenant-schema writes into SQL and migrations, or null:
 * Sequelize splits names on `.` (schema.table) and does not escape `"`; NUL and control characters
 * cannot be stored; PostgreSQL silently truncates names past 63 bytes.
 *
 * @example
 * databaseNameProblem("pg_temp.things") // { code: "database-name", problem: "contains '.'" }
 * databaseNameProblem("tickets") // null
 */
export function databaseNameProblem(name: string): { code: "database-name" | "name-too-long"; problem: string } | null {
  if (name.trim() === "") return { code: "database-name", problem: "is empty" };
  const bad = [...name].find((char) => char === "." || char === '"' || char.charCodeAt(0) < 32 || char.charCodeAt(0) === 127);
  if (bad !== undefined) {
    const what = bad === "." || bad === '"' ? `'${bad}'` : `the control character U+${bad.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}`;
    return { code: "database-name", problem: `contains ${what}` };
  }
  const bytes = Buffer.byteLength(name, "utf8");
  if (bytes > MAX_IDENTIFIER_BYTES) return { code: "name-too-long", problem: `is longer than ${MAX_IDENTIFIER_BYTES} bytes (${bytes} in UTF-8)` };
  return null;
}
