#!/usr/bin/env node
// npm run bench [-- --json] [-- --only answer,cold,rss,http,console,store,journal]: how fast the bot is,
// each figure beside a baseline measured in the same run on the same machine, and its target.
// Runs the built code (dist/): `npm run build` first. Takes about two minutes.
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { cpus, loadavg, tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import MiniSearch from 'minisearch'
import { generator, load } from './http-load.mjs'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const dist = (p) => join(root, 'dist', p)
const evalDir = resolve(root, process.env.EVAL_DIR ?? '../shared/eval')
const args = process.argv.slice(2)
const asJson = args.includes('--json')
const onlyAt = args.indexOf('--only')
const only = onlyAt >= 0 ? new Set(args[onlyAt + 1].split(',')) : null
const run = (name) => !only || only.has(name)
const ASOF = '2026-11-23'
const COLD_QUESTION = '嘉兴 CMMI 五级'

// progress goes to stderr, so that --json leaves stdout to the one JSON object
const say = (s) => process.stderr.write(s + '\n')
const out = asJson ? () => {} : (s) => process.stdout.write(s + '\n')

const median = (xs) => quantile(xs, 0.5)
function quantile(xs, q) {
  if (!xs.length) return NaN
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))]
}
const r1 = (x) => Math.round(x * 10) / 10
const r2 = (x) => Math.round(x * 100) / 100
const r3 = (x) => Math.round(x * 1000) / 1000
const ms = (x) => (x < 10 ? x.toFixed(2) : x < 100 ? x.toFixed(1) : x.toFixed(0))
const verdict = (ok) => (ok ? 'PASS' : 'MISS')

if (!existsSync(join(evalDir, 'dev.jsonl'))) {
  console.error(`no evaluation sets at ${evalDir} (set EVAL_DIR)`)
  process.exit(2)
}
if (!existsSync(dist('src/bot.js'))) {
  console.error('no build in dist/: npm run build first')
  process.exit(2)
}
const { Bot, newSession } = await import(dist('src/bot.js'))
const { knowledge } = await import(dist('src/knowledge.js'))
const { tokenize } = await import(dist('src/search.js'))
const dev = readFileSync(join(evalDir, 'dev.jsonl'), 'utf8')
  .split('\n')
  .filter((l) => l.trim())
  .map((l) => JSON.parse(l))
const questions = dev.map((q) => q.question)

const result = { machine: { cpus: cpus().length, loadavgBefore: loadavg().map(r2), node: process.version } }
const pass = {}
say(`policy-guide bench: ${questions.length} dev questions, ${cpus().length} cores, load ${loadavg().map(r2).join(' ')}`)
if (loadavg()[0] > cpus().length) say('  (the machine is busy: figures will be slower than on an idle one)')

const bot = new Bot(knowledge())

// ── answer time vs a BM25 look-up of the same questions ──────────────────────────────
if (run('answer')) {
  say('answer time …')
  const time = (f) => {
    const t = []
    for (const q of questions) {
      const t0 = performance.now()
      f(q)
      t.push(performance.now() - t0)
    }
    return t
  }
  const ask = (q) => bot.ask(q, newSession(), ASOF)
  time(ask) // warm-up: the first pass compiles the code paths
  const answer = time(ask)

  // the baseline: minisearch's BM25 over every paragraph of the sources, on character bigrams
  const docs = []
  for (const f of readdirSync(join(root, 'rules', 'sources')).filter((n) => n.endsWith('.txt')).sort())
    readFileSync(join(root, 'rules', 'sources', f), 'utf8')
      .split('\n')
      .forEach((text, i) => text.trim() && docs.push({ id: `${f}:${i + 1}`, text }))
  const t0 = performance.now()
  const mini = new MiniSearch({ fields: ['text'], tokenize: (s) => tokenize(s), processTerm: (t) => t })
  mini.addAll(docs)
  const bm25Build = performance.now() - t0
  const look = (q) => mini.search(q)
  time(look)
  const bm25 = time(look)

  result.answerMsMedian = r3(median(answer))
  result.answerMsP99 = r3(quantile(answer, 0.99))
  result.answerMsMean = r3(answer.reduce((a, b) => a + b, 0) / answer.length)
  // the most answers one core can give, whatever the HTTP server and the store do
  result.answersPerCore = Math.round(1000 / result.answerMsMean)
  result.bm25MsMedian = r3(median(bm25))
  result.bm25MsP99 = r3(quantile(bm25, 0.99))
  result.bm25BuildMs = r1(bm25Build)
  result.bm25Paragraphs = docs.length
  result.answerToBm25 = r2(result.answerMsMedian / result.bm25MsMedian)
  pass.answer = result.answerToBm25 <= 2
  out(`answer time        median ${ms(median(answer))} ms, p99 ${ms(quantile(answer, 0.99))} ms a question (${questions.length} dev questions, fresh sessions)`)
  out(`  BM25 baseline    median ${ms(median(bm25))} ms, p99 ${ms(quantile(bm25, 0.99))} ms (minisearch over ${docs.length} source paragraphs, char bigrams; built in ${ms(bm25Build)} ms)`)
  out(`  ratio            ${result.answerToBm25}× BM25          target ≤ 2×          ${verdict(pass.answer)}`)
  out(`  (mean ${ms(result.answerMsMean)} ms: at most ${result.answersPerCore} answers/s on one core)`)
}

// ── cold start of `policy-guide ask` vs `node -e ''` ─────────────────────────────────
if (run('cold')) {
  say('cold start …')
  const bin = join(root, 'bin', 'policy-guide.js')
  const wall = (argv) => {
    const t0 = performance.now()
    const r = spawnSync(process.execPath, argv, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
    const t = performance.now() - t0
    if (r.status !== 0) throw new Error(`${argv.join(' ')} failed: ${r.stderr}`)
    return t
  }
  const askArgv = [bin, 'ask', '--json', COLD_QUESTION]
  // the warm-up also rebuilds the knowledge cache if a rule or the code changed since the last run
  wall(askArgv)
  wall(['-e', ''])
  const cold = []
  const bare = []
  // interleaved, so that a burst of load elsewhere hits both alike
  for (let i = 0; i < 11; i++) {
    cold.push(wall(askArgv))
    bare.push(wall(['-e', '']))
  }
  result.coldStartMs = r1(median(cold))
  result.nodeStartMs = r1(median(bare))
  result.coldStartMinMs = r1(Math.min(...cold))
  result.coldToNode = r2(result.coldStartMs / result.nodeStartMs)
  pass.coldStart = result.coldStartMs <= 300
  out(`cold start         ${ms(result.coldStartMs)} ms (min ${ms(result.coldStartMinMs)}) for \`policy-guide ask --json "${COLD_QUESTION}"\`; node -e '' ${ms(result.nodeStartMs)} ms (${result.coldToNode}×)`)
  out(`                   target ≤ 300 ms          ${verdict(pass.coldStart)}`)
}

// ── resident memory ──────────────────────────────────────────────────────────────────
if (run('rss')) {
  say('memory …')
  const probe = (answerAll) => {
    const code = `
      const { Bot, newSession } = await import(${JSON.stringify(dist('src/bot.js'))})
      const { knowledge } = await import(${JSON.stringify(dist('src/knowledge.js'))})
      const bot = new Bot(knowledge())
      const loaded = process.memoryUsage().rss
      ${answerAll ? `const { readFileSync } = await import('node:fs')
        for (const l of readFileSync(${JSON.stringify(join(evalDir, 'dev.jsonl'))}, 'utf8').split('\\n')) if (l.trim()) bot.ask(JSON.parse(l).question, newSession(), '${ASOF}')` : ''}
      process.stdout.write(JSON.stringify({ loaded, after: process.memoryUsage().rss }))`
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', code], { encoding: 'utf8', maxBuffer: 1 << 26 })
    if (r.status !== 0) throw new Error(r.stderr)
    return JSON.parse(r.stdout)
  }
  const loaded = [probe(false), probe(false), probe(false)].map((p) => p.loaded)
  const after = probe(true).after
  result.rssMB = r1(median(loaded) / 2 ** 20)
  result.rssAfterDevMB = r1(after / 2 ** 20)
  pass.rss = result.rssMB <= 150
  out(`memory             ${result.rssMB} MB RSS with all rules loaded (${result.rssAfterDevMB} MB after answering the ${questions.length} dev questions)`)
  out(`                   target ≤ 150 MB          ${verdict(pass.rss)}`)
}

// ── HTTP /api/ask under 50 connections: one process, then every core (WORKERS, Redis) ──────
// seconds of answering before a process is measured: V8 compiles the answer path for ~20 s of it
const WARM_S = 20
/**
 * The app as `policy-guide serve` runs it, in processes of its own, with the JSON API only; rate
 * limits off (every connection of the load comes from one address), logs off. Resolves with its
 * URL once every worker listens, and a stop().
 */
async function startServer(settings) {
  const dataDir = mkdtempSync(join(tmpdir(), 'pg-bench-http-'))
  const entry = join(dataDir, 'serve.mjs')
  // a file, not -e: cluster workers run the primary's script again
  writeFileSync(
    entry,
    `const { serve } = await import(${JSON.stringify(dist('src/workers.js'))})
    const { Config } = await import(${JSON.stringify(dist('src/config.js'))})
    const { api } = await import(${JSON.stringify(dist('adapters/http/api.js'))})
    const config = Config.parse({ PORT: '0', DATA_DIR: ${JSON.stringify(dataDir)}, LOG_LEVEL: 'silent', RATE_PER_SESSION: '0', RATE_PER_ADDRESS: '0', RATE_REQUESTS_PER_ADDRESS: '0', API_KEYS: 'bench', ...${JSON.stringify(settings)} })
    const running = await serve(config, [api])
    process.stdout.write(running.url + '\\n')
    process.on('SIGTERM', () => running.stop().then(() => process.exit(0)))`,
  )
  const server = spawn(process.execPath, [entry], { stdio: ['ignore', 'pipe', 'inherit'] })
  const stop = async () => {
    server.kill('SIGTERM')
    await new Promise((r) => (server.exitCode !== null ? r() : server.once('exit', r)))
    rmSync(dataDir, { recursive: true, force: true })
  }
  try {
    const url = await new Promise((ok, fail) => {
      let buf = ''
      server.stdout.on('data', (b) => {
        buf += b
        if (buf.includes('\n')) ok(buf.trim())
      })
      server.once('exit', (c) => fail(new Error(`the app exited (${c}) before listening`)))
    })
    return { url, stop }
  } catch (e) {
    await stop()
    throw e
  }
}

/** 50 connections for `seconds` (after 2 s to warm up, unless warm), each request a dev question from a conversation of its own. */
async function askLoad(url, { seconds = 10, warm = false } = {}) {
  if (!warm) await load(url, { seconds: 2, questions, key: 'bench' })
  return load(url, { seconds, questions, key: 'bench' })
}

if (run('http')) {
  say('HTTP /api/ask, 50 connections, one process …')
  const one = await startServer({})
  try {
    const r = await askLoad(one.url)
    result.httpRps = r.rps
    result.httpP50Ms = r.p50
    result.httpP99Ms = r.p99
    result.httpNon2xx = r.non2xx
    result.httpErrors = r.errors
    result.httpGenerator = generator
    // the ceiling of the server itself: the same 50 connections on an endpoint that does nothing
    result.httpHealthzRps = (await load(one.url, { seconds: 3, path: '/healthz' })).rps
    pass.http = result.httpRps >= 2000 && result.httpP99Ms <= 25
    out(`HTTP /api/ask      ${r.rps} answers/s, p50 ${r.p50} ms, p99 ${r.p99} ms at 50 connections, 10 s (${r.non2xx} non-2xx, ${r.errors} errors; load from ${generator})`)
    out(`                   target ≥ 2000/s, p99 ≤ 25 ms          ${verdict(pass.http)}`)
    out(`  (GET /healthz on the same server: ${result.httpHealthzRps}/s)`)
  } finally {
    await one.stop()
  }

  // every core against one process, both on the shared store (the embedded one is one process);
  // first what the cores give at all: answers in one process, then in one a core at once (no
  // HTTP, no store), the ceiling of the ratio on this machine at this moment
  const { haveRedis, startRedis } = await import('./redis-server.mjs')
  const answering = (processes) => {
    const code = `
      const { Bot, newSession } = await import(${JSON.stringify(dist('src/bot.js'))})
      const { knowledge } = await import(${JSON.stringify(dist('src/knowledge.js'))})
      const questions = ${JSON.stringify(questions)}
      const bot = new Bot(knowledge())
      // V8 keeps compiling for some thousands of questions (on a second thread, which two processes
      // then share): a server's steady state is what is compared
      const w0 = performance.now()
      for (let i = 0; performance.now() - w0 < ${WARM_S * 1000}; i++) bot.ask(questions[i % questions.length], newSession(), '${ASOF}')
      const t0 = performance.now()
      let n = 0
      while (performance.now() - t0 < 5000) bot.ask(questions[n++ % questions.length], newSession(), '${ASOF}')
      process.stdout.write(String(n / 5))`
    const one = () =>
      new Promise((ok, fail) => {
        const p = spawn(process.execPath, ['--input-type=module', '-e', code], { stdio: ['ignore', 'pipe', 'inherit'] })
        let o = ''
        p.stdout.on('data', (b) => (o += b))
        p.once('exit', (c) => (c === 0 ? ok(Number(o)) : fail(new Error(`answering process exited (${c})`))))
      })
    return Promise.all(Array.from({ length: processes }, one)).then((rs) => rs.reduce((a, b) => a + b, 0))
  }
  say(`answers in 1 process, then in ${cpus().length} at once …`)
  const solo = await answering(1)
  const together = await answering(cpus().length)
  result.coresAnswersPerS = Math.round(solo)
  result.coresAllAnswersPerS = Math.round(together)
  result.coresToOne = r2(together / solo)
  out(`  the cores        ${result.coresAllAnswersPerS} answers/s from ${cpus().length} processes at once against ${result.coresAnswersPerS} from one (${result.coresToOne}×; no HTTP, no store): what WORKERS can gain here now`)
  if (!haveRedis) say('  no redis-server: WORKERS not measured (apt-get install redis-server)')
  else {
    const redis = await startRedis()
    try {
      const workers = cpus().length
      // both running side by side (the idle one costs nothing) and measured in turn, four rounds
      // of 5 s: the better round of each, so that a burst of load elsewhere does not decide the ratio
      say(`HTTP /api/ask, 50 connections, Redis store, 1 process and ${workers} workers in turn …`)
      const servers = {}
      const load = {}
      try {
        servers.one = await startServer({ REDIS_URL: redis.url, WORKERS: '1' })
        servers.all = await startServer({ REDIS_URL: redis.url, WORKERS: String(workers) })
        // each warmed to its steady state first (two workers each see half the questions)
        await askLoad(servers.one.url, { seconds: WARM_S, warm: true })
        await askLoad(servers.all.url, { seconds: WARM_S * 2, warm: true })
        for (let round = 0; round < 4; round++)
          for (const name of ['one', 'all']) {
            const r = await askLoad(servers[name].url, { seconds: 5, warm: round > 0 })
            if (!load[name] || r.rps > load[name].rps) load[name] = r
          }
      } finally {
        await Promise.all(Object.values(servers).map((s) => s.stop()))
      }
      result.httpWorkers = workers
      result.httpRedisOneRps = load.one.rps
      result.httpRedisOneP99Ms = load.one.p99
      result.httpWorkersRps = load.all.rps
      result.httpWorkersP99Ms = load.all.p99
      result.httpWorkersErrors = load.all.errors + load.all.non2xx
      result.httpWorkersToOne = r2(load.all.rps / load.one.rps)
      result.httpWorkersP99ToOne = r2(load.all.p99 / load.one.p99)
      pass.workers = result.httpWorkersToOne >= 1.6 && result.httpWorkersP99ToOne <= 0.5
      out(`  Redis store      1 process ${load.one.rps} answers/s, p50 ${load.one.p50} ms, p99 ${load.one.p99} ms; ${workers} workers ${load.all.rps} answers/s, p50 ${load.all.p50} ms, p99 ${load.all.p99} ms (${result.httpWorkersErrors} errors or non-2xx)`)
      out(`  ratio            ${result.httpWorkersToOne}× the answers, p99 ${result.httpWorkersP99ToOne}× one process's          target ≥ 1.6×, p99 ≤ 0.5×          ${verdict(pass.workers)}`)
      // Little's law: a closed load's mean wait is the connections over the rate
      out(`  (50 requests in flight wait on average 50 ÷ the rate: ${ms(50_000 / load.one.rps)} ms against ${ms(50_000 / load.all.rps)} ms; the p99 halves where the answers double)`)
      out(`  (${generator} and redis-server share the same ${workers} cores${generator === 'wrk' ? '' : '; with wrk installed the load takes less of them'})`)
    } finally {
      await redis.stop()
    }
  }
}

// ── hotline console: a look-up on each keystroke ──────────────────────────────────────
if (run('console')) {
  say('console keystrokes …')
  const hotline = dev.filter((q) => q.persona === 'hotline').map((q) => q.question)
  const prefixes = hotline.flatMap((q) => [...q].map((_, i) => [...q].slice(0, i + 1).join('')))
  for (const p of prefixes) bot.lookup(p, ASOF, 10)
  const t = prefixes.map((p) => {
    const t0 = performance.now()
    bot.lookup(p, ASOF, 10)
    return performance.now() - t0
  })
  result.consoleMsMedian = r3(median(t))
  result.consoleMsP99 = r3(quantile(t, 0.99))
  result.consoleKeystrokes = prefixes.length
  pass.console = result.consoleMsP99 <= 50
  out(`console keystroke  median ${ms(median(t))} ms, p99 ${ms(quantile(t, 0.99))} ms a look-up (${prefixes.length} prefixes of ${hotline.length} hotline queries)`)
  out(`                   target ≤ 50 ms p99 (our own: a keystroke should feel instant)          ${verdict(pass.console)}`)
}

// ── store: one turn (load, ask, save) with 1k, 10k and 100k sessions stored ───────────
if (run('store')) {
  const { LowdbStore } = await import(dist('src/store/lowdb.js'))
  // realistic sessions: those the dev questions leave behind
  const samples = questions.slice(0, 200).map((q) => {
    const s = newSession()
    bot.ask(q, s, ASOF)
    return s
  })
  const turns = {}
  for (const count of [1_000, 10_000, 100_000]) {
    say(`store turn with ${count} sessions …`)
    const dir = mkdtempSync(join(tmpdir(), 'pg-bench-store-'))
    const file = join(dir, 'store.json')
    const sessions = {}
    const updated = new Date().toISOString()
    for (let i = 0; i < count; i++) sessions[`web:bench-${i}`] = { ...samples[i % samples.length], updated }
    writeFileSync(file, JSON.stringify({ sessions, claims: {} }))
    const bytes = readFileSync(file).length
    const t0 = performance.now()
    const store = await LowdbStore.open(file)
    const openMs = performance.now() - t0
    const turn = async (i) => {
      const id = `web:bench-${(i * 7919) % count}`
      const t = performance.now()
      const s = await store.load(id)
      bot.ask(questions[i % questions.length], s, ASOF)
      await store.save(id, s)
      return performance.now() - t
    }
    for (let i = 0; i < 3; i++) await turn(i)
    const t = []
    // one turn at a time: the latency a person waits for, not the throughput of many
    const deadline = performance.now() + 8000
    for (let i = 3; i < 43 && performance.now() < deadline; i++) t.push(await turn(i))
    await store.close()
    rmSync(dir, { recursive: true, force: true })
    turns[count] = { median: median(t), p99: quantile(t, 0.99), n: t.length, openMs, mb: bytes / 2 ** 20 }
    out(`store turn ${String(count / 1000).padStart(3)}k    median ${ms(median(t))} ms, max ${ms(Math.max(...t))} ms (${t.length} turns; file ${r1(bytes / 2 ** 20)} MB, opened in ${ms(openMs)} ms)`)
  }
  result.turnMs1k = r2(turns[1000].median)
  result.turnMs10k = r2(turns[10000].median)
  result.turnMs100k = r2(turns[100000].median)
  result.storeMB100k = r1(turns[100000].mb)
  result.turn100kTo1k = r2(result.turnMs100k / result.turnMs1k)
  pass.store = result.turn100kTo1k <= 1.5
  out(`  ratio            ${result.turn100kTo1k}× at 100k vs 1k          target ≤ 1.5×          ${verdict(pass.store)}`)
}

// ── journal: what syncing each append to disk before acknowledging it costs ────────────
if (run('journal')) {
  const { LowdbStore } = await import(dist('src/store/lowdb.js'))
  const session = newSession()
  bot.ask(questions[0], session, ASOF)
  // saves a second for 3 s: one at a time (a person waits for their own turn), then 50 in flight
  // (turns of many people, which share an append and its sync)
  const rate = async (fsync, inFlight) => {
    const dir = mkdtempSync(join(tmpdir(), 'pg-bench-journal-'))
    const store = await LowdbStore.open(join(dir, 'store.json'), undefined, { fsync })
    let n = 0
    const t0 = performance.now()
    const worker = async () => {
      while (performance.now() - t0 < 3000) await store.save(`web:bench-${n++ % 1000}`, session)
    }
    await Promise.all(Array.from({ length: inFlight }, worker))
    const perS = n / ((performance.now() - t0) / 1000)
    await store.close()
    rmSync(dir, { recursive: true, force: true })
    return Math.round(perS)
  }
  for (const inFlight of [1, 50]) {
    say(`journal saves, ${inFlight} in flight, with and without fsync …`)
    const synced = await rate(true, inFlight)
    const unsynced = await rate(false, inFlight)
    const addedMs = (1000 * inFlight) / synced - (1000 * inFlight) / unsynced
    result[`journalSavesPerS${inFlight}`] = { fsync: synced, noFsync: unsynced, ratio: r2(synced / unsynced), addedMs: r2(addedMs) }
    out(`journal ${String(inFlight).padStart(2)} in flight ${synced} saves/s with fsync, ${unsynced} without: ${r2(synced / unsynced)}×, +${ms(addedMs)} ms a save (the cost of surviving a power cut)`)
  }
}

result.machine.loadavgAfter = loadavg().map(r2)
result.pass = pass
if (asJson) process.stdout.write(JSON.stringify(result) + '\n')
else out(`\n${Object.values(pass).filter(Boolean).length} of ${Object.keys(pass).length} targets met (load average before ${result.machine.loadavgBefore[0]}, after ${result.machine.loadavgAfter[0]})`)
process.exit(0)
