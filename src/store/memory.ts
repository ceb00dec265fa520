// A store that keeps everything in this process: for one run of `ask --jsonl`, where nothing is to
// outlive the run but every turn still goes through the conversation core the channels use.
import { newSession, type Session } from '../dialogue/session.js'
import type { Store } from './store.js'

export class MemoryStore implements Store {
  private sessions = new Map<string, Session>()
  private saved = new Map<string, number>()
  private claimed = new Map<string, number>()
  private collections = new Map<string, Map<string, unknown>>()
  constructor(private now: () => number = Date.now) {}

  async load(id: string): Promise<Session> {
    // a copy, as a store that serialises would give: the caller's changes count once saved
    return structuredClone(this.sessions.get(id) ?? newSession())
  }
  async save(id: string, session: Session): Promise<void> {
    this.sessions.set(id, structuredClone(session))
    this.saved.set(id, this.now())
  }
  async forget(id: string): Promise<void> {
    this.sessions.delete(id)
    this.saved.delete(id)
  }
  async expireSessions(before: number): Promise<string[]> {
    const old = [...this.saved].filter(([, at]) => at < before).map(([id]) => id)
    for (const id of old) await this.forget(id)
    return old
  }
  async purge(): Promise<void> {}
  async claim(key: string, ttlMs: number): Promise<boolean> {
    const until = this.claimed.get(key)
    if (until !== undefined && until > this.now()) return false
    this.claimed.set(key, this.now() + ttlMs)
    return true
  }
  async close(): Promise<void> {}

  private of(collection: string): Map<string, unknown> {
    if (!this.collections.has(collection)) this.collections.set(collection, new Map())
    return this.collections.get(collection)!
  }
  async put(collection: string, id: string, value: unknown): Promise<void> {
    this.of(collection).set(id, structuredClone(value))
  }
  async get(collection: string, id: string): Promise<unknown> {
    return structuredClone(this.of(collection).get(id))
  }
  async list(collection: string): Promise<unknown[]> {
    return [...this.of(collection).values()].map((v) => structuredClone(v))
  }
  async remove(collection: string, id: string): Promise<void> {
    this.of(collection).delete(id)
  }
}
