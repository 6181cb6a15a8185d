import { match } from "ts-pattern";
import type { AssociationIR, SchemaIR, TableIR } from "../../ir/types.js";
import { objectLiteral, stringLiteral } from "./code.js";
import type { ModelContext } from "./layout.js";

/** The decorator names a table's associations use, for the import line. */
export type AssociationDecorator = "BelongsTo" | "HasMany" | "HasOne" | "BelongsToMany";

/**
 * The decorated property of one association. The property name is the alias (`as`), which is what
 * sequelize-typescript would infer anyway; writing it out keeps `include: [{ as }]` greppable.
 *
 * @example
 * associationMember({ kind: "belongsTo", as: "user", target: "users", targetModel: "User", foreignKey: "userId" }, { module: "commonjs", ... })
 * // ['  @BelongsTo(() => User, { foreignKey: "userId", as: "user" })', "  user?: User;"]
 */
export function associationMember(association: AssociationIR, context: ModelContext): string[] {
  const keys = (a: { foreignKey: string; as: string }) =>
    objectLiteral([
      ["foreignKey", stringLiteral(a.foreignKey)],
      ["as", stringLiteral(a.as)],
    ]);
  return match(association)
    .with({ kind: "belongsTo" }, (a) => [`  @BelongsTo(() => ${a.targetModel}, ${keys(a)})`, `  ${a.as}?: ${singleType(a.targetModel, context)};`])
    .with({ kind: "hasOne" }, (a) => [`  @HasOne(() => ${a.targetModel}, ${keys(a)})`, `  ${a.as}?: ${singleType(a.targetModel, context)};`])
    .with({ kind: "hasMany" }, (a) => [`  @HasMany(() => ${a.targetModel}, ${keys(a)})`, `  ${a.as}?: ${a.targetModel}[];`])
    .with({ kind: "belongsToMany" }, (a) => {
      const options = objectLiteral([
        ["through", `() => ${a.throughModel}`],
        ["foreignKey", stringLiteral(a.foreignKey)],
        ["otherKey", stringLiteral(a.otherKey)],
        ["as", stringLiteral(a.as)],
      ]);
      return [`  @BelongsToMany(() => ${a.targetModel}, ${options})`, `  ${a.as}?: ${a.targetModel}[];`];
    })
    .exhaustive();
}

/** The name of the type alias `RELATION_ALIAS` declares. */
const RELATION = "Relation";

/**
 * Under Node ESM, a property typed with a model class makes TypeScript's decorator metadata
 * (`design:type`) read that class while the module graph is still loading; models that point at each
 * other then fail with "Cannot access 'User' before initialization". Metadata of a generic alias is
 * plain `Object`, so ESM models type single-valued associations as `Relation<User>` (arrays are
 * `Array` already). The alias is the model file's own, declared only where it is used.
 */
export const RELATION_ALIAS = [
  "/** `T` itself: keeps decorator metadata from reading a model class while ES modules load. */",
  `type ${RELATION}<T> = T;`,
];

/**
 * Whether a model file with these associations declares `RELATION_ALIAS`.
 *
 * @example
 * usesRelationAlias([{ kind: "belongsTo", ... }], { module: "esm", ... }) // true
 */
export function usesRelationAlias(associations: readonly AssociationIR[], context: ModelContext): boolean {
  return context.module === "esm" && associations.some((association) => association.kind === "belongsTo" || association.kind === "hasOne");
}

function singleType(model: string, context: ModelContext): string {
  return context.module === "esm" ? `${RELATION}<${model}>` : model;
}

/**
 * The decorator an association is written with.
 *
 * @example
 * associationDecorator({ kind: "hasMany", ... }) // "HasMany"
 */
export function associationDecorator(association: AssociationIR): AssociationDecorator {
  return match(association.kind)
    .with("belongsTo", () => "BelongsTo" as const)
    .with("hasOne", () => "HasOne" as const)
    .with("hasMany", () => "HasMany" as const)
    .with("belongsToMany", () => "BelongsToMany" as const)
    .exhaustive();
}

/**
 * The belongsTo from a tenant table to the team's tenant model, when one is configured: the alias is
 * the tenant attribute without its `Id` suffix (`companyId` → `company`).
 *
 * @example
 * tenantAssociation(schema, notifications)
 * // { kind: "belongsTo", as: "company", target: "companies", targetModel: "Company", foreignKey: "companyId" }
 */
export function tenantAssociation(schema: SchemaIR, table: TableIR): AssociationIR | null {
  const model = schema.tenant.model;
  const tenantColumn = table.columns.find((column) => column.role === "tenant");
  if (model === null || tenantColumn === undefined) return null;
  const attribute = tenantColumn.name;
  const as = /.Id$/.test(attribute) ? attribute.slice(0, -2) : model.name.charAt(0).toLowerCase() + model.name.slice(1);
  return { kind: "belongsTo", as, target: schema.tenant.tableName, targetModel: model.name, foreignKey: attribute };
}
