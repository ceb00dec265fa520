// The WeChat channel end to end: the whole app with a real Wechaty on wechaty-puppet-mock.
// People speak through the mocker; what the bot sends is read from the mocker's own events
// (the bot's contact emits every message it sends, at the moment it sends it).
import { existsSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pino from 'pino'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { types } from 'wechaty'
import { mock, PuppetMock } from 'wechaty-puppet-mock'
import { stripMention } from '../../adapters/wechat/inbound.js'
import { WECHAT_LOGIN, wechatAdapter } from '../../adapters/wechat/index.js'
import { startApp, type App } from '../../src/app.js'
import { newSession } from '../../src/bot.js'
import { Config } from '../../src/config.js'
import type { Logger } from '../../src/log.js'

const JIAXING = '我们嘉兴做软件的，去年营收三千五百万，涨了20%，能拿啥奖励？'
const GAP = 50
const AT = '\u2005' // what WeChat puts after an @-mention

interface Sent {
  id: string
  to: string // the room, or the contact spoken to
  text: string
  at: number
}

/** A running app with a mock WeChat: the bot's account, a few people and a group. */
async function world(options: { maxChars?: number; dailyCap?: number } = {}) {
  const dataDir = mkdtempSync(join(tmpdir(), 'wechat-'))
  const logs: Record<string, unknown>[] = []
  const log = pino({ level: 'info' }, { write: (line: string) => void logs.push(JSON.parse(line)) }) as unknown as Logger
  const mocker = new mock.Mocker()
  const puppet = new PuppetMock({ mocker })
  const botUser = mocker.createContact({ name: '政策助手' })
  const sent: Sent[] = []
  // the bot's contact also emits the messages spoken to it: keep only what it says
  botUser.on('message', (m) => {
    if (m.payload.talkerId === botUser.id) sent.push({ id: m.id, to: m.payload.roomId ?? m.payload.listenerId ?? '', text: m.payload.text ?? '', at: Date.now() })
  })
  const config = Config.parse({ PORT: 0, DATA_DIR: dataDir, LOG_LEVEL: 'silent', WECHATY_PUPPET: 'wechaty-puppet-mock' })
  const app = await startApp(config, [wechatAdapter({ puppet, gapMs: GAP, ...options })], log)
  mocker.scan('https://login.weixin.qq.com/l/mock-qr')
  mocker.login(botUser)
  await waitFor(() => puppet.isLoggedIn, 'login')

  const person = (name: string) => mocker.createContact({ name })
  const sentTo = (id: string) => sent.filter((s) => s.to === id)
  /** Waits for `n` messages from the bot to `id`, then a little longer to catch any extra one. */
  async function replies(id: string, n = 1, settleMs = 300): Promise<Sent[]> {
    await waitFor(() => sentTo(id).length >= n, `${n} message(s) to ${id}`)
    await sleep(settleMs)
    return sentTo(id)
  }
  return { app, mocker, puppet, botUser, sent, logs, dataDir, person, sentTo, replies }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
async function waitFor(ok: () => boolean, what: string, timeoutMs = 5000) {
  const end = Date.now() + timeoutMs
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await sleep(10)
  }
}

describe('WeChat channel (wechaty + puppet-mock)', () => {
  let w: Awaited<ReturnType<typeof world>>
  beforeAll(async () => {
    w = await world()
  }, 20_000)
  afterAll(async () => {
    await w?.app.stop()
  })

  it('answers the 嘉兴 question in a private chat with 50万 and the draft note', async () => {
    const boss = w.person('张老板')
    boss.say(JIAXING).to(w.botUser)
    const [reply, ...more] = await w.replies(boss.id)
    expect(more).toEqual([])
    expect(reply.text).toContain('50万')
    expect(reply.text).toContain('征求意见稿')
    expect(reply.text).toContain('软件业务收入新达到规模奖励')
    expect(reply.text).not.toMatch(/\*\*|^#/m) // plain text on a phone
  })

  it('in a group answers only when @-mentioned, and mentions the asker', async () => {
    const owner = w.person('王总')
    const clerk = w.person('李会计')
    const room = w.mocker.createRoom({ topic: '嘉兴软件企业交流群', memberIdList: [w.botUser.id, owner.id, clerk.id] })

    owner.say(JIAXING).to(room) // no @: group chatter, not for the bot
    await sleep(500)
    expect(w.sentTo(room.id)).toEqual([])

    owner.say(`@政策助手${AT}${JIAXING}`, [w.botUser]).to(room)
    const [reply, ...more] = await w.replies(room.id)
    expect(more).toEqual([])
    expect(reply.text.startsWith('@王总 ')).toBe(true)
    expect(reply.text).toContain('50万')

    // a mention typed with a plain space works the same; each member keeps their own facts
    clerk.say('@政策助手 嘉兴软件企业，营收3500万，增长20%，能拿多少？', [w.botUser]).to(room)
    const after = await w.replies(room.id, 2)
    expect(after).toHaveLength(2)
    expect(after[1].text.startsWith('@李会计 ')).toBe(true)
    expect(after[1].text).toContain('50万')
  })

  it('does not answer its own messages (no loop)', async () => {
    const friend = w.person('赵经理')
    const before = w.sent.length
    w.botUser.say(JIAXING).to(friend) // the bot's account itself says a question, e.g. from the phone
    await sleep(800)
    expect(w.sent.slice(before).map((s) => s.text)).toEqual([JIAXING])

    // a real question is answered once, and the answer (a self message too) starts nothing more
    friend.say(JIAXING).to(w.botUser)
    const all = await w.replies(friend.id, 2, 800)
    expect(all).toHaveLength(2)
    expect(all[1].text).toContain('50万')
    expect(w.sent.slice(before).filter((s) => s.to !== friend.id)).toEqual([])
  })

  it('keeps the session: a follow-up about documents is about the same policy', async () => {
    const boss = w.person('钱老板')
    boss.say(JIAXING).to(w.botUser)
    await w.replies(boss.id, 1, 0)
    boss.say('那要准备啥材料？').to(w.botUser)
    const [, docs] = await w.replies(boss.id, 2)
    expect(docs.text).toContain('软件业务收入新达到规模奖励')
    expect(docs.text).toMatch(/材料：/)

    // someone without that conversation gets no such answer to the same words
    const stranger = w.person('孙老板')
    stranger.say('那要准备啥材料？').to(w.botUser)
    const [other] = await w.replies(stranger.id)
    expect(other.text).not.toContain('软件业务收入新达到规模奖励')
  })

  it('answers a message delivered twice only once', async () => {
    const boss = w.person('周老板')
    let id = ''
    boss.once('message', (m) => (id = m.id))
    boss.say(JIAXING).to(w.botUser)
    expect(id).not.toBe('')
    w.puppet.emit('message', { messageId: id }) // the puppet delivers the same message again
    await sleep(50)
    w.puppet.emit('message', { messageId: id })
    const got = await w.replies(boss.id, 1, 800)
    expect(got).toHaveLength(1)
  })

  it('ignores old messages replayed at login', async () => {
    const boss = w.person('吴老板')
    const old = w.mocker.MessageMock.create({
      id: `old-${boss.id}`,
      talkerId: boss.id,
      listenerId: w.botUser.id,
      text: JIAXING,
      timestamp: Date.now() - 10 * 60_000,
      type: types.Message.Text,
    })
    w.puppet.emit('message', { messageId: old.id })
    await sleep(500)
    expect(w.sentTo(boss.id)).toEqual([])
    boss.say(JIAXING).to(w.botUser) // the same question asked now is answered
    expect(await w.replies(boss.id)).toHaveLength(1)
  })

  it('a failed send is logged, retried, and the bot keeps answering others', async () => {
    const owner = w.person('郑总')
    // the mock puppet can only send to room ids with an "@": this room cannot be sent to
    const broken = w.mocker.createRoom({ id: 'broken-room', topic: '坏群', memberIdList: [w.botUser.id, owner.id] })
    owner.say(`@政策助手${AT}${JIAXING}`, [w.botUser]).to(broken)
    await waitFor(() => w.logs.some((l) => String(l.msg).includes('微信回复发送失败')), 'the failure log', 8000)
    expect(w.logs.find((l) => String(l.msg).includes('微信回复发送失败'))).toMatchObject({ level: 50, chat: 'broken-room' })

    const boss = w.person('冯老板')
    boss.say(JIAXING).to(w.botUser)
    expect((await w.replies(boss.id, 1, 0))[0].text).toContain('50万')
  }, 10_000)

  it('officials reach a WeChat asker through the registered sender', async () => {
    const boss = w.person('陈老板')
    await w.app.senders.send({ channel: 'wechat', chatId: boss.id, senderId: boss.id, isGroup: false }, '工作人员答复：请于6月30日前向嘉兴市经信局申报。')
    const [msg] = await w.replies(boss.id)
    expect(msg.text).toContain('嘉兴市经信局')
  })

  it('shows its login in /healthz: up once logged in, down with the reason on logout, the app serving on', async () => {
    const x = await world()
    try {
      // wechaty hears the puppet's login a moment after the puppet has it
      await waitFor(() => x.app.health.state(WECHAT_LOGIN) === 'up', 'the login')
      expect(x.app.health.snapshot()).toMatchObject({ ok: true, channels: { [WECHAT_LOGIN]: { state: 'up' }, '微信 WeChat': { state: 'up' } } })
      await x.puppet.logout('kicked by the phone')
      await waitFor(() => x.app.health.state(WECHAT_LOGIN) === 'down', 'the logout')
      expect(x.app.health.snapshot()).toMatchObject({ ok: false, channels: { [WECHAT_LOGIN]: { lastError: { message: expect.stringMatching(/logged out/) } } } })
    } finally {
      await x.app.stop()
    }
  }, 20_000)

  it('logs the login QR link and the login, and keeps wechaty files under DATA_DIR', async () => {
    const qr = w.logs.find((l) => String(l.msg).includes('https://wechaty.js.org/qrcode/'))
    expect(qr?.msg).toContain(`https://wechaty.js.org/qrcode/${encodeURIComponent('https://login.weixin.qq.com/l/mock-qr')}`)
    expect(w.logs.some((l) => String(l.msg).includes('微信已登录') && String(l.msg).includes('政策助手'))).toBe(true)
    expect(w.logs.some((l) => String(l.msg).includes('puppet wechaty-puppet-mock'))).toBe(true)
    // what a real puppet keeps to log in again without a scan goes to DATA_DIR, not the working directory
    await w.puppet.memory.set('probe', 1)
    await w.puppet.memory.save()
    expect(existsSync(join(w.dataDir, 'policy-guide.memory-card.json'))).toBe(true)
    expect(existsSync(join(process.cwd(), 'policy-guide.memory-card.json'))).toBe(false)
  })
})

describe('long WeChat replies', () => {
  it('are split at paragraph ends into pieces no longer than the limit, sent in order and paced', async () => {
    // the bot's replies are short (a few hundred characters), so a small limit makes one long for WeChat
    const MAX = 60
    const w = await world({ maxChars: MAX })
    try {
      const boss = w.person('林老板')
      const expected = w.app.bot.ask(JIAXING, newSession(), w.app.today()).reply
      expect(expected.length).toBeGreaterThan(2 * MAX)
      boss.say(JIAXING).to(w.botUser)
      const n = Math.ceil(expected.length / MAX)
      await waitFor(() => w.sentTo(boss.id).length >= n, 'the pieces')
      await sleep(4 * GAP) // any further piece
      const pieces = w.sentTo(boss.id)
      for (const p of pieces) expect(p.text.length).toBeLessThanOrEqual(MAX)
      // nothing lost, nothing reordered
      expect(pieces.map((p) => p.text).join('').replace(/\s/g, '')).toBe(expected.replace(/\s/g, ''))
      for (let i = 1; i < pieces.length; i++) expect(pieces[i].at - pieces[i - 1].at).toBeGreaterThanOrEqual(GAP - 2)
      // cut at line ends, not in the middle of a line, unless the line itself is longer than a piece
      const lines = expected.split('\n').map((l) => l.trim())
      const whole = (l: string) => lines.includes(l) || lines.some((x) => x.length > MAX && x.includes(l))
      for (const p of pieces) expect(p.text.split('\n').every((l) => whole(l.trim()))).toBe(true)

      // in a group the @-mention counts toward the limit too
      const room = w.mocker.createRoom({ topic: '群', memberIdList: [w.botUser.id, boss.id] })
      boss.say(`@政策助手${AT}${JIAXING}`, [w.botUser]).to(room)
      await waitFor(() => w.sentTo(room.id).length >= n, 'the group pieces')
      const inRoom = w.sentTo(room.id)
      expect(inRoom[0].text.startsWith('@林老板 ')).toBe(true)
      for (const p of inRoom) expect(p.text.length).toBeLessThanOrEqual(MAX)
    } finally {
      await w.app.stop()
    }
  }, 15_000)
})

describe('the daily cap', () => {
  it('stops sending when the day\'s allowance is spent, and says so in the log', async () => {
    const w = await world({ dailyCap: 1 })
    try {
      const a = w.person('赵老板')
      a.say(JIAXING).to(w.botUser)
      expect(await w.replies(a.id)).toHaveLength(1)
      const b = w.person('钱老板')
      b.say(JIAXING).to(w.botUser)
      await waitFor(() => w.logs.some((l) => String(l.reason ?? '').includes('今日发送已达上限')), 'the cap log')
      expect(w.sentTo(b.id)).toEqual([])
    } finally {
      await w.app.stop()
    }
  }, 15_000)
})

describe('stripMention', () => {
  it('removes the bot mention with U+2005, a plain space or at the end, and leaves others', () => {
    expect(stripMention(`@政策助手${AT}能拿多少？`, ['政策助手'])).toBe('能拿多少？')
    expect(stripMention('@政策助手 能拿多少？', ['政策助手'])).toBe('能拿多少？')
    expect(stripMention('能拿多少？@政策助手', ['政策助手'])).toBe('能拿多少？')
    expect(stripMention(`@小助手${AT}能拿多少？`, ['政策助手', '小助手'])).toBe('能拿多少？')
    expect(stripMention(`@王总${AT}@政策助手${AT}能拿多少？`, ['政策助手'])).toBe('@王总 能拿多少？')
    expect(stripMention('a.b@政策助手(测试) 问', ['政策助手(测试)'])).toBe('a.b 问')
  })
})
