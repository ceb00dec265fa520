// The core every channel goes through: what is dropped, what is answered once, in what order.
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { Bot } from '../src/bot.js'
import { Conversations, MAX_AGE_MS } from '../src/conversation.js'
import type { InboundMessage } from '../src/inbound.js'
import { knowledge } from '../src/knowledge.js'
import { LowdbStore } from '../src/store/lowdb.js'

const bot = new Bot(knowledge())
const JIAXING = '我们嘉兴做软件的，去年营收三千五百万，涨了20%，能拿啥奖励？'
let n = 0
const msg = (text: string, over: Partial<InboundMessage> = {}): InboundMessage => ({
  channel: 'wechat',
  platformMsgId: `m${++n}`,
  conversation: { chatId: 'alice', isGroup: false },
  sender: { id: 'alice' },
  text,
  ...over,
})

let file: string
let store: LowdbStore
let conv: Conversations
beforeEach(async () => {
  file = join(mkdtempSync(join(tmpdir(), 'conv-')), 'store.json')
  store = await LowdbStore.open(file)
  conv = new Conversations(bot, store, () => '2026-11-23')
})
// an open journal left to the garbage collector warns
afterEach(() => store.close())

describe('conversations', () => {
  it('answers a person and keeps their facts for the next turn', async () => {
    const first = await conv.handle(msg(JIAXING))
    expect(first?.answer.policies[0].amount?.value).toBe(500000)
    const next = await conv.handle(msg('那要准备啥材料？'))
    expect(next?.answer.intent).toBe('documents')
    expect(next?.answer.policies[0].id).toBe(first?.answer.policies[0].id)
    expect((await store.load('wechat:alice')).profile).toMatchObject({ region: '嘉兴市' })
  })

  it('drops its own messages, group messages without @ and replays of old messages', async () => {
    expect(await conv.handle(msg(JIAXING, { sender: { id: 'bot', role: 'self' } }))).toBeNull()
    expect(await conv.handle(msg(JIAXING, { conversation: { chatId: 'room', isGroup: true } }))).toBeNull()
    expect(await conv.handle(msg(JIAXING, { platformTime: Date.now() - MAX_AGE_MS - 1000 }))).toBeNull()
    const mentioned = await conv.handle(msg(JIAXING, { conversation: { chatId: 'room', isGroup: true }, mentionsBot: true, platformTime: Date.now() }))
    expect(mentioned?.session).toBe('wechat:room:alice') // each member of a group has their own facts
  })

  it('answers a message delivered twice once, also after a restart', async () => {
    const m = msg(JIAXING)
    const [a, b] = await Promise.all([conv.handle(m), conv.handle(m)])
    expect([a, b].filter(Boolean)).toHaveLength(1)
    await store.close()
    store = await LowdbStore.open(file)
    const restarted = new Conversations(bot, store, () => '2026-11-23')
    expect(await restarted.handle(m)).toBeNull()
    expect(await restarted.handle(msg(JIAXING))).not.toBeNull()
  })

  it('claims nothing for an id made up for the call, which no platform can send again', async () => {
    const m = msg(JIAXING)
    expect(await conv.handle(m, { redelivered: false })).not.toBeNull()
    expect(await conv.handle(m, { redelivered: false })).not.toBeNull()
    // the turns were kept all the same
    expect((await store.load('wechat:alice')).profile).toMatchObject({ region: '嘉兴市' })
  })

  it('takes the turns of one conversation in order, others side by side', async () => {
    const order: string[] = []
    const turns = ['我们是嘉兴的软件企业', '去年软件业务收入3500万', '增长了20%'].map((t) => conv.handle(msg(t)).then((r) => order.push(r!.message.text)))
    await Promise.all(turns)
    expect(order).toEqual(['我们是嘉兴的软件企业', '去年软件业务收入3500万', '增长了20%'])
    const s = await store.load('wechat:alice')
    expect(s.profile).toMatchObject({ region: '嘉兴市', revenueGrowth: 0.2 })
  })

  it('forgets a person on request', async () => {
    await conv.handle(msg(JIAXING))
    const r = await conv.handle(msg('删除我的信息'))
    expect(r?.answer.intent).toBe('forget_me')
    expect((await store.load('wechat:alice')).profile).toEqual({})
  })
})
