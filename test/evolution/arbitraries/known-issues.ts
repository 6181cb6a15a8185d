/**
 * Bugs the property test found in other parts of the project, still open. The generators avoid the
 * narrow case each one needs, so the default run keeps testing everything else; set
 * TENANT_SCHEMA_KNOWN_ISSUES=1 to generate them again (the run then fails until they are fixed).
 * Delete an entry once its fix lands.
 */
export const KNOWN_ISSUES = {
  doubleLiteralDefault:
    "A DOUBLE column's literal default is emitted quoted (DEFAULT '0' → '0'::double precision) where the oracle expects 0.",
  dropNotNullColumnRestore:
    "The down of dropColumn re-adds a NOT NULL column without a default on a table with rows: PostgreSQL refuses (column contains null values).",
  enumChangeNotValidated:
    "changeEnumValues adds the new enum CHECK NOT VALID but no validateConstraint follows: after up the check stays NOT VALID.",
  expandRenameWithDefault:
    "expandColumnRename adds the new column WITH its default, so existing rows get the default and the backfill (WHERE new IS NULL) copies nothing: the old values are lost (unique indexes then fail).",
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
