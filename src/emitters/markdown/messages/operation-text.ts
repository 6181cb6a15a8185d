import type { Operation } from "../../../diff/operations.js";
import { operationFacts, type OperationFact } from "../../../plan/operation-facts.js";
import { riskReason, type RiskReason } from "../../../plan/risk-reasons.js";
import { undoFacts, type UndoFact } from "../../../plan/undo-facts.js";
import type { ChangeMessages } from "./types.js";

type Code = (s: string) => string;
type List = (items: string[]) => string;

/**
 * The sentence of `fact` in a word table keyed by fact kind, each sentence taking its own variant;
 * the cast is the one TypeScript needs to call a sentence picked by a kind known only at run time.
 *
 * @example
 * sentenceOf(enChanges.operation, { kind: "dropCheck", check: "tickets_status_check" }, code) // "drops check `tickets_status_check`"
 */
function sentenceOf<F extends { kind: string }, A extends unknown[]>(
  table: { [K in F["kind"]]: (fact: Extract<F, { kind: K }>, ...args: A) => string },
  fact: F,
  ...args: A
): string {
  const sentence = table[fact.kind as F["kind"]] as unknown as (fact: F, ...args: A) => string;
  return sentence(fact, ...args);
}

/**
 * What up does for `op`, in the language of `changes`: the sentence of each of its facts, joined
 * by "; " (only `changeEnumValues` has more than one).
 *
 * @example
 * operationText(enChanges, { kind: "addIndex", table: tickets, index: statusIndex, concurrently: true }, code)
 * // "adds index `tickets_status` concurrently"
 */
export function operationText(changes: ChangeMessages, op: Operation, code: Code): string {
  return operationFacts(op).map((fact) => factText(changes, fact, code)).join("; ");
}

/**
 * The sentence of one fact.
 *
 * @example
 * factText(enChanges, { kind: "dropCheck", check: "tickets_status_check" }, code) // "drops check `tickets_status_check`"
 */
export function factText(changes: ChangeMessages, fact: OperationFact, code: Code): string {
  return sentenceOf(changes.operation, fact, code);
}

/**
 * What down does for `op`, in the language of `changes`: the sentence of each of its undo facts,
 * joined by ", " (only `remapEnumValues` has more than one, one per remapped value).
 *
 * @example
 * undoText(enChanges, { kind: "addIndex", table: tickets, index: statusIndex, concurrently: true }, code, list)
 * // "drops index `tickets_status`"
 */
export function undoText(changes: ChangeMessages, op: Operation, code: Code, list: List): string {
  return undoFacts(op).map((fact) => undoFactText(changes, fact, code, list)).join(", ");
}

/**
 * The sentence of one undo fact.
 *
 * @example
 * undoFactText(enChanges, { kind: "dropAddedCheck", check: "tickets_status_check" }, code, list) // "drops check `tickets_status_check`"
 */
export function undoFactText(changes: ChangeMessages, fact: UndoFact, code: Code, list: List): string {
  return sentenceOf(changes.undo, fact, code, list);
}

/**
 * Why `op` has its risk level, in the language of `changes`.
 *
 * @example
 * riskText(enChanges, { kind: "addIndex", table: tickets, index: statusIndex, concurrently: false }, code) // "writes wait for the build."
 */
export function riskText(changes: ChangeMessages, op: Operation, code: Code): string {
  return riskReasonText(changes, riskReason(op), code);
}

/**
 * The sentence of one risk reason.
 *
 * @example
 * riskReasonText(enChanges, { kind: "contractDropsOldName", name: "old_labels" }, code)
 * // "code still using `old_labels` breaks: contract only after none is deployed."
 */
export function riskReasonText(changes: ChangeMessages, reason: RiskReason, code: Code): string {
  return sentenceOf(changes.risk, reason, code);
}
