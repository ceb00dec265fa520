// Conversations kept across restarts: the embedded default is a lowdb JSON file under data/.
// Behind a small interface so a shared store (Redis) can take its place when several bot
// processes serve one audience.
import { mkdirSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { Low } from 'lowdb'
import { JSONFile } from 'lowdb/node'
import { newSession, type Session } from '../bot.js'
import { ROOT } from '../paths.js'

export interface SessionStore {
  load(id: string): Promise<Session>
  save(id: string, session: Session): Promise<void>
  forget(id: string): Promise<void>
}

interface Data {
  sessions: Record<string, Session & { updated: string }>
}

export const DEFAULT_STORE = join(ROOT, 'data', 'store.json')

export class LowdbSessionStore implements SessionStore {
  private constructor(private db: Low<Data>) {}

  static async open(file = DEFAULT_STORE): Promise<LowdbSessionStore> {
    mkdirSync(dirname(file), { recursive: true })
    // not lowdb's JSONFilePreset: under NODE_ENV=test it silently keeps everything in memory
    const db = new Low<Data>(new JSONFile<Data>(file), { sessions: {} })
    await db.read()
    return new LowdbSessionStore(db)
  }

  async load(id: string): Promise<Session> {
    const s = this.db.data.sessions[id]
    if (!s) return newSession()
    const { updated: _, ...session } = s
    return { ...newSession(), ...session }
  }

  /** Written to disk before it resolves: an acknowledged turn is not lost. */
  async save(id: string, session: Session): Promise<void> {
    this.db.data.sessions[id] = { ...session, updated: new Date().toISOString() }
    await this.db.write()
  }

  async forget(id: string): Promise<void> {
    delete this.db.data.sessions[id]
    await this.db.write()
  }
}
