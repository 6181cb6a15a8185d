/** Small helpers that turn values into TypeScript source text. */

/**
 * A string literal; JSON escaping is valid TypeScript.
 *
 * @example
 * stringLiteral(`it's "x"`) // "\"it's \\\"x\\\"\""
 */
export function stringLiteral(value: string): string {
  return JSON.stringify(value);
}

/**
 * A property key: bare when it is an identifier, quoted otherwise.
 *
 * @example
 * propertyKey("company_id") // "company_id"
 * propertyKey("2fa") // "\"2fa\""
 */
export function propertyKey(key: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? key : stringLiteral(key);
}

/**
 * Text safe inside a block comment: a star-slash is escaped, newlines become spaces.
 *
 * @example
 * commentText("line one\nline two") // "line one line two"
 */
export function commentText(text: string): string {
  return text.replace(/\*\//g, "*\\/").replace(/\r?\n/g, " ");
}
