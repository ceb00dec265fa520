// The embedded default store: a lowdb JSON snapshot under data/ and a journal beside it.
// lowdb rewrites its whole file on each write, which at 100k sessions is ~50 MB and over a second
// a turn. So each change is appended to store.json.journal as one JSON line, and acknowledged once
// appended and fsynced (a power cut loses no acknowledged turn; the cost is in `npm run bench`): a
// turn writes ~1 KB whatever the number of sessions. Changes that arrive while an append is under
// way share the next one. The snapshot is rewritten (through lowdb) when the journal has grown as
// large as it, and when something removed must leave the disk (purge: forget-me, retention); the
// journal then starts empty. Replaying a change twice gives the same state (each line sets or
// deletes a whole value), so a kill at any point leaves a store that loads with every acknowledged
// change.
import { existsSync, mkdirSync, readFileSync, renameSync, statSync } from 'node:fs'
import { open, truncate, type FileHandle } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { Low } from 'lowdb'
import { JSONFile } from 'lowdb/node'
import { newSession, type Session } from '../bot.js'
import { ROOT } from '../paths.js'
import type { Store } from './store.js'

interface Data {
  sessions: Record<string, Session & { updated: string }>
  claims: Record<string, number> // key → expiry (ms since epoch)
  records: Record<string, Record<string, unknown>>
}
const empty = (): Data => ({ sessions: {}, claims: {}, records: {} })
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

/** One line of the journal: a session set or deleted (null), a claim, a record set or deleted. */
type Change = ['s', string, (Session & { updated: string }) | null] | ['c', string, number] | ['r', string, string, unknown]

function apply(data: Data, c: Change) {
  if (c[0] === 's') {
    if (c[2] === null) delete data.sessions[c[1]]
    else data.sessions[c[1]] = c[2]
  } else if (c[0] === 'c') data.claims[c[1]] = c[2]
  else if (c[3] === null) delete data.records[c[1]]?.[c[2]]
  else (data.records[c[1]] ??= {})[c[2]] = c[3]
}

export const DEFAULT_STORE = join(ROOT, 'data', 'store.json')
/** The journal is folded into the snapshot once it is this large, or as large as the snapshot. */
const MIN_COMPACT_BYTES = 4 * 2 ** 20

export interface LowdbOptions {
  /** The clock sessions are stamped with (tests move it on). */
  now?: () => number
  /** false only to measure what fsync costs (the bench): an acknowledged change may then be lost to a power cut. */
  fsync?: boolean
}

export class LowdbStore implements Store {
  private pending: { line: string; compact: boolean; done: () => void; fail: (e: Error) => void }[] = []
  private running: Promise<void> | null = null
  private journalBytes: number
  private snapshotBytes: number
  private appender: FileHandle | null = null
  private now: () => number
  private fsync: boolean

  private constructor(
    private db: Low<Data>,
    private file: string,
    private journal: string,
    opts: LowdbOptions,
  ) {
    this.now = opts.now ?? Date.now
    this.fsync = opts.fsync ?? true
    this.journalBytes = existsSync(journal) ? statSync(journal).size : 0
    this.snapshotBytes = existsSync(file) ? statSync(file).size : 0
  }

  /** `onCorrupt` hears where an unreadable file was moved; the bot starts with what could be read. */
  static async open(file = DEFAULT_STORE, onCorrupt: (movedTo: string, error: Error) => void = () => {}, opts: LowdbOptions = {}): Promise<LowdbStore> {
    mkdirSync(dirname(file), { recursive: true })
    const journal = `${file}.journal`
    // not lowdb's JSONFilePreset: under NODE_ENV=test it silently keeps everything in memory
    const db = new Low<Data>(new JSONFile<Data>(file), empty())
    const aside = (path: string, e: Error) => {
      const to = `${path}.corrupt-${Date.now()}`
      renameSync(path, to)
      onCorrupt(to, e)
    }
    try {
      await db.read()
      const d = db.data as unknown
      if (d !== null && (!isRecord(d) || ['sessions', 'claims', 'records'].some((k) => k in d && !isRecord(d[k]))))
        throw new SyntaxError('not a store: sessions, claims and records must be objects')
    } catch (e) {
      if (!(e instanceof SyntaxError)) throw e
      aside(file, e)
      db.data = empty()
    }
    db.data = { ...empty(), ...db.data }
    if (existsSync(journal)) {
      const lines = readFileSync(journal, 'utf8').split('\n')
      // the last piece has no line end: an append cut short, never acknowledged
      lines.pop()
      try {
        for (const [i, line] of lines.entries()) {
          let c: Change
          try {
            c = JSON.parse(line) as Change
          } catch {
            throw new SyntaxError(`journal line ${i + 1} is not JSON`)
          }
          apply(db.data, c)
        }
      } catch (e) {
        // what came before the bad line is applied; the journal is kept aside for a person
        aside(journal, e as Error)
      }
    }
    return new LowdbStore(db, file, journal, opts)
  }

  async load(id: string): Promise<Session> {
    const s = this.db.data.sessions[id]
    if (!s) return newSession()
    const { updated: _, ...session } = structuredClone(s)
    return { ...newSession(), ...session }
  }

  save(id: string, session: Session): Promise<void> {
    return this.change(['s', id, { ...structuredClone(session), updated: new Date(this.now()).toISOString() }])
  }

  /** Resolves once the snapshot is rewritten and the journal emptied: nothing of the conversation stays on disk. */
  async forget(id: string): Promise<void> {
    await this.change(['s', id, null])
    await this.purge()
  }

  async expireSessions(before: number): Promise<string[]> {
    const old = Object.entries(this.db.data.sessions).filter(([, s]) => !(Date.parse(s.updated) >= before)).map(([id]) => id)
    await Promise.all(old.map((id) => this.change(['s', id, null])))
    return old
  }

  /** The snapshot rewritten from the state now, and the journal emptied: what was removed or overwritten is on disk no more. */
  purge(): Promise<void> {
    return new Promise((done, fail) => {
      this.pending.push({ line: '', compact: true, done, fail })
      this.kick()
    })
  }

  async claim(key: string, ttlMs: number): Promise<boolean> {
    const now = Date.now()
    if ((this.db.data.claims[key] ?? 0) > now) return false
    await this.change(['c', key, now + ttlMs])
    return true
  }

  put(collection: string, id: string, value: unknown): Promise<void> {
    return this.change(['r', collection, id, structuredClone(value)])
  }

  async get(collection: string, id: string): Promise<unknown> {
    const v = this.db.data.records[collection]?.[id]
    return v === undefined ? undefined : structuredClone(v)
  }

  async list(collection: string): Promise<unknown[]> {
    return Object.values(this.db.data.records[collection] ?? {}).map((v) => structuredClone(v))
  }

  remove(collection: string, id: string): Promise<void> {
    return this.change(['r', collection, id, null])
  }

  async close(): Promise<void> {
    while (this.running) await this.running
    await this.appender?.close()
    this.appender = null
  }

  /** Applies the change now (reads see it at once) and resolves once it is in the journal. */
  private change(c: Change): Promise<void> {
    apply(this.db.data, c)
    return new Promise((done, fail) => {
      this.pending.push({ line: JSON.stringify(c) + '\n', compact: false, done, fail })
      this.kick()
    })
  }

  private kick() {
    if (this.running) return
    this.running = this.drain().finally(() => {
      this.running = null
      // a change made between the last append and this moment
      if (this.pending.length) this.kick()
    })
  }

  /** One append at a time, each carrying every change that waited for it. */
  private async drain() {
    while (this.pending.length) {
      const batch = this.pending.splice(0)
      const text = batch.map((p) => p.line).join('')
      const purging = batch.some((p) => p.compact)
      try {
        if (text) {
          this.appender ??= await open(this.journal, 'a')
          await this.appender.appendFile(text)
          if (this.fsync) await this.appender.datasync()
          this.journalBytes += Buffer.byteLength(text)
        }
        // a purge (forget-me, retention) is done once the snapshot no longer holds what went, and the journal is empty
        if (purging) await this.compact()
        for (const p of batch) p.done()
      } catch (e) {
        for (const p of batch) p.fail(e as Error)
        continue
      }
      // after the callers have their answer: a large snapshot takes a second to write
      if (this.journalBytes >= Math.max(MIN_COMPACT_BYTES, this.snapshotBytes)) await this.compact().catch(() => {})
    }
  }

  /**
   * The state into the snapshot (written aside and renamed by lowdb), durable, then an empty
   * journal: emptied before the snapshot is on disk, a power cut would lose every change since
   * the last one.
   */
  private async compact() {
    const now = Date.now()
    for (const [k, until] of Object.entries(this.db.data.claims)) if (until <= now) delete this.db.data.claims[k]
    await this.db.write()
    if (this.fsync) {
      await syncPath(this.file)
      // the rename itself is on disk once the directory is synced (Windows cannot open a directory: it does not need to)
      await syncPath(dirname(this.file)).catch((e: NodeJS.ErrnoException) => {
        if (process.platform !== 'win32') throw e
      })
    }
    if (existsSync(this.journal)) {
      await truncate(this.journal, 0)
      if (this.fsync) await syncPath(this.journal)
    }
    this.journalBytes = 0
    this.snapshotBytes = statSync(this.file).size
  }
}

async function syncPath(path: string) {
  const h = await open(path, 'r')
  try {
    await h.sync()
  } finally {
    await h.close()
  }
}
