import type { DocLanguage } from "../../types.js";
import { en } from "./en.js";
import { pt } from "./pt.js";
import type { Messages } from "./types.js";

export type { Messages } from "./types.js";

const byLanguage: Record<DocLanguage, Messages> = { pt, en };

/**
 * The wording of the doc in one language.
 *
 * @example
 * messagesFor("pt").headings.summary // "Resumo"
 */
export function messagesFor(language: DocLanguage): Messages {
  return byLanguage[language];
}
