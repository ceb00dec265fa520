// Readings the words alone do not settle, given the policies in question: words that may mean
// several facts (全年销售额: taxableSales, or chipProductSales by 销售额) go to the ones those
// policies use, and several figures of one fact (三个项目各投500万, 注册资本分别60亿、50亿、30亿)
// are summed where a policy counts that fact as a total.
import { plausible } from './merge.js'
import type { Ctx } from '../engine/facts.js'
import type { Condition, LoadedRule } from '../rules/schema.js'
import { amountFactsOf } from '../engine/amount.js'
import type { Session } from './session.js'

/**
 * Gives each alternative reading the figure when a policy in question uses it; true when any did.
 * The message's figure replaces what an earlier reading gave (销售额是4200万 corrects 2600万), not
 * what the message itself says of that fact (`told`).
 */
export function widen(session: Session, alternatives: Record<string, string[]>, used: Set<string>, told: Set<string> = new Set()): boolean {
  let widened = false
  for (const [id, alts] of Object.entries(alternatives))
    for (const alt of alts)
      if (used.has(alt) && !told.has(alt) && session.profile[id] !== undefined && session.profile[alt] !== session.profile[id]) {
        session.profile[alt] = session.profile[id]
        const b = session.bounds?.[id]
        if (b) session.bounds![alt] = b
        widened = true
      }
  return widened
}

// a fact or a test that counts several things together
const TOTAL = /合计|累加|累计|加总|总和|总额|共计|总计|加起来/

function leaves(c: Condition | undefined): { fact: string; label?: string }[] {
  if (!c) return []
  if ('fact' in c) return [c]
  if ('not' in c) return leaves(c.not)
  return ('all' in c ? c.all : c.any).flatMap(leaves)
}
const core = (label: string) => label.replace(/（[^）]*）|\([^)]*\)/g, '')

/**
 * The sum of several figures goes where a policy in question counts them together: the fact
 * itself when the policy says it adds them up (同一发起人多支基金可累加), or a total of the same
 * kind the message speaks of (共保体成员合计注册资本金). True when a fact changed.
 */
export function sumUp(session: Session, totals: Record<string, { sum: number; parts: number }>, rules: LoadedRule[], text: string, ctx: Ctx): boolean {
  let changed = false
  const set = (id: string, v: number) => {
    if (session.profile[id] === v || !plausible(v)) return
    session.profile[id] = v
    changed = true
  }
  for (const [id, t] of Object.entries(totals)) {
    const fact = ctx.facts[id]
    if (!fact) continue
    for (const rule of rules) {
      const ls = leaves(rule.conditions)
      if (TOTAL.test(fact.label) || ls.some((l) => l.fact === id && TOTAL.test(l.label ?? ''))) set(id, t.sum)
      for (const other of new Set([...ls.map((l) => l.fact), ...amountFactsOf(rule.amount)])) {
        const o = ctx.facts[other]
        if (other === id || !o || o.type !== fact.type || !TOTAL.test(o.label) || session.profile[other] !== undefined) continue
        if (o.cues.some((c) => text.includes(c)) || o.label.includes(core(fact.label))) set(other, t.sum)
      }
    }
  }
  return changed
}
