// Limits a client meets on every endpoint: a body too large gets a 413 it can read (not a cut
// connection), a flood from one address gets 429 on look-ups, the console and Feishu's endpoint
// alike, and a chat frame too large or malformed is one structured log line, not a stack trace.
import { mkdtempSync, rmSync } from 'node:fs'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import WebSocket from 'ws'
import { consolePage } from '../../adapters/console/index.js'
import { feishu } from '../../adapters/feishu/index.js'
import { api } from '../../adapters/http/api.js'
import { web } from '../../adapters/web/index.js'
import { startApp, type App } from '../../src/app.js'
import { Config } from '../../src/config.js'
import { createLogger } from '../../src/log.js'
import { FakeFeishu } from '../fakes/feishu-open-api.js'

const dirs: string[] = []
const config = (extra: Record<string, string> = {}) => {
  const dir = mkdtempSync(join(tmpdir(), 'pg-limits-'))
  dirs.push(dir)
  return Config.parse({ PORT: '0', DATA_DIR: dir, LOG_LEVEL: 'info', ...extra })
}
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true })
})

/** A POST of `bytes` bytes, with or without Content-Length; resolves with the status the client read. */
function post(url: string, bytes: number, chunked = false): Promise<number> {
  return new Promise((resolve, reject) => {
    const body = Buffer.alloc(bytes, 'a')
    const req = request(url, { method: 'POST', headers: { 'content-type': 'application/json', ...(chunked ? {} : { 'content-length': bytes }) } })
    req.on('response', (res) => {
      res.resume()
      resolve(res.statusCode ?? 0)
    })
    // the server may stop reading once it has answered: a write error after the status is no failure
    req.on('error', (e) => setTimeout(() => reject(e), 50))
    if (chunked) for (let i = 0; i < bytes; i += 64 * 1024) req.write(body.subarray(i, i + 64 * 1024))
    else req.write(body)
    req.end()
  })
}

describe('oversized bodies', { timeout: 30_000 }, () => {
  let app: App
  beforeAll(async () => {
    app = await startApp(config({ LOG_LEVEL: 'silent' }), [api])
  })
  afterAll(() => app?.stop())

  it('get a 413 the client reads, with or without Content-Length, and the server keeps serving', async () => {
    expect(await post(`${app.url}/api/ask`, 2 * 1024 * 1024)).toBe(413)
    expect(await post(`${app.url}/api/ask`, 2 * 1024 * 1024, true)).toBe(413)
    expect(await post(`${app.url}/api/ask`, 100 * 1024, true)).toBe(413)
    // a route that reads no body, or no route at all: still 413, not a connection cut
    expect(await post(`${app.url}/healthz`, 3 * 1024 * 1024)).toBe(413)
    expect(await post(`${app.url}/nowhere`, 3 * 1024 * 1024)).toBe(413)
    expect((await fetch(`${app.url}/healthz`)).status).toBe(200)
  })
})

describe('requests a minute from one address', { timeout: 30_000 }, () => {
  let app: App
  let fake: FakeFeishu
  beforeAll(async () => {
    fake = await FakeFeishu.start()
    const cfg = config({
      LOG_LEVEL: 'silent',
      RATE_REQUESTS_PER_ADDRESS: '4',
      FEISHU_APP_ID: 'cli_a1b2c3d4e5f60718',
      FEISHU_APP_SECRET: 'test-app-secret',
      FEISHU_DOMAIN: fake.url,
    })
    app = await startApp(cfg, [api, consolePage, feishu])
  }, 30_000)
  afterAll(async () => {
    await app?.stop()
    await fake?.close()
  })

  it('are limited on every public endpoint: a flood gets 429 with Retry-After wherever it goes', async () => {
    const endpoints = [`/api/policies?q=${encodeURIComponent('嘉兴 CMMI')}`, '/api/policies/jiaxing-cmmi-certification-reward', `/console/search?q=CMMI`, '/console/policy/jiaxing-cmmi-certification-reward']
    const statuses: number[] = []
    for (const path of endpoints) statuses.push((await fetch(app.url + path)).status)
    expect(statuses).toEqual([200, 200, 200, 200])
    // the fifth request of this minute, to any endpoint, is refused
    for (const path of [...endpoints, '/healthz']) {
      const res = await fetch(app.url + path)
      expect(res.status).toBe(429)
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0)
      expect((await res.json()).error).toMatch(/秒后再试/)
    }
    const event = await fetch(`${app.url}/feishu/events`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })
    expect(event.status).toBe(429)
  })
})

describe('chat frames', { timeout: 30_000 }, () => {
  let app: App
  const lines: { level: number; msg: string; reason?: string; bytes?: number }[] = []
  beforeAll(async () => {
    const log = createLogger('info', [], { write: (l: string) => lines.push(JSON.parse(l)) })
    app = await startApp(config(), [web], log)
  })
  afterAll(() => app?.stop())

  async function socket(): Promise<WebSocket> {
    const page = await fetch(`${app.url}/`)
    const cookie = page.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ')
    const ws = new WebSocket(`${app.url.replace('http', 'ws')}/chat/socket`, { headers: { cookie, origin: app.url } })
    await new Promise((ok, fail) => ws.once('open', ok).once('error', fail))
    return ws
  }
  const logged = (reason: string) => vi.waitFor(() => expect(lines.find((l) => l.msg === 'web chat: frame dropped' && l.reason === reason)).toBeDefined())

  it('too large: the socket closes with 1009 and one warning line, no stack trace', async () => {
    const printed = vi.spyOn(console, 'error')
    try {
      const ws = await socket()
      const closed = new Promise<number>((ok) => ws.once('close', ok))
      ws.send(JSON.stringify({ type: 'message', text: '嘉'.repeat(50_000) }))
      expect(await closed).toBe(1009)
      await logged('WS_ERR_UNSUPPORTED_MESSAGE_LENGTH')
      expect(printed).not.toHaveBeenCalled()
    } finally {
      printed.mockRestore()
    }
  })

  it('malformed: dropped with a warning that says why and how long, nothing of its content', async () => {
    const ws = await socket()
    ws.send('not json 13812345678')
    ws.send('[1,2]')
    await logged('not JSON')
    await logged('not a JSON object')
    expect(lines.find((l) => l.reason === 'not JSON')).toMatchObject({ level: 40, bytes: 20 })
    expect(JSON.stringify(lines)).not.toContain('not json')
    ws.close()
  })
})
