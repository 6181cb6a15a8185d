import type { IndexReason } from "../../ir/types.js";
import type { Messages } from "./messages/types.js";

/**
 * An index's reason in the doc's language: the wording of its kind (a written one as written).
 *
 * @example
 * indexReasonText(en, { kind: "tenantFilter", field: "company_id" }) // "Every query filters by tenant (company_id)."
 */
export function indexReasonText(m: Messages, reason: IndexReason): string {
  // The table is keyed by kind, so the entry for reason.kind takes exactly this reason.
  const word = m.indexReason[reason.kind] as (r: IndexReason) => string;
  return word(reason);
}
