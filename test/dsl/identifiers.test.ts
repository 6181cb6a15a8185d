/**
 * The identifier rules' own evidence: the model members refused are the members the installed
 * Sequelize 5 and 6 / sequelize-typescript 1 and 2 typings declare (and declaring one really breaks a
 * model, while the names left out do not), and every jsonb `tsType` the validator accepts is one
 * prettier formats inside a model (fast-check, from a type grammar with random damage).
 */
import fc from "fast-check";
import path from "node:path";
import { fileURLToPath } from "node:url";
import prettier from "prettier";
import ts from "typescript";
import { describe, expect, test } from "vitest";
import * as messages from "../../src/ir/messages.js";
import { attributeNameProblem, databaseNameProblem, isFeatureName, isTableKey, MODEL_MEMBER_NAMES } from "../../src/ir/naming.js";
import { tsTypeProblem } from "../../src/ir/ts-type.js";

const REPO = fileURLToPath(new URL("../..", import.meta.url));
const V5 = path.join(REPO, "test/targets/sequelize5/node_modules");
const typings = {
  sequelize6: path.join(REPO, "node_modules/sequelize/types/model.d.ts"),
  sequelizeTypescript2: path.join(REPO, "node_modules/sequelize-typescript/dist/model/model/model.d.ts"),
  sequelize5: path.join(V5, "sequelize/types/lib/model.d.ts"),
  sequelizeTypescript1: path.join(V5, "sequelize-typescript/dist/model/model/model.d.ts"),
};

/** Instance members (own and inherited) of the class `Model` declared in a typings file. */
function modelMembers(file: string): string[] {
  const program = ts.createProgram([file], { strict: true, skipLibCheck: true, types: [], noEmit: true });
  const checker = program.getTypeChecker();
  const members = new Set<string>();
  const visit = (node: ts.Node): void => {
    if (ts.isClassDeclaration(node) && node.name?.text === "Model") {
      const symbol = checker.getSymbolAtLocation(node.name)!;
      for (const property of checker.getPropertiesOfType(checker.getDeclaredTypeOfSymbol(symbol))) members.add(property.name);
    }
    ts.forEachChild(node, visit);
  };
  visit(program.getSourceFile(file)!);
  return [...members].sort();
}

/** Built-in columns (refused as such) and sequelize-typescript's `version?: any`, which an attribute may redeclare. */
const NOT_MEMBERS = ["id", "createdAt", "updatedAt", "deletedAt", "version"];

describe("model members", () => {
  const typed = new Map(Object.entries(typings).map(([name, file]) => [name, modelMembers(file)]));

  test("every instance member the installed typings declare is refused as an attribute", () => {
    for (const [name, members] of typed) {
      expect(members.length, name).toBeGreaterThan(20);
      expect(members.filter((member) => !NOT_MEMBERS.includes(member) && !(MODEL_MEMBER_NAMES as readonly string[]).includes(member)), name).toEqual([]);
    }
    // JavaScript's own members of every object, too.
    expect(Object.getOwnPropertyNames(Object.prototype).filter((name) => !(MODEL_MEMBER_NAMES as readonly string[]).includes(name))).toEqual([]);
    console.log(`model members: ${MODEL_MEMBER_NAMES.length} refused, derived from ${[...typed].map(([name, members]) => `${name} (${members.length})`).join(", ")}`);
  });

  test("declaring a typed member as an attribute breaks the model; the names left out do not", () => {
    // A model per name, compiled against sequelize-typescript 2 (sequelize 6), typed as emitted models are.
    const members = typed.get("sequelizeTypescript2")!.filter((member) => !NOT_MEMBERS.includes(member));
    const name = (member: string) => `M_${member.replace(/\$/g, "dollar_")}`;
    const source = [
      'import { Model } from "sequelize-typescript";',
      "interface Attributes { a: number }",
      ...[...members, ...NOT_MEMBERS, "saveFlag"].map((member) => `export class ${name(member)} extends Model<Attributes, Attributes> { ${JSON.stringify(member)}!: number; }`),
    ].join("\n");
    const file = path.join(REPO, ".tmp", "model-members.ts");
    // As the model tests compile emitted models (test/emitters/model/harness.ts).
    const options: ts.CompilerOptions = {
      strict: true,
      skipLibCheck: true,
      experimentalDecorators: true,
      esModuleInterop: true,
      target: ts.ScriptTarget.ES2019,
      module: ts.ModuleKind.CommonJS,
      moduleResolution: ts.ModuleResolutionKind.Node10,
      types: [],
      noEmit: true,
    };
    const host = ts.createCompilerHost(options);
    const read = host.readFile.bind(host);
    host.readFile = (requested) => (path.resolve(requested) === file ? source : read(requested));
    const fileExists = host.fileExists.bind(host);
    host.fileExists = (requested) => path.resolve(requested) === file || fileExists(requested);
    const program = ts.createProgram([file], options, host);
    const broken = new Set(
      ts.getPreEmitDiagnostics(program).flatMap((diagnostic) => {
        if (diagnostic.file?.fileName !== file || diagnostic.start === undefined) return [];
        const line = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start).line;
        return [source.split("\n")[line]!.replace(/^export class (\S+) .*$/, "$1")];
      }),
    );
    expect(members.filter((member) => !broken.has(name(member)))).toEqual([]);
    expect([...NOT_MEMBERS, "saveFlag"].filter((member) => broken.has(name(member)))).toEqual([]);
  }, 60_000);
});

describe("identifier rules", () => {
  test("attributes, table keys, features and database names", () => {
    expect(["dueAt", "_legacy", "x1"].map(attributeNameProblem)).toEqual([null, null, null]);
    expect(["first-name", "2fa", "due at", "é", "", "$add"].map(attributeNameProblem)).toEqual(["invalid", "invalid", "invalid", "invalid", "invalid", "invalid"]);
    expect(["save", "constructor", "toJSON", "__proto__"].map(attributeNameProblem)).toEqual(["member", "member", "member", "member"]);
    expect(["tickets", "auditLogs", "ticket_tags"].every(isTableKey)).toBe(true);
    expect(["1st-things", "_x", "a.b", ""].some(isTableKey)).toBe(false);
    expect(["billing", "billing-v2", "v1.2", "a_b"].every(isFeatureName)).toBe(true);
    expect(["../x", "a/b", "a\\b", "..", ".hidden", "a..b", "my notes", "x.", "", "x".repeat(101)].some(isFeatureName)).toBe(false);
    expect(databaseNameProblem("x".repeat(63))).toBeNull();
    expect(databaseNameProblem("é".repeat(32))).toEqual({ code: "name-too-long", problem: "is longer than 63 bytes (64 in UTF-8)" });
    expect(databaseNameProblem("pg_temp.things")).toEqual({ code: "database-name", problem: "contains '.'" });
    expect(databaseNameProblem('na"me')).toEqual({ code: "database-name", problem: "contains '\"'" });
    expect(databaseNameProblem("nul\u0000")).toEqual({ code: "database-name", problem: "contains the control character U+0000" });
    expect(databaseNameProblem("  ")).toEqual({ code: "database-name", problem: "is empty" });
  });
});

describe("identifier messages", () => {
  test("say what the DSL's types say (the same literals are pinned in test-d/identifiers.test-d.ts)", () => {
    expect(messages.invalidTableKeyMessage("1st-things")).toBe(
      "Table key '1st-things' is not a valid key: use letters, digits and '_', starting with a letter (keep any database name with .tableName(...))",
    );
    expect(messages.memberColumnMessage("save", "notes")).toBe(
      `Column 'save' of table 'notes' collides with the model member 'save' (every Sequelize model has it): rename the attribute and keep the database column with .field("save"), e.g. declare it as 'saveValue' with .field("save")`,
    );
    expect(messages.featureNameMessage("../x", "notes")).toBe(
      "Feature '../x' of table 'notes' is not a safe file name: use letters, digits, '-', '_' and single inner dots, at most 100 characters, no path separators or '..' (a table's feature is its file's name unless .feature(...) says otherwise)",
    );
    expect(messages.databaseNameMessage("Table name", "pg_temp.things", "things", "contains '.'")).toBe(
      `Table name 'pg_temp.things' of table 'things' contains '.': database names may not contain '.', '"', NUL or control characters and must fit PostgreSQL's 63 bytes (in UTF-8, after the naming profile)`,
    );
  });
});

describe("jsonb tsType", () => {
  const VALID = [
    "Record<string, unknown>",
    "{ url: string; retries?: number }",
    "{ readonly id: string, tags: string[] }",
    "Array<{ a: 1 }> | null",
    "readonly string[]",
    "[start: number, end?: number, ...rest: string[]]",
    "(string | number)[]",
    '"draft" | "sent" | -1 | 2.5 | true',
    "{ [key: string]: { nested: boolean } }",
    "Partial<Record<'a' | 'b', Date>>",
    "keyof { a: 1 }",
    "() => void",
    "{ m(a: string, b?: number): void }",
    "import_.Payload",
  ];
  const INVALID = ["", "string; evil(): void", "} class X {", "{ a() {} }", "string // note", "`x${string}`", "readonly string", "null.x", "new () => X", "a b", "{ a: string", "Record<string, unknown>>"];

  test("accepts the type expressions a JSON value needs, refuses code", () => {
    expect(VALID.filter((type) => tsTypeProblem(type) !== null)).toEqual([]);
    expect(INVALID.filter((type) => tsTypeProblem(type) === null)).toEqual([]);
  });

  /** Type text from a small grammar: what the parser supports, nested. */
  const typeText: fc.Arbitrary<string> = fc.letrec<{ type: string }>((tie) => ({
    type: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      fc.constantFrom("string", "number", "boolean", "null", "unknown", "Date", "'a'", '"b"', "1", "-2", "true", "Foo.Bar"),
      fc.tuple(tie("type"), tie("type")).map(([a, b]) => `${a} | ${b}`),
      fc.tuple(tie("type"), tie("type")).map(([a, b]) => `${a} & ${b}`),
      tie("type").map((a) => `(${a})[]`),
      tie("type").map((a) => `Array<${a}>`),
      fc.tuple(tie("type"), tie("type")).map(([a, b]) => `Record<${a}, ${b}>`),
      fc.tuple(tie("type"), tie("type")).map(([a, b]) => `[${a}, ${b}?]`),
      fc.tuple(fc.constantFrom("a", "b?", "readonly c", "'d e'"), tie("type")).map(([key, a]) => `{ ${key}: ${a} }`),
      tie("type").map((a) => `{ [k: string]: ${a} }`),
      tie("type").map((a) => `(x: ${a}) => void`),
      tie("type").map((a) => `keyof ${a}`),
    ),
  })).type;

  /** The same text damaged: a character inserted, removed or replaced somewhere. */
  const damaged = fc
    .tuple(typeText, fc.nat(), fc.constantFrom("", ";", "}", "{", ")", "(", "<", ">", "]", "[", ",", ":", "=", "/", "*", "`", "'", '"', "\n", "?", "|", "&", ".", "-", "!", "@", "class ", "() {}"), fc.boolean())
    .map(([text, at, insert, replace]) => {
      const index = at % (text.length + 1);
      return text.slice(0, index) + insert + text.slice(replace ? index + 1 : index);
    });

  test("whatever it accepts, prettier formats inside a model", async () => {
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(fc.oneof(typeText, damaged), async (type) => {
        if (tsTypeProblem(type) !== null) return;
        accepted++;
        await prettier.format(`class X {\n  a!: ${type};\n  b!: ${type} | null;\n}\ninterface Y {\n  a: ${type};\n}\n`, { parser: "typescript" });
      }),
      { numRuns: 300, seed: 8 },
    );
    expect(accepted).toBeGreaterThan(100);
  }, 60_000);
});
