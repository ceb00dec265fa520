// Security: personal numbers masked in logs, secrets never logged, forget-me leaves nothing of
// the person in the store file, and messages rate-limited per session and per address.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { Bot } from '../../src/bot.js'
import { Conversations } from '../../src/conversation.js'
import { knowledge } from '../../src/knowledge.js'
import { mask } from '../../src/personal.js'
import { ROOT } from '../../src/paths.js'
import { ChannelLimits, DEFAULT_LIMITS, RateLimiter, tooFast } from '../../src/ratelimit.js'
import { LowdbStore } from '../../src/store/lowdb.js'

const ASOF = '2026-11-23'
const dirs: string[] = []
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'security-'))
  dirs.push(d)
  return d
}
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true })
})

/** Runs `code` (an ES module) in a fresh node against the built code and returns what it wrote to stdout: pino's real output. */
function logged(code: string, env: Record<string, string> = {}): string {
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', `const dist = ${JSON.stringify(join(ROOT, 'dist'))};\n${code}`], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    timeout: 30_000,
  })
  if (r.status !== 0) throw new Error(`child failed (${r.status}): ${r.stderr}`)
  return r.stdout
}

// personal numbers as people type them, and what must stay readable
const PHONE = ['13812345678', '+86 138-1234-5678', '+8613987654321', '86 15912345678', '138 1234 5678']
const ID = ['110101199003074518', '44030619851231002X', '44030619851231002x']
const CREDIT = ['91330400MA2B3C4D5E', '91330402MA28A1234X', '9133040231369891XG']
const KEEP = ['35000000', '2026-11-23', '3500万', '嘉政发〔2023〕12号', 'CMMI五级', '增长15%', '0573-82012345']

describe('mask()', () => {
  it.each([...PHONE, ...ID, ...CREDIT])('hides the middle of %s and keeps its last four characters', (n) => {
    const out = mask(`联系方式：${n}，谢谢`)
    expect(out).not.toContain(n)
    expect(out).toContain(n.replace(/[\s-]/g, '').slice(-4).replace(/[\s-]/g, ''))
    expect(out).toMatch(/\*{4,}/)
    expect(out.startsWith('联系方式：') && out.endsWith('，谢谢')).toBe(true)
  })

  it('leaves amounts, dates, document numbers and landlines alone', () => {
    for (const k of KEEP) expect(mask(`收入${k}，`)).toBe(`收入${k}，`)
  })

  it('masks every number in a long message, not only the first', () => {
    const text = [...PHONE, ...ID, ...CREDIT].join('；')
    const out = mask(text)
    for (const n of [...PHONE, ...ID, ...CREDIT]) expect(out).not.toContain(n)
  })
})

describe('what the logger writes (pino output of the built logger, in a child process)', () => {
  const numbers = [...PHONE, ...ID, ...CREDIT, '6217002870012345678', '6228 4800 1234 5678 901']
  const all = [...numbers, '周子涵']
  const output = () =>
    logged(
      `const { createLogger } = await import(dist + '/src/log.js')
       const log = createLogger('debug')
       const said = ${JSON.stringify(numbers.join('，') + '，我叫周子涵。')}
       log.info('用户说：' + said)
       log.info({ text: said, chat: 'oc_1' }, 'turn')
       log.info({ turn: { message: { text: said } } }, 'nested turn')
       log.warn({ err: new Error('无法解析：' + said) }, 'failed')
       log.error(new Error('未能发送给 ' + said))`,
    )

  it('masks phone, ID, credit code and bank card numbers and a self-given name wherever they sit in a log line', () => {
    const out = output()
    const lines = out.trim().split('\n')
    expect(lines).toHaveLength(5)
    const leaks = lines.flatMap((l, i) => all.filter((n) => l.includes(n)).map((n) => `line ${i + 1} (${JSON.parse(l).msg}): ${n}`))
    expect(leaks).toEqual([])
  })
})

describe('secrets', () => {
  const SECRETS = {
    FEISHU_APP_ID: 'cli_0123456789abcdef',
    FEISHU_APP_SECRET: 'sEcReT-app-7f3a9c2e1d',
    FEISHU_ENCRYPT_KEY: 'eNcRyPt-key-42b7e19f',
    FEISHU_VERIFICATION_TOKEN: 'vErIfY-token-c0ffee77',
    SESSION_SECRET: 'sEsSiOn-secret-9d8c7b6a5f',
    API_KEYS: 'aPi-key-caller-0451cafe',
  }

  it('never appear in the log: start-up, a request, config dumps at any depth', () => {
    const dir = tempDir()
    const out = logged(
      `const { startApp } = await import(dist + '/src/app.js')
       const { loadConfig } = await import(dist + '/src/config.js')
       const { api } = await import(dist + '/adapters/http/api.js')
       const config = loadConfig(process.env, '/nonexistent/.env')
       // the Feishu settings are given, but only the API adapter runs
       const app = await startApp(config, [api])
       await fetch(app.url + '/api/ask', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ question: '嘉兴 CMMI 五级' }) })
       app.log.info(config, 'config')
       app.log.info({ config }, 'config dump')
       app.log.info({ settings: { config } }, 'nested config dump')
       app.log.debug({ env: process.env }, 'environment')
       app.log.error({ err: new Error('飞书鉴权失败 app_secret=' + config.FEISHU_APP_SECRET) }, 'feishu auth failed')
       await app.stop()`,
      { ...SECRETS, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dir, LOG_LEVEL: 'debug' },
    )
    expect(out).toMatch(/config dump/) // the dumps were logged: the check below means something
    const leaks = out
      .trim()
      .split('\n')
      .flatMap((l) => Object.entries(SECRETS).filter(([k, v]) => k !== 'FEISHU_APP_ID' && l.includes(v)).map(([k]) => `${k} in "${JSON.parse(l).msg}"`))
    expect(leaks).toEqual([])
  })
})

describe('forget-me', () => {
  const bot = new Bot(knowledge())

  it('removes the person’s session from the store file, keeping everyone else’s', async () => {
    const file = join(tempDir(), 'store.json')
    const store = await LowdbStore.open(file)
    const conversations = new Conversations(bot, store, () => ASOF)
    let n = 0
    const say = (chatId: string, text: string, sender = chatId, isGroup = false) =>
      conversations.handle({ channel: 'wechat', platformMsgId: `m${n++}`, conversation: { chatId, isGroup }, sender: { id: sender }, text, mentionsBot: true })
    await say('wxid_alice', '我们是嘉兴的软件企业，去年软件业务收入3517万，我的电话13812345678')
    await say('wxid_alice', '比前年增长了15.37%')
    await say('wxid_bob', '聊城的企业，营业收入4217万')
    // in a group, one member forgets; the other keeps their facts
    await say('room_1', '嘉兴的企业，研发投入2917万', 'wxid_carol', true)
    await say('room_1', '深圳的企业，研发投入1817万', 'wxid_dave', true)
    // whatever files the store keeps (a snapshot, a journal…), all of them
    const onDisk = () => readdirSync(dirname(file)).map((f) => readFileSync(join(dirname(file), f), 'utf8')).join('\n')
    const before = onDisk()
    expect(before).toContain('35170000')
    expect(before).toContain('29170000')
    expect(before).toContain('0.1537')

    const a = await say('wxid_alice', '请删除我的数据')
    expect(a?.answer.intent).toBe('forget_me')
    const c = await say('room_1', '删除我的信息', 'wxid_carol', true)
    expect(c?.answer.intent).toBe('forget_me')
    await store.close()

    const after = onDisk()
    const reopened = await LowdbStore.open(file)
    expect((await reopened.load('wechat:wxid_alice')).profile).toEqual({})
    expect((await reopened.load('wechat:room_1:wxid_carol')).profile).toEqual({})
    expect((await reopened.load('wechat:wxid_bob')).profile).toMatchObject({ region: '聊城市' })
    expect((await reopened.load('wechat:room_1:wxid_dave')).profile).toMatchObject({ region: '深圳市' })
    await reopened.close()
    for (const gone of ['wxid_alice', 'wxid_carol', '35170000', '29170000', '13812345678', '0.1537']) expect(after, `${gone} is still in the store file`).not.toContain(gone)
    expect(after).toContain('42170000')
    expect(after).toContain('18170000')
  })
})

describe('rate limits', () => {
  const clock = (start = 1_000_000) => {
    let t = start
    return { now: () => t, advance: (ms: number) => (t += ms) }
  }

  it('lets a session send its burst, then one message each 60 s / perMinute', () => {
    const c = clock()
    const limit = new RateLimiter({ perMinute: 20 }, c.now)
    for (let i = 0; i < 20; i++) expect(limit.take('web:alice')).toBe(0)
    const wait = limit.take('web:alice')
    expect(wait).toBe(3000) // 60 s / 20
    c.advance(2999)
    expect(limit.take('web:alice')).toBeGreaterThan(0)
    c.advance(1)
    expect(limit.take('web:alice')).toBe(0)
    expect(limit.take('web:alice')).toBe(3000)
    // others are not held back by alice
    expect(limit.take('web:bob')).toBe(0)
  })

  it('refills to the burst and no further after a long pause', () => {
    const c = clock()
    const limit = new RateLimiter({ perMinute: 20, burst: 5 }, c.now)
    for (let i = 0; i < 5; i++) expect(limit.take('k')).toBe(0)
    expect(limit.take('k')).toBeGreaterThan(0)
    c.advance(3_600_000)
    expect(limit.remaining('k')).toBe(5)
    for (let i = 0; i < 5; i++) expect(limit.take('k')).toBe(0)
    expect(limit.take('k')).toBeGreaterThan(0)
  })

  it('holds the sustained rate over an hour: 20 a minute, whatever the pattern', () => {
    const c = clock()
    const limit = new RateLimiter({ perMinute: 20 }, c.now)
    let allowed = 0
    // a client hammering every 100 ms for an hour
    for (let i = 0; i < 36_000; i++, c.advance(100)) if (limit.take('bot-like') === 0) allowed++
    expect(allowed).toBeGreaterThanOrEqual(20 * 60)
    expect(allowed).toBeLessThanOrEqual(20 * 60 + 20) // the first burst, then the rate
  })

  it('does not mint tokens when the clock steps back', () => {
    const c = clock()
    const limit = new RateLimiter({ perMinute: 20 }, c.now)
    for (let i = 0; i < 20; i++) limit.take('k')
    c.advance(-60_000)
    expect(limit.take('k')).toBeGreaterThan(0)
    c.advance(60_000)
    expect(limit.take('k')).toBeGreaterThan(0) // back where it was: no time has passed for the bucket
    c.advance(3000)
    expect(limit.take('k')).toBe(0)
  })

  it('keeps memory bounded under a flood of new keys', () => {
    const c = clock()
    const limit = new RateLimiter({ perMinute: 20 }, c.now, 1000)
    for (let i = 0; i < 50_000; i++) limit.take(`addr-${i}`)
    expect(limit.size).toBeLessThanOrEqual(1000)
  })

  it('checks session and address together: 20 a minute per session, 60 per address', () => {
    const c = clock()
    const limits = new ChannelLimits(DEFAULT_LIMITS, c.now)
    // one office (one address), many people: 60 messages pass, then the address is held back
    let passed = 0
    for (let i = 0; i < 100; i++) if (limits.take(`web:person-${i % 10}`, '203.0.113.7') === 0) passed++
    expect(passed).toBe(60)
    // another address is not affected
    expect(limits.take('web:elsewhere', '198.51.100.1')).toBe(0)
    // a person over their own limit is refused even from a fresh address
    c.advance(120_000)
    for (let i = 0; i < 20; i++) expect(limits.take('web:alice', `10.0.0.${i}`)).toBe(0)
    expect(limits.take('web:alice', '10.0.1.1')).toBeGreaterThan(0)
    // a client cycling through fresh session ids is held back by its address
    c.advance(120_000)
    let fresh = 0
    for (let i = 0; i < 200; i++) if (limits.take(`web:new-${i}`, '192.0.2.99') === 0) fresh++
    expect(fresh).toBe(60)
  })

  it('lets a limit of 0 a minute mean no limit (the bench, a trusted integration)', () => {
    const limits = new ChannelLimits({ session: { perMinute: 0 }, address: { perMinute: 0 } })
    for (let i = 0; i < 10_000; i++) expect(limits.take('api:bench', '127.0.0.1')).toBe(0)
    const perSession = new ChannelLimits({ session: { perMinute: 20 }, address: { perMinute: 0 } })
    for (let i = 0; i < 20; i++) perSession.take('s', '127.0.0.1')
    expect(perSession.take('s', '127.0.0.1')).toBeGreaterThan(0)
    expect(() => new RateLimiter({ perMinute: 0 })).toThrow(RangeError)
  })

  it('says in Chinese when to try again', () => {
    expect(tooFast(3000)).toBe('提问太频繁了，请3秒后再试。')
    expect(tooFast(1)).toBe('提问太频繁了，请1秒后再试。')
  })

  it('the API answers 429 with Retry-After past 20 messages a minute of one session', { timeout: 30_000 }, async () => {
    const { startApp } = await import('../../src/app.js')
    const { Config } = await import('../../src/config.js')
    const { createLogger } = await import('../../src/log.js')
    const { api } = await import('../../adapters/http/api.js')
    const app = await startApp(Config.parse({ PORT: '0', DATA_DIR: tempDir(), LOG_LEVEL: 'silent', API_KEYS: 'k-hammer-test-0001' }), [api], createLogger('silent'))
    const headers = { 'content-type': 'application/json', 'x-api-key': 'k-hammer-test-0001' }
    try {
      const ask = () => fetch(`${app.url}/api/ask`, { method: 'POST', headers, body: JSON.stringify({ question: '嘉兴 CMMI 五级', session: 'hammer' }) })
      const statuses: number[] = []
      for (let i = 0; i < 21; i++) statuses.push((await ask()).status)
      expect(statuses.slice(0, 20).every((s) => s === 200)).toBe(true)
      const res = await ask()
      expect(res.status).toBe(429)
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0)
      expect(((await res.json()) as { error: string }).error).toMatch(/太频繁/)
      // another session from the same address still gets through (RATE_PER_ADDRESS is higher)
      const other = await fetch(`${app.url}/api/ask`, { method: 'POST', headers, body: JSON.stringify({ question: '嘉兴 CMMI 五级', session: 'polite' }) })
      expect(other.status).toBe(200)
    } finally {
      await app.stop()
    }
  })
})
