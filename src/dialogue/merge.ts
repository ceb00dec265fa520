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
  corrects?: boolean // the message corrects what was said (说错了, 其实是, 应该是)
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

/** Merges, and returns the figures without words that it found no fact for. */
export function mergeFacts(session: Session, facts: NewFacts, ctx: Ctx): NumberSpan[] {
  const placeless: NumberSpan[] = []
  const kinds = new Set(Object.keys(facts.profile).map((f) => ctx.facts[f]?.type))
  for (const [id, v] of Object.entries(facts.profile)) {
    if (!plausible(v)) continue
    // a correction in a looser word (更正一下，营收应该是4100万) corrects the fact said before in the
    // precise one (软件业务收入3800万), unless the looser fact was told in its own right
    const corrected = facts.corrects && session.profile[id] === undefined ? Object.keys(session.profile).filter((f) => ctx.facts[f]?.fallback === id && !(f in facts.profile)) : []
    for (const f of [id, ...corrected]) {
      session.profile[f] = v
      setBound(session, f, facts.bounds?.[id])
      touch(session, f)
    }
  }
  for (const span of facts.unassigned) {
    const kind = span.kind === 'plain' ? 'count' : span.kind
    if (kinds.has(kind as never)) continue // the message named its figures of this kind already
    const fits = (f: string) => ctx.facts[f]?.type === kind
    const target = session.pending.find(fits) ?? [...session.lastFacts].reverse().find(fits)
    if (!target || !plausible(span.value)) {
      if (plausible(span.value)) placeless.push(span)
      continue
    }
    session.profile[target] = span.value
    setBound(session, target, span.bound && { op: span.bound, value: span.value })
    touch(session, target)
  }
  return placeless
}
