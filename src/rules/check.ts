// The rule check: every quote verbatim on its line, every figure stated in the cited text,
// every fact known, every rule tested at each threshold, and every test passing.
import { amountFactsOf, numbersOfAmount } from '../engine/amount.js'
import { factsOf, thresholdsOf } from '../engine/conditions.js'
import { evaluateRule } from '../engine/evaluate.js'
import { resolve, type Ctx } from '../engine/facts.js'
import type { Condition, LoadedRule } from './schema.js'
import { statedIn } from './numbers.js'
import { sourceLines } from './sources.js'

function numbersOfCondition(c: Condition | undefined): number[] {
  if (!c) return []
  if ('fact' in c) return [c.value].flat().filter((v): v is number => typeof v === 'number')
  if ('not' in c) return numbersOfCondition(c.not)
  return ('all' in c ? c.all : c.any).flatMap(numbersOfCondition)
}

const same = (a: number | null | undefined, b: number | null | undefined) =>
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
  for (const n of [...numbersOfCondition(rule.conditions), ...numbersOfAmount(rule.amount)]) {
    if (!statedIn(n, cited)) say(`figure ${n} is not stated in the quoted text`)
  }

  let amountFacts: string[] = []
  try {
    amountFacts = amountFactsOf(rule.amount)
  } catch (e) {
    say((e as Error).message)
  }
  for (const f of [...factsOf(rule.conditions), ...amountFacts, ...rule.tests.flatMap((t) => Object.keys(t.profile))]) {
    if (!ctx.facts[f]) say(`fact ${f} is not in the facts catalogue (rules/facts/)`)
  }
  if (!ctx.regions.canonical(rule.region)) say(`region ${rule.region} is not in intents/vocab/regions.yaml`)

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
    const e = evaluateRule(rule, t.profile, t.asOf ?? '2026-11-23', ctx)
    const name = `test ${t.name ?? i + 1}`
    if (t.expect.eligible !== undefined && e.eligible !== t.expect.eligible) say(`${name}: eligible is ${e.eligible}, expected ${t.expect.eligible}`)
    if (t.expect.amount !== undefined && !same(t.expect.amount, e.amount?.value)) say(`${name}: amount is ${e.amount?.value ?? null}, expected ${t.expect.amount}`)
    if (t.expect.max !== undefined && !same(t.expect.max, e.amount?.max)) say(`${name}: max is ${e.amount?.max ?? null}, expected ${t.expect.max}`)
    if (t.expect.status !== undefined && e.status !== t.expect.status) say(`${name}: status is ${e.status}, expected ${t.expect.status}`)
  })
  return [...new Set(problems)]
}

export function checkRules(rules: LoadedRule[], ctx: Ctx): string[] {
  return rules.flatMap((r) => checkRule(r, ctx))
}
