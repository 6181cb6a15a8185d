/**
 * Formatting happens here and nowhere else: emitters return plain text, and every file is
 * formatted once, with the team's own prettier config for the folder it lands in. prettier is
 * loaded on first use, so commands that format nothing never load it.
 */
import { createHash } from "node:crypto";
import { canonicalJson } from "../diff/canonical-json.js";

type Prettier = typeof import("prettier");

let loaded: Promise<Prettier> | null = null;
const prettier = (): Promise<Prettier> => (loaded ??= import("prettier").then((module) => ((module as { default?: Prettier }).default ?? module) as Prettier));

export interface Formatting {
  /** `sha256:` of what decides the output besides the text: prettier's version, the parser and the resolved options. */
  fingerprint: string;
  /** Formats `contents` (returned as is for a file prettier does not know). */
  format(contents: string): Promise<string>;
}

/**
 * How prettier formats a file at `absolutePath` (parser from the extension, options from the
 * nearest prettier config and .editorconfig), without formatting anything yet.
 *
 * @example
 * (await formattingFor("/repo/backend/src/models/User.ts")).fingerprint // "sha256:..."
 */
export async function formattingFor(absolutePath: string): Promise<Formatting> {
  const api = await prettier();
  const info = await api.getFileInfo(absolutePath);
  const options = info.inferredParser === null ? null : ((await api.resolveConfig(absolutePath, { editorconfig: true })) ?? {});
  const fingerprint = `sha256:${createHash("sha256").update(canonicalJson({ prettier: api.version, parser: info.inferredParser, options })).digest("hex")}`;
  return {
    fingerprint,
    format: async (contents) => (options === null ? contents : api.format(contents, { ...options, filepath: absolutePath })),
  };
}

/**
 * Formats `contents` as prettier would for a file at `absolutePath` (parser from the extension,
 * options from the nearest prettier config). Files prettier does not know are returned as is.
 *
 * @example
 * await formatFile("/repo/backend/src/models/user.ts", "export const a=1") // "export const a = 1;\n"
 */
export async function formatFile(absolutePath: string, contents: string): Promise<string> {
  return (await formattingFor(absolutePath)).format(contents);
}
