// What the bot asks at the end of a turn, and what it remembers for the next one: it asks only
// about its first answer, and a bare figure in the next message answers that question.
import type { Evaluation } from '../engine/evaluate.js'
import { rankMissing } from '../engine/evaluate.js'
import type { Ctx } from '../engine/facts.js'
import type { Session } from './session.js'

/** The missing facts of the first answers, most decisive first, with the question that asks each. */
export function missingQuestions(ranked: Evaluation[], ctx: Ctx): { fact: string; question: string }[] {
  const weights = ranked.map((_, i) => (i === 0 ? 1 : 0.3 / i))
  // what the first policy waits on comes first, in the order its text states it (增速 before 首次);
  // the other policies only order the rest
  const top = ranked[0]?.missing ?? []
  const rest = rankMissing(ranked.slice(0, 3), weights).filter((f) => !top.includes(f))
  return [...top, ...rest].map((fact) => ({ fact, question: ctx.facts[fact]?.question ?? fact }))
}

/** The facts the first answer waits on: none when it is decided and its figure known. */
export function awaited(top: Evaluation | undefined): string[] {
  return top && (top.eligible === null || (top.amount !== null && top.amount.value === null)) ? top.missing : []
}

/** The turn's end: the topic moves only when the message named a subject of its own. */
export function closeTurn(session: Session, query: string, pure: boolean, ranked: Evaluation[], asking: string[]): void {
  if (!pure || !session.topic) session.topic = query
  session.lastPolicies = ranked.slice(0, 3).map((e) => e.rule.id)
  session.pending = asking
}
