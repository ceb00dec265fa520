// The JSON API over real HTTP on loopback: the same answer as the command, clear 4xx for bad input.
import { execFileSync } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { api } from '../../adapters/http/api.js'
import { Answer } from '../../src/answer/schema.js'
import { startApp, type App } from '../../src/app.js'
import { Config } from '../../src/config.js'
import { ROOT } from '../../src/paths.js'

const JIAXING = '我们嘉兴做软件的，去年营收三千五百万，涨了20%，能拿啥奖励？'
const KEY = 'k-integration-7c1e9b0d'
const OTHER_KEY = 'k-another-caller-52aa'
let app: App
beforeAll(async () => {
  app = await startApp(Config.parse({ PORT: 0, DATA_DIR: mkdtempSync(join(tmpdir(), 'api-')), LOG_LEVEL: 'silent', API_KEYS: `${KEY}, ${OTHER_KEY}` }), [api])
})
afterAll(() => app.stop())

const post = (body: string, type = 'application/json', headers: Record<string, string> = {}) => fetch(`${app.url}/api/ask`, { method: 'POST', headers: { 'content-type': type, ...headers }, body })
const withKey = (body: object, key = KEY) => post(JSON.stringify(body), 'application/json', { authorization: `Bearer ${key}` })
const answerOf = async (res: Response) => ((await res.json()) as { answer: Answer }).answer

describe('the JSON API', { timeout: 30_000 }, () => {
  it('answers the 嘉兴 question exactly as policy-guide ask --json does', async () => {
    const res = await post(JSON.stringify({ question: JIAXING }))
    expect(res.status).toBe(200)
    const { answer } = (await res.json()) as { answer: Answer }
    const cli = JSON.parse(execFileSync('node', [join(ROOT, 'bin/policy-guide.js'), 'ask', '--json', JIAXING], { encoding: 'utf8' }))
    expect(Answer.parse(answer)).toEqual(cli)
    expect(answer.policies[0].amount?.value).toBe(500000)
  })

  it('keeps a session across requests of one API key', async () => {
    await withKey({ question: JIAXING, session: 's1' })
    const res = await post(JSON.stringify({ question: '那要准备啥材料？', session: 's1' }), 'application/json', { 'x-api-key': KEY })
    const answer = await answerOf(res)
    expect(answer.intent).toBe('documents')
    expect(answer.policies[0].id).toBe('jiaxing-software-revenue-milestone')
  })

  it("scopes a session id to its key: another key's caller using it starts afresh", async () => {
    await withKey({ question: JIAXING, session: 'shared-name' })
    const theirs = await answerOf(await withKey({ question: '那要准备啥材料？', session: 'shared-name' }, OTHER_KEY))
    expect(theirs.policies.map((p) => p.id)).not.toContain('jiaxing-software-revenue-milestone')
    expect((await answerOf(await withKey({ question: '那要准备啥材料？', session: 'shared-name' }))).policies[0].id).toBe('jiaxing-software-revenue-milestone')
  })

  it('without a key answers statelessly: the session id is ignored and nothing is kept', async () => {
    const first = await post(JSON.stringify({ question: JIAXING, session: 's-open' }))
    expect(await first.json()).toMatchObject({ remembered: false })
    const next = await answerOf(await post(JSON.stringify({ question: '那要准备啥材料？', session: 's-open' })))
    expect(next.policies.map((p) => p.id)).not.toContain('jiaxing-software-revenue-milestone')
    expect(await app.store.load('api:s-open')).toMatchObject({ profile: {}, topic: '' })
    // a retried message without a key is answered again (no message id is kept either)
    const body = JSON.stringify({ question: JIAXING, session: 's-open', messageId: 'm1' })
    expect([(await post(body)).status, (await post(body)).status]).toEqual([200, 200])
  })

  it('refuses an unknown key with a 401', async () => {
    const res = await withKey({ question: JIAXING, session: 's1' }, 'k-guessed')
    expect(res.status).toBe(401)
    expect(((await res.json()) as { error: string }).error).toMatch(/密钥/)
  })

  it('answers a retried request with the same messageId once', async () => {
    const body = { question: JIAXING, session: 's2', messageId: 'x1' }
    expect((await withKey(body)).status).toBe(200)
    expect((await withKey(body)).status).toBe(409)
  })

  it('refuses bad input with a 4xx and a message, and keeps serving', async () => {
    const cases: [Response, number][] = [
      [await post('{bad json'), 400],
      [await post('question=1', 'application/x-www-form-urlencoded'), 415],
      [await post(JSON.stringify({})), 400],
      [await post(JSON.stringify({ question: 42 })), 400],
      [await post(JSON.stringify({ question: '   ' })), 400],
      [await post(JSON.stringify({ question: '嘉'.repeat(4001) })), 413],
      [await post(JSON.stringify({ question: 'x'.repeat(100_000) })), 413],
      [await fetch(`${app.url}/api/ask`), 405],
      [await fetch(`${app.url}/nowhere`), 404],
      [await fetch(`${app.url}/api/policies`), 400],
      [await fetch(`${app.url}/api/policies/no-such-rule`), 404],
      [await fetch(`${app.url}/api/policies/%E0%A4%A`), 400],
    ]
    for (const [res, status] of cases) {
      expect(res.status).toBe(status)
      expect(((await res.json()) as { error: string }).error).toMatch(/[\u4e00-\u9fff]/)
    }
    expect((await fetch(`${app.url}/healthz`)).status).toBe(200)
  })

  it('looks policies up by keywords and by id', async () => {
    const { results } = (await (await fetch(`${app.url}/api/policies?q=${encodeURIComponent('嘉兴 CMMI 五级')}`)).json()) as { results: { id: string; status: string }[] }
    expect(results[0]).toMatchObject({ id: 'jiaxing-cmmi-certification-reward', status: 'draft' })
    const { policy } = (await (await fetch(`${app.url}/api/policies/${results[0].id}`)).json()) as { policy: Answer['policies'][number] }
    expect(policy.source.document).toBe('003_9b63cbf1cc771657.txt')
    expect(policy.amount?.explanation).toContain('20万元')
  })
})

describe('rate limits', { timeout: 30_000 }, () => {
  it('slows a session that asks too fast, and an address that floods, with 429 and Retry-After', async () => {
    const limited = await startApp(Config.parse({ PORT: 0, DATA_DIR: mkdtempSync(join(tmpdir(), 'api-')), LOG_LEVEL: 'silent', RATE_PER_SESSION: 3, RATE_PER_ADDRESS: 5, API_KEYS: KEY }), [api])
    try {
      const ask = (session: string) =>
        fetch(`${limited.url}/api/ask`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${KEY}` }, body: JSON.stringify({ question: '嘉兴 CMMI 五级', session }) })
      const a = [await ask('a'), await ask('a'), await ask('a'), await ask('a')].map((r) => r.status)
      expect(a).toEqual([200, 200, 200, 429])
      const tooFast = await ask('a')
      expect(Number(tooFast.headers.get('retry-after'))).toBeGreaterThan(0)
      expect(((await tooFast.json()) as { error: string }).error).toMatch(/太频繁/)
      // the address has sent 5 messages, its allowance: another session from it waits too
      expect((await ask('b')).status).toBe(429)
    } finally {
      await limited.stop()
    }
  })
})
