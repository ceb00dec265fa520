// The core every channel hands its messages to: drop what must not be answered (the bot's
// own, a group message without @, a replay of an old one, a duplicate delivery), then one turn
// at a time per conversation: load the session, ask the bot, keep the session.
import { createHash } from 'node:crypto'
import { classify } from '../intents/classify.js'
import { GUESS_BELOW, relevance } from './answer/relevance.js'
import type { Answer } from './answer/schema.js'
import { MAX_QUESTION, newSession, type Bot } from './bot.js'
import { InboundMessage, sessionKey } from './inbound.js'
import { askerOf, REPLY_WITHIN, type Desk } from './officials/desk.js'
import type { Asker } from './officials/schema.js'
import { recordQuestion } from './officials/stats.js'
import { scrub } from './personal.js'
import { SUBSCRIBE } from './officials/subscriptions.js'
import type { Store } from './store/store.js'
import { DEDUP_TTL_MS } from './store/store.js'
import { beijingDay } from './today.js'

export { MAX_QUESTION } from './bot.js'
// a web or API message id holds the conversation's id: the store keeps a digest of it
const claimKey = (id: string) => createHash('sha256').update(id).digest('base64url').slice(0, 32)
/** Messages older than this are replays (WeChat at login, Feishu after an outage), not questions. */
export const MAX_AGE_MS = 2 * 60_000

export interface Turn {
  message: InboundMessage
  session: string
  answer: Answer
}

// answers that are not about policies at all: no hand-off when they carry none
const NO_POLICY_NEEDED = new Set(['reset', 'forget_me', 'help'])
// answers found by searching (not follow-ups on a policy already under discussion)
const FINDS = new Set(['find_policies', 'compute_amount', 'check_eligibility', 'out_of_scope'])

export class Conversations {
  private inFlight = new Map<string, Promise<unknown>>()
  /** The officials' desk: FAQ answers, and hand-offs once the officials' channel is connected. */
  desk: Desk | null = null

  constructor(
    private bot: Bot,
    private store: Store,
    private today: () => string = beijingDay,
    private now: () => number = Date.now,
  ) {}

  /**
   * The answer to send, or null when the message is not for the bot (or was answered already).
   * `remember: false` (an API call without a key): nothing of the conversation is kept, and
   * nothing is handed to officials or followed, whose answers would have nowhere to go.
   * `redelivered: false`: the message's id was made up for this call, so it cannot come again and
   * is not claimed.
   */
  async handle(input: InboundMessage, { remember = true, redelivered = true } = {}): Promise<Turn | null> {
    const m = InboundMessage.parse(input)
    if (m.sender.role === 'self') return null
    if (m.conversation.isGroup && !m.mentionsBot) return null
    if (m.platformTime !== undefined && this.now() - m.platformTime > MAX_AGE_MS) return null
    if (remember && redelivered && !(await this.store.claim(claimKey(`${m.channel}:${m.platformMsgId}`), DEDUP_TTL_MS))) return null
    const key = sessionKey(m)
    return this.serially(key, async () => {
      const text = m.text.slice(0, MAX_QUESTION)
      const session = remember ? await this.store.load(key) : newSession()
      const message = { ...m, text }
      // following a policy needs a conversation to tell: a call that keeps none asks the bot instead
      if (this.desk && remember && SUBSCRIBE.test(text)) return { message, session: key, answer: await this.follow(askerOf({ message, session: key }), session.lastPolicies) }
      // 转人工 in any words wins over an FAQ entry that its other words resemble
      const faq = this.desk && classify(text, false).intent !== 'handoff' ? await this.desk.faqMatch(text) : null
      const answer = faq ? this.desk!.faqAnswer(faq, this.today()) : this.bot.ask(text, session, this.today())
      const turn: Turn = { message, session: key, answer }
      if (answer.intent === 'forget_me') {
        // the desk's records first: the store's forget is what makes every removal durable on disk
        await this.desk?.forget(key)
        await this.store.forget(key)
      }
      // written while the turn goes on and awaited with its record: one wait on the store, not two
      const saving = remember && answer.intent !== 'forget_me' ? this.store.save(key, { ...session, topic: scrub(session.topic) }) : undefined
      // a hand-off failing meanwhile must not leave the write's own failure unhandled
      saving?.catch(() => {})
      const unanswered = !faq && !NO_POLICY_NEEDED.has(answer.intent) && answer.intent !== 'handoff' && answer.policies.length === 0
      const guessing = !faq && answer.policies.length > 0 && FINDS.has(answer.intent) && relevance(text, answer.policies[0]) < GUESS_BELOW
      // an official's answer needs a conversation to come back to
      if (this.desk?.notify && remember && (answer.intent === 'handoff' || unanswered || guessing)) {
        const ticket = await this.desk.handOff(turn, session, answer.intent === 'handoff' ? 'asked_for_person' : 'no_answer')
        const promise = `工作人员${REPLY_WITHIN}答复（工单 ${ticket.id}），答复会发到这里。`
        const reply = guessing
          ? `这个问题我没有把握，已同时转给政策咨询工作人员，${promise}\n以下是可能相关的政策，仅供参考：\n\n${answer.reply}`
          : `${answer.intent === 'handoff' ? '好的，已为您转人工。' : '这个问题我暂时无法准确回答，已转给政策咨询工作人员。'}${promise}`
        turn.answer = { ...answer, intent: 'handoff', reply }
      }
      await Promise.all([saving, recordQuestion(this.store, new Date(this.now()), turn.answer.intent, turn.answer.policies.map((p) => p.id), turn.answer.intent === 'handoff')])
      return turn
    })
  }

  private async follow(asker: Asker, ruleIds: string[]): Promise<Answer> {
    const asOf = this.today()
    if (!ruleIds.length) return { intent: 'subscribe', reply: '请先告诉我您关注哪项政策（例如“嘉兴软件企业奖励”），再说“有变化通知我”。', asOf, policies: [], missing: [] }
    const policies = await this.desk!.subscriptions.follow(asker, ruleIds)
    await this.desk!.audit('asker', 'subscribe')
    const list = policies.map((p) => `· ${p.title}`).join('\n')
    return { intent: 'subscribe', reply: `好的，以下政策的效力或内容有变化时，我会在这里通知您：\n${list}\n说“删除我的信息”可随时取消。`, asOf, policies, missing: [] }
  }

  /** Turns of one conversation run in arrival order; different conversations run side by side. */
  private serially<T>(key: string, work: () => Promise<T>): Promise<T> {
    const before = this.inFlight.get(key) ?? Promise.resolve()
    // and across processes sharing the store, where it can say so
    const mine = before.catch(() => {}).then(() => (this.store.exclusive ? this.store.exclusive(key, work) : work()))
    this.inFlight.set(key, mine)
    mine.finally(() => this.inFlight.get(key) === mine && this.inFlight.delete(key)).catch(() => {})
    return mine
  }
}
