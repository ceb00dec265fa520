// 微信客服 end to end: the whole app with the WeCom adapter, callbacks signed and encrypted with
// WeCom's own @wecom/crypto and POSTed over HTTP, the adapter's client talking to a fake WeCom
// API on loopback; the officials' answers through the Feishu adapter and its fake open API.
import { randomBytes } from 'node:crypto'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openCallback, readXml } from '../../adapters/wecom-kf/callback.js'
import { KF_MAX_BYTES, TEXT_ONLY, WELCOME, wecomKfAdapter } from '../../adapters/wecom-kf/index.js'
import { feishu } from '../../adapters/feishu/index.js'
import { KEPT_NOTE } from '../../adapters/feishu/officials-cards.js'
import { startApp, type App } from '../../src/app.js'
import { Config } from '../../src/config.js'
import { cardAction, FakeFeishu, postEvent } from '../fakes/feishu-open-api.js'
import { FakeWecom, kfEvent, postCallback, verifyUrl, type CallbackOptions } from '../fakes/wecom-api.js'
import { sleep, until } from '../until.js'

const JIAXING = '我们嘉兴做软件的，去年营收三千五百万，涨了20%，能拿啥奖励？'
const TOKEN = 'kfCallbackToken'
const AES_KEY = randomBytes(32).toString('base64').slice(0, 43)
const KF = 'wkFakeKfAccount0001'
const HOUR = 3600_000
let n = 0
const user = (name: string) => `wm_${name}_${Date.now().toString(36)}${++n}`

/** The app's clock: the reply window and the token's life are measured on it, so a test can move it on. */
const clock = { offset: 0, now: () => Date.now() + clock.offset }

const settings = (fake: FakeWecom, dataDir: string, extra: Record<string, string> = {}) =>
  Config.parse({
    PORT: 0,
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    WECOM_CORP_ID: fake.corpId,
    WECOM_KF_SECRET: fake.secret,
    WECOM_TOKEN: TOKEN,
    WECOM_AES_KEY: AES_KEY,
    WECOM_API_BASE: fake.url,
    ...extra,
  })

describe('the WeCom callback crypto', () => {
  // the test vector of WeCom's documentation (加解密方案说明)
  const vector = { token: 'QDG6eK', aesKey: 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C', receiveId: 'wx5823bf96d3bd56c7' }
  const q = { msg_signature: '5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd3', timestamp: '1409659589', nonce: '263014780' }
  const echostr = 'P9nAzCzyDtyTWESHep1vC5X9xho/qYX3Zpb4yKa9SKld1DsH3Iyt3tP3zNdtp+4RPcs8TgAE7OaBO+FZXvnaqQ=='
  const then = 1409659589_000

  it("opens the documentation's echostr with its signature", () => {
    expect(openCallback(vector, q, echostr, then)).toEqual({ ok: true, plain: '1616140317555161061' })
  })

  it('refuses another receive id, another token, a changed ciphertext, and the same callback ten minutes on', () => {
    expect(openCallback({ ...vector, receiveId: 'wx0000000000000000' }, q, echostr, then)).toMatchObject({ ok: false, status: 401 })
    expect(openCallback({ ...vector, token: 'other' }, q, echostr, then)).toMatchObject({ ok: false, status: 401 })
    expect(openCallback(vector, q, echostr.replace('P9n', 'Q9n'), then)).toMatchObject({ ok: false, status: 401 })
    expect(openCallback(vector, q, echostr, then + 10 * 60_000)).toMatchObject({ ok: false, status: 401 })
    expect(openCallback(vector, { ...q, nonce: null }, echostr, then)).toMatchObject({ ok: false, status: 400 })
  })

  it('reads the flat XML WeCom posts, and nothing else', () => {
    expect(readXml('<xml><ToUserName><![CDATA[ww1]]></ToUserName>\n<CreateTime>1348831860</CreateTime></xml>')).toEqual({ ToUserName: 'ww1', CreateTime: '1348831860' })
    expect(readXml('<xml><A>1</B></xml>')).toBeNull()
    expect(readXml('{"Encrypt":"x"}')).toBeNull()
    expect(readXml('<xml><A><![CDATA[x]]></A>junk</xml>')).toBeNull()
  })
})

describe('微信客服 end to end', { timeout: 60_000 }, () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'wecom-kf-'))
  let wecom: FakeWecom
  let feishuApi: FakeFeishu
  let app: App
  let callbackUrl: string
  const secrets = (o: Partial<CallbackOptions> = {}): CallbackOptions => ({ token: TOKEN, aesKey: AES_KEY, receiveId: wecom.corpId, timestamp: Math.floor(clock.now() / 1000), ...o })
  /** WeCom tells the app that the 客服 account has something new. */
  const notify = (o: Partial<CallbackOptions> = {}) => postCallback(callbackUrl, kfEvent(wecom.corpId, KF), secrets(o))
  /** A user's message, then the callback; resolves once the app has pulled it. */
  async function says(who: string, text: string) {
    const msgid = wecom.userSays(KF, who, text, clock.now())
    const pulls = wecom.syncs().length
    expect((await notify()).status).toBe(200)
    await wecom.waitFor(() => wecom.syncs().length > pulls)
    return msgid
  }
  /** A message after the ones under test, from the same user: once it is answered, they have been handled. */
  async function settled(who: string) {
    const before = wecom.sent(who).length
    await says(who, '你好')
    await until(() => wecom.sent(who).length > before, 'the barrier reply')
    await sleep(50)
  }

  const OFFICIALS_CHAT = 'oc_officials_wecom'
  const OFFICIAL = 'ou_official_wecom_00000000000001'
  const FEISHU = { id: 'cli_0a1b2c3d4e5f6a7b', key: 'kf-officials-key', token: 'kf-officials-token' }

  async function start() {
    const config = settings(wecom, dataDir, {
      FEISHU_APP_ID: FEISHU.id,
      FEISHU_APP_SECRET: 'secret',
      FEISHU_ENCRYPT_KEY: FEISHU.key,
      FEISHU_VERIFICATION_TOKEN: FEISHU.token,
      FEISHU_DOMAIN: feishuApi.url,
      FEISHU_OFFICIALS_CHAT_ID: OFFICIALS_CHAT,
      FEISHU_OFFICIALS: `${OFFICIAL}=嘉兴市经济和信息化局`,
    })
    app = await startApp(config, [wecomKfAdapter({ now: clock.now }), feishu])
    callbackUrl = `${app.url}/wecom/kf`
  }

  beforeAll(async () => {
    wecom = await FakeWecom.start()
    feishuApi = await FakeFeishu.start()
    await start()
  }, 60_000)
  afterAll(async () => {
    await app?.stop()
    await wecom?.close()
    await feishuApi?.close()
  })

  it('answers the URL check with the plain echostr, and refuses a forged one', async () => {
    expect(await verifyUrl(callbackUrl, '8765432109876543210', secrets())).toEqual({ status: 200, text: '8765432109876543210' })
    for (let i = 0; i < 40; i++) expect(await verifyUrl(callbackUrl, `echo-${i}`, secrets({ unescapedPlus: true }))).toEqual({ status: 200, text: `echo-${i}` })
    expect((await verifyUrl(callbackUrl, '1', secrets({ signWith: 'forged' }))).status).toBe(401)
    expect((await verifyUrl(callbackUrl, '1', secrets({ receiveId: 'ww_someone_else' }))).status).toBe(401)
  })

  it("answers a WeChat user's question with the amount, to that user and 客服 account, within WeCom's size", async () => {
    const alice = user('alice')
    await says(alice, JIAXING)
    const reply = await wecom.reply(alice, '50万')
    expect(reply.open_kfid).toBe(KF)
    expect(reply.content).not.toMatch(/\*\*|^#/m) // WeChat's plain text
    for (const s of wecom.sent()) expect(Buffer.byteLength(s.content)).toBeLessThanOrEqual(KF_MAX_BYTES)
    // the event's token goes with the pull
    expect(wecom.syncs().at(-1)?.body).toMatchObject({ open_kfid: KF, token: expect.stringMatching(/^ENC/) })
  })

  it('acknowledges the callback before pulling the messages', async () => {
    const jo = user('jo')
    wecom.userSays(KF, jo, JIAXING, clock.now())
    const release = wecom.holdSyncs()
    const pulls = wecom.syncs().length
    expect(await notify()).toEqual({ status: 200, text: 'success' })
    expect(wecom.syncs()).toHaveLength(pulls) // the pull has not been answered yet
    release()
    await wecom.reply(jo, '50万')
  })

  it('tries a send again while WeCom is busy, with the same msgid', async () => {
    const kim = user('kim')
    wecom.busySends(2)
    await says(kim, JIAXING)
    const reply = await wecom.reply(kim, '50万')
    const tries = wecom.requests.filter((r) => r.path === '/cgi-bin/kf/send_msg' && r.body?.touser === kim)
    expect(tries.map((r) => r.body.errcode)).toEqual([-1, -1, undefined])
    expect(new Set(tries.map((r) => r.body.msgid))).toEqual(new Set([reply.msgid]))
  })

  it('keeps the conversation: a follow-up uses the facts given before', async () => {
    const bob = user('bob')
    await says(bob, '我们是嘉兴的软件企业，去年软件业务收入3500万')
    await wecom.reply(bob)
    await says(bob, '比前年增长了20%')
    await wecom.reply(bob, '50万')
  })

  it('answers a message delivered twice, or again after a restart, once; the restart resumes at the stored cursor', async () => {
    const carol = user('carol')
    const msgid = wecom.userSays(KF, carol, JIAXING, clock.now())
    await Promise.all([notify(), notify()]) // a repeated callback
    await wecom.reply(carol, '50万')
    wecom.again(msgid) // WeCom hands the same message out again
    await settled(carol)
    expect(wecom.sent(carol).filter((s) => s.content.includes('50万'))).toHaveLength(1)

    const pulledUpTo = String(wecom.queued)
    await app.stop()
    const waiting = wecom.userSays(KF, carol, '那研发费用加计扣除呢？', clock.now()) // while the bot is down
    wecom.again(msgid)
    await start()
    const pulls = wecom.syncs().length
    await notify()
    await wecom.waitFor(() => wecom.syncs().length > pulls)
    expect(wecom.syncs()[pulls].body.cursor).toBe(pulledUpTo)
    await until(() => wecom.sent(carol).length >= 3, 'the answer to the message sent while down')
    await settled(carol)
    expect(wecom.sent(carol).filter((s) => s.content.includes('50万'))).toHaveLength(1)
    expect(waiting).toBeTruthy()
  })

  it('refuses a forged signature, a wrong receive id, a stale or malformed body with 4xx, and pulls nothing', async () => {
    const dave = user('dave')
    wecom.userSays(KF, dave, JIAXING, clock.now())
    const pulls = wecom.syncs().length
    const now = Math.floor(clock.now() / 1000)
    const plain = kfEvent(wecom.corpId, KF)
    expect((await postCallback(callbackUrl, plain, secrets({ signWith: 'not-the-token' }))).status).toBe(401)
    expect((await postCallback(callbackUrl, plain, secrets({ receiveId: 'ww_another_corp' }))).status).toBe(401)
    expect((await postCallback(callbackUrl, plain, secrets({ timestamp: now - 301 }))).status).toBe(401)
    expect((await postCallback(callbackUrl, plain, secrets({ timestamp: now + 330 }))).status).toBe(401)
    expect((await postCallback(callbackUrl, plain, secrets({ ciphertext: 'bm90IGNpcGhlcnRleHQ=' }))).status).toBe(400)
    expect((await postCallback(callbackUrl, plain, secrets({ body: '{"Encrypt":"x"}' }))).status).toBe(400)
    expect((await postCallback(callbackUrl, plain, secrets({ body: '<xml><ToUserName>ww</ToUserName></xml>' }))).status).toBe(400)
    expect((await postCallback(callbackUrl, 'not xml at all', secrets())).status).toBe(400)
    await sleep(200)
    expect(wecom.syncs()).toHaveLength(pulls)
    expect(wecom.sent(dave)).toHaveLength(0)
  })

  it('fetches a new access token when the old one expires, by its expires_in or when WeCom says it lapsed', async () => {
    const erin = user('erin')
    const fetched = wecom.tokenFetches().length
    await says(erin, '你好')
    await wecom.reply(erin)
    expect(wecom.tokenFetches()).toHaveLength(fetched) // cached
    clock.offset += wecom.expiresIn * 1000 // its life is over on the app's clock
    await says(erin, JIAXING)
    await wecom.reply(erin, '50万')
    expect(wecom.tokenFetches()).toHaveLength(fetched + 1)
    wecom.expireTokens() // WeCom revokes it early: 42001, a new token, the call again
    await says(erin, '比前年增长了20%，能拿多少？')
    await until(() => wecom.sent(erin).length >= 3, 'the third reply')
    expect(wecom.tokenFetches()).toHaveLength(fetched + 2)
    const tokens = wecom.requests.filter((r) => r.path === '/cgi-bin/kf/send_msg' && r.body?.touser === erin).map((r) => r.query.access_token)
    expect(new Set(tokens).size).toBe(3)
  })

  it('asks for text when sent an image, once; welcomes a user entering the session', async () => {
    const fay = user('fay')
    const image = wecom.userSends(KF, fay, 'image', clock.now())
    await notify()
    expect((await wecom.reply(fay, '请发文字')).content).toBe(TEXT_ONLY)
    wecom.again(image)
    wecom.event(KF, fay, { event_type: 'enter_session', scene: 'qrcode', welcome_code: 'WELCOME_CODE_1' }, clock.now())
    await notify()
    const welcome = await wecom.waitFor((r) => r.path === '/cgi-bin/kf/send_msg_on_event')
    expect(welcome.body).toMatchObject({ code: 'WELCOME_CODE_1', msgtype: 'text', text: { content: WELCOME } })
    await settled(fay)
    expect(wecom.sent(fay).filter((s) => s.content === TEXT_ONLY)).toHaveLength(1)
  })

  // the officials' relay: one ticket answered inside the window, one after it
  const toOfficials = () => feishuApi.sent().filter((r) => r.body?.receive_id === OFFICIALS_CHAT)
  const post = (payload: unknown) => postEvent(`${app.url}/feishu/events`, payload, { encryptKey: FEISHU.key })
  async function ticketOf(count: number) {
    const card = await until(() => toOfficials()[count - 1], 'the officials card')
    return { card, id: JSON.parse(card.body.content).header.subtitle.content.match(/工单 (\S+)/)[1] as string }
  }
  const answer = (t: { card: { messageId?: string }; id: string }, text: string) =>
    post(cardAction({ openId: OFFICIAL, value: { op: 'answer', ticket: t.id }, formValue: { answer: text }, messageId: t.card.messageId!, chatId: OFFICIALS_CHAT, token: FEISHU.token, appId: FEISHU.id }))

  it("relays an official's answer inside the 48-hour window, and keeps one outside it for the user's next message", async () => {
    const gus = user('gus')
    const tickets = toOfficials().length
    await says(gus, '转人工')
    expect((await wecom.reply(gus, '已为您转人工')).content).toMatch(/工作人员.*工单 T/)
    const first = await ticketOf(tickets + 1)
    const inside = await answer(first, '请带营业执照到嘉兴市政务服务中心二楼窗口办理。')
    expect(inside.body.toast).toMatchObject({ type: 'success', content: '答复已发送给提问人' })
    expect((await wecom.reply(gus, '政务服务中心')).content).toContain('嘉兴市经济和信息化局')

    await says(gus, '我想开个奶茶店有补贴吗')
    await wecom.reply(gus, '无法准确回答')
    const second = await ticketOf(tickets + 2)
    clock.offset += 49 * HOUR // the user has not written for 49 hours
    const sentBefore = wecom.sent(gus).length
    const outside = await answer(second, '奶茶店可咨询当地市场监管部门的个体工商户扶持措施。')
    expect(outside.body.toast).toMatchObject({ type: 'success', content: expect.stringContaining('下次发消息时送达') })
    expect(JSON.stringify(outside.body.card)).toContain(KEPT_NOTE)
    await sleep(300)
    expect(wecom.sent(gus)).toHaveLength(sentBefore) // nothing sent outside the window
    expect((await app.desk.ticket(second.id))?.kept).toBe(true)

    await says(gus, '你好')
    const kept = await wecom.reply(gus, '个体工商户扶持措施')
    const after = wecom.sent(gus).slice(sentBefore)
    expect(after).toHaveLength(2) // the answer to 你好, then what was kept
    expect(after[1]).toEqual(kept)
    expect(await app.desk.takeInbox(`wecom-kf:${KF}/${gus}`)).toEqual([])
  })

  it('sends no more than 5 messages a user message: the rest are kept for the next one', async () => {
    const hal = user('hal')
    await says(hal, '你好')
    await wecom.reply(hal)
    const asker = { channel: 'wecom-kf' as const, chatId: `${KF}/${hal}`, senderId: hal, session: `wecom-kf:${KF}/${hal}`, isGroup: false, messageId: 'm' }
    for (let i = 1; i <= 5; i++) await app.desk.deliver(asker, `通知${i}`) // the reply to 你好 was the first of five
    expect(wecom.sent(hal).map((s) => s.content).slice(1)).toEqual(['通知1', '通知2', '通知3', '通知4'])
    expect(await app.senders.reachable(asker)).toBe(false)
    await says(hal, '谢谢')
    await wecom.reply(hal, '通知5')
    expect(wecom.sent(hal)).toHaveLength(7) // the reply to 谢谢, then 通知5
    // WeCom says the session expired before our count did: what comes next is kept
    wecom.event(KF, hal, { event_type: 'msg_send_fail', fail_msgid: 'x', fail_type: 4 }, clock.now())
    await notify()
    await until(async () => !(await app.senders.reachable(asker)), 'the window shut')
  })
})

describe('微信客服 with human agents (WECOM_KF_SERVICER=pool)', { timeout: 60_000 }, () => {
  it('passes 转人工 to the agents’ queue and stays quiet while they have the conversation', async () => {
    const wecom = await FakeWecom.start()
    const app = await startApp(settings(wecom, mkdtempSync(join(tmpdir(), 'wecom-agents-')), { WECOM_KF_SERVICER: 'pool' }), [wecomKfAdapter()])
    try {
      const url = `${app.url}/wecom/kf`
      const cb = () => postCallback(url, kfEvent(wecom.corpId, KF), { token: TOKEN, aesKey: AES_KEY, receiveId: wecom.corpId })
      // the first pull, with no cursor yet, starts at WeCom's 3 days of history: not answered now
      const old = user('old')
      wecom.userSays(KF, old, JIAXING, Date.now() - HOUR)
      const ivy = user('ivy')
      wecom.userSays(KF, ivy, '转人工')
      await cb()
      expect((await wecom.reply(ivy, '人工客服')).content).toBe('好的，正在为您转接人工客服，请稍候。')
      const trans = await wecom.waitFor((r) => r.path === '/cgi-bin/kf/service_state/trans')
      expect(trans.body).toMatchObject({ open_kfid: KF, external_userid: ivy, service_state: 2 })
      wecom.userSays(KF, ivy, JIAXING) // the agents answer this one
      await cb()
      await wecom.waitFor((r) => r.path === '/cgi-bin/kf/service_state/get')
      await sleep(200)
      expect(wecom.sent(ivy)).toHaveLength(1)
      wecom.setState(KF, ivy, 4) // the agent ended the session: the bot is back
      wecom.userSays(KF, ivy, JIAXING)
      await cb()
      await wecom.reply(ivy, '50万')
      expect(wecom.sent(old)).toHaveLength(0)
    } finally {
      await app.stop()
      await wecom.close()
    }
  })
})
