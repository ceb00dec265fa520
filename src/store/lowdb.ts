// The embedded default store: one lowdb JSON file under data/. lowdb rewrites the whole file
// on every write, so writes that arrive while one is under way are folded into the next one;
// each caller still waits until a write that holds its change is on disk.
import { mkdirSync, renameSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { Low } from 'lowdb'
import { z } from 'zod'
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
// what a readable file must hold to be taken as ours (sessions themselves are filled in on load)
const Shape = z.object({
  sessions: z.record(z.string(), z.object({}).loose()),
  claims: z.record(z.string(), z.number()).optional(),
  records: z.record(z.string(), z.record(z.string(), z.unknown())).optional(),
})

export const DEFAULT_STORE = join(ROOT, 'data', 'store.json')

export class LowdbStore implements Store {
  private writing: Promise<void> | null = null
  private queued: Promise<void> | null = null

  private constructor(private db: Low<Data>) {}

  /** `onCorrupt` hears where an unreadable file was moved; the bot starts with an empty store. */
  static async open(file = DEFAULT_STORE, onCorrupt: (movedTo: string, error: Error) => void = () => {}): Promise<LowdbStore> {
    mkdirSync(dirname(file), { recursive: true })
    // not lowdb's JSONFilePreset: under NODE_ENV=test it silently keeps everything in memory
    const db = new Low<Data>(new JSONFile<Data>(file), empty())
    let problem: Error | null = null
    try {
      await db.read()
      const shape = Shape.safeParse(db.data)
      if (!shape.success) problem = new Error(`not a store: ${shape.error.issues[0]?.path.join('.')} ${shape.error.issues[0]?.message}`)
    } catch (e) {
      if (!(e instanceof SyntaxError)) throw e
      problem = e
    }
    if (problem) {
      const aside = `${file}.corrupt-${Date.now()}`
      renameSync(file, aside)
      onCorrupt(aside, problem)
      db.data = empty()
    }
    db.data = { ...empty(), ...db.data }
    return new LowdbStore(db)
  }

  async load(id: string): Promise<Session> {
    const s = this.db.data.sessions[id]
    if (!s) return newSession()
    const { updated: _, ...session } = structuredClone(s)
    return { ...newSession(), ...session }
  }

  async save(id: string, session: Session): Promise<void> {
    this.db.data.sessions[id] = { ...structuredClone(session), updated: new Date().toISOString() }
    await this.flush()
  }

  async forget(id: string): Promise<void> {
    delete this.db.data.sessions[id]
    await this.flush()
  }

  async claim(key: string, ttlMs: number): Promise<boolean> {
    const now = Date.now()
    const claims = this.db.data.claims
    if ((claims[key] ?? 0) > now) return false
    claims[key] = now + ttlMs
    if (Object.keys(claims).length % 1000 === 0) for (const [k, until] of Object.entries(claims)) if (until <= now) delete claims[k]
    await this.flush()
    return true
  }

  async put(collection: string, id: string, value: unknown): Promise<void> {
    ;(this.db.data.records[collection] ??= {})[id] = structuredClone(value)
    await this.flush()
  }

  async get(collection: string, id: string): Promise<unknown> {
    const v = this.db.data.records[collection]?.[id]
    return v === undefined ? undefined : structuredClone(v)
  }

  async list(collection: string): Promise<unknown[]> {
    return Object.values(this.db.data.records[collection] ?? {}).map((v) => structuredClone(v))
  }

  async remove(collection: string, id: string): Promise<void> {
    delete this.db.data.records[collection]?.[id]
    await this.flush()
  }

  async close(): Promise<void> {
    await this.queued
    await this.writing
  }

  /** One write at a time; changes made meanwhile share the next write. */
  private flush(): Promise<void> {
    if (this.queued) return this.queued
    if (!this.writing) {
      this.writing = this.db.write().finally(() => (this.writing = null))
      return this.writing
    }
    this.queued = this.writing
      .catch(() => {})
      .then(() => {
        this.queued = null
        return this.flush()
      })
    return this.queued
  }
}
