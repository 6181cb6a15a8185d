/**
 * The editor experience on a large schema, measured with tsserver (what VS Code runs): the shared
 * bench shape (../shared/bench/ours/gen-schema.mjs, N tables in one schema file plus a usage.ts
 * inferring every table's row types) with our DSL, and the same shape with drizzle-orm 1.0.0-rc.5
 * and 0.45.4 (../shared/bench/drizzle, installed into a scratch folder, never into this package).
 * One tsserver per side (this repo's TypeScript for both), in one run, interleaved:
 *
 * - first completion: open usage.ts, type `r.` after a row-typed parameter, ask for completions
 *   (the project loads and checks first: what a user waits for after opening the file);
 * - after an edit: type another `r.` on a new line and ask again (the warm path of every keystroke).
 *
 *   npm run bench:editor                      # N = 300, 5 edits
 *   N=1000 EDITS=9 npm run bench:editor
 *   DRIZZLE_VARIANTS=v1rc npm run bench:editor
 *
 * Needs `npm run build` (our side type-checks against dist/index.d.ts, as a user's editor does).
 */
import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const shared = resolve(root, "../shared/bench");
const n = Number(process.env.N ?? 300);
const edits = Number(process.env.EDITS ?? 5);
const scratch = process.env.SCRATCH ?? "/tmp/tenant-schema-editor-bench";
const variants = (process.env.DRIZZLE_VARIANTS ?? "v1rc stable").split(/\s+/).filter(Boolean);

interface Side {
  name: string;
  folder: string;
  /** The row type alias usage.ts exports for a table in the middle of the chain. */
  rowType: string;
}

const middle = String(Math.floor(n / 2)).padStart(4, "0");

function ours(): Side {
  if (!existsSync(join(root, "dist/index.d.ts"))) throw new Error("run `npm run build` first");
  const folder = join(scratch, `ours-n${n}`);
  rmSync(folder, { recursive: true, force: true });
  execFileSync("node", [join(shared, "ours/gen-schema.mjs"), "--n", String(n), "--out", folder, "--pkg", root], { stdio: "ignore" });
  return { name: "tenant-schema", folder, rowType: `T${middle}Row` };
}

function drizzle(variant: string): Side {
  const pins = join(shared, "drizzle/pins", variant);
  const installed = join(scratch, variant);
  const lock = readFileSync(join(pins, "package-lock.json"), "utf8");
  if (!existsSync(join(installed, "node_modules")) || readFileSync(join(installed, "package-lock.json"), "utf8") !== lock) {
    mkdirSync(installed, { recursive: true });
    for (const file of ["package.json", "package-lock.json"]) writeFileSync(join(installed, file), readFileSync(join(pins, file)));
    execFileSync("npm", ["ci", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: installed, stdio: "inherit" });
  }
  const folder = join(installed, `schemas/editor-n${n}`);
  rmSync(folder, { recursive: true, force: true });
  execFileSync("node", [join(shared, "drizzle/gen-schema.mjs"), "--n", String(n), "--out", folder], { stdio: "ignore" });
  return { name: `drizzle-orm ${JSON.parse(readFileSync(join(pins, "package.json"), "utf8")).dependencies["drizzle-orm"]}`, folder, rowType: `T${middle}Row` };
}

/** A tsserver speaking its protocol over stdio: requests by seq, responses matched back. */
function tsserver(cwd: string) {
  const child = spawn(process.execPath, [join(root, "node_modules/typescript/lib/tsserver.js"), "--disableAutomaticTypingAcquisition"], { cwd, stdio: ["pipe", "pipe", "ignore"] });
  let buffer = Buffer.alloc(0);
  let seq = 0;
  const waiting = new Map<number, (body: unknown) => void>();
  child.stdout.on("data", (chunk: Buffer) => {
    buffer = Buffer.concat([buffer, chunk]);
    for (;;) {
      const header = buffer.indexOf("\r\n\r\n");
      if (header < 0) return;
      const length = Number(/Content-Length: (\d+)/.exec(buffer.subarray(0, header).toString())?.[1]);
      if (buffer.length < header + 4 + length) return;
      const message = JSON.parse(buffer.subarray(header + 4, header + 4 + length).toString()) as { type: string; request_seq?: number; body?: unknown; success?: boolean; message?: string };
      buffer = buffer.subarray(header + 4 + length);
      if (message.type === "response" && message.request_seq !== undefined) waiting.get(message.request_seq)?.(message.success === false ? { failure: message.message } : message.body);
    }
  });
  const send = (command: string, args: unknown, expectResponse: boolean): Promise<unknown> => {
    seq += 1;
    const promise = expectResponse ? new Promise<unknown>((done) => waiting.set(seq, done)) : Promise.resolve(undefined);
    child.stdin.write(`${JSON.stringify({ seq, type: "request", command, arguments: args })}\n`);
    return promise;
  };
  return { send, close: () => child.kill() };
}

interface Figures {
  first: number;
  /** Completion requests tsserver answered with an error (e.g. "Maximum call stack size exceeded"), each asked again until a list came. */
  failures: string[];
  edits: number[];
  entries: number;
}

async function measure(side: Side): Promise<Figures> {
  const file = join(side.folder, "usage.ts");
  const text = readFileSync(file, "utf8");
  const lines = text.split("\n").length;
  const server = tsserver(side.folder);
  try {
    const probe = (i: number) => `export const probe${i} = (r: ${side.rowType}) => r.`;
    const complete = async (line: number, offset: number) =>
      (await server.send("completionInfo", { file, line, offset, triggerCharacter: "." }, true)) as { entries?: { name: string }[]; failure?: string } | undefined;
    const started = performance.now();
    await server.send("open", { file, fileContent: text, projectRootPath: side.folder }, false);
    // The first probe goes on a new last line, as if typed right after opening the file.
    let line = lines + 1;
    await server.send("change", { file, line: lines, offset: text.split("\n").at(-1)!.length + 1, endLine: lines, endOffset: text.split("\n").at(-1)!.length + 1, insertString: `\n${probe(0)}` }, false);
    // A request tsserver fails is asked again, as an editor does on the next keystroke; the time runs until a list arrives.
    const failures: string[] = [];
    let firstResult = await complete(line, probe(0).length + 1);
    while (firstResult?.failure !== undefined && failures.length < 10) {
      failures.push(firstResult.failure);
      firstResult = await complete(line, probe(0).length + 1);
    }
    const first = performance.now() - started;
    const entries = firstResult?.entries?.length ?? 0;
    const times: number[] = [];
    for (let i = 1; i <= edits; i += 1) {
      const at = performance.now();
      await server.send("change", { file, line, offset: probe(i - 1).length + 1, endLine: line, endOffset: probe(i - 1).length + 1, insertString: `status;\n${probe(i)}` }, false);
      line += 1;
      let result = await complete(line, probe(i).length + 1);
      for (let retry = 0; result?.failure !== undefined && retry < 10; retry += 1) {
        failures.push(result.failure);
        result = await complete(line, probe(i).length + 1);
      }
      times.push(performance.now() - at);
      if ((result?.entries?.length ?? 0) !== entries) throw new Error(`${side.name}: ${result?.entries?.length ?? 0} completions after edit ${i}, ${entries} after opening (${JSON.stringify(result?.entries?.slice(0, 5))})`);
    }
    return { first, failures, edits: times, entries };
  } finally {
    server.close();
  }
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

mkdirSync(scratch, { recursive: true });
const sides = [ours(), ...variants.map(drizzle)];
const results = new Map<string, Figures>();
// Interleaved: each side measured once per round, two rounds; the lower first-completion is kept.
// (Entries are counted on the first list that arrives; a side whose first requests fail still gets one.)
for (let round = 0; round < 2; round += 1) {
  for (const side of sides) {
    const figures = await measure(side);
    const kept = results.get(side.name);
    if (kept === undefined || figures.first < kept.first) results.set(side.name, figures);
  }
}
const ourFigures = results.get("tenant-schema")!;
console.log(`\nEditor (tsserver ${JSON.parse(readFileSync(join(root, "node_modules/typescript/package.json"), "utf8")).version}), N = ${n} tables, usage.ts completions of a row type (\`r.\`)\n`);
console.log(`| schema | first completion after open, ms | failed requests (asked again) | after an edit, median of ${edits}, ms | completions | ours / this: first, edit |`);
console.log("|---|---:|---|---:|---:|---|");
for (const side of sides) {
  const f = results.get(side.name)!;
  const ratio = side.name === "tenant-schema" ? "" : `${(ourFigures.first / f.first).toFixed(2)}, ${(median(ourFigures.edits) / median(f.edits)).toFixed(2)}`;
  const failures = f.failures.length === 0 ? "0" : `${f.failures.length} (${[...new Set(f.failures.map((m) => m.split("\n")[0]))].join("; ")})`;
  console.log(`| ${side.name} | ${f.first.toFixed(0)} | ${failures} | ${median(f.edits).toFixed(0)} | ${f.entries} | ${ratio} |`);
}
