// From evaluations to the structured Answer and its plain reply: the amount or verdict first,
// then conditions, documents, deadline, where to apply, the source and the validity note.
import { describe, evalCondition } from '../engine/conditions.js'
import { otherFigures, type Evaluation, type Notice } from '../engine/evaluate.js'
import { evalAmount } from '../engine/amount.js'
import type { Ctx, Profile } from '../engine/facts.js'
import { citation, yuan } from '../format.js'
import type { Status } from '../rules/schema.js'
import { tokenize } from '../search.js'
import { gapToCeiling, statedArithmetic } from './arithmetic.js'
import type { Answer, Intent, PolicyAnswer } from './schema.js'

const STATUS_TEXT: Record<Status, string> = {
  draft: '征求意见稿（草案），尚未正式施行，以正式发布文件为准',
  in_force: '现行有效',
  expired: '已失效',
  not_yet: '尚未施行',
  unknown: '文中未写明有效期，效力待核实',
}

/** A status in a word or two, as an operator or a card says it. */
export const STATUS_LABEL: Record<Status, string> = { draft: '征求意见稿', in_force: '现行有效', expired: '已失效', not_yet: '尚未施行', unknown: '效力待核实' }

// the word put after a title when the policy is not simply in force
const statusTag = (s: Status) => (s === 'in_force' ? '' : `（${STATUS_LABEL[s]}）`)

/** The figure's steps with the assumptions made on the way. */
// an assumption may be noted by both the conditions and the amount: say it once
const stepsOf = (e: Evaluation) => [...new Set([...e.notes, ...(e.amount?.steps ?? [])])]

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

/** Each top-level condition with ✔ / ✘ / ？ and, when it fails, by how much. */
export function conditionLines(e: Evaluation, profile: Profile, ctx: Ctx): string[] {
  const c = e.rule.conditions
  if (!c) return []
  const parts = 'all' in c ? c.all : [c]
  // an inherited scope may repeat the rule's own condition: say it once
  return [...new Set(parts.map((p) => {
    const r = evalCondition(p, profile, ctx)
    if (r.value === false) return `✘ ${r.failing.map((f) => f.text).join('；') || describe(p, ctx)}`
    return `${r.value ? '✔' : '？'} ${describe(p, ctx)}`
  }))]
}

function amountLine(e: Evaluation): string {
  const a = e.amount
  if (!a) return ''
  if (e.eligible === false) return a.max !== null ? `（该项最高${yuan(a.max)}）` : ''
  const sure = e.eligible === true
  // a formula may compute a tax to pay, a deduction or a fee cap rather than money received
  const label = a.label
  if (label && (a.value !== null || a.max !== null)) return `${sure ? '' : '如符合条件，'}${label}${a.value !== null ? yuan(a.value) : `最高${yuan(a.max!)}`}`
  if (a.value !== null) return sure ? `可获${yuan(a.value)}` : `如符合条件，可获${yuan(a.value)}`
  if (a.min !== null && a.max !== null) return `${sure ? '可获' : '如符合条件，可获'}${yuan(a.min)}至${yuan(a.max)}`
  if (a.max !== null) return `${sure ? '' : '如符合条件，'}最高${yuan(a.max)}`
  return ''
}

export function policyAnswer(e: Evaluation, profile: Profile, ctx: Ctx): PolicyAnswer {
  const r = e.rule
  const a = e.amount
  const explanation = stepsOf(e).join('；')
  return {
    id: r.id,
    title: r.title,
    region: r.region,
    status: e.status,
    eligible: e.eligible,
    amount: a && { value: a.value, min: a.min, max: a.max, currency: 'CNY', explanation },
    documents: r.documents,
    deadline: r.deadline?.text ?? null,
    applyTo: r.applyTo ?? null,
    department: r.department ?? null,
    conditions: conditionLines(e, profile, ctx),
    source: {
      document: r.source.document,
      line: r.source.line,
      quote: r.source.quote,
      ...(r.source.clause ? { clause: r.source.clause } : {}),
      alsoAt: r.source.alsoAt,
      title: r.documentTitle,
      docNumber: r.docNumber ?? null,
    },
    supersededBy: e.replacedBy ? { title: e.replacedBy.title, docNumber: e.replacedBy.docNumber, from: e.replacedBy.from } : null,
  }
}

function verdict(e: Evaluation): string {
  if (e.eligible === false) return `不符合条件：${e.failing.map((f) => f.text).join('；')}`
  const amount = amountLine(e)
  // a plan or target without conditions concerns no one in particular: no verdict to give
  if (e.eligible === true) return amount ? `${amount}` : e.rule.conditions ? '符合所述条件' : ''
  return amount
}

const cite = (e: Evaluation) => citation(e.rule.documentTitle, e.rule.docNumber, e.rule.source.line)

const bigrams = (t: string) => new Set(tokenize(t))
const overlap = (a: Set<string>, b: string) => [...bigrams(b)].filter((x) => a.has(x)).length

/** The restatement (alsoAt) that says more of what was asked than the original clause, if any. */
function restatementFor(e: Evaluation, question: string) {
  const q = bigrams(question)
  const best = [...e.rule.source.alsoAt].sort((a, b) => overlap(q, b.quote) - overlap(q, a.quote))[0]
  return best && overlap(q, best.quote) > overlap(q, e.rule.source.quote) ? best : undefined
}

/** The full reply for the most relevant policy. */
function mainBlock(e: Evaluation, intent: Intent, asOf: string, profile: Profile, ctx: Ctx, question: string, elsewhere = false): string[] {
  const r = e.rule
  const lines: string[] = []
  const v = verdict(e)
  lines.push(`【${r.title}】${v}${statusTag(e.status)}`)
  if (r.summary) lines.push(r.summary)
  const steps = stepsOf(e)
  if (steps.length && e.eligible !== false) lines.push(`计算：${steps.join('；')}`)
  // the other figures the question asks for, each with its own reckoning
  if (e.eligible !== false)
    for (const f of otherFigures(r, question)) {
      const got = evalAmount(f, profile, ctx)
      if (got?.value != null) lines.push(`另：${got.label ?? ''}${yuan(got.value)}（${got.steps.at(-1) ?? ''}）`)
    }
  const conds = conditionLines(e, profile, ctx)
  if (conds.length) lines.push(`条件：${conds.join('；')}`)
  const documents = stepLine(r, 'documents')
  if (documents) lines.push(documents)
  // (`elsewhere`: another clause of the notice, given below, states the step asked)
  else if (intent === 'documents' && !elsewhere) lines.push('材料：原文未列明申请材料，请向受理部门咨询。')
  const deadline = stepLine(r, 'deadline')
  if (deadline) lines.push(deadline)
  else if (intent === 'deadline' && !elsewhere) lines.push('时间：原文未写明申报截止时间。')
  const applyTo = stepLine(r, 'where_to_apply')
  if (applyTo) lines.push(applyTo)
  if (r.department) lines.push(`责任单位：${r.department}`)
  else if (intent === 'where_to_apply' && !elsewhere) lines.push('受理部门：原文未写明。')
  lines.push(`依据：${cite(e)}：“${r.source.quote}”`)
  const also = restatementFor(e, question)
  if (also) lines.push(`另见第${also.line}行：“${also.quote}”`)
  // where a restatement says otherwise, the original decides and the asker is told the difference
  for (const d of r.source.alsoAt) if (d.differs) lines.push(`注意：${d.differs}（以原文为准）`)
  lines.push(`效力：${validityNote(e, asOf)}`)
  lines.push(...noticeLines(e))
  for (const n of r.notes) lines.push(`说明：${n}`)
  return lines
}

/** A notice by its title and 文号: 《…》（财税〔2019〕13号）. */
export const named = (n: Pick<Notice, 'title' | 'docNumber'>) => `《${n.title}》${n.docNumber ? `（${n.docNumber}）` : ''}`
/** What replaced what for the asker's period, and where the known notices end. */
function noticeLines(e: Evaluation): string[] {
  const lines: string[] = []
  if (e.replacedBy) lines.push(`已被取代：自${e.replacedBy.from}起，所问期间适用${named(e.replacedBy)}。${e.replacedBy.note}`)
  // the earlier rules of the chain in one line, the difference from the last of them once
  const replaced = [...(e.replaces ?? [])].sort((a, b) => a.from.localeCompare(b.from))
  if (replaced.length)
    lines.push(`取代：${replaced.map((n) => `${n.docNumber ?? `《${n.title}》`}（${n.from}起）`).join('、')}的规定，所问期间适用本条。${replaced.at(-1)!.note}`)
  if (e.knownUntil) lines.push(`注意：已知的文件执行至${e.knownUntil}，此后期间适用什么本库未收录（未知），请以税务机关最新公告为准。`)
  return lines
}

/** The line a rule gives for one step of applying (材料, 时间, 受理), if it states that step. */
function stepLine(r: Evaluation['rule'], step: string): string | null {
  if (step === 'documents' && r.documents.length) return `材料：${r.documents.map((d, i) => `${i + 1}. ${d}`).join(' ')}`
  if (step === 'deadline' && r.deadline) return `时间：${r.deadline.text}`
  if (step === 'where_to_apply' && r.applyTo) return `受理：${r.applyTo}`
  return null
}

function shortLine(e: Evaluation): string {
  // a replaced rule's figure is not what anyone gets for the period asked: no verdict for it
  const v = e.replacedBy ? '' : verdict(e)
  const replaced = e.replacedBy ? `（自${e.replacedBy.from}起已被取代，所问期间适用${named(e.replacedBy)}）` : ''
  return `· 【${e.rule.title}】${v ? v + '。' : ''}${e.rule.summary ?? e.rule.source.quote}${statusTag(e.status)}${replaced}（${e.rule.region}，${cite(e)}）`
}

export interface ComposeInput {
  intent: Intent
  asOf: string
  ranked: Evaluation[]
  profile: Profile
  missing: { fact: string; question: string }[]
  asking: boolean // whether the first policy waits on a missing fact
  question: string
  ctx: Ctx
  // the further questions of the message and the clause that answers each (能当场办吗？)
  asked?: { part: string; e: Evaluation; step?: string }[]
  // a comparison of places: each place's best policy for the enterprise, the better first
  compared?: { place: string; e: Evaluation }[]
}

export function compose({ intent, asOf, ranked, profile, missing, asking, question, ctx, asked = [], compared = [] }: ComposeInput): Answer {
  const lines: string[] = []
  if (!ranked.length) {
    lines.push('没有找到与您的问题对应的政策条款。可以说说企业所在地区、行业和想了解的支持事项（如奖励、补贴、税收优惠）。')
  } else {
    if (compared.length)
      lines.push(`按所述情况分别放在${compared.map((c) => c.place).join('和')}对比：`, ...compared.map(({ place, e }) => `· ${place}：【${e.rule.title}】${verdict(e) || '文中未写金额'}`))
    lines.push(...mainBlock(ranked[0], intent, asOf, profile, ctx, question, asked.some((a) => a.step === intent)))
    const sums = gapToCeiling(question, ranked[0].amount) ?? statedArithmetic(question, ranked[0].rule.source.quote)
    if (sums) lines.splice(1, 0, sums)
    const stack = ranked[0].rule.stacking
    const rivals = stack ? ranked.slice(1).filter((e) => e.rule.stacking?.group === stack.group) : []
    if (stack && rivals.length)
      lines.push(
        `不可叠加：与${rivals.map((e) => `【${e.rule.title}】`).join('')}${stack.mode === 'highest' ? '就高享受，不重复计算' : '只能享受其一'}${stack.quote ? `（“${stack.quote}”）` : ''}`,
      )
    const ask = asking ? missing.find((m) => ranked[0].missing.includes(m.fact)) : undefined
    if (ask) lines.push(`还需确认：${ask.question}`)
    // a clause given as the answer to a further question is not listed again
    const others = ranked.slice(1, intent === 'compare' || intent === 'status' ? 4 : 3).filter((e) => !asked.some((a) => a.e.rule.id === e.rule.id))
    // the asker's words echoed without angle brackets: no channel ever shows markup it was sent
    for (const { part, e, step } of asked) lines.push(`您还问到“${part.trim().replace(/[<>]/g, '')}”：`, shortLine(e), ...[stepLine(e.rule, step ?? '')].filter((l) => l !== null))
    if (others.length) lines.push('其他相关条款：', ...others.map(shortLine))
    if (intent === 'status') {
      const drafts = ranked.slice(0, 4).filter((e) => e.status !== 'in_force')
      for (const e of drafts.slice(1)) lines.push(`《${e.rule.documentTitle}》：${validityNote(e, asOf)}`)
    }
  }
  return {
    intent,
    reply: lines.join('\n'),
    asOf,
    policies: ranked.map((e) => policyAnswer(e, profile, ctx)),
    missing,
  }
}
