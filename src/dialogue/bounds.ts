// 超过500万 is not 500万: a fact known only as a bound settles a policy's tests on it when the
// bound decides each of them (超过500万 meets 超过500万 and 300万以上, fails 不超过500万), and
// leaves the fact unknown for a policy it cannot decide (超过500万 against 1000万以上, or a
// figure computed from the fact itself), so that the bot asks for the figure there.
import { amountFactsOf } from '../engine/amount.js'
import type { Ctx, Profile } from '../engine/facts.js'
import { show } from '../engine/facts.js'
import type { Condition, LoadedRule } from '../rules/schema.js'
import type { Bound } from './session.js'

type Bounds = Record<string, Bound>
interface Test {
  op: string
  value: number
}

/** What a bound says of one test on the fact: true, false, or null when it cannot tell. */
export function decide(b: Bound, t: Test): boolean | null {
  const { value: v } = b
  const x = t.value
  // 八万多: from 8万 up to under 9万
  // 过两千万: above 2000万, under 3000万
  if (b.upTo !== undefined && (b.op === '>=' || b.op === '>')) return inRange(b.op === '>' ? v + Math.abs(v) * 1e-9 + 1e-9 : v, b.upTo, t)

  switch (b.op) {
    case '>': // the fact is above v
      if (t.op === '>=' || t.op === '>') return x <= v ? true : null
      if (t.op === '<' || t.op === '<=' || t.op === '==') return x <= v ? false : null
      return null
    case '>=':
      if (t.op === '>=') return x <= v ? true : null
      if (t.op === '>') return x < v ? true : null
      if (t.op === '<' || t.op === '==') return x < v || (t.op === '<' && x === v) ? false : null
      if (t.op === '<=') return x < v ? false : null
      return null
    case '<':
      if (t.op === '<' || t.op === '<=') return x >= v ? true : null
      if (t.op === '>=' || t.op === '>' || t.op === '==') return x >= v ? false : null
      return null
    case '<=':
      if (t.op === '<=') return x >= v ? true : null
      if (t.op === '<') return x > v ? true : null
      if (t.op === '>' || t.op === '==') return x > v || (t.op === '>' && x === v) ? false : null
      if (t.op === '>=') return x > v ? false : null
      return null
  }
}

/** A test on a fact known to lie in [lo, hi): true when every value passes, false when none does. */
function inRange(lo: number, hi: number, t: Test): boolean | null {
  const x = t.value
  switch (t.op) {
    case '>=':
      return lo >= x ? true : hi <= x ? false : null
    case '>':
      return lo > x ? true : hi <= x ? false : null
    case '<=':
      return hi <= x ? true : lo > x ? false : null
    case '<':
      return hi <= x ? true : lo >= x ? false : null
    case '==':
      return x < lo || x >= hi ? false : null
  }
  return null
}

/** The facts a fact is read through when the profile lacks it: softwareRevenue ← revenue. */
function readsOf(id: string, profile: Profile, ctx: Ctx): string[] {
  const out = [id]
  for (let f = ctx.facts[id]; f?.fallback && profile[out[out.length - 1]] === undefined && !out.includes(f.fallback); f = ctx.facts[f.fallback]) out.push(f.fallback)
  return out
}
const derivedFrom = (id: string, ctx: Ctx): string[] => ctx.facts[id]?.derive?.of.flatMap((x) => [x, ...derivedFrom(x, ctx)]) ?? []

/**
 * Each numeric test a rule makes on the bounded fact; null when it uses the fact otherwise, and
 * 'amount' when only the rule's figure is computed from it.
 */
function testsOn(fact: string, rule: LoadedRule, profile: Profile, ctx: Ctx): Test[] | null | 'amount' {
  const tests: Test[] = []
  let other = false
  const reads = (id: string) => readsOf(id, profile, ctx).includes(fact) || derivedFrom(id, ctx).includes(fact)
  const walk = (c: Condition | undefined) => {
    if (!c) return
    if ('fact' in c) {
      if (!reads(c.fact)) return
      // a derived fact (投资额 − 国有份额) cannot be bounded by its input's bound
      if (c.fact !== fact && derivedFrom(c.fact, ctx).includes(fact)) other = true
      else if (['>=', '>', '<=', '<', '=='].includes(c.op) && typeof c.value === 'number') tests.push({ op: c.op, value: c.value })
      else other = true
    } else if ('not' in c) walk(c.not)
    else ('all' in c ? c.all : c.any).forEach(walk)
  }
  walk(rule.conditions)
  const a = rule.amount
  if (a?.kind === 'tiers' && reads(a.by)) for (const t of a.tiers) tests.push({ op: '>=', value: t.from })
  else if (amountFactsOf(a).some(reads)) return 'amount' // a figure computed from the fact needs the fact
  return other ? null : tests
}

const EPS: Record<string, number> = { money: 0.01, ratio: 1e-6 }
const eps = (fact: string, ctx: Ctx) => EPS[ctx.facts[fact]?.type ?? ''] ?? 0.01

/** The profile a rule is judged on: each bounded fact as a value that decides as the bound does, or absent. */
export function profileFor(rule: LoadedRule, profile: Profile, bounds: Bounds | undefined, ctx: Ctx): Profile {
  const active = Object.entries(bounds ?? {}).filter(([f, b]) => profile[f] === b.value)
  if (!active.length) return profile
  const out = { ...profile }
  for (const [fact, b] of active) {
    const tests = testsOn(fact, rule, profile, ctx)
    // 三千多万 read as 3000万 where the rule only derives from it (a growth): the asker's own round figure
    if (tests === null && b.approx) {
      out[fact] = representative(fact, b, ctx)
      continue
    }
    if (!tests || tests === 'amount') delete out[fact]
    else if (tests.some((t) => decide(b, t) === null)) delete out[fact]
    else out[fact] = representative(fact, b, ctx)
  }
  return out
}

function representative(fact: string, b: Bound, ctx: Ctx): number {
  if (b.op === '>') return b.value + eps(fact, ctx)
  if (b.op === '<') return b.value - eps(fact, ctx)
  return b.value
}

const OP_WORD: Record<Bound['op'], string> = { '>': '超过', '>=': '不低于', '<': '不到', '<=': '不超过' }

/**
 * Texts written from the value that stands in for a bound (年应税销售额为5000000.01元，超出0.01元)
 * said as the asker said it (营业收入超过2000万元).
 */
export function sayBounds(text: string, bounds: Bounds | undefined, ctx: Ctx): string {
  let out = text
  for (const [fact, b] of Object.entries(bounds ?? {})) {
    if (b.op !== '>' && b.op !== '<') continue
    const f = ctx.facts[fact]
    const stand = show(f, representative(fact, b, ctx))
    if (!out.includes(stand)) continue
    const said = `${OP_WORD[b.op]}${show(f, b.value)}`
    const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
    out = out.replace(new RegExp(`为${esc(stand)}(，(还差|超出)[^（；。\\n]*)?`, 'g'), said).split(stand).join(said)
  }
  return out
}
