/**
 * A jsonb column's `tsType` is pasted into the emitted model as the attribute's type
 * (`payload!: <tsType>;`), so it must be a TypeScript type expression and nothing more: text that
 * closes the member or the class, or is not valid syntax, would reach the model file. This is a small
 * recursive-descent parser for the type syntax a JSON value needs (references with type arguments,
 * literals, unions, intersections, arrays, tuples, object types, parenthesised and function types,
 * `keyof`, `readonly` arrays). Anything else is refused with the reason: the check must never let
 * through text the formatter cannot parse.
 */

type Token = { kind: "name" | "string" | "number" | "punct"; text: string; at: number };

const PUNCTUATION = ["=>", "...", "|", "&", "<", ">", "[", "]", "{", "}", "(", ")", ",", ":", ";", "?", ".", "-"];

/** Words that cannot name a type (TypeScript parses them as statements or expressions). */
const RESERVED = new Set([
  "break", "case", "catch", "class", "const", "continue", "debugger", "default", "delete", "do", "else", "enum", "export",
  "extends", "finally", "for", "function", "if", "import", "in", "instanceof", "new", "return", "super", "switch",
  "throw", "try", "var", "while", "with", "yield", "let", "static", "implements", "interface", "package", "private",
  "protected", "public", "await", "async", "infer", "is", "asserts", "abstract", "declare", "namespace", "module",
  "type", "as", "satisfies", "accessor", "out", "readonly", "keyof", "typeof", "unique",
]);

/** Keyword types: never qualified (`null.x`) nor given type arguments. */
const KEYWORD_TYPES = new Set(["any", "bigint", "boolean", "false", "never", "null", "number", "object", "string", "symbol", "true", "undefined", "unknown", "void", "this"]);

class TypeSyntaxError extends Error {}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let at = 0;
  while (at < text.length) {
    const rest = text.slice(at);
    const space = /^\s+/.exec(rest);
    if (space !== null) {
      at += space[0].length;
      continue;
    }
    if (rest.startsWith("//") || rest.startsWith("/*")) throw new TypeSyntaxError("comments are not allowed");
    const name = /^[A-Za-z_$][A-Za-z0-9_$]*/.exec(rest);
    const number = /^\d+(?:\.\d+)?/.exec(rest);
    const string = /^(?:"(?:[^"\\\n\r]|\\[^\n\r])*"|'(?:[^'\\\n\r]|\\[^\n\r])*')/.exec(rest);
    const punct = PUNCTUATION.find((p) => rest.startsWith(p));
    const token: Token | null =
      name !== null ? { kind: "name", text: name[0], at }
      : number !== null ? { kind: "number", text: number[0], at }
      : string !== null ? { kind: "string", text: string[0], at }
      : punct !== undefined ? { kind: "punct", text: punct, at }
      : null;
    if (token === null) throw new TypeSyntaxError(`unexpected ${JSON.stringify(text[at])}`);
    tokens.push(token);
    at += token.text.length;
  }
  return tokens;
}

class Parser {
  private index = 0;

  constructor(private readonly tokens: Token[]) {}

  parse(): void {
    this.type();
    const left = this.peek();
    if (left !== undefined) throw new TypeSyntaxError(`unexpected ${JSON.stringify(left.text)} after the type`);
  }

  private peek(offset = 0): Token | undefined {
    return this.tokens[this.index + offset];
  }

  private is(text: string, offset = 0): boolean {
    const token = this.peek(offset);
    return token !== undefined && token.kind !== "string" && token.text === text;
  }

  private eat(text: string): boolean {
    if (!this.is(text)) return false;
    this.index++;
    return true;
  }

  private expect(text: string): void {
    if (!this.eat(text)) throw new TypeSyntaxError(`expected ${JSON.stringify(text)}${this.where()}`);
  }

  private where(): string {
    const token = this.peek();
    return token === undefined ? " at the end" : ` before ${JSON.stringify(token.text)}`;
  }

  private identifier(allowReserved: boolean): string {
    const token = this.peek();
    if (token?.kind !== "name" || (!allowReserved && RESERVED.has(token.text))) throw new TypeSyntaxError(`expected a name${this.where()}`);
    this.index++;
    return token.text;
  }

  /** A function type, or a union: function types inside a union or intersection need parentheses. */
  type(): void {
    if (this.is("(") && this.looksLikeFunction()) return this.functionType();
    this.eat("|");
    this.intersection();
    while (this.eat("|")) this.intersection();
  }

  private intersection(): void {
    this.eat("&");
    this.operator();
    while (this.eat("&")) this.operator();
  }

  private operator(): void {
    if (this.eat("keyof")) return this.operator();
    if (this.eat("readonly")) {
      // `readonly` only applies to array and tuple types.
      if (!this.postfix()) throw new TypeSyntaxError("'readonly' only applies to array and tuple types");
      return;
    }
    this.postfix();
  }

  /** Returns whether the type ends as an array or tuple. */
  private postfix(): boolean {
    let arrayLike = this.primary();
    while (this.is("[")) {
      this.index++;
      if (this.eat("]")) {
        arrayLike = true;
        continue;
      }
      this.type();
      this.expect("]");
      arrayLike = false;
    }
    return arrayLike;
  }

  /** Returns whether the type is a tuple. */
  private primary(): boolean {
    const token = this.peek();
    if (token === undefined) throw new TypeSyntaxError("expected a type at the end");
    if (token.kind === "string" || token.kind === "number") {
      this.index++;
      return false;
    }
    if (this.eat("-")) {
      if (this.peek()?.kind !== "number") throw new TypeSyntaxError(`expected a number after '-'${this.where()}`);
      this.index++;
      return false;
    }
    if (this.eat("(")) {
      this.type();
      this.expect(")");
      return false;
    }
    if (this.eat("[")) {
      this.tuple();
      return true;
    }
    if (this.eat("{")) {
      this.objectType();
      return false;
    }
    if (this.eat("typeof")) {
      this.qualifiedName();
      return false;
    }
    if (token.kind === "name" && KEYWORD_TYPES.has(token.text)) {
      this.index++;
      return false;
    }
    this.qualifiedName();
    if (this.eat("<")) {
      this.type();
      while (this.eat(",")) this.type();
      this.expect(">");
    }
    return false;
  }

  private qualifiedName(): void {
    this.identifier(false);
    while (this.eat(".")) this.identifier(true);
  }

  /** `(` starts a function type when it is `()` or `(name:`, `(name?`, `(name,`, `(...`, `(name) =>`. */
  private looksLikeFunction(): boolean {
    if (this.is(")", 1) || this.is("...", 1)) return true;
    if (this.peek(1)?.kind !== "name") return false;
    return this.is(":", 2) || this.is("?", 2) || this.is(",", 2) || (this.is(")", 2) && this.is("=>", 3));
  }

  private functionType(): void {
    this.expect("(");
    this.parameters();
    this.expect("=>");
    this.type();
  }

  private parameters(): void {
    if (this.eat(")")) return;
    do {
      this.eat("...");
      this.identifier(false);
      this.eat("?");
      if (this.eat(":")) this.type();
    } while (this.eat(",") && !this.is(")"));
    this.expect(")");
  }

  private tuple(): void {
    if (this.eat("]")) return;
    do {
      this.eat("...");
      // A named element (`[start: number]`) or a type.
      if (this.peek()?.kind === "name" && (this.is(":", 1) || (this.is("?", 1) && this.is(":", 2)))) {
        this.index++;
        this.eat("?");
        this.expect(":");
        this.type();
      } else {
        this.type();
        this.eat("?");
      }
    } while (this.eat(",") && !this.is("]"));
    this.expect("]");
  }

  private objectType(): void {
    while (!this.eat("}")) {
      this.member();
      if (this.eat(";") || this.eat(",")) continue;
      this.expect("}");
      return;
    }
  }

  private member(): void {
    // `readonly` is a modifier unless it is the key itself (`{ readonly: boolean }`).
    if (this.is("readonly") && !this.is(":", 1) && !this.is("?", 1) && !this.is("(", 1)) this.index++;
    if (this.eat("[")) {
      this.identifier(false);
      this.expect(":");
      this.type();
      this.expect("]");
      this.expect(":");
      this.type();
      return;
    }
    const key = this.peek();
    if (key === undefined || (key.kind !== "name" && key.kind !== "string" && key.kind !== "number")) {
      throw new TypeSyntaxError(`expected a property name${this.where()}`);
    }
    this.index++;
    this.eat("?");
    if (this.is("(")) {
      this.index++;
      this.parameters();
      this.expect(":");
      this.type();
      return;
    }
    this.expect(":");
    this.type();
  }
}

/**
 * Why `text` is not a TypeScript type expression tenant-schema can write into a model, or null.
 *
 * @example
 * tsTypeProblem("{ url: string; retries?: number }") // null
 * tsTypeProblem("string; evil(): void") // 'unexpected ";" after the type'
 */
export function tsTypeProblem(text: string): string | null {
  if (text.trim() === "") return "it is empty";
  try {
    new Parser(tokenize(text)).parse();
    return null;
  } catch (error) {
    if (error instanceof TypeSyntaxError) return error.message;
    throw error;
  }
}
