/**
 * Bugs the property test found in other parts of the project, still open. The generators avoid the
 * narrow case each one needs, so the default run keeps testing everything else; set
 * TENANT_SCHEMA_KNOWN_ISSUES=1 to generate them again (the run then fails until they are fixed).
 * Delete an entry once its fix lands.
 */
export const KNOWN_ISSUES = {
  dropUniqueColumnRestore:
    "The down of dropColumn re-adds a column that a unique index covers with one value in every row (its default, or for NOT NULL a neutral temporary one): rebuilding the unique index fails (Validation error) on a table with rows.",
  dropNotNullForeignKeyRestore:
    "The down of a dropped NOT NULL belongsTo column re-adds it through a neutral temporary default (0) on a table with rows: re-adding its foreign key fails (no target row 0).",
  indexOverTwoRenamedColumns:
    "Two column renames in one table (at least one expand/contract) with one index over both: the retired column's copy of that index keeps the other column's OLD name (expected [price, title], database [priority, title]), and two retired columns both record it (expected twice, once in the database).",
  enumLengthCheckForm:
    "alterColumnType of an enum (longer length) leaves PostgreSQL's re-parsed enum CHECK (ARRAY[('low'::character varying)::text, ...]), not the text a fresh CHECK has: the catalog differs from the snapshot's.",
} as const;

export type KnownIssue = keyof typeof KNOWN_ISSUES;

/**
 * Whether generators should steer clear of a known issue's case.
 *
 * @example
 * if (avoids("doubleLiteralDefault")) choices = choices.filter((choice) => choice.kind === "sql");
 */
export function avoids(issue: KnownIssue): boolean {
  void KNOWN_ISSUES[issue];
  return !process.env.TENANT_SCHEMA_KNOWN_ISSUES;
}
