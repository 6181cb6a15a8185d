import type { Operation } from "../../../diff/operations.js";
import { operationFacts, type OperationFact } from "../../../plan/operation-facts.js";
import type { ChangeMessages } from "./types.js";

/**
 * What up does for `op`, in the language of `changes`: the sentence of each of its facts, joined
 * by "; " (only `changeEnumValues` has more than one).
 *
 * @example
 * operationText(enChanges, { kind: "addIndex", table: tickets, index: statusIndex, concurrently: true }, code)
 * // "adds index `tickets_status` concurrently"
 */
export function operationText(changes: ChangeMessages, op: Operation, code: (s: string) => string): string {
  return operationFacts(op).map((fact) => factText(changes, fact, code)).join("; ");
}

/**
 * The sentence of one fact. The table is keyed by kind, each sentence taking its own variant; the
 * cast is the one TypeScript needs to call a sentence picked by a kind known only at run time.
 *
 * @example
 * factText(enChanges, { kind: "dropCheck", check: "tickets_status_check" }, code) // "drops check `tickets_status_check`"
 */
export function factText(changes: ChangeMessages, fact: OperationFact, code: (s: string) => string): string {
  const sentence = changes.operation[fact.kind] as (fact: OperationFact, code: (s: string) => string) => string;
  return sentence(fact, code);
}
