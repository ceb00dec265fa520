// The officials' side on Feishu: hand-off cards in the officials' group, answers given in the
// card (form, a guess, not a policy question) or in its thread, FAQ upkeep (/faq), /stats and
// /audit; and Feishu as a channel the desk can send answers through.
import { z } from 'zod'
import { show } from '../../src/engine/facts.js'
import type { Scalar } from '../../src/rules/schema.js'
import { knowledge } from '../../src/knowledge.js'
import { REFUSAL, type Outcome } from '../../src/officials/desk.js'
import { DEDUP_TTL_MS } from '../../src/store/store.js'
import { card, escapeMd, markdown, type Card } from './card.js'
import type { FeishuParts } from './index.js'
import { idempotencyKey } from './send.js'
import { answeredCard, faqListCard, KEPT_NOTE, statsCard, ticketCard } from './officials-cards.js'

const CardAction = z.object({
  operator: z.object({ open_id: z.string() }),
  action: z.object({
    value: z.object({ op: z.enum(['answer', 'guess', 'not_policy', 'faq']), ticket: z.string(), rule: z.string().optional() }),
    form_value: z.record(z.string(), z.unknown()).optional(),
  }),
  context: z.object({ open_message_id: z.string().optional() }).optional(),
})

type Toast = { type: 'success' | 'error' | 'info' | 'warning'; content: string }
const toast = (type: Toast['type'], content: string, next?: Card) => ({ toast: { type, content }, ...(next ? { card: { type: 'raw', data: next } } : {}) })

const HELP = [
  '/faq — 列出知识库条目',
  '/faq edit <编号> <新答复> — 修改答复',
  '/faq ask <编号> <问法> — 增加一种问法',
  '/faq retire <编号> — 下线条目',
  '/stats — 本周统计',
  '/audit — 最近的操作记录',
  '在工单卡片的话题中回复，即答复提问人。',
].join('\n')

export function officials({ ctx, client, dispatcher, later, intercept }: FeishuParts) {
  const { desk, config, log } = ctx
  const chat = config.FEISHU_OFFICIALS_CHAT_ID

  // answers and notices for people who asked on Feishu
  ctx.senders.register('feishu', async (to, text) => {
    await client.sendCard(to.chatId, card('政策咨询答复', 'green', [markdown(escapeMd(text))]), idempotencyKey('desk', to.chatId, text))
  })

  if (chat) {
    desk.notify = async (ticket) => client.sendCard(chat, ticketCard(ticket, factLine), idempotencyKey('ticket', ticket.id))
  } else log.warn('feishu: FEISHU_OFFICIALS_CHAT_ID not set, questions the bot cannot answer are not handed to officials')

  /** Runs an official's decision; the card shows the result, the asker gets the answer after. */
  async function decide(official: string, run: () => Promise<Outcome>, done: (o: Extract<Outcome, { ok: true }>) => { text: string; card?: Card }) {
    const outcome = await run()
    if (!outcome.ok) return toast('error', REFUSAL[outcome.reason])
    later(`deliver ${outcome.ticket.id}`, () => outcome.delivered)
    const { text, card: next } = done(outcome)
    log.info({ ticket: outcome.ticket.id, official }, 'feishu: official acted on ticket')
    return toast('success', text, next)
  }

  dispatcher.register({
    // must be answered within 3 s: the desk records at once and delivers afterwards
    'card.action.trigger': async (data: unknown) => {
      const parsed = CardAction.safeParse(data)
      if (!parsed.success) return toast('error', '无法识别的操作')
      const { operator, action } = parsed.data
      const { op, ticket, rule } = action.value
      const who = operator.open_id
      if (op === 'answer') {
        const text = String(action.form_value?.answer ?? '').trim()
        if (!text) return toast('warning', '请先填写答复内容')
        return decide(who, () => desk.answer(ticket, who, text), (o) => ({ text: o.kept ? '答复已保存，提问人下次发消息时送达' : '答复已发送给提问人', card: answeredCard(o.ticket) }))
      }
      if (op === 'guess' && rule) return decide(who, () => desk.answerWithGuess(ticket, who, rule), (o) => ({ text: '已按所选政策答复', card: answeredCard(o.ticket) }))
      if (op === 'not_policy') return decide(who, () => desk.notPolicy(ticket, who), (o) => ({ text: '已告知提问人', card: answeredCard(o.ticket) }))
      if (op === 'faq') return decide(who, () => desk.addFaq(ticket, who), (o) => ({ text: `已加入知识库（${o.faq!.id}）`, card: answeredCard(o.ticket, o.faq) }))
      return toast('error', '无法识别的操作')
    },
  } as never)

  intercept(async (event, msg) => {
    const text = msg.text.trim()
    const root = event.message.root_id || event.message.parent_id
    const ticket = root && chat && msg.conversation.chatId === chat ? await desk.ticketByCard(root) : undefined
    if (!ticket && !text.startsWith('/')) return false
    // the same event delivered twice is acted on once
    if (!(await ctx.store.claim(`feishu:${msg.platformMsgId}`, DEDUP_TTL_MS))) return true
    const reply = (body: string) => client.replyCard(msg.platformMsgId, card('工作人员助手', 'blue', [markdown(body)]))
    const who = msg.sender.id
    if (ticket) {
      const outcome = await desk.answer(ticket.id, who, text)
      if (!outcome.ok) {
        await reply(REFUSAL[outcome.reason])
        return true
      }
      later(`deliver ${ticket.id}`, () => outcome.delivered)
      if (ticket.card) later(`patch ${ticket.card}`, () => client.patchCard(ticket.card!, answeredCard(outcome.ticket)))
      await reply(`${outcome.kept ? KEPT_NOTE : '答复已发送给提问人。'}可在卡片上点“加入知识库”。`)
      return true
    }
    if (!desk.isOfficial(who)) {
      await reply('这些指令仅限工作人员使用。')
      return true
    }
    await command(text, who, msg.platformMsgId, reply)
    return true
  })

  async function command(text: string, who: string, messageId: string, reply: (body: string) => Promise<unknown>) {
    const [cmd, sub, id, ...rest] = text.split(/\s+/)
    const arg = rest.join(' ').trim()
    if (cmd === '/stats') return client.replyCard(messageId, statsCard(await desk.stats(), titleOf))
    if (cmd === '/audit') {
      const entries = await desk.auditLog(20)
      return reply(entries.map((a) => `${a.at.slice(0, 16).replace('T', ' ')} ${a.actor} ${a.action}${a.ticket ? ` ${a.ticket}` : ''}${a.faq ? ` ${a.faq}` : ''}`).join('\n') || '暂无记录')
    }
    if (cmd === '/faq' && !sub) return client.replyCard(messageId, faqListCard(await desk.faqs()))
    if (cmd === '/faq' && id) {
      const done =
        sub === 'edit' && arg ? await desk.editFaq(id, who, { answer: arg })
        : sub === 'ask' && arg ? await desk.editFaq(id, who, { addQuestion: arg })
        : sub === 'retire' ? await desk.retireFaq(id, who)
        : undefined
      if (done === undefined) return reply(HELP)
      return reply(done ? `已更新 ${done.id}（${done.status === 'live' ? '在用' : '已下线'}）` : `找不到条目 ${id}`)
    }
    return reply(HELP)
  }
}

// what an official reads on a card: 营业收入 rather than revenue, a policy's title rather than its id
const factLine = (id: string, value: unknown) => {
  const fact = knowledge().facts[id]
  return `${fact?.label ?? id}：${show(fact, value as Scalar)}`
}
const titleOf = (rule: string) => knowledge().rules.find((r) => r.id === rule)?.title ?? rule
