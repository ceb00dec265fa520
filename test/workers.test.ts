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
import { ROOT } from '../src/paths.js'
import { FakeFeishu } from './fakes/feishu-open-api.js'
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
    { timeout: 30_000, interval: 50 },
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
const ask = (url: string, question: string, session: string) =>
  fetch(`${url}/api/ask`, { method: 'POST', headers: { 'content-type': 'application/json', connection: 'close' }, body: JSON.stringify({ question, session }) })
const health = async (url: string) => (await fetch(`${url}/healthz`, { headers: { connection: 'close' } })).json()

describe.skipIf(!haveRedis)('WORKERS with the shared store', { timeout: 90_000 }, () => {
  let redis: RunningRedis
  let fake: FakeFeishu
  let server: Serving
  beforeAll(async () => {
    redis = await startRedis()
    fake = await FakeFeishu.start()
    server = await serve({ REDIS_URL: redis.url, WORKERS: '2', FEISHU_APP_ID: 'cli_a1b2c3d4e5f60718', FEISHU_APP_SECRET: 'test-app-secret', FEISHU_DOMAIN: fake.url, FEISHU_MODE: 'ws' })
  }, 60_000)
  afterAll(async () => {
    await server?.stop()
    await fake?.close()
    await redis?.stop()
  })

  it('serves one port from two processes, one conversation carried across them', async () => {
    expect(workersOf(server.child.pid!)).toHaveLength(2)
    const session = `s-${Math.random()}`
    expect((await ask(server.url, '我们是嘉兴的软件企业，去年软件业务收入首次过三千万，到了3200万，能拿多少奖励？', session)).status).toBe(200)
    // the follow-ups land on either worker: each knows what the first was told
    for (let i = 0; i < 4; i++) {
      const { answer } = await (await ask(server.url, '比前年增长了12%', session)).json()
      expect(answer.policies.find((p: { id: string }) => p.id === 'jiaxing-software-revenue-milestone')).toMatchObject({ eligible: true, amount: { value: 500_000 } })
    }
  })

  it('holds one Feishu long connection for the deployment, and every worker reports it', async () => {
    await fake.ws.connection(20_000)
    const seen = await Promise.all(Array.from({ length: 6 }, () => health(server.url)))
    for (const h of seen) expect(h.channels[LONG_CONNECTION]).toMatchObject({ state: 'up' })
    expect(fake.ws.connected).toBe(1)
  })

  it('starts a worker again when it dies, serving all the while; stops them all on SIGTERM', async () => {
    const [victim, other] = workersOf(server.child.pid!)
    process.kill(victim, 'SIGKILL')
    // (a connection handed to it in the instant it died is lost with it: that is the kernel's and node's)
    await vi.waitFor(() => expect(server.out()).toMatch(/worker exited, restarting/), { timeout: 5_000 })
    expect((await ask(server.url, '嘉兴 CMMI 五级 奖励多少', `s-${Math.random()}`)).status).toBe(200)
    await vi.waitFor(() => {
      const now = workersOf(server.child.pid!)
      expect(now).toHaveLength(2)
      expect(now).toContain(other)
      expect(now).not.toContain(victim)
    }, { timeout: 15_000, interval: 100 })
    // the long connection was in one of them: it is held again, by one process
    await vi.waitFor(async () => expect((await health(server.url)).channels[LONG_CONNECTION]).toMatchObject({ state: 'up' }), { timeout: 15_000, interval: 200 })
    await vi.waitFor(() => expect(fake.ws.connected).toBe(1), { timeout: 5_000 })

    const pids = workersOf(server.child.pid!)
    expect(await server.stop()).toBe(0)
    for (const pid of pids) expect(() => process.kill(pid, 0)).toThrow()
  })
})

describe('WORKERS with the embedded store', { timeout: 60_000 }, () => {
  it('runs one process and says why', async () => {
    const server = await serve({ WORKERS: '2' })
    try {
      expect(() => workersOf(server.child.pid!)).toThrow() // pgrep finds no child
      expect((await ask(server.url, '嘉兴 CMMI 五级 奖励多少', 'one')).status).toBe(200)
      expect(server.out()).toMatch(/WORKERS needs REDIS_URL/)
    } finally {
      expect(await server.stop()).toBe(0)
    }
  })
})
