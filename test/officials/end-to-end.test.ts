// Officials in the loop, end to end with the real SDKs: a WeChat contact (wechaty-puppet-mock)
// asks what no rule answers → the officials' Feishu group gets a card (fake open API on
// loopback) → a stranger's answer is refused → an allowlisted official's answer (signed,
// encrypted events posted to the running server) reaches the contact → added to the FAQ, it
// answers the next contact with the official's date; tickets and FAQ survive a restart.
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mock, PuppetMock } from 'wechaty-puppet-mock'
import { feishu } from '../../adapters/feishu/index.js'
import { wechatAdapter } from '../../adapters/wechat/index.js'
import { startApp, type App } from '../../src/app.js'
import { Config } from '../../src/config.js'
import { cardAction, FakeFeishu, messageEvent, postEvent, type Recorded } from '../fakes/feishu-open-api.js'
import { sleep, until } from '../until.js'

const APP_ID = 'cli_0f1e2d3c4b5a6978'
const KEY = 'officials-encrypt-key'
const TOKEN = 'officials-token'
const OFFICIALS_CHAT = 'oc_officials_group'
const OFFICIAL = 'ou_official_jiaxing_0000000000001'
const STRANGER = 'ou_stranger_00000000000000000001'
const QUESTION = '我想开个奶茶店有补贴吗'
const ANSWER = '奶茶店一般按个体工商户登记，目前嘉兴、聊城、河北、深圳的这几份产业政策都不覆盖餐饮门店，可咨询当地市场监管部门。'

describe("officials' hand-off across WeChat and Feishu", { timeout: 60_000 }, () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'officials-'))
  let fake: FakeFeishu
  let app: App
  let mocker: mock.Mocker
  let botUser: mock.ContactMock
  const said: { to: string; text: string }[] = []

  async function start() {
    mocker = new mock.Mocker()
    const puppet = new PuppetMock({ mocker })
    botUser = mocker.createContact({ name: '政策助手' })
    botUser.on('message', (m) => {
      if (m.payload.talkerId === botUser.id) said.push({ to: m.payload.listenerId ?? m.payload.roomId ?? '', text: m.payload.text ?? '' })
    })
    const config = Config.parse({
      PORT: 0,
      DATA_DIR: dataDir,
      LOG_LEVEL: 'silent',
      WECHATY_PUPPET: 'wechaty-puppet-mock',
      FEISHU_APP_ID: APP_ID,
      FEISHU_APP_SECRET: 'secret',
      FEISHU_ENCRYPT_KEY: KEY,
      FEISHU_VERIFICATION_TOKEN: TOKEN,
      FEISHU_DOMAIN: fake.url,
      FEISHU_OFFICIALS_CHAT_ID: OFFICIALS_CHAT,
      FEISHU_OFFICIALS: `${OFFICIAL}=嘉兴市经济和信息化局`,
    })
    app = await startApp(config, [wechatAdapter({ puppet, gapMs: 20 }), feishu])
    mocker.scan('https://login.weixin.qq.com/l/mock')
    mocker.login(botUser)
    await until(() => puppet.isLoggedIn || undefined, 'WeChat login')
  }

  const post = (payload: unknown) => postEvent(`${app.url}/feishu/events`, payload, { encryptKey: KEY })
  const toOfficials = () => fake.sent().filter((r: Recorded) => r.body?.receive_id === OFFICIALS_CHAT)
  const saidTo = (id: string) => said.filter((s) => s.to === id)

  beforeAll(async () => {
    fake = await FakeFeishu.start()
    await start()
  }, 30_000)
  afterAll(async () => {
    await app?.stop()
    await fake?.close()
  })

  // the tests below follow one ticket, in order
  let card: Recorded
  let ticketId: string
  let aliceId: string

  it('hands the question to the officials\' group as a card, and tells the asker', async () => {
    const alice = mocker.createContact({ name: '奶茶店张老板' })
    alice.say(QUESTION).to(botUser)
    const told = await until(() => saidTo(alice.id)[0], 'the reply to alice')
    expect(told.text).toMatch(/工作人员.*工单 T/)
    card = await until(() => toOfficials()[0], 'the officials card')
    const content = JSON.parse(card.body.content)
    expect(content.schema).toBe('2.0')
    expect(card.body.msg_type).toBe('interactive')
    expect(JSON.stringify(content)).toContain(QUESTION)
    ticketId = content.header.subtitle.content.match(/工单 (\S+)/)[1]
    expect(JSON.stringify(content)).toContain('"op":"not_policy"')
    aliceId = alice.id
  })

  it("refuses an answer from someone not on the allowlist, and nothing reaches the asker", async () => {
    const alice = aliceId
    const before = saidTo(alice).length
    // in the card's thread
    const thread = await post(messageEvent({ token: TOKEN, appId: APP_ID, chatId: OFFICIALS_CHAT, chatType: 'group', senderOpenId: STRANGER, rootId: card.messageId, text: '随便回一个', mentions: [] }))
    expect(thread.status).toBe(200)
    const refusal = await fake.waitFor((r) => r.path.endsWith('/reply') && JSON.stringify(r.body).includes('不在答复人名单'))
    expect(refusal).toBeTruthy()
    // through the card's form
    const action = await post(cardAction({ openId: STRANGER, value: { op: 'answer', ticket: ticketId }, formValue: { answer: '随便回一个' }, messageId: card.messageId!, chatId: OFFICIALS_CHAT, token: TOKEN, appId: APP_ID }))
    expect(action.body.toast).toMatchObject({ type: 'error', content: expect.stringContaining('不在答复人名单') })
    await sleep(500)
    expect(saidTo(alice).length).toBe(before)
    expect((await app.desk.ticket(ticketId))?.status).toBe('open')
  })

  it('relays an allowlisted official\'s answer to the WeChat contact, with department and date', async () => {
    const alice = aliceId
    const action = await post(cardAction({ openId: OFFICIAL, value: { op: 'answer', ticket: ticketId }, formValue: { answer: ANSWER }, messageId: card.messageId!, chatId: OFFICIALS_CHAT, token: TOKEN, appId: APP_ID }))
    expect(action.status).toBe(200)
    expect(action.body.toast.type).toBe('success')
    expect(JSON.stringify(action.body.card)).toContain('加入知识库')
    const relayed = await until(() => saidTo(alice).find((s) => s.text.includes(ANSWER)), 'the answer at alice')
    expect(relayed.text).toContain(`嘉兴市经济和信息化局，${app.today()}`)
    // the same press delivered again (Feishu retries) changes nothing
    const again = await post(cardAction({ openId: OFFICIAL, value: { op: 'answer', ticket: ticketId }, formValue: { answer: '第二次' }, messageId: card.messageId!, chatId: OFFICIALS_CHAT, token: TOKEN, appId: APP_ID }))
    expect(again.body.toast.type).toBe('error')
  })

  it('answers the same question from another contact out of the FAQ, with the official\'s date', async () => {
    const add = await post(cardAction({ openId: OFFICIAL, value: { op: 'faq', ticket: ticketId }, messageId: card.messageId!, chatId: OFFICIALS_CHAT, token: TOKEN, appId: APP_ID }))
    expect(add.body.toast.content).toMatch(/已加入知识库/)
    const bob = mocker.createContact({ name: '李老板' })
    bob.say('请问开个奶茶店有补贴吗？').to(botUser)
    const reply = await until(() => saidTo(bob.id)[0], 'the reply to bob')
    expect(reply.text).toContain(ANSWER)
    expect(reply.text).toContain(`嘉兴市经济和信息化局工作人员${app.today()}的答复`)
    expect(toOfficials()).toHaveLength(1) // no new ticket
  })

  it('lets officials list the FAQ and see the week from Feishu; refuses others', async () => {
    const ask = (openId: string, text: string) =>
      post(messageEvent({ token: TOKEN, appId: APP_ID, chatId: 'oc_p2p_official', chatType: 'p2p', senderOpenId: openId, text }))
    await ask(OFFICIAL, '/faq')
    const list = await fake.waitFor((r) => r.path.endsWith('/reply') && JSON.stringify(r.body).includes('知识库（1 条在用）'))
    expect(JSON.stringify(list.body)).toContain('奶茶店')
    await ask(OFFICIAL, '/stats')
    const stats = await fake.waitFor((r) => r.path.endsWith('/reply') && JSON.stringify(r.body).includes('本周统计'))
    expect(JSON.stringify(stats.body)).toMatch(/转人工\*\*：1 次/)
    await ask(STRANGER, '/faq')
    await fake.waitFor((r) => r.path.endsWith('/reply') && JSON.stringify(r.body).includes('仅限工作人员'))
  })

  it('relays an answer to someone who asked on Feishu, in their chat', async () => {
    const chatId = 'oc_p2p_feishu_asker'
    await post(messageEvent({ token: TOKEN, appId: APP_ID, chatId, chatType: 'p2p', senderOpenId: 'ou_feishu_asker_000000000000000001', text: '找人工客服' }))
    const ticketCard = await until(() => toOfficials()[1], 'the second officials card')
    const id = JSON.parse(ticketCard.body.content).header.subtitle.content.match(/工单 (\S+)/)[1]
    const done = await post(cardAction({ openId: OFFICIAL, value: { op: 'answer', ticket: id }, formValue: { answer: '请带营业执照到**政务服务中心**二楼窗口。' }, messageId: ticketCard.messageId!, chatId: OFFICIALS_CHAT, token: TOKEN, appId: APP_ID }))
    expect(done.body.toast.type).toBe('success')
    const relayed = await fake.waitFor((r) => r.body?.receive_id === chatId)
    const shown = JSON.stringify(JSON.parse(relayed.body.content))
    expect(shown).toContain('政务服务中心')
    expect(shown).not.toContain('**政务') // the official's text is shown as written, not as markup
  })

  it('keeps open tickets and the FAQ across a restart of the bot', async () => {
    const carol = mocker.createContact({ name: '周会计' })
    carol.say('转人工').to(botUser)
    await until(() => saidTo(carol.id)[0], 'the reply to carol')
    const open = (await app.desk.tickets()).find((t) => t.status === 'open')!
    await app.stop()
    await start()
    expect((await app.desk.ticket(open.id))?.status).toBe('open')
    expect((await app.desk.faqs()).map((f) => f.status)).toEqual(['live'])
    // the ticket is still answerable after the restart, in the card's thread
    const cardMsg = (await app.desk.ticket(open.id))!.card!
    await post(messageEvent({ token: TOKEN, appId: APP_ID, chatId: OFFICIALS_CHAT, chatType: 'group', senderOpenId: OFFICIAL, rootId: cardMsg, text: '已电话联系您，请留意。' }))
    const ack = await fake.waitFor((r) => r.path.endsWith('/reply') && JSON.stringify(r.body).includes('答复已发送给提问人'))
    expect(ack).toBeTruthy()
    expect((await app.desk.ticket(open.id))?.answer).toMatchObject({ text: '已电话联系您，请留意。', department: '嘉兴市经济和信息化局' })
  })
})
