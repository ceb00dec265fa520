// The figure a rule gives an enterprise, with the steps that produced it.
import { percent, yuan } from '../format.js'
import type { Amount } from '../rules/schema.js'
import { resolve, show, type Ctx, type Profile } from './facts.js'
import { boundedAbove, factsOfFormula, numbersOfFormula, parseFormula, runFormula, type Node } from './formula.js'

const parsed = new Map<string, Node>()
export const formulaOf = (expr: string) => {
  if (!parsed.has(expr)) parsed.set(expr, parseFormula(expr))
  return parsed.get(expr)!
}

export interface AmountResult {
  label?: string // what the figure is, when it is not money received: 销项税额, 综合担保费上限
  value: number | null // for this enterprise; null when it cannot be computed
  min: number | null // bounds the text states
  max: number | null
  steps: string[]
  missing: string[] // facts that would let us compute value
  uncapped?: number // what the share or formula gives before its ceiling cuts it (240万 → 最高200万)
}

// a figure computed from an absurd input (增长三千五百万%, a level 10.11 read out of a standard's
// code) is no figure: null, never Infinity nor a negative grant
const finite = (n: number | null) => (n !== null && Number.isFinite(n * 100) && n >= 0 ? n : null)

// to the fen: 70% × 800万 is 5600000, not 5600000.000000001
const fen = (n: number | null) => (finite(n) === null ? null : Math.round(n! * 100) / 100)

const result = (value: number | null, min: number | null, max: number | null, steps: string[], missing: string[] = []): AmountResult => ({
  value: fen(value),
  min: fen(min),
  max: fen(max),
  steps,
  missing,
})

const capped = (v: number, max: number | undefined, steps: string[]) => {
  if (max !== undefined && v > max) {
    steps.push(`${yuan(v)}超过上限${yuan(max)}，按${yuan(max)}计`)
    return max
  }
  return v
}
// the figure a ceiling cut, kept for a question about the difference (封顶前后差多少)
const cut = (r: AmountResult, v: number, max: number | undefined): AmountResult => (max !== undefined && v > max ? { ...r, uncapped: fen(v) ?? undefined } : r)

/** A tier or option gives a sum (value) or a ceiling (max, 最高). */
const sumOf = (o: { value?: number; max?: number }) => ({ value: o.value ?? null, max: o.max ?? o.value ?? null })
const sumText = (o: { value?: number; max?: number }) => (o.value !== undefined ? yuan(o.value) : `最高${yuan(o.max ?? 0)}`)

export function evalAmount(a: Amount | null, profile: Profile, ctx: Ctx): AmountResult | null {
  const granted = evalGrant(a, profile, ctx)
  const r = granted && a?.kind === 'formula' && a.label ? { ...granted, label: a.label } : granted
  if (!r || !a || !('ceiling' in a) || !a.ceiling) return r
  // the text grants up to the computed figure: the asker's ceiling, never a sum
  const max = r.value ?? r.max
  return { ...r, value: null, max, steps: [...r.steps, ...(r.value !== null ? [`以上为上限：最高${yuan(r.value)}，具体数额由主管部门核定`] : [])] }
}

function evalGrant(a: Amount | null, profile: Profile, ctx: Ctx): AmountResult | null {
  if (!a) return null
  // a count the asker did not give is taken as its fact's assumption (未说人数，按1人计), said in the steps
  const get = (id: string) => {
    const r = resolve(id, profile, ctx)
    const f = ctx.facts[id]
    const items = f?.type === 'count' && /^(人|位|名|项|个|家|台|套|款|场|次)$/.test(f.unit ?? '')
    return r.value === undefined && items && f?.assume ? { value: f.assume.value, missing: [], notes: [...r.notes, f.assume.note] } : r
  }
  const label = (id: string) => ctx.facts[id]?.label ?? id
  switch (a.kind) {
    case 'fixed':
      return result(a.value, null, a.value, [`一次性给予${yuan(a.value)}`])
    case 'upTo':
      return result(null, null, a.max, [`最高${yuan(a.max)}，具体数额由主管部门核定`])
    case 'range':
      return result(null, a.min, a.max, [`${yuan(a.min)}至${yuan(a.max)}，具体数额由主管部门核定`])
    case 'share':
    case 'matching': {
      const rate = a.kind === 'share' ? a.rate : a.ratio
      const max = a.max
      const b = get(a.base)
      if (b.value === undefined) return result(null, null, max ?? null, [`按${label(a.base)}的${percent(rate)}计${max !== undefined ? `，最高${yuan(max)}` : ''}`], b.missing)
      const steps = [...b.notes]
      let base = Number(b.value)
      if (a.kind === 'share' && a.capOn === 'base' && max !== undefined && base > max) {
        steps.push(`${label(a.base)}${yuan(base)}超过认定上限，按${yuan(max)}计`)
        base = max
        const v = base * rate
        steps.push(`${yuan(base)} × ${percent(rate)} = ${yuan(v)}`)
        return result(v, null, null, steps)
      }
      const v = base * rate
      steps.push(`${label(a.base)}${yuan(base)} × ${a.kind === 'matching' ? `${rate}:1配套` : percent(rate)} = ${yuan(v)}`)
      const cap = a.kind === 'share' && a.capOn === 'base' ? undefined : max
      return cut(result(capped(v, cap, steps), null, max ?? null, steps), v, cap)
    }
    case 'tiers': {
      const tiers = [...a.tiers].sort((x, y) => x.from - y.from)
      const top = tiers[tiers.length - 1]
      const maxAll = Math.max(...tiers.map((t) => t.value ?? t.max ?? 0))
      const b = get(a.by)
      const fact = ctx.facts[a.by]
      if (b.value === undefined) {
        const list = tiers.map((t) => `${show(fact, t.from)}→${sumText(t)}`).join('，')
        return result(null, null, maxAll, [`按${label(a.by)}分档：${list}`], b.missing)
      }
      const v = Number(b.value)
      const tier = [...tiers].reverse().find((t) => v >= t.from)
      if (!tier) return result(null, null, maxAll, [...b.notes, `${label(a.by)}${show(fact, v)}未达到最低档${show(fact, tiers[0].from)}`])
      const s = sumOf(tier)
      const steps = [...b.notes, `${label(a.by)}${show(fact, v)} ≥ ${show(fact, tier.from)}档 → ${sumText(tier)}`]
      if (tier !== top) steps.push(`（最高档${show(fact, top.from)}为${sumText(top)}）`)
      return result(s.value, null, s.max, steps)
    }
    case 'byCategory': {
      const b = get(a.by)
      const fact = ctx.facts[a.by]
      const maxAll = Math.max(...a.options.map((o) => o.value ?? o.max ?? 0))
      const list = a.options.map((o) => `${o.label ?? show(fact, o.when)}${sumText(o)}`).join('、')
      if (b.value === undefined) return result(null, null, maxAll, [`按${label(a.by)}：${list}`], b.missing)
      const o = a.options.find((x) => x.when === b.value)
      if (!o) return result(null, null, maxAll, [...b.notes, `${label(a.by)}为${show(fact, b.value)}，不在给予范围（${list}）`])
      const s = sumOf(o)
      return result(s.value, null, s.max, [...b.notes, `${label(a.by)}为${o.label ?? show(fact, o.when)} → ${sumText(o)}`])
    }
    case 'perUnit': {
      const b = get(a.count)
      if (b.value === undefined) return result(null, null, a.max ?? null, [`每${a.offset ? `超过${a.offset}的` : ''}${label(a.count)}给予${yuan(a.unit)}`], b.missing)
      const n = Math.max(0, Number(b.value) - a.offset)
      const steps = [...b.notes, `${a.offset ? `(${b.value} − ${a.offset})` : String(b.value)} × ${yuan(a.unit)} = ${yuan(n * a.unit)}`]
      return result(capped(n * a.unit, a.max, steps), null, a.max ?? null, steps)
    }
    case 'schedule': {
      const b = get(a.base)
      if (b.value === undefined) return result(null, null, a.cap ?? null, [`按每年${label(a.base)}的${a.rates.map(percent).join('、')}${a.cap !== undefined ? `，累计最高${yuan(a.cap)}` : ''}`], b.missing)
      const base = Number(b.value)
      // 已入驻第二年: the years already past are no longer granted
      const now = a.year ? get(a.year).value : undefined
      const first = typeof now === 'number' && now >= 1 ? Math.floor(now) : 1
      const years = a.rates.map((r) => base * r)
      const left = years.slice(first - 1)
      const total = left.reduce((x, y) => x + y, 0)
      const steps = [
        ...b.notes,
        a.rates.map((r, i) => (i + 1 < first ? '' : `第${i + 1}年${yuan(base)}×${percent(r)}=${yuan(years[i])}`)).filter(Boolean).join('；') + `，合计${yuan(total)}`,
      ]
      if (first > 1) steps.unshift(`已到第${first}年，此前各年不再计`)
      const paid = a.paid ? Number(get(a.paid).value ?? 0) : 0
      const cap = a.cap === undefined ? undefined : Math.max(0, a.cap - paid)
      if (paid) steps.push(`累计上限${yuan(a.cap ?? 0)}已用${yuan(paid)}，余${yuan(cap ?? 0)}`)
      return result(capped(total, cap, steps), null, cap ?? null, steps)
    }
    case 'formula': {
      const node = formulaOf(a.expr)
      const got = factsOfFormula(node).map((id) => [id, get(id)] as const)
      const missing = got.flatMap(([, r]) => r.missing)
      const what = a.label ?? '金额'
      // written as a person reads arithmetic: × and ÷, not * and /
      const readable = a.expr
        .replace(/\s*\*\s*/g, ' × ')
        .replace(/\s*\/\s*/g, ' ÷ ')
        .replace(/[A-Za-z][A-Za-z0-9]*/g, (id) => (id === 'min' ? '取较小者' : id === 'max' ? '取较大者' : label(id)))
      if (missing.length) {
        // what is known may still bound the figure: min(职工教育经费, 工资总额 × 8%) ≤ 工资总额 × 8%
        const unknown = new Set(got.filter(([, r]) => r.value === undefined).map(([id]) => id))
        const bound = boundedAbove(node, unknown) ? runFormula(node, (id) => (unknown.has(id) ? Infinity : Number(got.find(([x]) => x === id)![1].value)), (id, v) => `${label(id)}${show(ctx.facts[id], v)}`) : undefined
        if (bound && Number.isFinite(bound.v) && bound.v > 0) {
          const max = Math.min(bound.v, a.max ?? Infinity)
          const over = max < bound.v ? `计得${yuan(bound.v)}，超过上限，` : ''
          return cut(result(null, null, max, [`${what} = ${readable}`, `已知数额下${over}最多${yuan(max)}（${bound.text.replace(/∞|Infinity/g, '未知')}）`], [...new Set(missing)]), bound.v, a.max)
        }
        return result(null, null, a.max ?? null, [`${what} = ${readable}`], [...new Set(missing)])
      }
      const values = new Map(got.map(([id, r]) => [id, Number(r.value)]))
      const run = runFormula(node, (id) => values.get(id)!, (id, v) => `${label(id)}${show(ctx.facts[id], v)}`, yuan)
      const steps = [...got.flatMap(([, r]) => r.notes), `${what}：${run.text} = ${yuan(run.v)}`]
      return cut(result(capped(Math.max(0, run.v), a.max, steps), null, a.max ?? null, steps), run.v, a.max)
    }
    case 'taxRate': {
      const steps = [`适用税率${percent(a.rate)}`]
      if (!a.base || a.standardRate === undefined) return result(null, null, null, steps)
      const b = get(a.base)
      if (b.value === undefined) return result(null, null, null, steps, b.missing)
      const saved = Number(b.value) * (a.standardRate - a.rate)
      steps.push(`${label(a.base)}${yuan(Number(b.value))} × (${percent(a.standardRate)} − ${percent(a.rate)}) = 少缴${yuan(saved)}`)
      return result(saved, null, null, [...b.notes, ...steps])
    }
  }
}

/** Every number written in an amount, for checking it against the cited text. */
export function numbersOfAmount(a: Amount | null): number[] {
  if (!a) return []
  if (a.kind === 'formula') return [...numbersOfFormula(formulaOf(a.expr)), ...(a.max !== undefined ? [a.max] : [])]
  const out: number[] = []
  const walk = (x: unknown, key = '') => {
    if (typeof x === 'number' && key !== 'offset') out.push(x)
    else if (typeof x === 'boolean') return
    else if (Array.isArray(x)) x.forEach((y) => walk(y, key))
    else if (x && typeof x === 'object') for (const [k, v] of Object.entries(x)) walk(v, k)
  }
  walk(a)
  return out
}

/** Every fact an amount reads. */
export function amountFactsOf(a: Amount | null): readonly string[] {
  if (!a) return []
  let facts = amountFacts.get(a)
  if (!facts) amountFacts.set(a, (facts = a.kind === 'formula' ? factsOfFormula(formulaOf(a.expr)) : Object.entries(a).filter(([k]) => ['base', 'by', 'count', 'year', 'paid'].includes(k)).map(([, v]) => String(v))))
  return facts
}
// listed once per amount: every message asks it of each rule it ranks and judges
const amountFacts = new WeakMap<Amount, readonly string[]>()
