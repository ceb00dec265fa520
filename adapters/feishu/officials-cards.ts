// Cards for the officials' group (JSON 2.0): the hand-off with its buttons and answer form, the
// same card once answered, the FAQ list and the weekly figures.
import type { Stats } from '../../src/officials/stats.js'
import type { FaqEntry, Ticket } from '../../src/officials/schema.js'
import { card, escapeMd, hr, markdown, type Card, type CardElement } from './card.js'

const CHANNEL: Record<string, string> = { wechat: '微信', feishu: '飞书', web: '网页', api: '接口', terminal: '终端', 'wecom-kf': '微信客服' }

const button = (label: string, type: 'primary' | 'default' | 'danger', value: Record<string, string>, extra: Record<string, unknown> = {}): CardElement => ({
  tag: 'button',
  text: { tag: 'plain_text', content: label },
  type,
  behaviors: [{ type: 'callback', value }],
  ...extra,
})

/** Told to the official when the asker's channel cannot take the answer now. */
export const KEPT_NOTE = '提问人的渠道现在发不过去（微信客服只能在对方最后一条消息后48小时内回复，人工客服接待期间也不能）：答复已保存，将在提问人下次发消息时送达。'

/** One fact as an official reads it: 营业收入：3500万元. */
export type FactLine = (fact: string, value: unknown) => string

function ticketBody(t: Ticket, fact: FactLine): CardElement[] {
  const facts = Object.entries(t.facts).map(([k, v]) => fact(k, v))
  return [
    markdown(`**问题**：${escapeMd(t.question)}`),
    markdown(`**已知情况**：${facts.length ? escapeMd(facts.join('；')) : '未提供'}`),
    markdown(
      t.guesses.length
        ? `**机器人的候选答案**：\n${t.guesses.map((g, i) => `${i + 1}. ${escapeMd(g.title)}（${escapeMd(g.source)}）`).join('\n')}`
        : '**机器人的候选答案**：无',
    ),
  ]
}

const subtitle = (t: Ticket) => `工单 ${t.id} · 来自${CHANNEL[t.asker.channel] ?? t.asker.channel} · ${t.created.slice(0, 16).replace('T', ' ')}`

/** A question for the officials: answer it in the form, pick a guess, or mark it not a policy question. */
export function ticketCard(t: Ticket, fact: FactLine): Card {
  const why = t.reason === 'asked_for_person' ? '提问人要求人工答复' : '机器人无法准确回答'
  return card(`待答复：${why}`, 'blue', [
    ...ticketBody(t, fact),
    ...t.guesses.map((g, i) => button(`用候选${i + 1}答复`, 'default', { op: 'guess', ticket: t.id, rule: g.id })),
    hr(),
    {
      tag: 'form',
      name: 'answer_form',
      elements: [
        { tag: 'input', name: 'answer', required: true, placeholder: { tag: 'plain_text', content: '输入答复，将发送给提问人' } },
        button('发送答复', 'primary', { op: 'answer', ticket: t.id }, { name: 'send_answer', form_action_type: 'submit' }),
      ],
    },
    button('不是政策问题', 'danger', { op: 'not_policy', ticket: t.id }),
    markdown('也可直接在本卡片的话题中回复答复内容。仅答复人名单中的工作人员可以答复。', { text_size: 'notation' }),
  ], { subtitle: subtitle(t), summary: `待答复：${t.question}` })
}

/** The card after an official acted: what was answered, by whom, and the FAQ button. */
export function answeredCard(t: Ticket, faq?: FaqEntry): Card {
  const done = t.status === 'not_policy' ? '已标记为非政策问题' : `已答复（${t.answer?.department ?? ''}，${t.answer?.date ?? ''}）`
  return card(done, t.status === 'not_policy' ? 'grey' : 'green', [
    markdown(`**问题**：${escapeMd(t.question)}`),
    ...(t.answer ? [markdown(`**答复**：${escapeMd(t.answer.text)}`)] : []),
    ...(t.kept ? [markdown(KEPT_NOTE)] : []),
    ...(faq ? [markdown(`已加入知识库：${faq.id}`)] : t.status === 'answered' ? [button('加入知识库', 'primary', { op: 'faq', ticket: t.id })] : []),
  ], { subtitle: subtitle(t) })
}

export function faqListCard(entries: FaqEntry[]): Card {
  const lines = entries
    .sort((a, b) => b.updated.localeCompare(a.updated))
    .map((f) => `**${f.id}**${f.status === 'retired' ? '（已下线）' : ''} ${escapeMd(f.questions[0])}\n${escapeMd(f.answer)}\n——${escapeMd(f.department)}，${f.date}；问法 ${f.questions.length} 种`)
  return card(`知识库（${entries.filter((f) => f.status === 'live').length} 条在用）`, 'blue', [
    markdown(lines.join('\n\n') || '暂无条目。工单答复后点“加入知识库”即可添加。'),
    markdown('/faq edit <编号> <新答复> · /faq ask <编号> <问法> · /faq retire <编号>', { text_size: 'notation' }),
  ])
}

export function statsCard(s: Stats, title: (rule: string) => string): Card {
  return card('本周统计（近7天）', 'blue', [
    markdown(`**提问**：${s.questions} 次；**转人工**：${s.handoffs} 次；**待答复工单**：${s.unanswered.length} 张`),
    markdown(`**问得最多的政策**：\n${s.topPolicies.map((p, i) => `${i + 1}. ${escapeMd(title(p.id))}（${p.count} 次）`).join('\n') || '暂无'}`),
    markdown(`**待答复的问题**：\n${s.unanswered.slice(0, 10).map((t) => `- ${t.id} ${escapeMd(t.question)}`).join('\n') || '暂无'}`),
    markdown(`**本周转人工的问题**：\n${s.handedOff.slice(0, 10).map((t) => `- ${escapeMd(t.question)}（${t.status === 'open' ? '待答复' : t.status === 'answered' ? '已答复' : '非政策问题'}）`).join('\n') || '暂无'}`),
  ])
}
