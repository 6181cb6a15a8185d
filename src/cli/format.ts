/**
 * Formatting happens here and nowhere else: emitters return plain text, and every file is
 * formatted once, with the team's own prettier config for the folder it lands in.
 */
import prettier from "prettier";

/**
 * Formats `contents` as prettier would for a file at `absolutePath` (parser from the extension,
 * options from the nearest prettier config). Files prettier does not know are returned as is.
 *
 * @example
 * await formatFile("/repo/backend/src/models/user.ts", "export const a=1") // "export const a = 1;\n"
 */
export async function formatFile(absolutePath: string, contents: string): Promise<string> {
  const info = await prettier.getFileInfo(absolutePath);
  if (info.inferredParser === null) return contents;
  const options = (await prettier.resolveConfig(absolutePath, { editorconfig: true })) ?? {};
  return prettier.format(contents, { ...options, filepath: absolutePath });
}
