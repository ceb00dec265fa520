// Faults: the process killed (kill -9) in the middle of writing turns loses none it acknowledged
// and leaves a store that loads; an unreadable store file is moved aside with a clear log line
// and the bot starts anyway.
import { spawn } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import pino from 'pino'
import { afterEach, describe, expect, it } from 'vitest'
import { api } from '../../adapters/http/api.js'
import { keyId } from '../../adapters/http/api-keys.js'
import { startApp } from '../../src/app.js'
import { newSession } from '../../src/bot.js'
import { Config } from '../../src/config.js'
import { ROOT } from '../../src/paths.js'
import { LowdbStore } from '../../src/store/lowdb.js'

const dirs: string[] = []
const tempDir = (name: string) => {
  const d = mkdtempSync(join(tmpdir(), `${name}-`))
  dirs.push(d)
  return d
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

/**
 * A bot process writing turns: `writers` conversations at once, each turn saved through the
 * built LowdbStore; it prints a turn's number only once save() has resolved (the turn is
 * acknowledged: the reply may go out). The store starts with `prefill` other sessions, so that
 * each write takes a while and the kill lands in the middle of one.
 */
function writer(file: string, writers: number) {
  const code = `
    const { LowdbStore } = await import(${JSON.stringify(join(ROOT, 'dist/src/store/lowdb.js'))})
    const store = await LowdbStore.open(${JSON.stringify(file)})
    let next = 0
    const write = async () => {
      for (;;) {
        const n = next++
        const session = { profile: { region: '嘉兴市', softwareRevenue: n * 10000 }, lastFacts: ['softwareRevenue'], topic: '第' + n + '轮', lastPolicies: [], pending: [] }
        await store.save('turn:' + n, session)
        process.stdout.write(n + '\\n')
      }
    }
    for (let i = 0; i < ${writers}; i++) write()`
  return spawn(process.execPath, ['--input-type=module', '-e', code], { stdio: ['ignore', 'pipe', 'pipe'] })
}

async function killMidStream(file: string, afterAcks: number, writers: number): Promise<number[]> {
  const child = writer(file, writers)
  const acked: number[] = []
  let buf = ''
  let err = ''
  child.stderr.on('data', (b) => (err += b))
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, signal) => resolve(signal)))
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the writer acknowledged only ${acked.length} turns in 20 s: ${err}`)), 20_000)
    child.stdout.on('data', (b: Buffer) => {
      buf += b.toString()
      const lines = buf.split('\n')
      buf = lines.pop()! // a line cut short is no acknowledgement
      for (const l of lines) acked.push(Number(l))
      if (acked.length >= afterAcks) {
        clearTimeout(timer)
        child.kill('SIGKILL')
        resolve()
      }
    })
    child.once('exit', (code) => code !== null && reject(new Error(`the writer exited (${code}): ${err}`)))
  })
  expect(await exited).toBe('SIGKILL')
  return acked
}

describe('kill -9 while turns are being written', () => {
  // early (the first write), mid-stream, and after many folded writes over a larger file
  for (const [afterAcks, prefill] of [
    [1, 0],
    [150, 2000],
    [1000, 10000],
  ] as const)
    it(`loses no acknowledged turn (killed after ${afterAcks} acknowledgements, ${prefill} sessions stored before)`, { timeout: 40_000 }, async () => {
      const file = join(tempDir('kill9'), 'store.json')
      if (prefill) {
        const sessions: Record<string, unknown> = {}
        for (let i = 0; i < prefill; i++) sessions[`web:old-${i}`] = { ...newSession(), profile: { region: '聊城市', employees: i }, updated: new Date().toISOString() }
        writeFileSync(file, JSON.stringify({ sessions, claims: {} }))
      }
      const acked = await killMidStream(file, afterAcks, 16)
      expect(acked.length).toBeGreaterThanOrEqual(afterAcks)

      // the store a restarted bot opens: it loads, with every acknowledged turn and every older session
      let corrupt: string | undefined
      const store = await LowdbStore.open(file, (aside) => (corrupt = aside))
      expect(corrupt, 'the store file was unreadable after the kill').toBeUndefined()
      for (const n of acked) {
        const s = await store.load(`turn:${n}`)
        expect(s.profile.softwareRevenue, `turn ${n} was acknowledged but is not in the store`).toBe(n * 10000)
      }
      if (prefill) expect((await store.load(`web:old-${prefill - 1}`)).profile.employees).toBe(prefill - 1)
      await store.close()
    })
})

describe('an unreadable store file', () => {
  const cases: [string, string][] = [
    ['garbage', '{not json at all'],
    ['a write cut short', JSON.stringify({ sessions: { 'web:a': newSession() }, claims: {} }).slice(0, 40)],
    ['empty', ''],
    ['binary', '\u0000\u0001\u0002\uFFFD'.repeat(100)],
    ['the wrong shape', JSON.stringify({ sessions: 'everything', claims: 42 })],
  ]
  for (const [name, content] of cases)
    it(`(${name}) is moved aside with a clear log line, and the bot starts and keeps new turns`, { timeout: 20_000 }, async () => {
      const dir = tempDir('corrupt')
      const file = join(dir, 'store.json')
      writeFileSync(file, content)
      const lines: { level: number; msg: string; movedTo?: string; reason?: string }[] = []
      const sink = new Writable({
        write(chunk, _enc, done) {
          for (const l of chunk.toString().split('\n')) if (l.trim()) lines.push(JSON.parse(l))
          done()
        },
      })
      const app = await startApp(Config.parse({ PORT: '0', DATA_DIR: dir, LOG_LEVEL: 'info', API_KEYS: 'k-faults-0001' }), [api], pino({ level: 'info' }, sink))
      try {
        expect((await fetch(`${app.url}/healthz`)).status).toBe(200)
        const headers = { 'content-type': 'application/json', 'x-api-key': 'k-faults-0001' }
        const res = await fetch(`${app.url}/api/ask`, { method: 'POST', headers, body: JSON.stringify({ question: '嘉兴的软件企业，收入3500万', session: 'after-corruption' }) })
        expect(res.status).toBe(200)
      } finally {
        await app.stop()
      }
      const aside = readdirSync(dir).filter((f) => f.startsWith('store.json.corrupt-'))
      expect(aside, 'the unreadable file was not moved aside').toHaveLength(1)
      // kept as it was, for a person to look at
      expect(readFileSync(join(dir, aside[0]), 'utf8')).toBe(content)
      const line = lines.find((l) => l.movedTo)
      expect(line, 'no log line names where the file went').toBeDefined()
      expect(line!.level).toBeGreaterThanOrEqual(50) // error
      expect(line!.msg).toMatch(/存储文件无法读取/)
      expect(line!.movedTo).toBe(join(dir, aside[0]))
      // the new store holds the turn taken after the start
      const store = await LowdbStore.open(file)
      expect((await store.load(`api:${keyId('k-faults-0001')}:after-corruption`)).profile).toMatchObject({ region: '嘉兴市' })
      await store.close()
    })
})
