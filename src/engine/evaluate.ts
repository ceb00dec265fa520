// evaluate(rules, profile, asOf): for each rule, the verdict, the figure, the status on that date,
// what fails and by how much, and what is missing.
import type { Amount, LoadedRule, Status, Validity } from '../rules/schema.js'
import { amountFactsOf, evalAmount, type AmountResult } from './amount.js'
import { evalCondition, factsOf, type Failing } from './conditions.js'
import type { Ctx, Profile } from './facts.js'

export interface Evaluation {
  rule: LoadedRule
  eligible: boolean | null
  amount: AmountResult | null
  status: Status
  failing: Failing[]
  missing: string[] // facts that would settle eligibility or the amount
  notes: string[]
  // a later notice governs the asker's period in its place (财税〔2019〕13号 over 77号)
  replacedBy?: Notice
  // the earlier rules it governs in place of, for this asker
  replaces?: Notice[]
  // the asker's period lies after the end of the last known notice of its chain
  knownUntil?: string
  // a sum the asker gave without saying what it is, taken as the one the figure lacks
  taken?: string
}
/** A notice as an answer names it: title, 文号, the day it governs from, the difference. */
export interface Notice {
  title: string
  docNumber: string | null
  from: string
  note: string
}

/** A policy's status on a date: a draft stays a draft; a dated policy is not yet or no longer in force. */
export function statusOn(v: Validity, asOf: string): Status {
  if (v.status === 'draft' || v.status === 'unknown') return v.status
  if (v.to && asOf > v.to) return 'expired'
  if (v.from && asOf < v.from) return 'not_yet'
  // a text that says it is repealed or not yet effective, without a date, keeps what it says
  if ((v.status === 'expired' && !v.to) || (v.status === 'not_yet' && !v.from)) return v.status
  return 'in_force'
}

/**
 * The figure a question asks for: one of the rule's other figures when its words say so, else the
 * amount. A figure told beside the amount (the tax saved beside the tax due) is the one asked only
 * when nothing else in the question asks a sum: 比按25%少交多少, not 要交多少，能省多少.
 */
export function amountAsked(rule: Pick<LoadedRule, 'amount' | 'figures'>, question = '', profile: Profile = {}): Amount | null {
  const f = question ? rule.figures.find((x) => x.askedBy.some((w) => question.includes(w)) && (!x.beside || asksOnly(question, x.askedBy))) : undefined
  if (f) return asAmount(f)
  // 每项给多少: the sum for one, when no count is told and no total asked
  const a = rule.amount
  if (a?.kind !== 'perUnit' || a.offset || profile[a.count] !== undefined || TOTAL_ASKED.test(question)) return a
  const one = PER_ONE.exec(question)
  return one ? { kind: 'formula', expr: String(a.unit), label: `每${one[2]}给予` } : a
}
/** 一共 / 加起来: a total asked. */
export const TOTAL_ASKED = /一共|总共|合计|加起来|加一起|共计|总计/
const PER_ONE = /每(一)?(项|个|家|台|套|件|人|名|位|款|次|条|单|笔|只)[^，。？?,]{0,6}(多少|几|给|奖|补|资助)/
const ASKS_SUM = /多少|几|金额|数额/
const asksOnly = (question: string, words: string[]) => !ASKS_SUM.test(words.reduce((q, w) => q.split(w).join(''), question))
const asAmount = (f: LoadedRule['figures'][number]): Amount => ({ kind: 'formula', expr: f.expr, label: f.label, ceiling: f.ceiling })

/** The rule's other figures the question also asks for (比按25%交能省多少 beside 实际要交多少). */
export function otherFigures(rule: Pick<LoadedRule, 'amount' | 'figures'>, question: string): Amount[] {
  const asked = amountAsked(rule, question)
  return rule.figures
    .filter((f) => f.askedBy.some((w) => question.includes(w)) && !(asked?.kind === 'formula' && asked.expr === f.expr))
    .map(asAmount)
}

/** Every fact a rule reads, in its conditions or its amount (made once per rule: each message asks it of every rule it ranks). */
export function factsRead(rule: Pick<LoadedRule, 'conditions' | 'amount'>): ReadonlySet<string> {
  let facts = readByRule.get(rule)
  if (!facts) readByRule.set(rule, (facts = new Set([...factsOf(rule.conditions), ...amountFactsOf(rule.amount)])))
  return facts
}
const readByRule = new WeakMap<object, ReadonlySet<string>>()

/**
 * The year the message names, when the policy's period does not reach it (2023年 of a notice for
 * 2019–2021): a year that is another fact's value (成立于2009年, 2022年买的设备) is not the period asked.
 */
function outsidePeriod(v: Validity, profile: Profile, ctx: Ctx): Failing | undefined {
  const y = profile.askedYear
  if (typeof y !== 'number' || !Number.isInteger(y)) return undefined
  const holds = (id: string, x: unknown) => id !== 'askedYear' && ['year', 'date'].includes(ctx.facts[id]?.type ?? '') && (x === y || String(x).startsWith(`${y}-`))
  if (Object.entries(profile).some(([id, x]) => holds(id, x))) return undefined
  if (v.to && `${y}-01-01` > v.to) return { fact: 'askedYear', text: `所说的${y}年已在政策执行期（至${v.to}）之后` }
  if (v.from && `${y}-12-31` < v.from) return { fact: 'askedYear', text: `所说的${y}年在政策执行期（${v.from}起）之前` }
  return undefined
}

export function evaluateRule(rule: LoadedRule, profile: Profile, asOf: string, ctx: Ctx, question?: string): Evaluation {
  const within = evalCondition(rule.conditions, profile, ctx)
  const outside = outsidePeriod(rule.validity, profile, ctx)
  const c = outside ? { ...within, value: false, failing: [...within.failing, outside], missing: [] } : within
  const asked = amountAsked(rule, question, profile)
  const raw = evalAmount(asked, profile, ctx)
  // a sum for someone who does not qualify would mislead: keep the stated bounds only; another
  // figure the clause states (a budget, a fee cap) is no grant and stands whoever asks
  const amount = raw && c.value === false && asked === rule.amount ? { ...raw, value: null, missing: [] } : raw
  const missing = distinct(c.missing, amount?.missing ?? [])
  return {
    rule,
    eligible: c.value,
    amount,
    status: statusOn(rule.validity, asOf),
    failing: c.failing,
    missing,
    notes: distinct(c.notes),
  }
}

/** The lists' items, each once, in order (most lists a rule's evaluation gives are empty). */
function distinct(...lists: string[][]): string[] {
  return lists.some((l) => l.length) ? [...new Set(lists.flat())] : []
}

export function evaluate(rules: LoadedRule[], profile: Profile, asOf: string, ctx: Ctx): Evaluation[] {
  return rules.map((r) => evaluateRule(r, profile, asOf, ctx))
}

/**
 * The missing facts, most decisive first: a fact counts once for each undecided evaluation it
 * would help settle, weighted by how relevant that evaluation is (the first ones count most).
 */
export function rankMissing(evals: Evaluation[], weights?: number[]): string[] {
  const score = new Map<string, number>()
  evals.forEach((e, i) => {
    const w = weights?.[i] ?? 1
    for (const f of e.missing) score.set(f, (score.get(f) ?? 0) + w)
  })
  return [...score.entries()].sort((a, b) => b[1] - a[1]).map(([f]) => f)
}
