/**
 * How a live database names things, and the DSL names that reproduce them.
 */
import { camelCase, modelNameOf } from "../ir/naming.js";
import type { NamingProfile } from "../ir/types.js";

const PASCAL = /^[A-Z][A-Za-z0-9]*$/;
const SNAKE = /^[a-z][a-z0-9_]*$/;

/**
 * The profile most live tables follow: PascalCase tables (Sequelize's default `"Tickets"`) mean
 * `sequelize`, snake_case ones `snake_case`; a tie goes to the columns (camelCase or snake_case).
 *
 * @example
 * detectNaming(["Tickets", "Contacts", "audit_logs"], ["companyId", "createdAt"]) // "sequelize"
 */
export function detectNaming(tables: readonly string[], columns: readonly string[]): NamingProfile {
  const pascal = tables.filter((name) => PASCAL.test(name)).length;
  const snake = tables.filter((name) => SNAKE.test(name) && !/[A-Z]/.test(name)).length;
  if (pascal !== snake) return pascal > snake ? "sequelize" : "snake_case";
  const camel = columns.filter((name) => /[a-z][A-Z]/.test(name)).length;
  const underscored = columns.filter((name) => name.includes("_")).length;
  return camel >= underscored ? "sequelize" : "snake_case";
}

/**
 * The DSL key of a live table: camelCase, and plural when the profile would pluralise it back.
 *
 * @example
 * tableKeyOf("Tickets") // "tickets"
 * tableKeyOf("ticket_tags") // "ticketTags"
 */
export function tableKeyOf(tableName: string): string {
  const key = camelCase(tableName);
  return /^[a-z]/.test(key) ? key : `t${key}`;
}

/**
 * The attribute of a live column: camelCase of its name (`company_id` → `companyId`).
 *
 * @example
 * attributeOf("due_at") // "dueAt"
 */
export function attributeOf(field: string): string {
  const attribute = camelCase(field);
  return /^[a-z]/.test(attribute) ? attribute : `c${attribute}`;
}

/**
 * Table keys for live tables, unique and making distinct model classes (`Person` and `People`
 * would both make `Person`: the second gets a suffixed key and keeps its name by override).
 *
 * @example
 * uniqueTableKeys(["Tickets", "tickets"]) // Map { "Tickets" => "tickets", "tickets" => "tickets2" }
 */
export function uniqueTableKeys(tableNames: readonly string[]): Map<string, string> {
  const keys = new Map<string, string>();
  const takenKeys = new Set<string>();
  const takenModels = new Set<string>();
  for (const name of tableNames) {
    const base = tableKeyOf(name);
    let key = base;
    for (let n = 2; takenKeys.has(key) || takenModels.has(modelNameOf(key)); n++) key = `${base}${n}`;
    keys.set(name, key);
    takenKeys.add(key);
    takenModels.add(modelNameOf(key));
  }
  return keys;
}
