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
  const modulePath = modulePathOf(moduleUrl);
  const root = packageRoot(path.dirname(modulePath));
  if (/\.[mc]?ts$/.test(modulePath)) return path.join(root, "src", "index.ts");
  const preferred = modulePath.endsWith(".cjs") ? ["index.cjs", "index.js"] : ["index.js", "index.cjs"];
  const found = preferred.map((name) => path.join(root, "dist", name)).find((file) => existsSync(file));
  return found ?? path.join(root, "dist", preferred[0]!);
}

/**
 * This package's version, from its own package.json (the same file from sources and from dist/).
 *
 * @example
 * ownVersion(import.meta.url) // "0.1.0"
 */
export function ownVersion(moduleUrl: string): string {
  return ownManifest(path.dirname(modulePathOf(moduleUrl))).manifest.version ?? "unknown";
}

/**
 * This package's folder and the versions of its dependencies as installed (found the way Node
 * resolves them: the nearest node_modules up from the package), null for one that is not found.
 *
 * @example
 * ownInstall(import.meta.url).dependencies.prettier // "3.10.1"
 */
export function ownInstall(moduleUrl: string): { version: string; dependencies: Record<string, string | null> } {
  const { dir, manifest } = ownManifest(path.dirname(modulePathOf(moduleUrl)));
  const dependencies: Record<string, string | null> = {};
  for (const name of Object.keys(manifest.dependencies ?? {}).sort()) dependencies[name] = installedVersion(dir, name);
  return { version: manifest.version ?? "unknown", dependencies };
}

function installedVersion(from: string, name: string): string | null {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const file = path.join(dir, "node_modules", ...name.split("/"), "package.json");
    if (existsSync(file)) {
      try {
        return String((JSON.parse(readFileSync(file, "utf8")) as { version?: unknown }).version);
      } catch {
        return null;
      }
    }
    if (path.dirname(dir) === dir) return null;
  }
}

function packageRoot(start: string): string {
  return ownManifest(start).dir;
}

interface OwnManifest {
  name?: unknown;
  version?: string;
  dependencies?: Record<string, string>;
}

function ownManifest(start: string): { dir: string; manifest: OwnManifest } {
  for (let dir = start; ; dir = path.dirname(dir)) {
    const file = path.join(dir, "package.json");
    if (existsSync(file)) {
      try {
        const manifest = JSON.parse(readFileSync(file, "utf8")) as OwnManifest;
        if (manifest.name === PACKAGE_NAME) return { dir, manifest };
      } catch {
        // An unreadable package.json is not ours; keep walking up.
      }
    }
    if (path.dirname(dir) === dir) throw new Error(`Cannot find the ${PACKAGE_NAME} package around ${start}`);
  }
}

function modulePathOf(moduleUrl: string): string {
  return moduleUrl.startsWith("file:") ? fileURLToPath(moduleUrl) : moduleUrl;
}
