import { match } from "ts-pattern";
import type { MigrationPlan } from "../../../diff/operations.js";
import type { DocContext } from "../context.js";
import type { MigrationReason } from "../facts.js";
import { blocks, code, codeBlock, heading } from "../markdown.js";

/**
 * "Migrations": per file, whether it runs in a transaction and why, then the exact SQL of up and
 * down, never rewritten.
 *
 * @example
 * migrationsSection(ctx) // "## Migrations\n\n### `2026...ts`\n\n...#### UP\n\n```sql\n..."
 */
export function migrationsSection(ctx: DocContext): string {
  const { m, input } = ctx;
  return blocks([
    heading(2, m.headings.migrations),
    m.migrations.intro(input.migrations.length),
    ...input.migrations.map((migration) =>
      blocks([
        heading(3, code(migration.file)),
        m.changes.migrationKind(migration.plan.transaction, migrationReasons(migration.plan)),
        heading(4, m.headings.up),
        sqlBlock(migration.sql.up, m.migrations.empty),
        heading(4, m.headings.down),
        sqlBlock(migration.sql.down, m.migrations.empty),
      ]),
    ),
  ]);
}

/**
 * Why a migration cannot be one transaction, from the kinds of its operations (deduplicated).
 *
 * @example
 * migrationReasons({ transaction: false, operations: [{ kind: "addIndex", concurrently: true, ... }], ... }) // ["concurrentIndex"]
 */
export function migrationReasons(plan: MigrationPlan): MigrationReason[] {
  const reasons = plan.operations.flatMap((op): MigrationReason[] =>
    match(op)
      .with({ kind: "addIndex" }, { kind: "dropIndex" }, (o): MigrationReason[] => (o.concurrently ? ["concurrentIndex"] : []))
      .with({ kind: "backfill" }, { kind: "remapEnumValues" }, (): MigrationReason[] => ["backfill"])
      .with({ kind: "validateConstraint" }, (): MigrationReason[] => ["validate"])
      .with({ kind: "setNotNull" }, (): MigrationReason[] => ["stagedNotNull"])
      .otherwise(() => []),
  );
  return [...new Set(reasons)];
}

function sqlBlock(statements: string[], empty: string): string {
  return statements.length === 0 ? empty : codeBlock("sql", statements.map(terminate).join("\n\n"));
}

/**
 * A statement ending in exactly one `;` (trailing whitespace dropped).
 *
 * @example
 * terminate("DROP TABLE x") // "DROP TABLE x;"
 */
export function terminate(statement: string): string {
  const trimmed = statement.trimEnd();
  return trimmed.endsWith(";") ? trimmed : `${trimmed};`;
}
