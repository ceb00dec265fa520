// From evaluations to the structured Answer: each policy's headline, reasons, validity, citation,
// steps of applying and notes, once; the chat reply is one rendering of it (render.ts), short
// enough for a phone, with details on request.
import { askedParts } from '../dialogue/asked-parts.js'
import { describe, evalCondition } from '../engine/conditions.js'
import { otherFigures, TOTAL_ASKED, type Evaluation, type Notice } from '../engine/evaluate.js'
import { evalAmount } from '../engine/amount.js'
import type { Ctx, Profile } from '../engine/facts.js'
import { citation, yuan } from '../format.js'
import type { Status } from '../rules/schema.js'
import { tokenize } from '../search.js'
import { deadline } from '../../intents/kinds/deadline.js'
import { documents } from '../../intents/kinds/documents.js'
import { whereToApply } from '../../intents/kinds/where-to-apply.js'
import { gapToCeiling, statedArithmetic } from './arithmetic.js'
import { chatReply, detailReply, type Extras } from './render.js'
import type { Answer, Condition, Intent, PolicyAnswer } from './schema.js'

// 还有 / 另外 / 剩下的 / 分别 / 哪个: a message asking more than one thing, or choosing between things
const SEVERAL_ASKED = /还有|另外|同时|以及|剩下|分别|哪个|哪种|哪一|还是/
const STATUS_TEXT: Record<Status, string> = {
  draft: '征求意见稿（草案），尚未正式施行，以正式发布文件为准',
  in_force: '现行有效',
  expired: '已失效',
  not_yet: '尚未施行',
  unknown: '文中未写明有效期，效力待核实',
}

/** A status in a word or two, as an operator or a card says it. */
export const STATUS_LABEL: Record<Status, string> = { draft: '征求意见稿', in_force: '现行有效', expired: '已失效', not_yet: '尚未施行', unknown: '效力待核实' }

/** The step that reckons the figure, and what it took a sum the asker gave for. */
function reckoning(e: Evaluation): string | null {
  const step = [...(e.amount?.steps ?? [])].reverse().find((t) => /[×=→]/.test(t))
  return step ? (e.taken ? `${step}（${e.taken}）` : step) : null
}

/** The figure's steps with the assumptions made on the way. */
// an assumption may be noted by both the conditions and the amount: say it once
const stepsOf = (e: Evaluation) => [...new Set([...e.notes, ...(e.taken ? [e.taken] : []), ...(e.amount?.steps ?? [])])]

/**
 * A policy whose text sets no end is not simply 现行有效 years later: say when it was issued and
 * that the text sets no period (一份2016年的奖励办法，2026年不能只说“现行有效”).
 */
function openEnded(v: Evaluation['rule']['validity'], status: Status, asOf: string): string {
  if (v.to || (status !== 'in_force' && status !== 'unknown')) return ''
  const issued = v.issued ?? v.from
  if (!issued) return status === 'in_force' ? '；文中未写有效期，请向主管部门核实是否仍在执行' : ''
  const years = Number(asOf.slice(0, 4)) - Number(issued.slice(0, 4))
  return `；发布于${issued}，文中未写有效期${years >= 2 ? `，已发布${years}年，请向主管部门核实是否仍在执行` : ''}`
}

export function validityNote(e: Evaluation, asOf: string): string {
  const v = e.rule.validity
  const period = v.from || v.to ? `（${v.from ?? '…'}至${v.to ?? '…'}）` : ''
  const base = e.status === 'expired' && v.to ? `已于${v.to}失效` : e.status === 'unknown' && (v.issued ?? v.from) ? '效力待核实' : STATUS_TEXT[e.status]
  return `${base}${period}${openEnded(v, e.status, asOf)}，截至${asOf}${v.note ? `。${v.note}` : ''}`
}

/**
 * The validity in a few words: 已于2019-04-25失效, 征求意见稿, and for a text that sets no end its
 * year (现行有效？2016年发布，未写有效期), never a bare 现行有效 years later.
 */
function validityLabel(e: Evaluation, asOf: string): string {
  const v = e.rule.validity
  if (e.status === 'expired' && v.to) return `已于${v.to}失效`
  const issued = v.issued ?? v.from
  const open = !v.to && (e.status === 'in_force' || e.status === 'unknown') && issued && Number(asOf.slice(0, 4)) - Number(issued.slice(0, 4)) >= 2
  return open ? `${e.status === 'in_force' ? '现行有效？' : '效力待核实，'}${issued!.slice(0, 4)}年发布，未写有效期` : STATUS_LABEL[e.status]
}

/** Each top-level condition with its state and, when it fails, by how much. */
export function conditionsOf(e: Evaluation, profile: Profile, ctx: Ctx): Condition[] {
  const c = e.rule.conditions
  if (!c) return []
  const parts = 'all' in c ? c.all : [c]
  const out = parts.map((p): Condition => {
    const r = evalCondition(p, profile, ctx)
    if (r.value === false) return { state: 'failed', text: r.failing.map((f) => f.text).join('；') || describe(p, ctx) }
    return { state: r.value ? 'met' : 'unknown', text: describe(p, ctx) }
  })
  // an inherited scope may repeat the rule's own condition: say it once
  return out.filter((x, i) => out.findIndex((y) => y.text === x.text) === i)
}

/** The figure in words, for this asker: 可获50万元, 如符合条件，最高30万元, 应纳企业所得税14万元. */
function amountWords(e: Evaluation): string {
  const a = e.amount
  if (!a) return ''
  if (e.eligible === false) return a.max !== null ? `（该项最高${yuan(a.max)}）` : ''
  const sure = e.eligible === true
  const maybe = sure ? '' : '如符合条件，'
  // a formula may compute a tax to pay, a deduction or a fee cap rather than money received
  if (a.label && (a.value !== null || a.max !== null)) return `${maybe}${a.label}${a.value !== null ? yuan(a.value) : `最高${yuan(a.max!)}`}`
  if (a.value !== null) return `${maybe}可获${yuan(a.value)}`
  if (a.min !== null && a.max !== null) return `${maybe}可获${yuan(a.min)}至${yuan(a.max)}`
  if (a.max !== null) return `${maybe}最高${yuan(a.max)}`
  return ''
}

/** The answer for this asker in a few words; a replaced rule's figure is nobody's for the period. */
function headline(e: Evaluation): string {
  if (e.replacedBy) return ''
  if (e.eligible === false) return '不符合条件'
  const amount = amountWords(e)
  // a plan or target without conditions concerns no one in particular: no verdict to give
  if (e.eligible === true) return amount || (e.rule.conditions ? '符合所述条件' : '')
  return amount
}

/** A notice by its title and 文号: 《…》（财税〔2019〕13号）. */
export const named = (n: Pick<Notice, 'title' | 'docNumber'>) => `《${n.title}》${n.docNumber ? `（${n.docNumber}）` : ''}`

/** What replaced what for the asker's period, and where the known notices end. */
function noticeNotes(e: Evaluation): string[] {
  const lines: string[] = []
  if (e.replacedBy) lines.push(`已被取代：自${e.replacedBy.from}起，所问期间适用${named(e.replacedBy)}。${e.replacedBy.note}`)
  // the earlier rules of the chain in one line, the difference from the last of them once
  const replaced = [...(e.replaces ?? [])].sort((a, b) => a.from.localeCompare(b.from))
  // the chain in one line: the last notice replaced, how many before it, the last difference
  const last = replaced.at(-1)
  if (last)
    lines.push(`取代：${last.docNumber ?? `《${last.title}》`}${replaced.length > 1 ? `等${replaced.length}份文件` : ''}（${last.from}起）的规定，所问期间适用本条。${last.note}`)
  if (e.knownUntil) lines.push(`注意：已知的文件执行至${e.knownUntil}，此后期间适用什么本库未收录（未知），请以税务机关最新公告为准。`)
  return lines
}

const bigrams = (t: string) => new Set(tokenize(t))
/** The distinct pairs of `text` that `among` holds, in the order the text says them (no set of all its pairs: few are held). */
function pairsAmong(among: Set<string>, text: string): string[] {
  const out: string[] = []
  for (const p of tokenize(text)) if (among.has(p) && !out.includes(p)) out.push(p)
  return out
}
/** How many distinct pairs of `b` are in `a`. */
const overlap = (a: Set<string>, b: string) => pairsAmong(a, b).length

/** The restatement (alsoAt) that says more of what was asked than the original clause, if any. */
function restatementFor(e: Evaluation, question: string) {
  const alsoAt = e.rule.source.alsoAt
  if (!alsoAt.length) return undefined
  const q = bigrams(question)
  // the first of those sharing most pairs with the question (each quote read once, not at every comparison of a sort)
  let best = alsoAt[0]
  let most = overlap(q, best.quote)
  for (let i = 1; i < alsoAt.length; i++) {
    const n = overlap(q, alsoAt[i].quote)
    if (n > most) {
      best = alsoAt[i]
      most = n
    }
  }
  return most > overlap(q, e.rule.source.quote) ? best : undefined
}

// pairs of characters any question has (这个, 是不是, 多少): they point to no sentence
const ASKING = new Set(tokenize('这个那个是不是有没有能不能可以多少什么哪些怎么我们公司企业政策一下请问的话要是还是就是'))

/**
 * The sentence of the clause that speaks to what the question asks beyond the title and reckoning
 * (是一次性的吗 → 给予…一次性奖励): at least two of the question's own pairs of characters.
 */
function answeringSentence(e: Evaluation, question: string): { text: string; words: string[] } | null {
  const shown = bigrams([e.rule.title, ...(e.amount?.steps ?? [])].join(' '))
  const asked = new Set([...bigrams(question)].filter((b) => !shown.has(b) && !ASKING.has(b) && /[\u4e00-\u9fff]{2}/.test(b)))
  if (asked.size === 0) return null
  let best: { text: string; words: string[] } | null = null
  for (const s of e.rule.source.quote.split(/(?<=[。；;])/)) {
    const words = pairsAmong(asked, s)
    if (words.length >= 2 && words.length > (best?.words.length ?? 0)) best = { text: s.trim(), words }
  }
  return best && best.text.length <= MAX_ANSWERING ? best : null
}
const MAX_ANSWERING = 160 // a sentence a phone shows whole; a longer one is for 详细

// 有哪些措施 / 都有什么支持: the asker wants the measures listed, not one of them
export const LIST_ASKED = /哪些|哪几[项条个种]|都有(?:什么|啥)|有(?:什么|啥)(?:政策|措施|支持|扶持|办法)/

/** One policy as every channel renders it. */
export function policyAnswer(e: Evaluation, profile: Profile, ctx: Ctx, asOf: string, question = ''): PolicyAnswer {
  const r = e.rule
  const a = e.amount
  const figures =
    e.eligible === false
      ? []
      : otherFigures(r, question).flatMap((f) => {
          const got = evalAmount(f, profile, ctx)
          return got?.value != null ? [{ label: got.label ?? '', value: got.value, how: got.steps.at(-1) ?? '' }] : []
        })
  const also = restatementFor(e, question)
  return {
    id: r.id,
    title: r.title,
    region: r.region,
    status: e.status,
    eligible: e.eligible,
    headline: headline(e),
    summary: r.summary ?? null,
    amount: a && { value: a.value, min: a.min, max: a.max, currency: 'CNY', explanation: stepsOf(e).join('；') },
    // the step that reckons, not a side note after it (（最高档5000万元为100万元）)
    reckoning: reckoning(e),
    figures,
    failing: e.failing.map((f) => f.text),
    conditions: conditionsOf(e, profile, ctx),
    documents: r.documents,
    deadline: r.deadline?.text ?? null,
    applyTo: r.applyTo ?? null,
    department: r.department ?? null,
    citation: citation(r.documentTitle, r.docNumber, r.source.clause),
    validity: { label: validityLabel(e, asOf), note: validityNote(e, asOf) },
    source: {
      document: r.source.document,
      line: r.source.line,
      quote: r.source.quote,
      ...(r.source.clause ? { clause: r.source.clause } : {}),
      alsoAt: r.source.alsoAt,
      title: r.documentTitle,
      docNumber: r.docNumber ?? null,
    },
    // where a restatement says otherwise, the original decides and the asker is told the difference
    notes: [...r.source.alsoAt.flatMap((d) => (d.differs ? [`注意：${d.differs}（以原文为准）`] : [])), ...noticeNotes(e), ...r.notes.map((n) => `说明：${n}`)],
    restatement: also ? { quote: also.quote, ...(also.clause ? { clause: also.clause } : {}) } : null,
    answering: question ? answeringSentence(e, question) : null,
    supersededBy: e.replacedBy ? { title: e.replacedBy.title, docNumber: e.replacedBy.docNumber, from: e.replacedBy.from } : null,
  }
}

export interface ComposeInput {
  intent: Intent
  asOf: string
  ranked: Evaluation[]
  profileOf: (e: Evaluation) => Profile // the facts each policy is judged on
  missing: { fact: string; question: string }[]
  asking: boolean // whether the first policy waits on a missing fact
  question: string
  ctx: Ctx
  // the further questions of the message and the clause that answers each (能当场办吗？)
  asked?: { part: string; e: Evaluation; step?: string }[]
  // a comparison of places: each place's best policy for the enterprise, the better first
  compared?: { place: string; e: Evaluation }[]
  // 那深圳呢: the place asked has nothing on the subject; what it has instead
  uncovered?: { place: string; subject: string[]; documents: string[] }
  // 详细 / 原文: the whole of the first policy rather than the short reply
  detail?: boolean
  // the first policy is the one the last turn gave: a question about one of its steps gets that step only
  followUp?: boolean
  // the asker's own words for a figure said as a bound (超过500万), put back into the text
  say?: (text: string) => string
}

/**
 * 三项加起来一共多少: the sums of the leading measures the asker's facts settle, each named by the
 * question in words of its own title (a measure and its rival for the same thing are one answer).
 */
function totalOf(ranked: Evaluation[], question: string): string | null {
  if (!TOTAL_ASKED.test(question)) return null
  const lead: Evaluation[] = []
  for (const e of ranked) {
    if (e.eligible !== true || !(e.amount?.value && e.amount.value > 0)) break
    if (lead.some((x) => x.rule.stacking && x.rule.stacking.group === e.rule.stacking?.group)) break
    lead.push(e)
  }
  if (lead.length < 2) return null
  const asked = new Set(tokenize(question))
  const words = lead.map((e) => new Set(tokenize(e.rule.title).filter((w) => asked.has(w))))
  // each one named by a word the others' titles do not hold
  const named = words.every((own, i) => [...own].some((w) => words.every((other, j) => j === i || !other.has(w))))
  if (!named) return null
  const sum = lead.reduce((n, e) => n + e.amount!.value!, 0)
  return `合计：${lead.map((e) => `【${e.rule.title}】${yuan(e.amount!.value!)}`).join(' + ')} = ${yuan(sum)}`
}

// the steps of applying one question may ask together
const STEP_KINDS = [documents, deadline, whereToApply]

export function compose(input: ComposeInput): Answer {
  const { intent, asOf, ranked, profileOf, missing, asking, question, ctx, asked = [], compared = [], uncovered, say = (t: string) => t } = input
  const judged = (e: Evaluation) => {
    const p = policyAnswer(e, profileOf(e), ctx, asOf, question)
    return { ...p, conditions: p.conditions.map((c) => ({ ...c, text: say(c.text) })), amount: p.amount && { ...p.amount, explanation: say(p.amount.explanation) } }
  }
  const policies = ranked.map(judged)
  const first = ranked[0]
  const stack = first?.rule.stacking
  const rivals = stack ? ranked.slice(1).filter((e) => e.rule.stacking?.group === stack.group) : []
  if (stack && rivals.length)
    policies[0].notes.unshift(
      `不可叠加：与${rivals.map((e) => `【${e.rule.title}】`).join('')}${stack.mode === 'highest' ? '就高享受，不重复计算' : '只能享受其一'}${stack.quote ? `（“${stack.quote}”）` : ''}`,
    )
  const extras: Extras = {
    intent,
    sums: first ? (gapToCeiling(question, first.amount) ?? statedArithmetic(question, first.rule.source.quote) ?? totalOf(ranked, question)) : null,
    ask: asking && first ? (missing.find((m) => first.missing.includes(m.fact))?.question ?? null) : null,
    // a clause given as the answer to a further question is not listed again
    asked: asked.map(({ part, e, step }) => ({ part, policy: judged(e), step: step ?? null })),
    compared: compared.map(({ place, e }) => ({ place, policy: judged(e) })),
    uncovered: uncovered ?? null,
    elsewhere: asked.some((a) => a.step === intent),
    several: (question.match(/[？?]/g)?.length ?? 0) >= 2 || askedParts(question).length >= 2 || SEVERAL_ASKED.test(question),
    listing: LIST_ASKED.test(question),
    followUp: input.followUp ?? false,
    steps: STEP_KINDS.filter((k) => k.pattern.test(question)).map((k) => k.intent),
  }
  const reply = say(input.detail ? detailReply(policies, extras) : chatReply(policies, extras))
  return { intent, reply, asOf, policies, missing }
}
