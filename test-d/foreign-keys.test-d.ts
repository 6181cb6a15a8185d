import { expectType } from "tsd";
import { defineTenantTable, t, type InferRow, type SingularKey } from "tenant-schema";

// The type-level default foreign key mirrors `referenceSingular` (src/ir/naming.ts).
expectType<"category">({} as SingularKey<"categories">);
expectType<"status">({} as SingularKey<"statuses">);
expectType<"address">({} as SingularKey<"addresses">);
expectType<"webhookEndpoint">({} as SingularKey<"webhookEndpoints">);
expectType<"box">({} as SingularKey<"boxes">);

const categories = defineTenantTable("categories", { name: t.string() });
const products = defineTenantTable("products", {})
  .belongsTo(categories)
  .belongsTo(categories, { as: "parentCategory", nullable: true, onDelete: "SET NULL" })
  .belongsTo(categories, { foreignKey: "legacyCategoryRef" });
declare const product: InferRow<typeof products>;
expectType<number>(product.categoryId);
expectType<number | null>(product.parentCategoryId);
expectType<number>(product.legacyCategoryRef);
