/**
 * The runtime check of a loaded config: what `defineConfig`'s types say, for `.js` configs, `as any`
 * and typos the types let through (an unknown key is a typo, not an option). Returns problems as data.
 */

import type { NamingProfile, ReferentialAction } from "../ir/types.js";
import type { DocLanguage, MigrationExtension, ModelExportStyle, ModelLayout, ModelModuleFormat, SequelizeTarget } from "../emitters/types.js";
import type { ResolvedConfig } from "./define-config.js";

type KeyType = ResolvedConfig["primaryKey"];

/** A field's check: null when the value is fine, else what it should be. A field may be left out unless `required`. */
interface Check {
  (value: unknown): string | null;
  readonly required?: true;
}

/** The shape of a config: a check per field, or a nested shape for an object field. */
interface Shape {
  readonly [key: string]: Check | Shape;
}

const oneOf =
  (...allowed: readonly (string | number)[]): Check =>
  (value) =>
    allowed.includes(value as string | number) ? null : `must be one of ${allowed.map((a) => JSON.stringify(a)).join(", ")}`;

/**
 * `oneOf` every member of a string union, listed as the keys of a record the compiler checks: a member
 * added to the type and not here (or one here and not in the type) is a type error.
 */
const everyOf = <T extends string>(members: Record<T, true>): Check => oneOf(...Object.keys(members));

const text: Check = (value) => (typeof value === "string" && value.trim() !== "" ? null : "must be a non-empty string");

const texts: Check = (value) =>
  text(value) === null || (Array.isArray(value) && value.length > 0 && value.every((item) => text(item) === null))
    ? null
    : "must be a folder or a non-empty array of folders";

/** What PostgreSQL accepts for lock_timeout / statement_timeout, and nothing that could leave the quotes. */
const duration: Check = (value) =>
  typeof value === "string" && /^\d+\s*(us|ms|s|min|h|d)?$/.test(value) ? null : 'must be a PostgreSQL duration such as "5s", "500ms" or "0"';

/** `check`, for a field that must be present whenever its parent object is given. */
const required = (check: Check): Check => Object.assign((value: unknown) => check(value), { required: true as const });

/** Every export style (the models' and the tenant model's). */
const EXPORT_STYLES = everyOf<ModelExportStyle>({ named: true, default: true });

/** Every key type (primary key and tenant key alike). */
const KEY_TYPES = everyOf<KeyType>({ integer: true, bigint: true, uuid: true });

const flag: Check = (value) => (typeof value === "boolean" ? null : "must be true or false");

const positiveInteger: Check = (value) => (Number.isSafeInteger(value) && (value as number) > 0 ? null : "must be a positive integer");

const identifier =
  (what: string): Check =>
  (value) =>
    typeof value === "string" && /^[A-Za-z_$][\w$]*$/.test(value) ? null : `must be a JavaScript identifier (${what})`;

const CONFIG_SHAPE: Shape = {
  schema: texts,
  output: { models: text, migrations: text, docs: text, state: text },
  tenant: {
    table: text,
    key: text,
    keyType: KEY_TYPES,
    attribute: identifier("the tenant attribute of every model"),
    onDelete: everyOf<ReferentialAction>({ CASCADE: true, "SET NULL": true, RESTRICT: true, "NO ACTION": true, "SET DEFAULT": true }),
    model: { name: required(identifier("the tenant model's class name")), importPath: required(text), export: EXPORT_STYLES },
  },
  naming: everyOf<NamingProfile>({ snake_case: true, sequelize: true }),
  primaryKey: KEY_TYPES,
  sequelize: oneOf(...([6, 5] satisfies SequelizeTarget[])),
  docs: { language: everyOf<DocLanguage>({ pt: true, en: true }) },
  models: {
    module: everyOf<ModelModuleFormat>({ commonjs: true, esm: true }),
    layout: everyOf<ModelLayout>({ single: true, "base-and-user": true }),
    exports: EXPORT_STYLES,
  },
  migrations: {
    lockTimeout: duration,
    statementTimeout: duration,
    validateTimeout: duration,
    backfillBatchSize: positiveInteger,
    extension: everyOf<MigrationExtension>({ ".ts": true, ".js": true }),
  },
  isolation: { keys: flag, rls: flag, guard: flag },
};

/**
 * Every problem of a config, as `field: what it must be` lines; empty when it is valid. Fields left
 * out are fine (they get their defaults), unknown fields are not.
 *
 * @example
 * validateConfig({ docs: { language: "fr" } }) // ['docs.language: must be one of "pt", "en"']
 * validateConfig({ ouput: {} })                // ["ouput: unknown field; known: schema, output, ..."]
 */
export function validateConfig(config: Record<string, unknown>): string[] {
  return checkObject(config, CONFIG_SHAPE, "");
}

function checkObject(value: Record<string, unknown>, shape: Shape, prefix: string): string[] {
  const problems: string[] = [];
  for (const key of Object.keys(value)) {
    if (!Object.hasOwn(shape, key)) problems.push(`${prefix}${key}: unknown field; known: ${Object.keys(shape).join(", ")}`);
  }
  for (const [key, check] of Object.entries(shape)) {
    const path = `${prefix}${key}`;
    const field = value[key];
    if (field === undefined) {
      if (typeof check === "function" && check.required) problems.push(`${path}: is required`);
      continue;
    }
    if (typeof check === "function") {
      const problem = check(field);
      if (problem !== null) problems.push(`${path}: ${problem}, got ${describe(field)}`);
    } else if (field === null || typeof field !== "object" || Array.isArray(field)) {
      problems.push(`${path}: must be an object, got ${describe(field)}`);
    } else {
      problems.push(...checkObject(field as Record<string, unknown>, check, `${path}.`));
    }
  }
  return problems;
}

function describe(value: unknown): string {
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean" || value === null) return JSON.stringify(value);
  return Array.isArray(value) ? "an array" : typeof value;
}
