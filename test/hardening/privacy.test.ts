// Personal data kept and forgotten as promised, read from the files themselves: what a
// conversation that gave a phone, an ID card and a name leaves under DATA_DIR; what forget-me
// leaves after an answered hand-off that became an FAQ entry; what retention leaves after the TTLs;
// and the journal synced to disk before a change is acknowledged.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { open } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest'
import { Bot } from '../../src/bot.js'
import { Conversations } from '../../src/conversation.js'
import { knowledge } from '../../src/knowledge.js'
import { Desk } from '../../src/officials/desk.js'
import type { Ticket } from '../../src/officials/schema.js'
import { Senders } from '../../src/outbound.js'
import { enforceRetention } from '../../src/retention.js'
import { LowdbStore } from '../../src/store/lowdb.js'

const bot = new Bot(knowledge())
const DAY = 86400_000
const dirs: string[] = []
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true })
})

const PHONE = '13912345678'
const ID_CARD = '33040219780512031X'
const BANK = '6217002870012345678'
const NAME = '周子涵'
// a web visitor's conversation id, as the web chat derives it from the cookie
const CHAT = 'Zq7XcV2nB8mK4pL1wR9tY3uE'
const SESSION = `web:${CHAT}`

/** Everything under the directory, every file, as text. */
const onDisk = (dir: string) =>
  readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((f) => f.isFile())
    .map((f) => readFileSync(join(f.parentPath, f.name), 'utf8'))
    .join('\n')

/** A desk and conversation core over a lowdb store in a fresh directory, on a clock the test moves. */
async function setup({ pageOpen = false } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'privacy-'))
  dirs.push(dir)
  const clock = { t: Date.parse('2026-11-23T02:00:00Z') }
  const now = () => clock.t
  const store = await LowdbStore.open(join(dir, 'store.json'), undefined, { now })
  const senders = new Senders()
  // an open page takes an official's answer at once; with none, it waits in the visitor's inbox
  if (pageOpen) senders.register('web', async () => {})
  const desk = new Desk(store, bot, senders, { officials: ['ou_official=嘉兴市经济和信息化局'], today: () => '2026-11-23', now: () => new Date(now()) })
  const shown: Ticket[] = []
  desk.notify = async (t) => (shown.push(t), `card-${t.id}`)
  const conv = new Conversations(bot, store, () => '2026-11-23', now)
  conv.desk = desk
  let n = 0
  const say = (text: string, chatId = CHAT) => conv.handle({ channel: 'web', platformMsgId: `${chatId}:c${++n}`, conversation: { chatId, isGroup: false }, sender: { id: chatId }, text })
  return { dir, store, desk, conv, say, shown, clock }
}

describe('personal data on disk', () => {
  it('a conversation that gave a phone, an ID card, a bank card and a name leaves none of them in clear in any data file', async () => {
    const { dir, store, say, shown } = await setup()
    const first = await say(`我叫${NAME}，电话${PHONE}，身份证${ID_CARD}，我们嘉兴做软件的，去年营收3500万，增长15%，能拿多少奖励？`)
    // the figures in the same message were read
    expect(first?.answer.policies[0].id).toBe('jiaxing-software-revenue-milestone')
    expect((await store.load(SESSION)).profile).toMatchObject({ revenue: 35000000, revenueGrowth: 0.15 })
    await say(`转人工，我是${NAME}，奖金打到卡号${BANK}，手机${PHONE}`)
    await store.close()
    const files = onDisk(dir)
    expect(files).toContain('35000000') // the store was written: the checks below mean something
    for (const said of [PHONE, ID_CARD, BANK, NAME]) expect(files, `${said} in clear`).not.toContain(said)
    expect(shown.at(-1)?.question).toBe('转人工，我是〔姓名〕，奖金打到卡号〔卡号或证件号〕，手机〔手机号〕')
  })

  it('forget-me after an answered hand-off made an FAQ entry leaves nothing of the asker on disk', async () => {
    const { dir, store, desk, say, shown } = await setup()
    await say('我们嘉兴做软件的，去年营收3500万，增长15%，能拿多少奖励？')
    expect((await say('这个政策有变化通知我'))?.answer.intent).toBe('subscribe')
    await say(`转人工，我是${NAME}，电话${PHONE}，想问奶茶店有没有补贴`)
    const answered = await desk.answer(shown[0].id, 'ou_official', '奶茶店可咨询当地市场监管部门的个体工商户扶持措施。')
    if (answered.ok) await answered.delivered // no page open: kept in the visitor's inbox
    expect(await store.get('inbox', SESSION)).toHaveLength(1)
    const added = await desk.addFaq(shown[0].id, 'ou_official')
    expect(added.ok).toBe(true)
    // someone else's conversation, which must stay
    await say('聊城的企业，营业收入4217万', 'someone-else')
    const before = onDisk(dir)
    for (const trace of [CHAT, '35000000']) expect(before).toContain(trace)

    const forgot = await say('删除我的信息')
    expect(forgot?.answer.intent).toBe('forget_me')
    // acknowledged: on disk now, not at some later compaction (no close, no reopen)
    const after = onDisk(dir)
    for (const trace of [CHAT, PHONE, NAME, '35000000', '0.15', '您的问题']) expect(after, `${trace} is still on disk`).not.toContain(trace)
    // the FAQ entry stays, its question scrubbed and tied to no one
    const [faq] = await desk.faqs()
    expect(faq.questions).toEqual(['转人工，我是〔姓名〕，电话〔手机号〕，想问奶茶店有没有补贴'])
    expect(after).toContain(faq.id)
    expect(JSON.stringify(faq)).not.toContain(shown[0].id.slice(1))
    expect(after).toContain('42170000')
    // and the store reads back the same
    await store.close()
    const again = await LowdbStore.open(join(dir, 'store.json'))
    expect((await again.load(SESSION)).profile).toEqual({})
    expect(await again.list('tickets')).toEqual([])
    expect(await again.list('subscriptions')).toEqual([])
    expect(await again.get('inbox', SESSION)).toBeUndefined()
    await again.close()
  })
})

describe('an FAQ entry made before questions were scrubbed', () => {
  it('loses the asker’s words when they are forgotten', async () => {
    const { store, desk, say, shown } = await setup()
    await say(`转人工，我是${NAME}，电话${PHONE}，奶茶店有补贴吗`)
    await desk.answer(shown[0].id, 'ou_official', '请咨询当地市场监管部门。')
    // as the desk kept it until now: named after the ticket, the question as said
    const legacy = { id: `F${shown[0].id.slice(1)}`, questions: [`转人工，我是${NAME}，电话${PHONE}，奶茶店有补贴吗`], answer: '请咨询当地市场监管部门。', department: '嘉兴市经济和信息化局', date: '2026-11-23', ruleIds: [], status: 'live', updated: new Date().toISOString() }
    await store.put('faq', legacy.id, legacy)
    await say('删除我的信息')
    expect((await desk.faq(legacy.id))?.questions).toEqual(['转人工，我是〔姓名〕，电话〔手机号〕，奶茶店有补贴吗'])
  })
})

describe('retention', () => {
  it(`forgets a conversation SESSION_TTL_DAYS after its last message, gone from the files too`, async () => {
    const { dir, store, desk, say, clock } = await setup()
    await say('我们嘉兴做软件的，去年营收3500万，增长15%', 'quiet')
    clock.t += 20 * DAY
    await say('聊城的企业，营业收入4217万', 'recent')
    clock.t += 10 * DAY + 3600_000 // 30 days and an hour after quiet's last message
    expect(await enforceRetention(store, desk, { SESSION_TTL_DAYS: 30, TICKET_RETENTION_DAYS: 90 }, new Date(clock.t))).toMatchObject({ sessions: 1 })
    expect((await store.load('web:quiet')).profile).toEqual({})
    expect((await store.load('web:recent')).profile).toMatchObject({ revenue: 42170000 })
    const files = onDisk(dir)
    expect(files).not.toContain('web:quiet')
    expect(files).not.toContain('35000000')
    expect(files).toContain('42170000')
  })

  it('clears a closed ticket’s texts and asker TICKET_RETENTION_DAYS after it closed; an open one waits', async () => {
    const { dir, store, desk, say, shown, clock } = await setup({ pageOpen: true })
    await say('转人工，我们的奶茶店想问补贴', 'asker-1')
    await say('转人工，花店有没有补贴', 'asker-2')
    clock.t += 5 * DAY
    const done = await desk.answer(shown[0].id, 'ou_official', '请咨询当地市场监管部门。')
    if (done.ok) await done.delivered
    const days = { SESSION_TTL_DAYS: 365, TICKET_RETENTION_DAYS: 90 }
    clock.t += 89 * DAY
    expect(await enforceRetention(store, desk, days, new Date(clock.t))).toEqual({ sessions: 0, tickets: 0 })
    clock.t += 2 * DAY
    expect(await enforceRetention(store, desk, days, new Date(clock.t))).toEqual({ sessions: 0, tickets: 1 })
    const closed = await desk.ticket(shown[0].id)
    expect(closed).toMatchObject({ status: 'answered', question: '', facts: {}, answer: { text: '', department: '嘉兴市经济和信息化局' }, asker: { channel: 'web', chatId: '', session: '' } })
    expect((await desk.ticket(shown[1].id))?.question).toBe('转人工，花店有没有补贴')
    const files = onDisk(dir)
    expect(files).not.toContain('奶茶店')
    expect(files).not.toContain('请咨询当地市场监管部门')
    expect(files).toContain('花店')
  })
})

describe('the journal', () => {
  afterEach(() => vi.restoreAllMocks())

  it('is synced to disk before a change is acknowledged', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'privacy-'))
    dirs.push(dir)
    const store = await LowdbStore.open(join(dir, 'store.json'))
    // Node's own file handle, watched: which happened first, the sync or the acknowledgement
    const probe = await open(join(dir, 'probe'), 'w')
    const handle = Object.getPrototypeOf(probe) as { datasync(): Promise<void> }
    await probe.close()
    const events: string[] = []
    const datasync = handle.datasync
    vi.spyOn(handle, 'datasync').mockImplementation(function (this: unknown) {
      events.push('sync')
      return datasync.call(this)
    })
    const s = await store.load('web:a')
    s.profile.region = '嘉兴市'
    await store.save('web:a', s).then(() => events.push('ack'))
    await store.save('web:a', s).then(() => events.push('ack'))
    expect(events).toEqual(['sync', 'ack', 'sync', 'ack'])
    await store.close()
  })
})
