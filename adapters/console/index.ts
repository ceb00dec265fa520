// The hotline console: a page for an operator on the phone (search as they type, open a policy,
// compute the caller's figure, copy an answer to read out) and the two endpoints it calls.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import type { ServerResponse } from 'node:http'
import type { Adapter } from '../../src/app.js'
import { STATUS_LABEL } from '../../src/answer/compose.js'
import { asOfParam, HttpError, sendJson, sendPage } from '../../src/http.js'
import { knowledge } from '../../src/knowledge.js'
import { ROOT } from '../../src/paths.js'
import { fieldsFor, parseProfile } from './facts.js'
import { amountText, eligibilityText, readout } from './readout.js'

const PAGE_DIR = join(ROOT, 'adapters', 'console', 'page')
const ASSETS: Record<string, string> = {
  'index.html': 'text/html; charset=utf-8',
  'console.js': 'text/javascript; charset=utf-8',
  'console.css': 'text/css; charset=utf-8',
}
const MAX_QUERY = 100
const MAX_FACTS = 4096

/** Server time of a request, for the operator's status line and for anyone measuring. */
function timed(res: ServerResponse, start: number, body: Record<string, unknown>) {
  const ms = Math.round((performance.now() - start) * 100) / 100
  res.setHeader('server-timing', `app;dur=${ms}`)
  res.setHeader('cache-control', 'no-store')
  sendJson(res, 200, { ...body, ms })
}

export const consolePage: Adapter = {
  name: '热线坐席 console',
  enabled: () => true,
  async start({ http, bot, today }) {
    // the bot was built on this same knowledge (cached once per process): its rules and catalogue
    const k = knowledge()
    const rules = new Map(k.rules.map((r) => [r.id, r]))
    // zod compiles the catalogue's ~260-key check on first use (~0.2 s): not on a caller's time
    parseProfile({}, k)
    // read once: the page is small and does not change while the server runs
    const files = Object.fromEntries(Object.keys(ASSETS).map((f) => [f, readFileSync(join(PAGE_DIR, f), 'utf8')]))
    const asOfOf = (url: URL) => asOfParam(url, today)

    http.route('GET', '/console', (_req, res) => sendPage(res, files['index.html']))
    for (const f of ['console.js', 'console.css']) http.route('GET', `/console/${f}`, (_req, res) => sendPage(res, files[f], ASSETS[f]))

    http.route('GET', '/console/search', (_req, res, _p, url) => {
      const start = performance.now()
      const q = (url.searchParams.get('q') ?? '').trim()
      if (q.length > MAX_QUERY) throw new HttpError(413, `查询词不能超过 ${MAX_QUERY} 个字符`)
      const asOf = asOfOf(url)
      const limit = Math.min(Math.max(Number(url.searchParams.get('limit')) || 8, 1), 20)
      const results = q ? bot.lookup(q, asOf, limit).map((r) => ({ ...r, statusLabel: STATUS_LABEL[r.status] })) : []
      timed(res, start, { q, asOf, results })
    })

    http.route('GET', '/console/policy/:id', (_req, res, { id }, url) => {
      const start = performance.now()
      const asOf = asOfOf(url)
      const raw = url.searchParams.get('facts') ?? '{}'
      if (raw.length > MAX_FACTS) throw new HttpError(413, `facts 不能超过 ${MAX_FACTS} 个字符`)
      let input: unknown
      try {
        input = JSON.parse(raw)
      } catch {
        throw new HttpError(400, 'facts 需要是 JSON 对象，例如 {"cmmiLevel":5}')
      }
      const parsed = parseProfile(input, k)
      if ('error' in parsed) throw new HttpError(400, parsed.error)
      const rule = rules.get(id)
      const policy = rule && bot.policy(id, parsed.profile, asOf)
      if (!rule || !policy) throw new HttpError(404, `没有编号为 ${id} 的政策条款`)
      timed(res, start, {
        asOf,
        policy,
        profile: parsed.profile,
        view: {
          statusLabel: STATUS_LABEL[policy.status],
          amount: amountText(policy),
          eligibility: eligibilityText(policy),
          cite: policy.citation,
          validity: policy.validity.note,
          notes: rule.notes,
        },
        facts: fieldsFor(rule, k),
        readout: readout(policy),
      })
    })
    return { stop: async () => {}, describe: '热线坐席 {base}/console' }
  },
}
