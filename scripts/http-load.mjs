// A closed-loop HTTP load for the bench: `connections` connections for `seconds`, each sending
// its next request as soon as the last one is answered. wrk (Debian's package) when installed:
// written in C, it takes ~3% of a core at 600 requests/s where autocannon, running in the bench's
// own Node process, takes ~10%, and on a machine of two cores that is taken from the server
// measured. Without it, autocannon.
import { spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import autocannon from 'autocannon'

export const generator = spawnSync('wrk', ['-v']).error ? 'autocannon' : 'wrk'

// each call's conversations are new ones: a session id seen in an earlier call would bring its facts
let calls = 0

/**
 * GET `path`, or with `questions` POST /api/ask, a question each from the list in turn, each in a
 * conversation of its own (the API key `key` keeps them, as an integration's are kept).
 * @param {string} url
 * @param {{ seconds: number, connections?: number, path?: string, questions?: string[], key?: string }} o
 * @returns {Promise<{ rps: number, p50: number, p99: number, non2xx: number, errors: number, requests: number }>}
 */
export function load(url, o) {
  return generator === 'wrk' ? withWrk(url, o) : withAutocannon(url, o)
}

async function withAutocannon(url, { seconds, connections = 50, path = '/', questions, key }) {
  const prefix = `load${++calls}`
  let n = 0
  const requests = questions
    ? [
        {
          method: 'POST',
          path: '/api/ask',
          headers: { 'content-type': 'application/json', ...(key && { authorization: `Bearer ${key}` }) },
          setupRequest: (req) => ({ ...req, body: JSON.stringify({ question: questions[n % questions.length], session: `${prefix}-${n++}` }) }),
        },
      ]
    : [{ method: 'GET', path }]
  const r = await autocannon({ url, connections, duration: seconds, requests })
  const duration = r.duration || seconds
  return { rps: Math.round(r['2xx'] / duration), p50: r.latency.p50, p99: r.latency.p99, non2xx: r.non2xx, errors: r.errors + r.timeouts, requests: r.requests.total }
}

/** wrk's request() and done() in Lua: the questions are a table in the script, its result one JSON line. */
function script(questions, key) {
  const lua = (s) => {
    if (s.includes(']==]')) throw new Error(`a question wrk cannot be given as written: ${s}`)
    return `[==[${s}]==]`
  }
  const ask = questions
    ? `local questions = {\n${questions.map((q) => lua(JSON.stringify(q))).join(',\n')}\n}
local n = 0
wrk.method = "POST"
wrk.headers["content-type"] = "application/json"
${key ? `wrk.headers["authorization"] = ${lua(`Bearer ${key}`)}` : ''}
init = function(args) prefix = args[1] end
request = function()
  n = n + 1
  return wrk.format(nil, "/api/ask", nil, '{"question":' .. questions[(n - 1) % #questions + 1] .. ',"session":"' .. prefix .. '-' .. n .. '"}')
end
`
    : ''
  return `${ask}
done = function(s, latency)
  local e = s.errors
  io.write(string.format('{"requests":%d,"duration":%d,"non2xx":%d,"errors":%d,"p50":%.1f,"p99":%.1f}\\n',
    s.requests, s.duration, e.status, e.connect + e.read + e.write + e.timeout, latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
`
}

async function withWrk(url, { seconds, connections = 50, path = '/', questions, key }) {
  const dir = mkdtempSync(join(tmpdir(), 'pg-bench-wrk-'))
  try {
    const file = join(dir, 'load.lua')
    writeFileSync(file, script(questions, key))
    // one thread: a C loop keeps 50 connections busy at thousands of requests a second
    const target = questions ? url : new URL(path, url).href
    const wrk = spawn('wrk', ['-t1', `-c${connections}`, `-d${seconds}s`, '-s', file, target, '--', `load${++calls}`], { stdio: ['ignore', 'pipe', 'inherit'] })
    let text = ''
    wrk.stdout.on('data', (b) => (text += b))
    const code = await new Promise((ok) => wrk.once('exit', ok))
    const last = text.trim().split('\n').at(-1) ?? ''
    if (code !== 0 || !last.startsWith('{')) throw new Error(`wrk exited ${code}: ${text}`)
    const r = JSON.parse(last)
    const duration = r.duration / 1e6
    return { rps: Math.round((r.requests - r.non2xx) / duration), p50: r.p50, p99: r.p99, non2xx: r.non2xx, errors: r.errors, requests: r.requests }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
