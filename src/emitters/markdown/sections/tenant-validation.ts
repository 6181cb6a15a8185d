import { tenantChecks } from "../../../ir/tenant-checks.js";
import type { DocContext } from "../context.js";
import { blocks, checkbox, code, heading } from "../markdown.js";

/**
 * "Multi-Tenant Validation": per created or altered table, a checklist ticked only where `tenantChecks`
 * proves the property; an unticked box says why.
 *
 * @example
 * tenantValidationSection(ctx) // "## Multi-Tenant Validation\n\n### `tickets`\n\n- [x] ..."
 */
export function tenantValidationSection(ctx: DocContext): string {
  const { m, input } = ctx;
  return blocks([
    heading(2, m.headings.tenantValidation),
    m.tenant.intro,
    ...[...ctx.created, ...ctx.altered].map((t) =>
      blocks([
        heading(3, code(t.tableName)),
        tenantChecks(t, input.schema, ctx.layers)
          .map((c) => {
            const warning = !c.passed && c.severity === "advisory" ? ` (${m.tenant.advisory})` : "";
            return checkbox(c.passed, `**${m.tenant.label[c.id]}**${warning}: ${m.tenant.finding(c.finding, code)}`);
          })
          .join("\n"),
      ]),
    ),
  ]);
}
