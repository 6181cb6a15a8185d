/**
 * Cases the generators steer clear of: open bugs the property test found (none today) and stated
 * limits that would read as failures. Set TENANT_SCHEMA_KNOWN_ISSUES=1 (or a comma list of names)
 * to generate them again. Delete an entry once its fix lands.
 */
export const KNOWN_ISSUES = {
  notNullForeignKeyDown:
    "Not a bug, a stated limit (c6ff9ba): the down of a dropped NOT NULL belongsTo column raises a clear error on a table with rows (no value can be invented for a foreign key); the property would report it as a failure.",
} as const;

export type KnownIssue = keyof typeof KNOWN_ISSUES;

/**
 * Whether generators should steer clear of a known issue's case.
 *
 * @example
 * if (avoids("notNullForeignKeyDown")) choices = choices.filter((choice) => choice.kind === "sql");
 */
export function avoids(issue: KnownIssue): boolean {
  // TENANT_SCHEMA_KNOWN_ISSUES=1 brings every one back; a comma list (=enumLengthCheckForm,...) only those.
  const listed = process.env.TENANT_SCHEMA_KNOWN_ISSUES;
  if (!listed) return true;
  return listed !== "1" && !listed.split(",").map((name) => name.trim()).includes(issue);
}
