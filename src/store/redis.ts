// The shared store for several bot processes serving one audience (REDIS_URL). Claims use
// SET NX PX, so of two processes that receive the same platform message only one answers it.
import { Redis } from 'ioredis'
import { newSession, type Session } from '../bot.js'
import type { Store } from './store.js'

const SESSION = 'pg:session:'
const CLAIM = 'pg:claim:'
const RECORDS = 'pg:records:' // one hash per collection

export class RedisStore implements Store {
  private constructor(private redis: Redis) {}

  static async connect(url: string): Promise<RedisStore> {
    const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 3 })
    await redis.connect()
    return new RedisStore(redis)
  }

  async load(id: string): Promise<Session> {
    const raw = await this.redis.get(SESSION + id)
    if (!raw) return newSession()
    const { updated: _, ...session } = JSON.parse(raw)
    return { ...newSession(), ...session }
  }

  async save(id: string, session: Session): Promise<void> {
    await this.redis.set(SESSION + id, JSON.stringify({ ...session, updated: Date.now() }))
  }

  async forget(id: string): Promise<void> {
    await this.redis.del(SESSION + id)
  }

  /** A walk over every session (SCAN, not KEYS: the server keeps answering others meanwhile). */
  async expireSessions(before: number): Promise<string[]> {
    const old: string[] = []
    for await (const keys of this.redis.scanStream({ match: `${SESSION}*`, count: 500 }) as AsyncIterable<string[]>) {
      const values = keys.length ? await this.redis.mget(keys) : []
      keys.forEach((k, i) => {
        const v = values[i]
        if (v && !((JSON.parse(v) as { updated?: number }).updated! >= before)) old.push(k.slice(SESSION.length))
      })
    }
    if (old.length) await this.redis.del(...old.map((id) => SESSION + id))
    return old
  }

  /** Redis holds what was removed nowhere but in its own persistence files, which it rewrites itself. */
  async purge(): Promise<void> {}

  async claim(key: string, ttlMs: number): Promise<boolean> {
    return (await this.redis.set(CLAIM + key, '1', 'PX', ttlMs, 'NX')) === 'OK'
  }

  async put(collection: string, id: string, value: unknown): Promise<void> {
    await this.redis.hset(RECORDS + collection, id, JSON.stringify(value))
  }

  async get(collection: string, id: string): Promise<unknown> {
    const raw = await this.redis.hget(RECORDS + collection, id)
    return raw == null ? undefined : JSON.parse(raw)
  }

  async list(collection: string): Promise<unknown[]> {
    return Object.values(await this.redis.hgetall(RECORDS + collection)).map((v) => JSON.parse(v))
  }

  async remove(collection: string, id: string): Promise<void> {
    await this.redis.hdel(RECORDS + collection, id)
  }

  async close(): Promise<void> {
    await this.redis.quit()
  }
}
