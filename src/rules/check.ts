// The rule check: every quote verbatim on its line, every figure stated in the cited text,
// every fact known, every rule tested at each threshold, and every test passing.
import { amountFactsOf, formulaOf, numbersOfAmount } from '../engine/amount.js'
import type { Node } from '../engine/formula.js'
import { factsOf, thresholdsOf } from '../engine/conditions.js'
import { amountAsked, evaluateRule } from '../engine/evaluate.js'
import { resolve, type Ctx } from '../engine/facts.js'
import type { Amount, Condition, LoadedRule } from './schema.js'
import { hasRegionScope, NATIONAL } from './load.js'
import { statedAsCeiling, statedIn } from './numbers.js'
import { sourceLines } from './sources.js'

/** The figures a rule's conditions compare with: its thresholds. */
export function numbersOfCondition(c: Condition | undefined): number[] {
  if (!c) return []
  if ('fact' in c) return [c.value].flat().filter((v): v is number => typeof v === 'number')
  if ('not' in c) return numbersOfCondition(c.not)
  return ('all' in c ? c.all : c.any).flatMap(numbersOfCondition)
}

/**
 * The figures an amount grants outright, as opposed to caps on a computed figure: a ceiling in the
 * text must not come out as a sum ("最高30万元", never "可获30万元").
 */
function grantedFigures(a: Amount | null): { value: number; where: string; fix: string }[] {
  if (!a) return []
  const asMax = 'write it as max (最高), not value'
  const flag = 'mark the amount ceiling: true'
  switch (a.kind) {
    case 'fixed':
      return [{ value: a.value, where: 'fixed amount', fix: 'use kind upTo' }]
    case 'tiers':
      return a.tiers.flatMap((t) => (t.value !== undefined ? [{ value: t.value, where: 'tier value', fix: asMax }] : []))
    case 'byCategory':
      return a.options.flatMap((o) => (o.value !== undefined ? [{ value: o.value, where: 'option value', fix: asMax }] : []))
    case 'share':
      return a.ceiling ? [] : [{ value: a.rate, where: 'share rate', fix: flag }]
    case 'perUnit':
      return a.ceiling ? [] : [{ value: a.unit, where: 'per-unit sum', fix: flag }]
    case 'matching':
      return a.ceiling ? [] : [{ value: a.ratio, where: 'matching ratio', fix: flag }]
    case 'formula':
      // a money figure in a formula is usually a cap (min(…, 500万)); a rate is what it grants
      return a.ceiling ? [] : ratesOutsideMin(formulaOf(a.expr)).map((value) => ({ value, where: 'formula rate', fix: flag }))
    default:
      return []
  }
}

function statedOnlyUnderNot(c: Condition | undefined, negated = false): boolean {
  if (!c) return false
  if ('fact' in c) return negated && !!c.ifStated
  if ('not' in c) return statedOnlyUnderNot(c.not, !negated)
  return ('all' in c ? c.all : c.any).some((x) => statedOnlyUnderNot(x, negated))
}

/** The rates a formula applies outright: a rate inside min(…) is a cap (不超过工资薪金总额8%的部分). */
function ratesOutsideMin(n: Node): number[] {
  if (n.t === 'num') return n.v > 0 && n.v < 1 ? [n.v] : []
  if (n.t === 'op') return [...ratesOutsideMin(n.a), ...ratesOutsideMin(n.b)]
  if (n.t === 'call') return n.fn === 'min' ? [] : n.args.flatMap(ratesOutsideMin)
  return []
}

// places far from every source's region, to test that a regional rule excludes them
const ELSEWHERE = ['新疆维吾尔自治区', '西藏自治区', '海南省', '深圳市', '河北省']

/** Two amounts equal to the fen, null only with null. */
export const same = (a: number | null | undefined, b: number | null | undefined) =>
  (a ?? null) === null ? (b ?? null) === null : b != null && Math.abs(Number(a) - b) < 0.01

export function checkRule(rule: LoadedRule, ctx: Ctx): string[] {
  const problems: string[] = []
  const where = `${rule.file}: rule ${rule.id} (${rule.source.document} line ${rule.source.line})`
  const say = (msg: string) => problems.push(`${where}: ${msg}`)

  for (const p of [rule.source, ...rule.source.alsoAt, ...(rule.validity.source ? [{ document: rule.source.document, ...rule.validity.source }] : [])]) {
    const doc = p.document ?? rule.source.document
    const lines = sourceLines(doc)
    if (!lines) say(`source document ${doc} is not in rules/sources`)
    else if (p.line > lines.length) say(`${doc} has no line ${p.line}`)
    else if (!lines[p.line - 1].includes(p.quote)) say(`quote is not verbatim on ${doc} line ${p.line}: "${p.quote}"`)
  }

  const cited = [rule.source.quote, ...rule.source.alsoAt.map((p) => p.quote)].join('\n')
  // the main amount and every other figure the rule states are held to the same text
  const amounts = [rule.amount, ...rule.figures.map((f) => amountAsked(rule, f.askedBy[0]))]
  for (const n of [...numbersOfCondition(rule.conditions), ...amounts.flatMap(numbersOfAmount)]) {
    if (!statedIn(n, cited)) say(`figure ${n} is not stated in the quoted text`)
  }

  for (const n of amounts.flatMap(grantedFigures)) {
    if (statedAsCeiling(n.value, cited)) say(`${n.where} ${n.value} is stated as a ceiling (最高/不超过/上限) in the quote but the rule grants it as a sum; ${n.fix}`)
  }

  // an unstated ifStated leaf counts as met; under `not` it would bar everyone who says nothing
  if (statedOnlyUnderNot(rule.conditions)) say('an ifStated condition stands under `not`; write the exclusion as op != instead')

  let amountFacts: string[] = []
  try {
    amountFacts = amounts.flatMap(amountFactsOf)
  } catch (e) {
    say((e as Error).message)
  }
  for (const f of [...factsOf(rule.conditions), ...amountFacts, ...rule.tests.flatMap((t) => Object.keys(t.profile))]) {
    if (!ctx.facts[f]) say(`fact ${f} is not in the facts catalogue (rules/facts/)`)
  }
  if (!ctx.regions.canonical(rule.region)) say(`region ${rule.region} is not in intents/vocab/regions.yaml`)
  // scope is a condition: an asker elsewhere does not qualify for a regional rule
  if (rule.region !== NATIONAL && !rule.attractsNewcomers) {
    if (!hasRegionScope(rule.conditions)) say(`a rule of ${rule.region} without its region as a condition (scope); mark a national measure region: 全国`)
    const elsewhere = ELSEWHERE.find((p) => ctx.regions.canonical(p) && !ctx.regions.related(p, rule.region))!
    const e = evaluateRule(rule, { ...(rule.tests[0]?.profile ?? {}), region: elsewhere }, '2026-11-23', ctx)
    if (e.eligible !== false) say(`an enterprise in ${elsewhere} comes out eligible: ${e.eligible}`)
  }

  // each threshold needs a test just below, at and above it
  const thresholds = [
    ...thresholdsOf(rule.conditions),
    ...(rule.amount?.kind === 'tiers' ? rule.amount.tiers.map((t) => ({ fact: (rule.amount as { by: string }).by, value: t.from })) : []),
  ]
  for (const t of thresholds) {
    const seen = rule.tests.map((x) => resolve(t.fact, x.profile, ctx).value).filter((v) => typeof v === 'number') as number[]
    const lacks = [seen.some((v) => v < t.value) ? '' : 'below', seen.some((v) => v === t.value) ? '' : 'at', seen.some((v) => v > t.value) ? '' : 'above'].filter(Boolean)
    if (lacks.length) say(`no test case ${lacks.join(', ')} the threshold ${t.fact} = ${t.value}`)
  }
  if (!rule.tests.length) say('has no test cases')

  rule.tests.forEach((t, i) => {
    // a rule test that does not say where the enterprise is sets it in the rule's region
    const profile = 'region' in t.profile || rule.region === NATIONAL ? t.profile : { ...t.profile, region: rule.region }
    const e = evaluateRule(rule, profile, t.asOf ?? '2026-11-23', ctx, t.asks)
    const name = `test ${t.name ?? i + 1}`
    if (t.expect.eligible !== undefined && e.eligible !== t.expect.eligible) say(`${name}: eligible is ${e.eligible}, expected ${t.expect.eligible}`)
    if (t.expect.amount !== undefined && !same(t.expect.amount, e.amount?.value)) say(`${name}: amount is ${e.amount?.value ?? null}, expected ${t.expect.amount}`)
    if (t.expect.max !== undefined && !same(t.expect.max, e.amount?.max)) say(`${name}: max is ${e.amount?.max ?? null}, expected ${t.expect.max}`)
    if (t.expect.status !== undefined && e.status !== t.expect.status) say(`${name}: status is ${e.status}, expected ${t.expect.status}`)
  })
  return [...new Set(problems)]
}

export function checkRules(rules: LoadedRule[], ctx: Ctx): string[] {
  return [...rules.flatMap((r) => checkRule(r, ctx)), ...checkLinks(rules, ctx)]
}

/**
 * A later notice's `supersedes` links: the rule replaced exists and is another document's, the
 * day it is replaced falls within the later rule's own period and not before the earlier one
 * began, the period fact is a year of the catalogue, and no chain comes back on itself.
 */
export function checkLinks(rules: LoadedRule[], ctx: Ctx): string[] {
  const byId = new Map(rules.map((r) => [r.id, r]))
  const problems: string[] = []
  for (const r of rules)
    for (const l of r.supersedes) {
      const at = `${r.file}: ${r.id} supersedes ${l.rule}`
      const old = byId.get(l.rule)
      if (!old) {
        problems.push(`${at}: no such rule`)
        continue
      }
      if (old.source.document === r.source.document) problems.push(`${at}: a rule of the same document`)
      if (old.validity.from && l.from < old.validity.from) problems.push(`${at}: from ${l.from} is before the replaced rule began (${old.validity.from})`)
      if (r.validity.from && l.from < r.validity.from) problems.push(`${at}: from ${l.from} is before the later rule's own period (${r.validity.from})`)
      if (r.validity.to && l.from > r.validity.to) problems.push(`${at}: from ${l.from} is after the later rule ended (${r.validity.to})`)
      if (l.by && !ctx.facts[l.by]) problems.push(`${at}: the period fact ${l.by} is not in the facts catalogue`)
    }
  // 2019 → 2021 → 2019 would never settle which rule governs
  const next = new Map<string, string[]>()
  for (const r of rules) for (const l of r.supersedes) next.set(l.rule, [...(next.get(l.rule) ?? []), r.id])
  const done = new Set<string>()
  const visit = (id: string, path: Set<string>): void => {
    if (path.has(id)) return void problems.push(`supersedes links run in a circle through ${id}`)
    if (done.has(id)) return
    path.add(id)
    for (const n of next.get(id) ?? []) visit(n, path)
    path.delete(id)
    done.add(id)
  }
  for (const start of next.keys()) visit(start, new Set())
  return [...new Set(problems)]
}
