// Facts of a new message into the session's profile: what the message names overwrites what was
// said before (a correction: 不对，是3000万), and a figure without its words (那五千五百万呢)
// answers the question just asked or replaces the latest fact of its kind. A figure said as a
// bound (超过500万) keeps its bound beside it; a figure said exactly drops the bound.
import type { Ctx, Profile } from '../engine/facts.js'
import type { NumberSpan } from '../../intents/numbers.js'
import type { Bound, Session } from './session.js'

export interface NewFacts {
  profile: Profile
  unassigned: NumberSpan[]
  bounds?: Record<string, Bound>
}

const touch = (session: Session, id: string) => {
  session.lastFacts = [...session.lastFacts.filter((f) => f !== id), id]
}
const setBound = (session: Session, id: string, b: Bound | undefined) => {
  const bounds = (session.bounds ??= {})
  if (b) bounds[id] = b
  else delete bounds[id]
}

/** A figure no enterprise has (over 1000万亿, or not a number at all) is a typing accident, not a fact. */
export const plausible = (v: unknown) => typeof v !== 'number' || (Number.isFinite(v) && Math.abs(v) < 1e15)

export function mergeFacts(session: Session, facts: NewFacts, ctx: Ctx): void {
  const kinds = new Set(Object.keys(facts.profile).map((f) => ctx.facts[f]?.type))
  for (const [id, v] of Object.entries(facts.profile)) {
    if (!plausible(v)) continue
    session.profile[id] = v
    setBound(session, id, facts.bounds?.[id])
    touch(session, id)
  }
  for (const span of facts.unassigned) {
    const kind = span.kind === 'plain' ? 'count' : span.kind
    if (kinds.has(kind as never)) continue // the message named its figures of this kind already
    const fits = (f: string) => ctx.facts[f]?.type === kind
    const target = session.pending.find(fits) ?? [...session.lastFacts].reverse().find(fits)
    if (!target || !plausible(span.value)) continue
    session.profile[target] = span.value
    setBound(session, target, span.bound && { op: span.bound, value: span.value })
    touch(session, target)
  }
}
