/**
 * Bugs the property test found in other parts of the project, still open. The generators avoid the
 * narrow case each one needs, so the default run keeps testing everything else; set
 * TENANT_SCHEMA_KNOWN_ISSUES=1 to generate them again (the run then fails until they are fixed).
 * Delete an entry once its fix lands.
 */
export const KNOWN_ISSUES = {
  dropColumnRestoreOneValue:
    "(Partly fixed by c6ff9ba: NOT NULL columns without a default now get a distinct value per row; still open: a column WITH a default under a unique index, e.g. score date notNull default '2026-01-15' unique:tenant → Validation error; a NOT NULL foreign key now raises a clear error by design.) The down of dropColumn re-adds the column with ONE value in every row (its default, or for NOT NULL a neutral temporary one: 0, ''): on a table with rows, a unique index over it fails (Validation error), its CHECK fails (char_length('') > 0: 'check constraint ... is violated by some row'), and a NOT NULL belongsTo column's foreign key fails (no target row 0).",
  retypeDefaultDown:
    "The down of a rewriting type change (using) of a column with a default sets the old default before the type is back: boolean → integer with default true → 0, down fails with 'column \"ratio\" is of type integer but default expression is of type boolean'.",
  dropForeignKeyToRenamedTable:
    "A belongsTo dropped in the same evolution that renames its target table or its own table (expand-contract): the down re-adds the foreign key to the NEW target name after the rename was reversed ('relation \"labels\" does not exist'); the up drops the column from the NEW table name before the rename ('relation \"Reports\" does not exist').",
  indexOverTwoRenamedColumns:
    "Two column renames in one table (at least one expand/contract) with one index over both: the retired column's copy of that index keeps the other column's OLD name (expected [price, title], database [priority, title]), and two retired columns both record it (expected twice, once in the database).",
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
