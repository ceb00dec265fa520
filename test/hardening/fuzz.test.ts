// People paste anything: 10,000 generated messages through the bot, and a sample of them through
// the HTTP API. No crash, every reply a valid Answer (finite numbers, as zod checks), the
// session still a valid Session that survives JSON, and no markup from the input in the reply.
import { mkdtempSync, rmSync } from 'node:fs'
import { Agent, request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { api } from '../../adapters/http/api.js'
import { Answer } from '../../src/answer/schema.js'
import { startApp, type App } from '../../src/app.js'
import { Bot, newSession, type Session as BotSession } from '../../src/bot.js'
import { Config } from '../../src/config.js'
import { Conversations, MAX_QUESTION } from '../../src/conversation.js'
import { Session } from '../../src/dialogue/session-schema.js'
import { knowledge } from '../../src/knowledge.js'
import { createLogger } from '../../src/log.js'
import { LowdbStore } from '../../src/store/lowdb.js'

const ASOF = '2026-11-23'
const bot = new Bot(knowledge())

/** A small seeded generator (mulberry32): the same 10,000 messages on every run. */
function rng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}
const random = rng(20261123)
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]
const int = (n: number) => Math.floor(random() * n)
const repeat = (s: string, n: number) => s.repeat(Math.max(0, n))

const MARKUP = [
  '<script>alert(1)</script>',
  '<SCRIPT SRC=//evil.example/x.js></SCRIPT>',
  '<scr<script>ipt>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '<svg/onload=alert(1)>',
  '"><script>alert(document.cookie)</script>',
  'javascript:alert(1)',
  '<iframe src="javascript:alert(1)">',
  '{{constructor.constructor("alert(1)")()}}',
  '${process.exit(1)}',
  '`rm -rf /`',
  '&lt;script&gt;alert(1)&lt;/script&gt;',
]
const SQL = ["'; DROP TABLE sessions; --", '1 OR 1=1', "admin'--", 'UNION SELECT * FROM users', '"; DELETE FROM store WHERE 1=1; --', "' OR ''='"]
const NUMBERS = ['0', '-1', '-3500万', '1e30', '1e308', '1e400', '-1e30', 'Infinity', 'NaN', '0.0000001', '1e-30', '00000', '0x1F', '٣٥٠٠', '３５００万', '三千五百万', '负三千万', '9007199254740993', '12,345,678.90', '1.2.3.4', '--5', '+-3']
const UNITS = ['光年', '公斤', '摄氏度', '个亿亿', '万万亿', '分贝', 'kg', 'TB', '%%', '‰‰', '倍', '成半', '级级', '百分之三千', '千分之', '兆']
const EMOJI = ['😀', '🇨🇳', '👨‍👩‍👧‍👦', '🏳️‍🌈', '💰', '🧧', '\u{1F9E7}\u{FE0F}', '🤖']
const CONTROL = ['\u0000', '\u0007', '\b', '\u001b[31m', '\r', '\n', '\t', '\u007f', '\u200b', '\u200d', '\u202e', '\ufeff', '\ufffd', '\ud800', '\udfff', '\u2028', '\u2029']
const SCRIPTS = ['مرحبا بالعالم', 'Привет мир', 'こんにちは、補助金', '안녕하세요 보조금', 'สวัสดี', 'नमस्ते', 'Ελληνικά', 'עִבְרִית', 'ＦＵＬＬＷＩＤＴＨ', 'ǅungla', 'Z̤͔ͧ̑̓ä͖̭̈̇lͮ̒ͫǫ̗̻͊']
const REAL = [
  '我们是嘉兴的软件企业，去年软件业务收入{N}，比前年增长{P}，能拿多少奖励？',
  '聊城的企业通过CMMI{L}级，有奖励吗？',
  '河北的集成电路企业，投资{N}，能补贴多少？',
  '深圳企业研发投入{N}，加计扣除怎么算？',
  '员工{N}人，营业收入{N}，算小微企业吗？',
  '那{N}呢',
  '增长了{P}',
  '要准备哪些材料？',
  '删除我的信息',
  '重新开始',
  '转人工',
]
const number = () => pick([...NUMBERS, String(int(1e9)), `${int(10000)}万`, `${int(100)}亿`, repeat('9', 1 + int(60)), `${int(200) - 100}%`])
const fill = (t: string) => t.replace(/\{N\}/g, () => number() + (random() < 0.3 ? pick(UNITS) : '')).replace(/\{P\}/g, () => `${number()}%`).replace(/\{L\}/g, () => pick(['五', '3', '-1', '1e30', '零']))

/** One generated message of a kind chosen at random. */
function message(): string {
  switch (int(12)) {
    case 0:
      return pick(['', ' ', '\n', '\t\t', '\u3000\u3000', '\u200b', repeat(' ', int(500))])
    case 1:
      return fill(pick(REAL))
    case 2:
      return pick(MARKUP) + fill(pick(REAL)) + pick(MARKUP)
    case 3:
      return fill(pick(REAL)).replace(/，/g, () => pick(SQL))
    case 4:
      return Array.from({ length: 1 + int(30) }, () => pick(EMOJI)).join(pick(['', '嘉兴', ' ']))
    case 5:
      return Array.from({ length: 1 + int(20) }, () => pick([...CONTROL, '软件', '收入', '3500万'])).join('')
    case 6:
      return Array.from({ length: 2 + int(6) }, () => pick([...SCRIPTS, fill(pick(REAL))])).join(' ')
    case 7:
      return `软件业务收入${number()}${pick(UNITS)}，增长${number()}${pick(UNITS)}，员工${number()}人`
    case 8:
      // long digit runs, with and without a cue word and a unit
      return pick(['', '收入', '去年软件业务收入']) + repeat(pick(['9', '1', '0']), 50 + int(400)) + pick(['', '万', '元', '%'])
    case 9:
      return Array.from({ length: 1 + int(8) }, () => pick([...MARKUP, ...SQL, ...EMOJI, ...CONTROL, ...SCRIPTS, ...NUMBERS, ...UNITS])).join(pick(['', ' ', '\n']))
    case 10:
      // any code points, including lone surrogates and private use
      return Array.from({ length: 1 + int(80) }, () => String.fromCharCode(int(0x10000))).join('')
    default:
      return fill(pick(REAL)) + pick(['', '？', '?!', '。。。', '……']) + pick(['', ...EMOJI])
  }
}

/** Every string anywhere in a value. */
const strings = (v: unknown): string[] =>
  typeof v === 'string' ? [v] : Array.isArray(v) ? v.flatMap(strings) : v && typeof v === 'object' ? Object.values(v).flatMap(strings) : []

/** What is wrong with this answer and session, if anything, as short lines naming the kind of fault. */
function faults(text: string, answer: unknown, session: BotSession): string[] {
  const out: string[] = []
  const quoted = JSON.stringify(text.slice(0, 120))
  const parsed = Answer.safeParse(answer)
  if (!parsed.success) for (const i of parsed.error.issues) out.push(`invalid Answer at ${i.path.map((p) => (typeof p === 'number' ? '#' : String(p))).join('.')}: ${i.message} ← ${quoted}`)
  // what a channel sends is JSON: the answer must come back from it unchanged
  else if (JSON.stringify(JSON.parse(JSON.stringify(answer))) !== JSON.stringify(answer)) out.push(`answer changes through JSON ← ${quoted}`)
  // a figure the bot could not compute is not written as Infinity or NaN
  for (const s of strings(answer)) if (/(Infinity|NaN)\s*(元|万|亿|%|倍|年|个)/.test(s) && !text.includes('Infinity') && !text.includes('NaN')) out.push(`a non-number in the text: ${s.match(/.{0,20}(Infinity|NaN).{0,10}/)?.[0]} ← ${quoted}`)
  // nothing the person typed comes back as markup: channels render text, but a reply is also logged, stored and shown in the console
  for (const s of strings(answer)) if (/<\s*\/?\s*(script|img|svg|iframe)\b/i.test(s)) out.push(`markup in the answer: ${s.slice(0, 80)} ← ${quoted}`)
  // the session stays valid, so it survives the store's JSON (no NaN, no Infinity)
  const s = Session.safeParse(session)
  if (!s.success) for (const i of s.error.issues) out.push(`invalid session at ${i.path.join('.')}: ${i.message} ← ${quoted}`)
  return out
}

/** Fails with every kind of fault seen (the first example of each), not only the first fault. */
function expectNoFaults(found: string[]) {
  const kinds = new Map<string, string>()
  for (const f of found) {
    const kind = f.split(' ← ')[0].replace(/\d+/g, 'N')
    if (!kinds.has(kind)) kinds.set(kind, f)
  }
  expect([...kinds.values()], `${found.length} faults`).toEqual([])
}

describe('fuzz: 10,000 generated messages', () => {
  it('through Bot.ask, 100 conversations carrying state across odd messages', { timeout: 90_000 }, () => {
    const sessions = Array.from({ length: 100 }, () => newSession())
    const found: string[] = []
    let slowest = { ms: 0, text: '' }
    for (let i = 0; i < 10_000; i++) {
      const text = message()
      const session = sessions[i % sessions.length]
      const t0 = performance.now()
      let answer: unknown
      try {
        answer = bot.ask(text, session, ASOF)
      } catch (e) {
        found.push(`crash: ${(e as Error).message} ← ${JSON.stringify(text.slice(0, 120))}`)
        continue
      }
      const ms = performance.now() - t0
      if (ms > slowest.ms) slowest = { ms, text }
      const wrong = faults(text, answer, session)
      found.push(...wrong)
      // a broken session would repeat the same fault on every later turn: start that one afresh
      if (wrong.length) sessions[i % sessions.length] = newSession()
    }
    expectNoFaults(found)
    // a message of a few hundred characters must not hold the only thread for long
    expect(slowest.ms, `slowest: ${JSON.stringify(slowest.text.slice(0, 80))}`).toBeLessThan(1000)
  })

  it('100 KB messages: Chinese, emoji, mixed scripts, markup', { timeout: 30_000 }, () => {
    const toSize = (unit: string) => repeat(unit, Math.ceil(100_000 / unit.length))
    const big = [
      '我们是嘉兴的软件企业，能拿多少奖励？',
      '😀🇨🇳💰',
      'مرحبا Привет こんにちは 안녕 ',
      '<script>alert(1)</script>',
      "'; DROP TABLE sessions; -- ",
      '\u0000\u202e\u200b',
    ].map(toSize)
    for (const text of big) {
      expect(text.length).toBeGreaterThanOrEqual(100_000)
      const session = newSession()
      const t0 = performance.now()
      const answer = bot.ask(text, session, ASOF)
      expect(performance.now() - t0).toBeLessThan(5000)
      expectNoFaults(faults(text, answer, session))
    }
  })

  // Channels are safe, as the conversation core cuts every message to MAX_QUESTION characters
  // (tested below); `ask --jsonl` and other callers of Bot.ask are not.
  it('100 KB of digits: answered within 2 s (the number patterns must not retry at every digit)', { timeout: 60_000 }, () => {
    for (const text of [repeat('9', 100_000), `去年软件业务收入${repeat('9', 100_000)}万`]) {
      const session = newSession()
      const t0 = performance.now()
      const answer = bot.ask(text, session, ASOF)
      const ms = performance.now() - t0
      expectNoFaults(faults(text, answer, session))
      expect(ms, `${text.slice(0, 12)}… took ${ms.toFixed(0)} ms`).toBeLessThan(2000)
    }
  })

  it(`the conversation core cuts any message to ${MAX_QUESTION} characters and answers it in time`, { timeout: 30_000 }, async () => {
    const store = await LowdbStore.open(join(mkdtempSync(join(tmpdir(), 'fuzz-')), 'store.json'))
    const conversations = new Conversations(bot, store, () => ASOF)
    const worst = ['9', '1,', '1.', '收入9', '3500万'].map((unit) => repeat(unit, Math.ceil(100_000 / unit.length)))
    for (const [i, text] of worst.entries()) {
      const t0 = performance.now()
      const turn = await conversations.handle({ channel: 'api', platformMsgId: `big-${i}`, conversation: { chatId: `big-${i}`, isGroup: false }, sender: { id: 'x' }, text })
      const ms = performance.now() - t0
      expect(turn).not.toBeNull()
      expect(Answer.safeParse(turn!.answer).success).toBe(true)
      // now ~0.5 s for the worst (4,000 characters of "1,1,1…"): the regexes above again
      expect(ms, `${JSON.stringify(text.slice(0, 10))}… took ${ms.toFixed(0)} ms`).toBeLessThan(2000)
    }
    await store.close()
  })
})

describe('fuzz: a sample through the HTTP API', () => {
  let app: App
  let dir: string
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'fuzz-http-'))
    // no rate limits: the fuzz sends hundreds of messages a minute from one address
    app = await startApp(Config.parse({ PORT: '0', DATA_DIR: dir, LOG_LEVEL: 'silent', RATE_PER_SESSION: '0', RATE_PER_ADDRESS: '0', RATE_REQUESTS_PER_ADDRESS: '0' }), [api], createLogger('silent'))
  })
  afterAll(async () => {
    await app?.stop()
    rmSync(dir, { recursive: true, force: true })
  })

  const post = (body: string, type = 'application/json') => fetch(`${app.url}/api/ask`, { method: 'POST', headers: { 'content-type': type }, body })

  it('answers 300 generated messages with an Answer or a Chinese 4xx, never a 500', { timeout: 60_000 }, async () => {
    const sample = Array.from({ length: 300 }, (_, i) => ({ question: message(), session: `fuzz-${i % 30}` }))
    const statuses = new Map<number, number>()
    const found: string[] = []
    // ten at a time, as several people would
    for (let i = 0; i < sample.length; i += 10)
      await Promise.all(
        sample.slice(i, i + 10).map(async (body) => {
          const res = await post(JSON.stringify(body))
          statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1)
          expect(res.headers.get('content-type')).toMatch(/^application\/json/)
          expect(res.headers.get('x-content-type-options')).toBe('nosniff')
          const json = (await res.json()) as { answer?: unknown; error?: string }
          if (res.status === 200) found.push(...faults(body.question, json.answer, newSession()))
          else {
            // only what the API refuses by design: empty (after trim) or too long
            expect([400, 413]).toContain(res.status)
            expect(json.error).toMatch(/[\u4e00-\u9fff]/)
            expect(body.question.trim() === '' || body.question.length > MAX_QUESTION).toBe(true)
          }
        }),
      )
    expectNoFaults(found)
    expect(statuses.get(200)).toBeGreaterThan(200)
  })

  it('refuses malformed requests with a 4xx in Chinese', async () => {
    const cases: [string, string | undefined, number[]][] = [
      ['{"question": ', 'application/json', [400]],
      ['not json at all <script>', 'application/json', [400]],
      [JSON.stringify({ question: 42 }), 'application/json', [400]],
      [JSON.stringify({ question: ['a'] }), 'application/json', [400]],
      [JSON.stringify({ question: null }), 'application/json', [400]],
      [JSON.stringify({}), 'application/json', [400]],
      [JSON.stringify([1, 2, 3]), 'application/json', [400]],
      ['null', 'application/json', [400]],
      [JSON.stringify({ question: '嘉兴 软件' }), 'text/html', [415]],
      [JSON.stringify({ question: '嘉兴', __proto__: { polluted: true }, constructor: { prototype: { polluted: true } } }), 'application/json', [200]],
    ]
    for (const [body, type, expected] of cases) {
      const res = await post(body, type)
      expect(expected, `${body.slice(0, 60)} → ${res.status}`).toContain(res.status)
      const json = (await res.json()) as { error?: string }
      if (res.status >= 400) expect(json.error).toMatch(/[\u4e00-\u9fff]/)
    }
    // nothing above reached Object.prototype
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })

  it('refuses a body over the limit with 413, and answers the next request on the same connection', { timeout: 15_000 }, async () => {
    // one kept-alive socket, as an integration's HTTP client pool would reuse
    const agent = new Agent({ keepAlive: true, maxSockets: 1 })
    const send = (body: string) =>
      new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = request(`${app.url}/api/ask`, { method: 'POST', agent, headers: { 'content-type': 'application/json' } }, (res) => {
          let text = ''
          res.setEncoding('utf8')
          res.on('data', (c) => (text += c))
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }))
        })
        req.on('error', reject)
        req.end(body)
      })
    try {
      const big = await send(JSON.stringify({ question: 'x'.repeat(200_000) }))
      expect(big.status).toBe(413)
      expect(JSON.parse(big.body).error).toMatch(/[\u4e00-\u9fff]/)
      const next = await send(JSON.stringify({ question: '嘉兴 CMMI 五级' }))
      expect(next.status).toBe(200)
    } finally {
      agent.destroy()
    }
  })

  it('says what is wrong with a session or message id in Chinese too', { timeout: 15_000 }, async () => {
    for (const body of [
      { question: '嘉兴', session: '' },
      { question: '嘉兴', session: '   ' },
      { question: '嘉兴', session: 'x'.repeat(500) },
      { question: '嘉兴', messageId: '' },
      { question: '嘉兴', messageId: 'x'.repeat(500) },
    ]) {
      const res = await post(JSON.stringify(body))
      expect([400, 413]).toContain(res.status)
      const { error } = (await res.json()) as { error: string }
      expect(error, JSON.stringify(body).slice(0, 60)).toMatch(/[\u4e00-\u9fff]/)
    }
  })
})
