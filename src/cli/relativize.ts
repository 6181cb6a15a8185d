import type { SchemaIR } from "../ir/types.js";
import { toProjectPath } from "./paths.js";

/**
 * The IR with every `source.file` made relative to the project root. The DSL records absolute
 * paths (from stack traces); the snapshot is committed and messages print relative paths, so
 * neither may depend on where the checkout lives.
 *
 * @example
 * relativizeSources(ir, "/repo").tables[0].source // { file: "schema/users.ts", line: 3 }
 */
export function relativizeSources(schema: SchemaIR, rootDir: string): SchemaIR {
  return mapSources(schema, rootDir) as SchemaIR;
}

function mapSources(value: unknown, rootDir: string): unknown {
  if (Array.isArray(value)) return value.map((item) => mapSources(item, rootDir));
  if (value === null || typeof value !== "object") return value;
  const result: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    result[key] = key === "source" && isLocation(item) ? { ...item, file: relativeFile(item.file, rootDir) } : mapSources(item, rootDir);
  }
  return result;
}

function isLocation(value: unknown): value is { file: string; line: number } {
  return value !== null && typeof value === "object" && typeof (value as { file?: unknown }).file === "string";
}

function relativeFile(file: string, rootDir: string): string {
  return /^([A-Za-z]:)?[\\/]/.test(file) ? toProjectPath(rootDir, file) : file.split("\\").join("/");
}
