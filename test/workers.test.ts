// WORKERS: `policy-guide serve` as several processes behind one port when the store is shared
// (Redis), one process with the embedded store. The built CLI is started as an operator would;
// a fake Feishu shows that the long connection is held by one worker only, and /healthz in every
// worker reports it.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { LONG_CONNECTION } from '../adapters/feishu/long-connection.js'
import { api } from '../adapters/http/api.js'
import { startApp } from '../src/app.js'
import { Config } from '../src/config.js'
import { LowdbStore } from '../src/store/lowdb.js'
import { ROOT } from '../src/paths.js'
import WebSocket from 'ws'
import { cardAction, FakeFeishu, postEvent } from './fakes/feishu-open-api.js'
import { haveRedis, REDIS_SERVER, startRedis, type RunningRedis } from './fakes/redis-server.js'

if (!haveRedis) console.warn(`跳过多进程测试：没有 ${REDIS_SERVER}（apt-get install redis-server；CI 会安装）/ skipped: no redis-server`)

const dirs: string[] = []
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true })
})

interface Serving {
  child: ChildProcess
  url: string
  out: () => string
  stop(): Promise<number | null>
}

async function serve(env: Record<string, string>): Promise<Serving> {
  const dir = mkdtempSync(join(tmpdir(), 'pg-workers-'))
  dirs.push(dir)
  const child = spawn(process.execPath, [join(ROOT, 'bin', 'policy-guide.js'), 'serve'], {
    env: { ...process.env, PORT: '0', DATA_DIR: dir, LOG_LEVEL: 'warn', RATE_REQUESTS_PER_ADDRESS: '0', RATE_PER_ADDRESS: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  child.stdout!.on('data', (b) => (out += b))
  child.stderr!.on('data', (b) => (out += b))
  const url = await vi.waitFor(
    () => {
      if (child.exitCode !== null) throw new Error(`serve exited: ${out}`)
      const m = /(http:\/\/127\.0\.0\.1:\d+)\//.exec(out)
      if (!m) throw new Error('not listening yet')
      return m[1]
    },
    { timeout: 90_000, interval: 50 },
  )
  return {
    child,
    url,
    out: () => out,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve(child.exitCode)
        child.once('exit', (code) => resolve(code))
        child.kill('SIGTERM')
      }),
  }
}

/** The worker processes under the primary. */
const workersOf = (pid: number) =>
  execFileSync('pgrep', ['-P', String(pid)], { encoding: 'utf8' }).split('\n').filter(Boolean).map(Number)

// each request on a new connection: the primary hands connections to the workers in turn
// an API conversation is kept only for a caller with a key
const API_KEY = 'workers-test'
const ask = (url: string, question: string, session: string) =>
  fetch(`${url}/api/ask`, { method: 'POST', headers: { 'content-type': 'application/json', connection: 'close', authorization: `Bearer ${API_KEY}` }, body: JSON.stringify({ question, session }) })
const health = async (url: string) => (await fetch(`${url}/healthz`, { headers: { connection: 'close' } })).json()

// starting several bot processes takes a while on a busy 2-core machine
const SLOW = { timeout: 120_000 }

/** Two workers on a Redis of their own, with Feishu (`feishu` settings) pointed at a fake. */
function deployment(feishu: Record<string, string>) {
  const d = {} as { redis: RunningRedis; fake: FakeFeishu; server: Serving }
  beforeAll(async () => {
    d.redis = await startRedis()
    d.fake = await FakeFeishu.start()
    d.server = await serve({ REDIS_URL: d.redis.url, WORKERS: '2', API_KEYS: API_KEY, FEISHU_DOMAIN: d.fake.url, ...feishu })
  }, SLOW.timeout)
  afterAll(async () => {
    await d.server?.stop()
    await d.fake?.close()
    await d.redis?.stop()
  })
  return d
}

describe.skipIf(!haveRedis)('WORKERS with the shared store', SLOW, () => {
  const d = deployment({ FEISHU_APP_ID: 'cli_a1b2c3d4e5f60718', FEISHU_APP_SECRET: 'test-app-secret', FEISHU_MODE: 'ws' })

  it('serves one port from two processes, one conversation carried across them', async () => {
    expect(workersOf(d.server.child.pid!)).toHaveLength(2)
    const session = `s-${Math.random()}`
    expect((await ask(d.server.url, '我们是嘉兴的软件企业，去年软件业务收入首次过三千万，到了3200万，能拿多少奖励？', session)).status).toBe(200)
    // the follow-ups land on either worker: each knows what the first was told
    for (let i = 0; i < 4; i++) {
      const { answer } = await (await ask(d.server.url, '比前年增长了12%', session)).json()
      expect(answer.policies.find((p: { id: string }) => p.id === 'jiaxing-software-revenue-milestone')).toMatchObject({ eligible: true, amount: { value: 500_000 } })
    }
  })

  it('holds one Feishu long connection for the deployment, and every worker reports it', async () => {
    await d.fake.ws.connection(20_000)
    const seen = await Promise.all(Array.from({ length: 6 }, () => health(d.server.url)))
    for (const h of seen) expect(h.channels[LONG_CONNECTION]).toMatchObject({ state: 'up' })
    expect(d.fake.ws.connected).toBe(1)
  })

  it('starts a worker again when it dies, serving all the while; stops them all on SIGTERM', async () => {
    const [victim, other] = workersOf(d.server.child.pid!)
    process.kill(victim, 'SIGKILL')
    // (a connection handed to it in the instant it died is lost with it: that is the kernel's and node's)
    await vi.waitFor(() => expect(d.server.out()).toMatch(/worker exited, restarting/), { timeout: 5_000 })
    expect((await ask(d.server.url, '嘉兴 CMMI 五级 奖励多少', `s-${Math.random()}`)).status).toBe(200)
    await vi.waitFor(() => {
      const now = workersOf(d.server.child.pid!)
      expect(now).toHaveLength(2)
      expect(now).toContain(other)
      expect(now).not.toContain(victim)
    }, { timeout: 15_000, interval: 100 })
    // the long connection was in one of them: it is held again, by one process
    await vi.waitFor(async () => expect((await health(d.server.url)).channels[LONG_CONNECTION]).toMatchObject({ state: 'up' }), { timeout: 15_000, interval: 200 })
    await vi.waitFor(() => expect(d.fake.ws.connected).toBe(1), { timeout: 5_000 })

    const pids = workersOf(d.server.child.pid!)
    expect(await d.server.stop()).toBe(0)
    for (const pid of pids) expect(() => process.kill(pid, 0)).toThrow()
  })
})

describe.skipIf(!haveRedis)("WORKERS: an official's answer reaches the asker from whichever worker takes it", SLOW, () => {
  const KEY = 'workers-encrypt-key'
  const TOKEN = 'workers-token'
  const APP_ID = 'cli_0f1e2d3c4b5a6978'
  const OFFICIALS_CHAT = 'oc_officials_group'
  const OFFICIAL = 'ou_official_jiaxing_0000000000001'
  const ANSWER = '这类门店目前没有专门的补贴政策，可咨询当地市场监管部门。'
  const d = deployment({
    FEISHU_APP_ID: APP_ID,
    FEISHU_APP_SECRET: 'secret',
    FEISHU_ENCRYPT_KEY: KEY,
    FEISHU_VERIFICATION_TOKEN: TOKEN,
    FEISHU_OFFICIALS_CHAT_ID: OFFICIALS_CHAT,
    FEISHU_OFFICIALS: `${OFFICIAL}=嘉兴市经济和信息化局`,
  })

  it('to an open web page held by either worker: each answer is pushed to it, none left for a later visit', async () => {
    const page = await fetch(`${d.server.url}/`)
    const cookie = page.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ')
    const socket = new WebSocket(`${d.server.url.replace('http', 'ws')}/chat/socket`, { headers: { cookie, origin: d.server.url } })
    await new Promise((ok, fail) => socket.once('open', ok).once('error', fail))
    const pushed: string[] = []
    socket.on('message', (raw) => {
      const m = JSON.parse(String(raw))
      if (typeof m.pushId !== 'string') return
      pushed.push(m.text)
      socket.send(JSON.stringify({ type: 'ack', pushId: m.pushId }))
    })
    // four hand-offs from the page; their answers come in on new connections, so on both workers
    const tickets: string[] = []
    for (let i = 0; i < 4; i++) {
      socket.send(JSON.stringify({ type: 'message', text: `转人工，第${i + 1}个问题`, user: 'web', id: `m${i}` }))
      const card = await d.fake.waitFor((r) => r.body?.receive_id === OFFICIALS_CHAT && !tickets.some((t) => r.body.content.includes(`工单 ${t}`)), 15_000)
      tickets.push(JSON.parse(card.body.content).header.subtitle.content.match(/工单 (\S+)/)[1])
      const action = cardAction({ openId: OFFICIAL, value: { op: 'answer', ticket: tickets[i] }, formValue: { answer: ANSWER }, messageId: card.messageId!, chatId: OFFICIALS_CHAT, token: TOKEN, appId: APP_ID })
      expect((await postEvent(`${d.server.url}/feishu/events`, action, { encryptKey: KEY, close: true })).body.toast).toMatchObject({ type: 'success' })
    }
    await vi.waitFor(() => expect(pushed.filter((t) => t.includes(ANSWER))).toHaveLength(4), { timeout: 20_000, interval: 100 })
    socket.close()
  })
})

describe('WORKERS with the embedded store', SLOW, () => {
  it('runs one process and says why', async () => {
    const server = await serve({ WORKERS: '2', API_KEYS: API_KEY })
    try {
      expect(() => workersOf(server.child.pid!)).toThrow() // pgrep finds no child
      expect((await ask(server.url, '嘉兴 CMMI 五级 奖励多少', 'one')).status).toBe(200)
      expect(server.out()).toMatch(/WORKERS needs REDIS_URL/)
    } finally {
      expect(await server.stop()).toBe(0)
    }
  })
})

describe('what a deployment runs once', () => {
  it('runs the hourly check (here: pruning old question records) in the leading process only', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pg-leads-'))
    dirs.push(dir)
    const old = { id: '2020-01-01T00:00:00.000Z-abcdef', at: '2020-01-01T00:00:00.000Z', intent: 'find_policies', policies: [], handoff: false }
    const store = await LowdbStore.open(join(dir, 'store.json'))
    await store.put('questions', old.id, old)
    await store.close()
    const config = Config.parse({ PORT: '0', DATA_DIR: dir, LOG_LEVEL: 'silent' })

    const follower = await startApp(config, [api], undefined, { leads: false })
    await new Promise((r) => setTimeout(r, 300))
    expect(await follower.store.get('questions', old.id)).toBeDefined()
    await follower.stop()

    const leader = await startApp(config, [api])
    await vi.waitFor(async () => expect(await leader.store.get('questions', old.id)).toBeUndefined())
    await leader.stop()
  })
})
