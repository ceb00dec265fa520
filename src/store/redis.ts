// The shared store for several bot processes serving one audience (REDIS_URL). Claims use
// SET NX PX, so of two processes that receive the same platform message only one answers it; a
// lock (SET NX PX with a token, released only by its holder) keeps two turns of one conversation
// that reached two processes from loading the same session and saving over each other.
import { randomUUID } from 'node:crypto'
import { Redis, type Result } from 'ioredis'
import { newSession, type Session } from '../bot.js'
import type { Store } from './store.js'

const SESSION = 'pg:session:'
const CLAIM = 'pg:claim:'
const RECORDS = 'pg:records:' // one hash per collection
const LOCK = 'pg:lock:'
/** A holder that died frees its conversation after this; a turn takes milliseconds, a hand-off's card a few seconds. */
const LOCK_MS = 30_000
const RELEASE = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end return 0"

declare module 'ioredis' {
  interface RedisCommander<Context> {
    /** RELEASE, sent by its digest (EVALSHA) once Redis has it */
    release(lock: string, token: string): Result<number, Context>
  }
}

export class RedisStore implements Store {
  private constructor(private redis: Redis) {}

  /** `onError` hears the connection's failures (each reconnect attempt's); commands fail on their own. */
  static async connect(url: string, onError: (e: Error) => void = () => {}): Promise<RedisStore> {
    // commands issued in one tick (many conversations' turns at once) go in one write: Redis reads
    // and answers them in one go rather than a system call each
    const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 3, enableAutoPipelining: true })
    // without a listener ioredis prints each failure with its stack to the console
    redis.on('error', onError)
    redis.defineCommand('release', { numberOfKeys: 1, lua: RELEASE })
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

  async exclusive<T>(key: string, work: () => Promise<T>): Promise<T> {
    const lock = LOCK + key
    const token = randomUUID()
    // another process's turn of this conversation lasts milliseconds: poll, backing off a little
    for (let wait = 1; (await this.redis.set(lock, token, 'PX', LOCK_MS, 'NX')) !== 'OK'; wait = Math.min(wait * 2, 50)) await new Promise((r) => setTimeout(r, wait))
    try {
      return await work()
    } finally {
      await this.redis.release(lock, token)
    }
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
