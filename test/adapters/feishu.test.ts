// The Feishu channel end to end: the whole app started with the Feishu adapter, events built,
// encrypted and signed as Feishu does and POSTed over HTTP, the real SDK client talking to a
// fake open API on localhost; and the long connection against the fake's WebSocket.
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { answerCard, escapeMd } from '../../adapters/feishu/card.js'
import { createFeishuAdapter, feishu } from '../../adapters/feishu/index.js'
import { LONG_CONNECTION } from '../../adapters/feishu/long-connection.js'
import { api } from '../../adapters/http/api.js'
import { messageText } from '../../adapters/feishu/inbound.js'
import { createLarkClient, FeishuClient, idempotencyKey } from '../../adapters/feishu/send.js'
import { Bot, newSession } from '../../src/bot.js'
import { startApp, type App } from '../../src/app.js'
import { Config } from '../../src/config.js'
import { knowledge } from '../../src/knowledge.js'
import { createLogger } from '../../src/log.js'
import { FakeFeishu, messageEvent, postEvent, urlVerification, type MessageEventInput, type PostOptions, type Recorded } from '../fakes/feishu-open-api.js'

const JIAXING = '我们嘉兴做软件的，去年营收三千五百万，涨了20%，能拿啥奖励？'
const APP_ID = 'cli_a1b2c3d4e5f60718'
const ENCRYPT_KEY = 'test-encrypt-key-0123456789'
const TOKEN = 'test-verification-token'
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
let n = 0
const uniq = (prefix: string) => `${prefix}_${Date.now().toString(16)}${(++n).toString().padStart(4, '0')}`

const config = (fake: FakeFeishu, extra: Record<string, string> = {}) =>
  Config.parse({
    PORT: 0,
    DATA_DIR: mkdtempSync(join(tmpdir(), 'feishu-')),
    LOG_LEVEL: 'silent',
    FEISHU_APP_ID: APP_ID,
    FEISHU_APP_SECRET: 'test-app-secret',
    FEISHU_ENCRYPT_KEY: ENCRYPT_KEY,
    FEISHU_VERIFICATION_TOKEN: TOKEN,
    FEISHU_DOMAIN: fake.url,
    ...extra,
  })

const cardOf = (r: Recorded) => JSON.parse(r.body.content)
const text = (card: unknown) => JSON.stringify(card)

describe('Feishu by webhook', { timeout: 30_000 }, () => {
  let fake: FakeFeishu
  let app: App
  let events: string
  const post = (payload: unknown, o: PostOptions = {}) => postEvent(events, payload, { encryptKey: ENCRYPT_KEY, ...o })
  const ask = (m: MessageEventInput, o: PostOptions = {}) => post(messageEvent({ token: TOKEN, appId: APP_ID, ...m }), o)

  /** A message after the ones under test, in the same conversation: once it is answered, they have been handled. */
  async function settled(m: Pick<MessageEventInput, 'chatId' | 'chatType' | 'senderOpenId'>) {
    const messageId = uniq('om_barrier')
    const mentions = m.chatType === 'group' ? [{ openId: fake.botOpenId, name: fake.botName }] : undefined
    await ask({ ...m, messageId, text: `${mentions ? '@_user_1 ' : ''}你好`, mentions })
    await fake.replyTo(messageId)
    await sleep(100)
  }

  beforeAll(async () => {
    fake = await FakeFeishu.start()
    app = await startApp(config(fake), [feishu])
    events = `${app.url}/feishu/events`
  }, 60_000)
  afterAll(async () => {
    await app?.stop()
    await fake?.close()
  })

  it('answers the URL check, encrypted, with its challenge', async () => {
    const r = await post(urlVerification('challenge-123', TOKEN), { signature: null })
    expect(r).toMatchObject({ status: 200, body: { challenge: 'challenge-123' } })
    const signed = await post(urlVerification('challenge-456', TOKEN))
    expect(signed).toMatchObject({ status: 200, body: { challenge: 'challenge-456' } })
  })

  it('refuses a URL check with another token, or unencrypted and unsigned', async () => {
    expect((await post(urlVerification('c', 'not-the-token'), { signature: null })).status).toBe(401)
    expect((await postEvent(events, urlVerification('c', TOKEN))).status).toBe(401)
  })

  it('answers the 嘉兴 question in a private chat with a JSON 2.0 card: 50万, 征求意见稿, the clause', async () => {
    const messageId = uniq('om_jiaxing')
    const r = await ask({ messageId, text: JIAXING })
    expect(r.status).toBe(200)
    const reply = await fake.replyTo(messageId)
    expect(reply.body.msg_type).toBe('interactive')
    expect(reply.headers.authorization).toBe('Bearer t-fake-tenant-access-token')
    expect(reply.body.uuid.length).toBeLessThanOrEqual(50)
    const card = cardOf(reply)
    expect(card.schema).toBe('2.0')
    expect(card.header.template).toBe('orange') // a draft
    expect(card.header.title.content).toBe('软件业务收入新达到规模奖励')
    const first = card.body.elements[0]
    expect(first.tag).toBe('markdown')
    expect(first.content).toContain('50万') // the figure comes first
    const all = text(card)
    expect(all).toContain('征求意见稿')
    expect(all).toContain('关于加快软件产业高质量发展的实施意见') // source document
    expect(all).toContain('四、（三）') // the clause, by the document's own labels
    expect(all).not.toMatch(/第\d+行/)
    expect(all).toContain('增速在10%以上') // a condition, and the quoted clause
    expect(all).toContain('截至')
  })

  it('answers an event delivered twice (same event_id and message_id) once', async () => {
    const chatId = uniq('oc_twice')
    const event = messageEvent({ token: TOKEN, appId: APP_ID, chatId, text: JIAXING })
    const [a, b] = await Promise.all([post(event), post(event)])
    expect([a.status, b.status]).toEqual([200, 200])
    await settled({ chatId })
    expect(fake.replies(event.event.message.message_id)).toHaveLength(1)
  })

  it('answers a retry with a new event_id but the same message_id once', async () => {
    const chatId = uniq('oc_retry')
    const messageId = uniq('om_retry')
    await ask({ chatId, messageId, eventId: uniq('ev1'), text: JIAXING })
    await fake.replyTo(messageId)
    expect((await ask({ chatId, messageId, eventId: uniq('ev2'), text: JIAXING })).status).toBe(200)
    await settled({ chatId })
    expect(fake.replies(messageId)).toHaveLength(1)
  })

  it('refuses a bad signature with 401 and does not answer', async () => {
    const chatId = uniq('oc_sig')
    const forged = uniq('om_forged')
    expect((await ask({ chatId, messageId: forged, text: JIAXING }, { signature: 'ab'.repeat(32) })).status).toBe(401)
    expect((await ask({ chatId, messageId: forged, text: JIAXING }, { signWith: 'another-key' })).status).toBe(401)
    expect((await ask({ chatId, messageId: forged, text: JIAXING }, { signature: null })).status).toBe(401)
    await settled({ chatId })
    expect(fake.replies(forged)).toHaveLength(0)
  })

  it('refuses a timestamp more than 5 minutes from now', async () => {
    const chatId = uniq('oc_stale')
    const stale = uniq('om_stale')
    const now = Math.floor(Date.now() / 1000)
    expect((await ask({ chatId, messageId: stale, text: JIAXING }, { timestamp: now - 301 })).status).toBe(401)
    // a future stamp comes nearer while the suite runs: half a minute beyond the window stays beyond
    expect((await ask({ chatId, messageId: stale, text: JIAXING }, { timestamp: now + 330 })).status).toBe(401)
    await settled({ chatId })
    expect(fake.replies(stale)).toHaveLength(0)
    // within the window it is answered
    const fresh = uniq('om_fresh')
    expect((await ask({ chatId, messageId: fresh, text: JIAXING }, { timestamp: now - 200 })).status).toBe(200)
    await fake.replyTo(fresh)
  })

  it('refuses an event with another verification token', async () => {
    const chatId = uniq('oc_token')
    const wrong = uniq('om_wrong_token')
    const r = await post(messageEvent({ token: 'someone-else', appId: APP_ID, chatId, messageId: wrong, text: JIAXING }))
    expect(r.status).toBe(401)
    await settled({ chatId })
    expect(fake.replies(wrong)).toHaveLength(0)
  })

  it('in a group, answers only a message that @-mentions the bot, without the @ in what it reads', async () => {
    const chatId = uniq('oc_group')
    const senderOpenId = uniq('ou_member')
    const plain = uniq('om_no_at')
    const other = uniq('om_at_other')
    const mentioned = uniq('om_at_bot')
    await ask({ chatId, chatType: 'group', senderOpenId, messageId: plain, text: JIAXING })
    await ask({ chatId, chatType: 'group', senderOpenId, messageId: other, text: `@_user_1 ${JIAXING}`, mentions: [{ openId: 'ou_someone_else', name: '张三' }] })
    await ask({ chatId, chatType: 'group', senderOpenId, messageId: mentioned, text: `@_user_1 ${JIAXING}`, mentions: [{ openId: fake.botOpenId, name: fake.botName }] })
    const reply = await fake.replyTo(mentioned)
    expect(reply.body.content).toContain('50万')
    await settled({ chatId, chatType: 'group', senderOpenId })
    expect(fake.replies(plain)).toHaveLength(0)
    expect(fake.replies(other)).toHaveLength(0)
  })

  it('answers the event at once while the reply is still on its way', async () => {
    const messageId = uniq('om_slow')
    fake.delay(new RegExp(`/${messageId}/reply$`), 3500) // the turn cannot finish before its reply has been sent
    const started = Date.now()
    const r = await ask({ messageId, text: JIAXING })
    expect(r.status).toBe(200)
    expect(r.ms).toBeLessThan(1000) // Feishu resends what is not answered within 3 s
    const reply = await fake.replyTo(messageId, 10_000)
    expect(Date.now() - started).toBeGreaterThanOrEqual(3500)
    expect(reply.body.content).toContain('50万')
  })

  it('retries a failed send with the same uuid, and falls back to text when the card is refused', async () => {
    const flaky = uniq('om_flaky')
    fake.failNext(new RegExp(`/${flaky}/reply$`), 1, 500)
    await ask({ messageId: flaky, text: JIAXING })
    await fake.waitFor((r) => r.path.endsWith(`/${flaky}/reply`) && Boolean(r.messageId), 10_000)
    const tries = fake.replies(flaky)
    expect(tries).toHaveLength(2)
    expect(tries[0].body.uuid).toBe(tries[1].body.uuid)

    const refused = uniq('om_refused')
    fake.failNext(new RegExp(`/${refused}/reply$`), 1, 400, { code: 230099, msg: 'Failed to create card content' })
    await ask({ messageId: refused, text: JIAXING })
    const fallback = await fake.waitFor((r) => r.path.endsWith(`/${refused}/reply`) && r.body.msg_type === 'text')
    expect(JSON.parse(fallback.body.content).text).toContain('50万')
  })

  it('does not answer a message replayed long after it was sent, nor an image', async () => {
    const chatId = uniq('oc_old')
    const old = uniq('om_old')
    const image = uniq('om_image')
    await ask({ chatId, messageId: old, text: JIAXING, createTime: Date.now() - 10 * 60_000 })
    await ask({ chatId, messageId: image, text: '', messageType: 'image', content: JSON.stringify({ image_key: 'img_v2_x' }) })
    await settled({ chatId })
    expect(fake.replies(old)).toHaveLength(0)
    expect(fake.replies(image)).toHaveLength(0)
  })

  it('keeps the conversation: a follow-up in the same chat uses the facts given before', async () => {
    const chatId = uniq('oc_followup')
    const first = uniq('om_first')
    const second = uniq('om_second')
    await ask({ chatId, messageId: first, text: '我们是嘉兴的软件企业，去年软件业务收入3500万' })
    await fake.replyTo(first)
    await ask({ chatId, messageId: second, text: '比前年增长了20%' })
    expect((await fake.replyTo(second)).body.content).toContain('50万')
  })
})

describe('Feishu by webhook without an encrypt key', { timeout: 30_000 }, () => {
  let fake: FakeFeishu
  let app: App
  beforeAll(async () => {
    fake = await FakeFeishu.start()
    app = await startApp(config(fake, { FEISHU_ENCRYPT_KEY: '' }), [feishu])
  }, 60_000)
  afterAll(async () => {
    await app?.stop()
    await fake?.close()
  })

  it('answers a plain URL check and plain events, still checking the token', async () => {
    const events = `${app.url}/feishu/events`
    expect(await postEvent(events, urlVerification('plain-1', TOKEN))).toMatchObject({ status: 200, body: { challenge: 'plain-1' } })
    expect((await postEvent(events, urlVerification('plain-2', 'wrong'))).status).toBe(401)
    const messageId = uniq('om_plain')
    expect((await postEvent(events, messageEvent({ token: TOKEN, messageId, text: JIAXING }))).status).toBe(200)
    expect((await fake.replyTo(messageId)).body.content).toContain('50万')
    expect((await postEvent(events, messageEvent({ token: 'wrong', text: JIAXING }))).status).toBe(401)
  })
})

describe('Feishu by long connection (FEISHU_MODE=ws)', { timeout: 30_000 }, () => {
  it('connects with the SDK WSClient, answers a pushed event, and closes on stop', async () => {
    const fake = await FakeFeishu.start()
    const app = await startApp(config(fake, { FEISHU_MODE: 'ws' }), [feishu])
    try {
      await fake.ws.connection()
      expect(fake.requests.find((r) => r.path === '/callback/ws/endpoint')?.body).toMatchObject({ AppID: APP_ID })
      const messageId = uniq('om_ws')
      const ack = await fake.ws.push(messageEvent({ appId: APP_ID, messageId, text: JIAXING }))
      expect(ack.code).toBe(200)
      const reply = await fake.replyTo(messageId)
      expect(cardOf(reply).schema).toBe('2.0')
      expect(reply.body.content).toContain('50万')
      // no webhook in this mode
      expect((await postEvent(`${app.url}/feishu/events`, urlVerification('x', TOKEN))).status).toBe(404)
    } finally {
      await app.stop()
    }
    await sleep(200)
    expect(fake.ws.connected).toBe(0)
    await fake.close()
  })
})

describe('the long connection, watched', { timeout: 30_000 }, () => {
  const health = async (app: App) => (await (await fetch(`${app.url}/healthz`)).json()) as { ok: boolean; channels: Record<string, { state: string; lastError?: { message: string } }> }
  const state = async (app: App) => (await health(app)).channels[LONG_CONNECTION]
  /** The long connection's state once it reads `want`. */
  const stateBecomes = (app: App, want: string, interval = 50) =>
    vi.waitFor(async () => {
      const s = await state(app)
      expect(s.state).toBe(want)
      return s
    }, { timeout: 5_000, interval })
  /** An event pushed over the connection is answered. */
  const answersPushed = async (fake: FakeFeishu, id: string) => {
    const messageId = uniq(id)
    expect((await fake.ws.push(messageEvent({ appId: APP_ID, messageId, text: JIAXING }))).code).toBe(200)
    expect((await fake.replyTo(messageId)).body.content).toContain('50万')
  }

  it('notices a half-open socket by its ping timeout, shows it down in /healthz while the API answers, and comes back', async () => {
    const fake = await FakeFeishu.start()
    // a ping each 0.4 s, and 0.2 s for its answer (each ping re-arms the SDK's watchdog: the timeout must be the shorter)
    fake.ws.pingIntervalSec = 0.4
    const app = await startApp(config(fake, { FEISHU_MODE: 'ws' }), [api, createFeishuAdapter({ longConnection: { pingTimeoutSec: 0.2 } })])
    try {
      await fake.ws.connection()
      await vi.waitFor(async () => expect(await state(app)).toMatchObject({ state: 'up' }))
      expect((await health(app)).ok).toBe(true)

      // the platform's side goes silent, no FIN, no RST; and it takes a while to let the client back
      fake.delay(/^\/callback\/ws\/endpoint$/, 1500)
      fake.ws.halfOpen()
      const down = await vi.waitFor(async () => {
        const h = await health(app)
        expect(h.channels[LONG_CONNECTION].state).toBe('down')
        return h
      }, { timeout: 5_000, interval: 50 })
      expect(down.ok).toBe(false)
      expect(down.channels[LONG_CONNECTION].lastError?.message).toMatch(/reconnect/)
      expect(down.channels['JSON API'].state).toBe('up')
      const asked = await fetch(`${app.url}/api/ask`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ question: JIAXING }) })
      expect(asked.status).toBe(200)

      // the SDK reconnects on a new socket, and events flow again
      await fake.ws.connection()
      await stateBecomes(app, 'up')
      await answersPushed(fake, 'om_back')
    } finally {
      await app.stop()
      await fake.close()
    }
  })

  it('starts the client again when the SDK gives up, and shows why it was down', async () => {
    const fake = await FakeFeishu.start()
    // the platform refuses the first two connection requests outright: the SDK does not retry those
    fake.failNext(/^\/callback\/ws\/endpoint$/, 2, 200, { code: 403, msg: 'forbidden', data: {} })
    const app = await startApp(config(fake, { FEISHU_MODE: 'ws' }), [api, createFeishuAdapter({ longConnection: { restartMs: 100 } })])
    try {
      const down = await stateBecomes(app, 'down', 20)
      expect(down.lastError?.message).toMatch(/403|forbidden/)
      await fake.ws.connection()
      expect(await stateBecomes(app, 'up')).toMatchObject({ lastError: { message: expect.stringMatching(/forbidden/) } })
      expect(fake.requests.filter((r) => r.path === '/callback/ws/endpoint')).toHaveLength(3)
    } finally {
      await app.stop()
      await fake.close()
    }
  })

  it('shows a first connection that failed in a way the SDK retries silently as down, and starts it again soon', async () => {
    const fake = await FakeFeishu.start()
    // a server error on the first connection request: retried by the SDK only after its default two minutes
    fake.failNext(/^\/callback\/ws\/endpoint$/, 1, 500)
    const app = await startApp(config(fake, { FEISHU_MODE: 'ws' }), [api, createFeishuAdapter({ longConnection: { connectWithinMs: 300, restartMs: 100 } })])
    try {
      const down = await stateBecomes(app, 'down', 20)
      expect(down.lastError?.message).toMatch(/not connected/)
      await fake.ws.connection()
      await stateBecomes(app, 'up')
      await answersPushed(fake, 'om_late')
    } finally {
      await app.stop()
      await fake.close()
    }
  })
})

describe('FeishuClient, the helper later channels reuse', { timeout: 30_000 }, () => {
  it('sends a card to a chat, patches it, and gives up at once on what the API refuses', async () => {
    const fake = await FakeFeishu.start()
    try {
      const cfg = config(fake)
      const client = new FeishuClient(createLarkClient(cfg, createLogger('silent')), { tries: 3, firstWaitMs: 10 })
      const card = answerCard(new Bot(knowledge()).ask(JIAXING, newSession(), '2026-11-23'))
      const id = await client.sendCard('oc_officials', card, idempotencyKey('handoff', 't1'))
      const sent = fake.sent()[0]
      expect(sent.query.receive_id_type).toBe('chat_id')
      expect(sent.body).toMatchObject({ receive_id: 'oc_officials', msg_type: 'interactive', uuid: idempotencyKey('handoff', 't1') })
      await client.patchCard(id!, card)
      expect(fake.patches()[0].path).toBe(`/open-apis/im/v1/messages/${id}`)
      expect(await client.botOpenId()).toBe(fake.botOpenId)

      fake.failNext(/\/reply$/, 5, 400, { code: 230002, msg: 'Bot/User can NOT be out of the chat.' })
      await expect(client.replyCard('om_gone', card)).rejects.toMatchObject({ code: 230002, retryable: false })
      expect(fake.replies('om_gone')).toHaveLength(1)
    } finally {
      await fake.close()
    }
  })
})

describe('the answer card', () => {
  const bot = new Bot(knowledge())
  const ask = (q: string) => bot.ask(q, newSession(), '2026-11-23')

  it('says which condition fails and by how much when the enterprise does not qualify', () => {
    const card = answerCard(ask('我们是嘉兴的软件企业，去年软件业务收入3500万，比前年增长8%，能拿多少奖励？'))
    const all = text(card)
    expect(all).toContain('不符合')
    expect(all).toContain('10%')
    expect(card.header.text_tag_list?.map((t) => t.text.content)).toContain('不符合条件')
  })

  it('lists other policies briefly and shows a reply without policies as text', () => {
    const card = answerCard(ask(JIAXING))
    expect(text(card)).toContain('其他相关条款')
    const help = answerCard(ask('你好'))
    expect(help.schema).toBe('2.0')
    expect(text(help)).toContain('嘉兴')
  })

  it('escapes what Feishu would read as markup', () => {
    expect(escapeMd('a*b_<at id=all></at>')).not.toMatch(/[*_<>]/)
  })
})

describe('reading a Feishu message', () => {
  const bot = 'ou_bot'
  const mentions = [
    { key: '@_user_1', id: { open_id: bot }, name: '政策助手' },
    { key: '@_user_2', id: { open_id: 'ou_z' }, name: '张三' },
  ]
  it('drops the bot’s @, names other people, reads rich text', () => {
    expect(messageText('text', JSON.stringify({ text: '@_user_1 嘉兴 @_user_2 说的奖励' }), mentions, bot)).toBe('嘉兴 @张三 说的奖励')
    const post = { zh_cn: { title: '咨询', content: [[{ tag: 'at', user_id: '@_user_1' }, { tag: 'text', text: ' 嘉兴软件' }], [{ tag: 'text', text: '能拿多少？' }]] } }
    expect(messageText('post', JSON.stringify(post), mentions, bot)).toBe('咨询\n嘉兴软件\n能拿多少？')
    expect(messageText('image', JSON.stringify({ image_key: 'x' }), [], bot)).toBeNull()
  })
})
