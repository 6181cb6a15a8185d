import { fileURLToPath } from "node:url";
import type { SourceLocation } from "../ir/types.js";

// "    at fn (/path/file.ts:3:5)" or "    at /path/file.ts:3:5"; paths may hold spaces.
const FRAME = /^\s*at (?:.*? \()?((?:file:\/\/)?[^()]+?):(\d+):\d+\)?\s*$/;

const frameLocation = (frame: string): SourceLocation | null => {
  const found = FRAME.exec(frame);
  if (found === null) return null;
  const [, rawFile = "", line = "0"] = found;
  const file = rawFile.startsWith("file://") ? fileURLToPath(rawFile) : rawFile;
  return { file, line: Number(line) };
};

const directoryOf = (file: string): string => file.replace(/[\\/][^\\/]*$/, "");

// The DSL lives either in src/dsl/*.ts (sources, tests) or inside one bundled file (dist): frames
// from this file's folder (when it is the dsl folder) or from this very file belong to the DSL.
const isDslFrame = (file: string, ownFile: string): boolean => {
  const ownDirectory = directoryOf(ownFile);
  return /[\\/]dsl$/.test(ownDirectory) ? directoryOf(file) === ownDirectory : file === ownFile;
};

/**
 * The file and line of the user's code that called into the DSL (the first stack frame outside
 * src/dsl), or null when the stack does not say (e.g. a runtime without V8 stacks).
 *
 * @example
 * captureSource() // { file: "/repo/schema/notifications.ts", line: 14 }
 */
export function captureSource(): SourceLocation | null {
  const previousLimit = Error.stackTraceLimit;
  Error.stackTraceLimit = 50;
  const stack = new Error().stack ?? "";
  Error.stackTraceLimit = previousLimit;
  const locations = stack
    .split("\n")
    .slice(1)
    .map(frameLocation)
    .filter((location): location is SourceLocation => location !== null && !location.file.startsWith("node:"));
  const own = locations[0];
  if (own === undefined) return null;
  return locations.find((location) => !isDslFrame(location.file, own.file)) ?? null;
}
