import { defineConfig } from "tsup";

export default defineConfig([
  {
    // The library: ESM + CJS with declarations for both (package.json "exports").
    entry: { index: "src/index.ts" },
    format: ["esm", "cjs"],
    dts: true,
    sourcemap: true,
    clean: true,
    target: "node20",
    outDir: "dist",
  },
  {
    // The bin: one self-contained CJS file; `shims` provides import.meta.url, which the CLI uses
    // to find this package's own entry for user config and schema files.
    entry: { "cli/bin": "src/cli/bin.ts" },
    format: ["cjs"],
    dts: false,
    sourcemap: true,
    shims: true,
    target: "node20",
    outDir: "dist",
  },
]);
