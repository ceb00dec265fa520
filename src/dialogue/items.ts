// A total over several items a message names (2项国家标准加1项地方标准，合计多少): the policy is
// evaluated for each item as if it were the only one, times its count, and the figures summed.
import { SUM_ASKED, type Item } from '../../intents/extract.js'
import { yuan } from '../format.js'
import { evaluateRule, type Evaluation } from '../engine/evaluate.js'
import { amountFactsOf } from '../engine/amount.js'
import { factsOf } from '../engine/conditions.js'
import { show, type Ctx, type Profile } from '../engine/facts.js'

// who the asker is is never an item of a total
const WHO = new Set(['region', 'industry', 'applicantType', 'vatTaxpayerType', 'industryCategory'])

const usedBy = (e: Evaluation) => [...amountFactsOf(e.rule.amount), ...factsOf(e.rule.conditions)]
// the facts a rule reads `fact` through (省级 said, the APP's own level read through its fallback)
const through = (used: string[], fact: string, ctx: Ctx) => used.filter((g) => ctx.facts[g]?.fallback === fact)

/** The policy evaluated for one item, as if it were the only one the asker named. */
function forItem(e: Evaluation, used: string[], profile: Profile, fact: string, item: Item, asOf: string, ctx: Ctx, question: string): Evaluation {
  const one: Profile = { ...profile, [fact]: item.value }
  for (const g of through(used, fact, ctx)) delete one[g]
  return evaluateRule(e.rule, one, asOf, ctx, question)
}

/** The evaluation with its figure summed over the items, or null when the items do not bear on it. */
export function itemized(e: Evaluation, items: Record<string, Item[]>, profile: Profile, asOf: string, ctx: Ctx, question: string): Evaluation | null {
  // a figure that already counts the items (每个产品20万 × 认定产品数) is not summed again
  if (amountFactsOf(e.rule.amount).some((f) => ctx.facts[f]?.type === 'count')) return null
  const used = usedBy(e)
  const fact = [...used, ...Object.keys(items).filter((f) => through(used, f, ctx).length)].find((f) => items[f] && !WHO.has(f))
  if (!fact) return null
  const parts = items[fact].flatMap((item) => {
    const ev = forItem(e, used, profile, fact, item, asOf, ctx, question)
    const each = ev.amount?.value ?? ev.amount?.max
    return ev.eligible !== false && each != null ? [{ item, ev, each }] : []
  })
  if (parts.reduce((n, p) => n + p.item.count, 0) < 2) return null
  const definite = parts.every((p) => p.ev.amount!.value != null)
  const total = parts.reduce((n, p) => n + p.each * p.item.count, 0)
  const steps = parts.map(({ item, ev, each }) => `${show(ctx.facts[fact], item.value)}${item.count > 1 ? ` ${item.count}项 × ${yuan(each)}` : ` ${yuan(each)}`}${ev.amount!.value == null ? '（最高）' : ''}`)
  return {
    ...e,
    eligible: parts.some((p) => p.ev.eligible === true) ? true : null,
    failing: [],
    missing: [...new Set(parts.flatMap((p) => p.ev.missing))],
    amount: {
      ...e.amount!,
      value: definite ? total : null,
      max: total,
      steps: [`${steps.join(' + ')}，合计${definite ? '' : '最高'}${yuan(total)}`],
      missing: [],
    },
  }
}

/**
 * Items that different policies grant (1项国际标准 under one clause, 2项行业标准 under the next):
 * each item said, read through whichever fact a policy uses for it, gets the figure of the first
 * of the top policies that grants it; when they are more than one policy, the first of them
 * carries the total and the line that adds it up; null otherwise.
 */
export function acrossPolicies(ranked: Evaluation[], items: Record<string, Item[]>, profileOf: (e: Evaluation) => Profile, asOf: string, ctx: Ctx, question: string): Evaluation[] | null {
  const said: { at: number; end: number; readings: { fact: string; item: Item }[] }[] = []
  for (const [fact, list] of Object.entries(items)) {
    if (WHO.has(fact)) continue
    for (const item of list) {
      const same = said.find((s) => item.at < s.end && s.at < item.end)
      if (same) same.readings.push({ fact, item })
      else said.push({ at: item.at, end: item.end, readings: [{ fact, item }] })
    }
  }
  const parts = said
    .sort((a, b) => a.at - b.at)
    .flatMap(({ readings }) => {
      for (const e of ranked.slice(0, 3)) {
        const used = usedBy(e)
        for (const { fact, item } of readings) {
          if (!used.includes(fact) && !through(used, fact, ctx).length) continue
          const ev = forItem(e, used, profileOf(e), fact, item, asOf, ctx, question)
          const each = ev.amount?.value ?? ev.amount?.max
          // a figure that already counts the items (每项10万 × 项数) is not multiplied again
          const counted = amountFactsOf(e.rule.amount).some((f) => ctx.facts[f]?.type === 'count')
          if (ev.eligible !== false && each != null) return [{ fact, item: counted ? { ...item, count: 1 } : item, e, each, ceiling: ev.amount!.value == null }]
        }
      }
      return []
    })
  const rules = new Set(parts.map((p) => p.e.rule.id))
  if (rules.size < 2) return null
  const total = parts.reduce((n, p) => n + p.each * p.item.count, 0)
  const ceiling = parts.some((p) => p.ceiling)
  const terms = parts.map((p) => `${show(ctx.facts[p.fact], p.item.value)}${p.item.count > 1 ? ` ${p.item.count}项 × ` : ' '}${yuan(p.each)}（【${p.e.rule.title}】）`)
  const line = `合计：${terms.join(' + ')} = ${ceiling ? '最高' : ''}${yuan(total)}`
  const first = ranked.find((e) => rules.has(e.rule.id))!
  return carry(ranked, { ...first, eligible: first.eligible === false ? null : first.eligible }, total, ceiling, [line])
}

/** The ranking with `on` (one of its policies) carrying a total the question asked for. */
function carry(ranked: Evaluation[], on: Evaluation, total: number, ceiling: boolean, steps: string[]): Evaluation[] {
  const carried: Evaluation = { ...on, amount: { ...on.amount!, value: ceiling ? null : total, max: total, steps, missing: [] } }
  return ranked.map((x) => (x.rule.id === on.rule.id ? carried : x))
}

// the message speaks of more than one thing done (两项, 同时, 另外)
const SEVERAL = /[两二三四几][项个笔件]|二者|两者|这两|同时|另外|还有|以及/

/**
 * Policies of one document for different things the asker did (过了CMMI三级，另外拿了首版次，
 * 一共多少): when a total is asked, each of the top policies whose own subject the message
 * names adds its figure; the first carries the total. Null unless two or more do, or when they are
 * alternatives of one another (不重复享受).
 */
export function acrossSubjects(ranked: Evaluation[], told: Set<string>, question: string): Evaluation[] | null {
  if (!SUM_ASKED.test(question) || !SEVERAL.test(question) || !ranked[0]) return null
  const doc = ranked[0].rule.source.document
  const own = (e: Evaluation) => new Set(factsOf(e.rule.conditions).filter((f) => told.has(f) && !WHO.has(f)))
  const parts: { e: Evaluation; each: number }[] = []
  for (const e of ranked.slice(0, 3)) {
    const each = e.amount?.value ?? e.amount?.max
    const mine = own(e)
    if (e.eligible === false || each == null || e.rule.source.document !== doc || !mine.size) continue
    // another policy on the same told facts is another reading of the same thing, not a second one
    if (parts.some((p) => [...mine].every((f) => own(p.e).has(f)) || [...own(p.e)].every((f) => mine.has(f)))) continue
    if (parts.some((p) => p.e.rule.stacking && p.e.rule.stacking.group === e.rule.stacking?.group)) continue
    parts.push({ e, each })
  }
  if (parts.length < 2) return null
  const total = parts.reduce((n, p) => n + p.each, 0)
  const ceiling = parts.some((p) => p.e.amount!.value == null)
  const line = `合计：${parts.map((p) => `【${p.e.rule.title}】${ceiling && p.e.amount!.value == null ? '最高' : ''}${yuan(p.each)}`).join(' + ')} = ${ceiling ? '最高' : ''}${yuan(total)}`
  return carry(ranked, parts[0].e, total, ceiling, [...parts[0].e.amount!.steps, line])
}
