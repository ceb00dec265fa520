// The officials' desk through the core: hand-off → answer relayed → FAQ used next time; the
// allowlist; restarts; forget-me. Channels here are recorders of what would be sent; the real
// WeChat and Feishu SDKs are driven in test/officials/end-to-end.test.ts.
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { Bot } from '../../src/bot.js'
import { Conversations } from '../../src/conversation.js'
import type { InboundMessage } from '../../src/inbound.js'
import { knowledge } from '../../src/knowledge.js'
import { Desk } from '../../src/officials/desk.js'
import type { Ticket } from '../../src/officials/schema.js'
import { pruneQuestions, recordQuestion } from '../../src/officials/stats.js'
import { Senders, type Recipient } from '../../src/outbound.js'
import { LowdbStore } from '../../src/store/lowdb.js'

const bot = new Bot(knowledge())
const today = () => '2026-11-23'
const NO_RULE = '我想开个奶茶店有补贴吗'
let n = 0
const from = (who: string, text: string): InboundMessage => ({ channel: 'wechat', platformMsgId: `m${++n}`, conversation: { chatId: who, isGroup: false }, sender: { id: who }, text })

// every store a test opens is closed after it (an open journal left to the garbage collector warns)
const opened: LowdbStore[] = []
afterEach(async () => {
  await Promise.all(opened.splice(0).map((s) => s.close()))
})

async function setup(file: string) {
  const store = await LowdbStore.open(file)
  opened.push(store)
  const sent: { to: Recipient; text: string }[] = []
  const senders = new Senders()
  senders.register('wechat', async (to, text) => void sent.push({ to, text }))
  const desk = new Desk(store, bot, senders, { officials: ['ou_official=嘉兴市经济和信息化局'], today })
  const shown: Ticket[] = []
  desk.notify = async (t) => (shown.push(t), `card-${t.id}`)
  const conv = new Conversations(bot, store, today)
  conv.desk = desk
  return { store, desk, conv, sent, shown }
}

let file: string
beforeEach(() => void (file = join(mkdtempSync(join(tmpdir(), 'desk-')), 'store.json')))

describe("the officials' desk", () => {
  it('hands off what no rule answers, relays the answer, and answers the next asker from the FAQ', async () => {
    const { desk, conv, sent, shown } = await setup(file)
    const turn = await conv.handle(from('alice', NO_RULE))
    expect(turn?.answer.intent).toBe('handoff')
    expect(turn?.answer.reply).toMatch(/工作人员.*工单 T/)
    expect(shown).toHaveLength(1)
    const t = shown[0]
    expect(t).toMatchObject({ question: NO_RULE, reason: 'no_answer', status: 'open', asker: { channel: 'wechat', chatId: 'alice' } })
    expect((await desk.ticketByCard(`card-${t.id}`))?.id).toBe(t.id)

    const answer = '奶茶店属于餐饮个体工商户，可咨询当地市场监管部门的个体工商户扶持措施。'
    const done = await desk.answer(t.id, 'ou_official', answer)
    expect(done).toMatchObject({ ok: true, ticket: { status: 'answered' } })
    if (done.ok) await done.delivered
    expect(sent).toHaveLength(1)
    expect(sent[0].to).toMatchObject({ channel: 'wechat', chatId: 'alice' })
    expect(sent[0].text).toContain(answer)
    expect(sent[0].text).toContain('嘉兴市经济和信息化局，2026-11-23')

    expect((await desk.addFaq(t.id, 'ou_official')).ok).toBe(true)
    const bob = await conv.handle(from('bob', '请问开个奶茶店有补贴吗？'))
    expect(bob?.answer.intent).toBe('lookup')
    expect(bob?.answer.reply).toContain(answer)
    expect(bob?.answer.reply).toContain('2026-11-23')
    expect(shown).toHaveLength(1) // no second ticket
  })

  it('refuses anyone not on the allowlist, and records the attempt', async () => {
    const { desk, conv, sent, shown } = await setup(file)
    await conv.handle(from('alice', '转人工'))
    expect(shown[0].reason).toBe('asked_for_person')
    expect(await desk.answer(shown[0].id, 'ou_stranger', '随便答一个')).toEqual({ ok: false, reason: 'not_allowed' })
    expect(sent).toHaveLength(0)
    expect((await desk.ticket(shown[0].id))?.status).toBe('open')
    expect((await desk.auditLog()).map((a) => a.action)).toContain('answer_refused')
    expect(await desk.answer('T-none', 'ou_official', 'x')).toEqual({ ok: false, reason: 'unknown_ticket' })
  })

  it('answers with one of its own guesses worked out for the asker', async () => {
    const { desk, conv, sent, shown } = await setup(file)
    await conv.handle(from('carol', '我们嘉兴做软件的，去年营收三千五百万，涨了20%'))
    await conv.handle(from('carol', '找人工客服'))
    const t = shown[0]
    expect(t.guesses.length).toBeGreaterThan(0)
    expect(t.facts).toMatchObject({ region: '嘉兴市' })
    const guess = t.guesses[0].id
    expect((await desk.answerWithGuess(t.id, 'ou_official', guess)).ok).toBe(true)
    expect(sent[0].text).toMatch(/适用政策/)
    expect(await desk.answerWithGuess(t.id, 'ou_official', guess)).toEqual({ ok: false, reason: 'closed' })
  })

  it('keeps open tickets and FAQ entries across a restart', async () => {
    const first = await setup(file)
    await first.conv.handle(from('dave', NO_RULE))
    const open = first.shown[0]
    await first.store.close()
    const again = await setup(file)
    expect((await again.desk.ticket(open.id))?.status).toBe('open')
    expect((await again.desk.answer(open.id, 'ou_official', '答复内容')).ok).toBe(true)
    expect(again.sent[0].to.chatId).toBe('dave')
    await again.desk.addFaq(open.id, 'ou_official')
    await again.store.close()
    const third = await setup(file)
    expect((await third.desk.faqs()).map((f) => f.status)).toEqual(['live'])
  })

  it('edits and retires FAQ entries; a retired one is not used', async () => {
    const { desk, conv, shown } = await setup(file)
    await conv.handle(from('erin', NO_RULE))
    await desk.answer(shown[0].id, 'ou_official', '第一版答复')
    const { faq } = (await desk.addFaq(shown[0].id, 'ou_official')) as { faq: { id: string } }
    expect((await desk.editFaq(faq.id, 'ou_official', { answer: '第二版答复' }))?.answer).toBe('第二版答复')
    expect((await conv.handle(from('frank', NO_RULE)))?.answer.reply).toContain('第二版答复')
    expect(await desk.retireFaq(faq.id, 'ou_stranger')).toBeNull()
    await desk.retireFaq(faq.id, 'ou_official')
    expect((await conv.handle(from('gina', NO_RULE)))?.answer.intent).toBe('handoff')
  })

  it('hands off a person who asks for one, even in words an FAQ entry resembles', async () => {
    const { desk, conv, shown } = await setup(file)
    await conv.handle(from('ivy', NO_RULE))
    await desk.answer(shown[0].id, 'ou_official', '答复内容')
    await desk.addFaq(shown[0].id, 'ou_official')
    const asked = await conv.handle(from('ivy', `转人工，${NO_RULE}，我的电话在工单里`))
    expect(asked?.answer.intent).toBe('handoff')
    expect(asked?.answer.reply).not.toContain('答复内容')
    expect(shown.length).toBe(2) // a ticket for the person asked for
  })

  it('forgets the person: their tickets and kept messages go, the audit keeps only that it happened', async () => {
    const { desk, conv, shown, store } = await setup(file)
    await conv.handle(from('hank', NO_RULE))
    await conv.handle(from('hank', '删除我的信息'))
    expect(await desk.ticket(shown[0].id)).toBeUndefined()
    expect(JSON.stringify(await store.list('audit'))).not.toContain('奶茶')
  })

  it('keeps an answer for a channel that cannot be reached now, to hand over later', async () => {
    const { desk, conv, shown } = await setup(file)
    await conv.handle({ ...from('ivy', NO_RULE), channel: 'web' })
    const done = await desk.answer(shown[0].id, 'ou_official', '稍后送达的答复')
    if (done.ok) await done.delivered
    expect(await desk.takeInbox('web:ivy')).toEqual([expect.stringContaining('稍后送达的答复')])
    expect(await desk.takeInbox('web:ivy')).toEqual([])
  })
})

describe('subscriptions and stats', () => {
  // a desk and a conversation core whose day the test moves on
  async function following(first: string) {
    const store = await LowdbStore.open(file)
    opened.push(store)
    const clock = { day: first }
    const sent: { to: Recipient; text: string }[] = []
    const senders = new Senders()
    senders.register('wechat', async (to, text) => void sent.push({ to, text }))
    const desk = new Desk(store, bot, senders, { officials: [], today: () => clock.day })
    const conv = new Conversations(bot, store, () => clock.day)
    conv.desk = desk
    return { clock, sent, desk, conv }
  }

  it('tells a follower when a policy they asked about expires', async () => {
    const { clock, sent, desk, conv } = await following('2020-04-01')
    const asked = await conv.handle(from('jack', '河北降低企业住房公积金缴存比例的政策延长到什么时候？'))
    expect(asked?.answer.policies.map((p) => p.id)).toContain('hebei18-pe-housing-fund-rate')
    const follow = await conv.handle(from('jack', '这个政策有变化通知我'))
    expect(follow?.answer.intent).toBe('subscribe')
    expect(await desk.notifyChanges()).toBe(0) // nothing changed yet
    clock.day = '2020-04-20'
    expect(await desk.notifyChanges()).toBe(0) // a later day is no change (the reply's 截至 date moves)
    clock.day = '2020-05-01'
    expect(await desk.notifyChanges()).toBe(1)
    expect(sent[0].to.chatId).toBe('jack')
    expect(sent[0].text).toMatch(/住房公积金.*已生效 → 已失效/)
    expect(await desk.notifyChanges()).toBe(0) // told once
  })

  it('tells a follower when a later notice comes to govern in place of a policy they asked about', async () => {
    const { clock, sent, desk, conv } = await following('2018-12-15')
    const asked = await conv.handle(from('nina', '小型微利企业所得税是怎么减的？应纳税所得额多少以内能享受？'))
    expect(asked?.answer.policies.map((p) => p.id)).toContain('tax-small-low-profit-rate')
    await conv.handle(from('nina', '这个政策有变化通知我'))
    expect(await desk.notifyChanges()).toBe(0)
    clock.day = '2019-03-01' // 财税〔2019〕13号 governs tax years from 2019
    expect(await desk.notifyChanges()).toBe(1)
    expect(sent[0].text).toMatch(/小型微利.*自2019-01-01起已被《.*》（财税〔2019〕13号）取代/)
    expect(await desk.notifyChanges()).toBe(0) // told once
  })

  it('counts the week: questions, hand-offs, open tickets, most asked policies', async () => {
    const { desk, conv } = await setup(file)
    await conv.handle(from('kate', '我们嘉兴做软件的，去年营收三千五百万，涨了20%，能拿啥奖励？'))
    await conv.handle(from('liam', '嘉兴软件业务收入新达到3000万有奖励吗'))
    await conv.handle(from('mia', NO_RULE))
    const s = await desk.stats()
    expect(s).toMatchObject({ questions: 3, handoffs: 1 })
    expect(s.unanswered.map((t) => t.question)).toEqual([NO_RULE])
    expect(s.handedOff.map((t) => t.question)).toEqual([NO_RULE])
    expect(s.topPolicies[0]).toEqual({ id: 'jiaxing-software-revenue-milestone', count: 2 })
  })

  it('keeps question records for 90 days only', async () => {
    const { store } = await setup(file)
    await recordQuestion(store, new Date('2026-01-01T00:00:00Z'), 'find_policies', [], false)
    await recordQuestion(store, new Date('2026-11-01T00:00:00Z'), 'find_policies', [], false)
    expect(await pruneQuestions(store, new Date('2026-11-23T00:00:00Z'))).toBe(1)
    expect(await store.list('questions')).toHaveLength(1)
  })
})
