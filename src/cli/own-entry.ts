/**
 * Where this package's public entry lives, so user config and schema files that
 * `import ... from "tenant-schema"` get this very build even when the package is not installed
 * in the user's node_modules (npx, a linked checkout, the bundled examples).
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const PACKAGE_NAME = "tenant-schema";

/**
 * The entry matching how the CLI runs: `src/index.ts` when running from sources (tsx, vitest),
 * else the built `dist/index.cjs` (CJS bin) or `dist/index.js`.
 *
 * @example
 * ownEntry("file:///repo/src/cli/own-entry.ts") // "/repo/src/index.ts"
 * ownEntry("file:///repo/dist/cli/bin.cjs") // "/repo/dist/index.cjs"
 */
export function ownEntry(moduleUrl: string): string {
  const modulePath = moduleUrl.startsWith("file:") ? fileURLToPath(moduleUrl) : moduleUrl;
  const root = packageRoot(path.dirname(modulePath));
  if (/\.[mc]?ts$/.test(modulePath)) return path.join(root, "src", "index.ts");
  const preferred = modulePath.endsWith(".cjs") ? ["index.cjs", "index.js"] : ["index.js", "index.cjs"];
  const found = preferred.map((name) => path.join(root, "dist", name)).find((file) => existsSync(file));
  return found ?? path.join(root, "dist", preferred[0]!);
}

function packageRoot(start: string): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, "package.json");
    if (existsSync(manifest)) {
      try {
        if ((JSON.parse(readFileSync(manifest, "utf8")) as { name?: unknown }).name === PACKAGE_NAME) return dir;
      } catch {
        // An unreadable package.json is not ours; keep walking up.
      }
    }
    if (path.dirname(dir) === dir) throw new Error(`Cannot find the ${PACKAGE_NAME} package around ${start}`);
  }
}
