/**
 * SQL text for the statements Sequelize's QueryInterface cannot say. Everything quoted, nothing
 * read from a connection: the text is what the migration sends, verbatim.
 */
import { quoteIdent, quoteLiteral } from "../../ir/sql-quote.js";

export { quoteIdent, quoteLiteral };

/**
 * Text taken verbatim into a plpgsql RAISE format string, where `%` is a placeholder: `%%` prints one.
 *
 * @example
 * raiseText('"50%_off"') // '"50%%_off"'
 */
export const raiseText = (text: string): string => text.replaceAll("%", "%%");
// Moved to src/ir/naming.ts (the DSL names primary keys with it too); re-exported for the steps.
export { generatedObjectName } from "../../ir/naming.js";

// Moved to src/emitters/default-sql.ts (the doc prints defaults with it too); re-exported for the steps.
export { defaultValueSql, numericDefaultSql, writtenDefaultSql } from "../default-sql.js";
