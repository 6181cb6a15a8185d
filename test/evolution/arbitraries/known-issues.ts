/**
 * Bugs the property test found in other parts of the project, still open. The generators avoid the
 * narrow case each one needs, so the default run keeps testing everything else; set
 * TENANT_SCHEMA_KNOWN_ISSUES=1 to generate them again (the run then fails until they are fixed).
 * Delete an entry once its fix lands.
 */
export const KNOWN_ISSUES = {
  retypeDefaultDown:
    "The down of a rewriting type change (using) of a column with a default sets the old default before the type is back: boolean → integer with default true → 0, down fails with 'column \"ratio\" is of type integer but default expression is of type boolean'.",
  notNullForeignKeyDown:
    "Not a bug, a stated limit (c6ff9ba): the down of a dropped NOT NULL belongsTo column raises a clear error on a table with rows (no value can be invented for a foreign key); the property would report it as a failure.",
  dropForeignKeyToRenamedTable:
    "A belongsTo dropped in the same evolution that renames its target table or its own table (expand-contract): the down re-adds the foreign key to the NEW target name after the rename was reversed ('relation \"labels\" does not exist'); the up drops the column from the NEW table name before the rename ('relation \"Reports\" does not exist').",
} as const;

export type KnownIssue = keyof typeof KNOWN_ISSUES;

/**
 * Whether generators should steer clear of a known issue's case.
 *
 * @example
 * if (avoids("doubleLiteralDefault")) choices = choices.filter((choice) => choice.kind === "sql");
 */
export function avoids(issue: KnownIssue): boolean {
  // TENANT_SCHEMA_KNOWN_ISSUES=1 brings every one back; a comma list (=enumLengthCheckForm,...) only those.
  const listed = process.env.TENANT_SCHEMA_KNOWN_ISSUES;
  if (!listed) return true;
  return listed !== "1" && !listed.split(",").map((name) => name.trim()).includes(issue);
}
