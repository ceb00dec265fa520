// An Answer as a Feishu interactive card (JSON 2.0): the figure or verdict first, then what a
// person acts on (conditions, documents, deadline, where to apply), then the clause it rests on
// and whether that text is in force. Pure functions, so tests and the officials' cards reuse them.
import type { Answer, PolicyAnswer } from '../../src/answer/schema.js'
import { STATUS_LABEL } from '../../src/answer/compose.js'

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

// a condition's state as the card marks it
const MARK = { met: '✔', failed: '✘', unknown: '？' } as const
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

function otherLine(p: PolicyAnswer): string {
  const status = p.status === 'in_force' ? '' : ` · ${STATUS_LABEL[p.status]}`
  return `- **${escapeMd(p.title)}**${p.headline ? `：${escapeMd(p.headline)}` : ''}（${escapeMd(p.region)}${status}，${escapeMd(p.citation)}）`
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
  const head = top.eligible === false ? `不符合条件：${top.failing.join('；')}` : top.headline
  if (head) els.push(markdown(`**${escapeMd(head)}**`, { text_size: 'heading' }))
  if (top.amount?.explanation && top.eligible !== false) els.push(markdown(`计算：${escapeMd(top.amount.explanation)}`))

  const ask = top.eligible === null ? answer.missing[0]?.question : undefined
  if (ask) els.push(markdown(`**还需确认**：${escapeMd(ask)}`))

  // failing conditions first, each with its gap: that is what the asker must change
  const conds = [...top.conditions].sort((a, b) => Number(b.state === 'failed') - Number(a.state === 'failed'))
  if (conds.length) els.push(markdown(`**条件**\n${conds.map((c) => `${MARK[c.state]} ${escapeMd(c.text)}`).join('\n')}`))

  const facts: string[] = []
  if (top.documents.length) facts.push(`**申请材料**\n${top.documents.map((d, i) => `${i + 1}. ${escapeMd(d)}`).join('\n')}`)
  else if (answer.intent === 'documents') facts.push('**申请材料**：原文未列明，请向受理部门咨询')
  if (top.deadline) facts.push(`**申报时间**：${escapeMd(top.deadline)}`)
  else if (answer.intent === 'deadline') facts.push('**申报时间**：原文未写明截止时间')
  if (top.applyTo) facts.push(`**受理**：${escapeMd(top.applyTo)}`)
  if (top.department) facts.push(`**责任单位**：${escapeMd(top.department)}`)
  if (!top.applyTo && !top.department && answer.intent === 'where_to_apply') facts.push('**受理部门**：原文未写明')
  if (facts.length) els.push(markdown(facts.join('\n')))


  els.push(hr())
  const source = [`**依据**：${escapeMd(top.citation)}`, `“${escapeMd(cut(top.source.quote))}”`]
  if (top.restatement) source.push(`另见${escapeMd(top.restatement.clause ?? '')}：“${escapeMd(cut(top.restatement.quote))}”`)
  els.push(markdown(source.join('\n'), { text_size: 'notation' }))
  els.push(markdown(`**效力**：${escapeMd(top.validity.note)}`))
  if (top.notes.length) els.push(markdown(top.notes.map(escapeMd).join('\n'), { text_size: 'notation' }))

  const others = answer.policies.slice(1, 4)
  if (others.length) els.push(hr(), markdown(`**其他相关条款**\n${others.map(otherLine).join('\n')}`))
  els.push(markdown(DISCLAIMER, { text_size: 'notation' }))

  return card(top.title, template(top), els, {
    subtitle: `${top.region} · ${STATUS_LABEL[top.status]} · 截至${answer.asOf}`,
    tags: [{ text: STATUS_LABEL[top.status], color: STATUS_COLOR[top.status] }, eligibilityTag(top)],
    summary: head ? `${top.title}：${head}` : top.title,
  })
}
