// The shared store (REDIS_URL) against a real redis-server: the same contract as the embedded
// store, and two bot processes behind one audience answering each platform message once.
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Bot, newSession } from '../../src/bot.js'
import { Conversations } from '../../src/conversation.js'
import type { InboundMessage } from '../../src/inbound.js'
import { knowledge } from '../../src/knowledge.js'
import { LowdbStore } from '../../src/store/lowdb.js'
import { RedisStore } from '../../src/store/redis.js'
import type { Store } from '../../src/store/store.js'
import { haveRedis, REDIS_SERVER, startRedis, type RunningRedis } from '../fakes/redis-server.js'

const ASOF = '2026-11-23'
if (!haveRedis) console.warn(`跳过 Redis 存储测试：没有 ${REDIS_SERVER}（apt-get install redis-server；CI 会安装）/ skipped: no redis-server`)

/**
 * What every Store must do, whichever keeps the data. `open` gives a store on the same data each
 * time; `processes` says whether two of them may be open at once (a shared store) or not (a file).
 */
function contract(name: string, open: () => Promise<Store>, processes: 'many' | 'one') {
  describe(`the Store contract: ${name}`, { timeout: 20_000 }, () => {
    it('gives a new session for an unknown id and keeps what is saved', async () => {
      const a = await open()
      expect(await a.load('c:nobody')).toEqual(newSession())
      const s = await a.load('c:alice')
      s.profile.region = '嘉兴市'
      s.profile.softwareRevenue = 35_000_000
      s.topic = '软件业务收入奖励'
      await a.save('c:alice', s)
      s.profile.region = '聊城市' // a change after save must not leak into the store
      const b = await open() // another process, or the same one after a restart
      expect((await b.load('c:alice')).profile).toEqual({ region: '嘉兴市', softwareRevenue: 35_000_000 })
      expect((await b.load('c:alice')).topic).toBe('软件业务收入奖励')
      await Promise.all([a.close(), b.close()])
    })

    it('forgets a session entirely', async () => {
      const a = await open()
      const s = await a.load('c:bob')
      s.profile.region = '聊城市'
      await a.save('c:bob', s)
      await a.forget('c:bob')
      const b = await open()
      expect((await b.load('c:bob')).profile).toEqual({})
      await Promise.all([a.close(), b.close()])
    })

    it(`grants a claim to exactly one of 50 concurrent callers${processes === 'many' ? ', from two processes' : ''}`, async () => {
      const a = await open()
      const b = processes === 'many' ? await open() : a
      const key = `msg-${Math.random()}`
      const results = await Promise.all(Array.from({ length: 50 }, (_, i) => (i % 2 ? a : b).claim(key, 60_000)))
      expect(results.filter(Boolean)).toHaveLength(1)
      // other keys are not affected
      expect(await a.claim(`${key}-other`, 60_000)).toBe(true)
      await Promise.all([a.close(), b.close()])
    })

    it('keeps named records: put, get, list, remove, each a copy', async () => {
      const a = await open()
      const col = `tickets-${Math.random()}`
      const ticket = { id: 't1', question: '嘉兴CMMI奖励', status: 'open', tags: ['cmmi'] }
      await a.put(col, 't1', ticket)
      await a.put(col, 't2', { id: 't2', question: '聊城', status: 'open', tags: [] })
      ticket.status = 'closed' // a change after put must not leak into the store
      const b = await open()
      expect(await b.get(col, 't1')).toEqual({ id: 't1', question: '嘉兴CMMI奖励', status: 'open', tags: ['cmmi'] })
      expect(await b.get(col, 'nope')).toBeUndefined()
      expect(((await b.list(col)) as { id: string }[]).map((t) => t.id).sort()).toEqual(['t1', 't2'])
      const got = (await b.get(col, 't1')) as { tags: string[] }
      got.tags.push('changed') // nor a change to what get returned
      expect(await b.get(col, 't1')).toMatchObject({ tags: ['cmmi'] })
      await b.remove(col, 't1')
      const c = await open()
      expect(await c.get(col, 't1')).toBeUndefined()
      expect(await c.list(col)).toHaveLength(1)
      expect(await c.list(`${col}-empty`)).toEqual([])
      await Promise.all([a.close(), b.close(), c.close()])
    })

    it('lets a claim go after its time', async () => {
      const a = await open()
      const key = `short-${Math.random()}`
      expect(await a.claim(key, 150)).toBe(true)
      expect(await a.claim(key, 150)).toBe(false)
      await new Promise((r) => setTimeout(r, 300))
      expect(await a.claim(key, 150)).toBe(true)
      await a.close()
    })

    it('expires the sessions last saved before a time, and no others', async () => {
      const a = await open()
      const s = await a.load('c:quiet')
      s.profile.region = '嘉兴市'
      await a.save('c:quiet', s)
      const before = Date.now() + 1
      await new Promise((r) => setTimeout(r, 5))
      await a.save('c:lively', s)
      const gone = await a.expireSessions(before)
      expect(gone).toContain('c:quiet')
      expect(gone).not.toContain('c:lively')
      await a.purge()
      const b = await open()
      expect((await b.load('c:quiet')).profile).toEqual({})
      expect((await b.load('c:lively')).profile).toEqual({ region: '嘉兴市' })
      await Promise.all([a.close(), b.close()])
    })
  })
}

// the embedded store meets the same contract (its "processes" share one file, in turn)
const lowdbFile = join(mkdtempSync(join(tmpdir(), 'store-contract-')), 'store.json')
let lowdb: LowdbStore | undefined
contract('lowdb', async () => {
  // one LowdbStore per file and process: a second one would overwrite the first's writes
  await lowdb?.close()
  return (lowdb = await LowdbStore.open(lowdbFile))
}, 'one')

describe.skipIf(!haveRedis)('Redis', () => {
  let redis: RunningRedis
  beforeAll(async () => {
    redis = await startRedis()
  }, 20_000)
  afterAll(async () => {
    await redis?.stop()
  })

  contract('redis', () => RedisStore.connect(redis.url), 'many')

  describe('two bot processes sharing one Redis', { timeout: 30_000 }, () => {
    const bot = new Bot(knowledge())
    const msg = (id: string, text: string, chatId = 'oc_group1'): InboundMessage => ({
      channel: 'feishu',
      platformMsgId: id,
      conversation: { chatId, isGroup: false },
      sender: { id: 'ou_alice' },
      text,
      platformTime: Date.now(),
    })

    it('answer a message delivered to both (Feishu retries, two workers) exactly once', async () => {
      const [sa, sb] = [await RedisStore.connect(redis.url), await RedisStore.connect(redis.url)]
      const [a, b] = [new Conversations(bot, sa, () => ASOF), new Conversations(bot, sb, () => ASOF)]
      for (let n = 0; n < 20; n++) {
        const m = msg(`om_${n}_${Math.random()}`, '嘉兴软件企业CMMI五级奖励多少？', `oc_${n}`)
        const turns = await Promise.all([a.handle(m), b.handle(m), a.handle(m), b.handle(m)])
        expect(turns.filter(Boolean)).toHaveLength(1)
      }
      await Promise.all([sa.close(), sb.close()])
    })

    it('take turns of one conversation one at a time across processes: no fact told to either is lost', async () => {
      const [sa, sb] = [await RedisStore.connect(redis.url), await RedisStore.connect(redis.url)]
      const [a, b] = [new Conversations(bot, sa, () => ASOF), new Conversations(bot, sb, () => ASOF)]
      for (let round = 0; round < 10; round++) {
        const chat = `oc_${Math.random()}`
        // two messages of one person at once, each reaching another worker
        await Promise.all([a.handle(msg(`om_a_${chat}`, '我们是嘉兴的企业', chat)), b.handle(msg(`om_b_${chat}`, '软件业务收入3500万', chat))])
        expect((await sa.load(`feishu:${chat}`)).profile).toMatchObject({ region: '嘉兴市', softwareRevenue: 35_000_000 })
      }
      // and the lock itself: work under one key never overlaps, other keys do not wait
      let active = 0
      let most = 0
      const work = async () => {
        most = Math.max(most, ++active)
        await new Promise((r) => setTimeout(r, 5))
        active--
      }
      await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? sa : sb).exclusive('k', work)))
      expect(most).toBe(1)
      await Promise.all([sa.close(), sb.close()])
    })

    it('carry one conversation across processes: facts told to one are known to the other', async () => {
      const [sa, sb] = [await RedisStore.connect(redis.url), await RedisStore.connect(redis.url)]
      const [a, b] = [new Conversations(bot, sa, () => ASOF), new Conversations(bot, sb, () => ASOF)]
      const chat = `oc_${Math.random()}`
      const first = await a.handle(msg(`om_1_${chat}`, '我们是嘉兴的软件企业，去年软件业务收入首次过三千万，到了3200万，能拿多少奖励？', chat))
      expect(first?.answer.policies[0]?.id).toBe('jiaxing-software-revenue-milestone')
      const second = await b.handle(msg(`om_2_${chat}`, '比前年增长了12%', chat))
      const p = second?.answer.policies.find((x) => x.id === 'jiaxing-software-revenue-milestone')
      expect(p).toMatchObject({ eligible: true, amount: { value: 500_000 } })
      // forget-me through one process removes the session for both
      await b.handle(msg(`om_3_${chat}`, '删除我的信息', chat))
      expect((await sa.load(`feishu:${chat}`)).profile).toEqual({})
      await Promise.all([sa.close(), sb.close()])
    })
  })
})
