// An Answer as a Feishu interactive card (JSON 2.0): the figure or verdict first, then what a
// person acts on (conditions, documents, deadline, where to apply), then the clause it rests on
// and whether that text is in force. Pure functions, so tests and the officials' cards reuse them.
import type { Answer, PolicyAnswer } from '../../src/answer/schema.js'
import { STATUS_LABEL } from '../../src/answer/compose.js'
import { citation, yuan } from '../../src/format.js'

type Status = PolicyAnswer['status']

/** Header colours Feishu accepts for `header.template`. */
export type Template = 'blue' | 'wathet' | 'turquoise' | 'green' | 'yellow' | 'orange' | 'red' | 'carmine' | 'violet' | 'purple' | 'indigo' | 'grey' | 'default'
type TagColor = 'neutral' | 'blue' | 'turquoise' | 'lime' | 'orange' | 'violet' | 'indigo' | 'wathet' | 'green' | 'yellow' | 'red' | 'purple' | 'carmine'

export interface CardElement {
  tag: string
  [k: string]: unknown
}

export interface Card {
  schema: '2.0'
  config: { update_multi: true; summary?: { content: string } }
  header: {
    title: { tag: 'plain_text'; content: string }
    subtitle?: { tag: 'plain_text'; content: string }
    template: Template
    text_tag_list?: { tag: 'text_tag'; text: { tag: 'plain_text'; content: string }; color: TagColor }[]
  }
  body: { elements: CardElement[] }
}

const STATUS_SENTENCE: Record<Status, string> = {
  in_force: '现行有效',
  draft: '征求意见稿（草案），尚未正式施行，以正式发布文件为准',
  expired: '已失效',
  not_yet: '尚未施行',
  unknown: '文中未写明有效期，效力待核实',
}
const STATUS_COLOR: Record<Status, TagColor> = { in_force: 'green', draft: 'orange', expired: 'red', not_yet: 'yellow', unknown: 'neutral' }

export const DISCLAIMER = '以上为政策条文解读，仅供参考，不作为审批决定；以主管部门正式文件和受理意见为准。'

// Feishu renders this much of a card at most; long quotes are cut, never the figure
const MAX_BLOCK = 1500

const ENTITY: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' }

/** Text shown as-is inside a card's markdown: Feishu reads <at>, <font>, *, _, ~, ` and [..](..) as markup. */
export function escapeMd(text: string): string {
  return text.replace(/[&<>*_~`[\]]/g, (c) => ENTITY[c] ?? `&#${c.charCodeAt(0)};`)
}

const cut = (text: string, max = MAX_BLOCK) => (text.length > max ? `${text.slice(0, max - 1)}…` : text)

export const markdown = (content: string, extra: Record<string, unknown> = {}): CardElement => ({ tag: 'markdown', content: cut(content, 4 * MAX_BLOCK), ...extra })
export const hr = (): CardElement => ({ tag: 'hr' })

/** The frame every card of ours shares; other cards (hand-offs, FAQ) build on it. */
export function card(title: string, template: Template, elements: CardElement[], opts: { subtitle?: string; tags?: { text: string; color: TagColor }[]; summary?: string } = {}): Card {
  return {
    schema: '2.0',
    config: { update_multi: true, ...(opts.summary ? { summary: { content: cut(opts.summary, 100) } } : {}) },
    header: {
      title: { tag: 'plain_text', content: cut(title, 100) },
      ...(opts.subtitle ? { subtitle: { tag: 'plain_text' as const, content: cut(opts.subtitle, 100) } } : {}),
      template,
      ...(opts.tags?.length ? { text_tag_list: opts.tags.map((t) => ({ tag: 'text_tag' as const, text: { tag: 'plain_text' as const, content: t.text }, color: t.color })) } : {}),
    },
    body: { elements },
  }
}

/** The rest of the reply's first line that starts with `prefix` (the composer's own wording). */
function replyLine(answer: Answer, prefix: string): string | undefined {
  const line = answer.reply.split('\n').find((l) => l.startsWith(prefix))
  return line?.slice(prefix.length).trim() || undefined
}

const STATUS_SUFFIX = /（(?:征求意见稿|已失效|尚未施行|效力待核实)）$/

/** The figure without a verb: a formula may compute a tax to pay or a deduction, not money received. */
function figure(p: PolicyAnswer): string {
  const a = p.amount
  if (!a) return ''
  if (a.value !== null) return yuan(a.value)
  if (a.min !== null && a.max !== null) return `${yuan(a.min)}至${yuan(a.max)}`
  if (a.max !== null) return `最高${yuan(a.max)}`
  return ''
}

/** The headline: the composer's verdict for the first policy when the reply states it, else built here. */
function headline(answer: Answer, p: PolicyAnswer): string {
  const first = answer.reply.split('\n')[0] ?? ''
  const mark = `【${p.title}】`
  if (first.startsWith(mark)) return first.slice(mark.length).replace(STATUS_SUFFIX, '').trim()
  if (p.eligible === false) return `不符合条件：${failing(p).join('；')}`
  const f = figure(p)
  return f ? (p.eligible === true ? f : `如符合条件，${f}`) : ''
}

const failing = (p: PolicyAnswer) => p.conditions.filter((c) => c.startsWith('✘')).map((c) => c.slice(1).trim())

function template(p: PolicyAnswer): Template {
  if (p.status === 'expired') return 'red'
  if (p.status === 'draft') return 'orange'
  if (p.status === 'not_yet') return 'yellow'
  if (p.status === 'unknown') return 'grey'
  return p.eligible === true ? 'green' : p.eligible === false ? 'grey' : 'blue'
}

function eligibilityTag(p: PolicyAnswer): { text: string; color: TagColor } {
  if (p.eligible === true) return { text: '符合条件', color: 'green' }
  if (p.eligible === false) return { text: '不符合条件', color: 'carmine' }
  return { text: '待确认', color: 'wathet' }
}

const cite = (s: PolicyAnswer['source']) => citation(s.title, s.docNumber, s.line)

function otherLine(p: PolicyAnswer): string {
  const verdict = p.eligible === false ? '不符合' : figure(p)
  const status = p.status === 'in_force' ? '' : ` · ${STATUS_LABEL[p.status]}`
  return `- **${escapeMd(p.title)}**${verdict ? `：${escapeMd(verdict)}` : ''}（${escapeMd(p.region)}${status}，${escapeMd(cite(p.source))}）`
}

/** The card for one answer of the bot. */
export function answerCard(answer: Answer): Card {
  const top = answer.policies[0]
  if (!top) {
    return card('政策问答', answer.intent === 'handoff' ? 'wathet' : 'blue', [markdown(escapeMd(answer.reply)), markdown(DISCLAIMER, { text_size: 'notation' })], {
      summary: answer.reply,
    })
  }
  const els: CardElement[] = []
  const head = headline(answer, top)
  if (head) els.push(markdown(`**${escapeMd(head)}**`, { text_size: 'heading' }))
  if (top.amount?.explanation && top.eligible !== false) els.push(markdown(`计算：${escapeMd(top.amount.explanation)}`))

  const ask = replyLine(answer, '还需确认：') ?? (top.eligible === null ? answer.missing[0]?.question : undefined)
  if (ask) els.push(markdown(`**还需确认**：${escapeMd(ask)}`))

  // failing conditions first, each with its gap: that is what the asker must change
  const conds = [...top.conditions].sort((a, b) => Number(b.startsWith('✘')) - Number(a.startsWith('✘')))
  if (conds.length) els.push(markdown(`**条件**\n${conds.map(escapeMd).join('\n')}`))

  const facts: string[] = []
  if (top.documents.length) facts.push(`**申请材料**\n${top.documents.map((d, i) => `${i + 1}. ${escapeMd(d)}`).join('\n')}`)
  else if (answer.intent === 'documents') facts.push('**申请材料**：原文未列明，请向受理部门咨询')
  if (top.deadline) facts.push(`**申报时间**：${escapeMd(top.deadline)}`)
  else if (answer.intent === 'deadline') facts.push('**申报时间**：原文未写明截止时间')
  if (top.applyTo) facts.push(`**受理**：${escapeMd(top.applyTo)}`)
  if (top.department) facts.push(`**责任单位**：${escapeMd(top.department)}`)
  if (!top.applyTo && !top.department && answer.intent === 'where_to_apply') facts.push('**受理部门**：原文未写明')
  if (facts.length) els.push(markdown(facts.join('\n')))

  const stacking = replyLine(answer, '不可叠加：')
  if (stacking) els.push(markdown(`**不可叠加**：${escapeMd(stacking)}`))

  els.push(hr())
  const source = [`**依据**：${escapeMd(cite(top.source))}`, `“${escapeMd(cut(top.source.quote))}”`]
  const also = replyLine(answer, '另见')
  if (also) source.push(`另见${escapeMd(cut(also))}`)
  els.push(markdown(source.join('\n'), { text_size: 'notation' }))
  // the composer's validity line carries the period and the text's own note; else say it here
  const validity = replyLine(answer, '效力：') ?? `${STATUS_SENTENCE[top.status]}，截至${answer.asOf}`
  els.push(markdown(`**效力**：${escapeMd(validity)}`))
  const notes = answer.reply.split('\n').filter((l) => l.startsWith('说明：'))
  if (notes.length) els.push(markdown(notes.map(escapeMd).join('\n'), { text_size: 'notation' }))

  const others = answer.policies.slice(1, 4)
  if (others.length) els.push(hr(), markdown(`**其他相关条款**\n${others.map(otherLine).join('\n')}`))
  els.push(markdown(DISCLAIMER, { text_size: 'notation' }))

  return card(top.title, template(top), els, {
    subtitle: `${top.region} · ${STATUS_LABEL[top.status]} · 截至${answer.asOf}`,
    tags: [{ text: STATUS_LABEL[top.status], color: STATUS_COLOR[top.status] }, eligibilityTag(top)],
    summary: head ? `${top.title}：${head}` : top.title,
  })
}
