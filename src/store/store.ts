// What every store keeps: conversations, records of the officials' desk, and the keys of platform messages already taken, so
// a retried Feishu event or a WeChat message replayed at login is answered once, even by
// another bot process or after a restart.
import type { Session } from '../bot.js'

export interface Store {
  load(id: string): Promise<Session>
  /** Resolves once the session is durable: an acknowledged turn is not lost. */
  save(id: string, session: Session): Promise<void>
  /** Removes the conversation's session; resolves once it is gone from the store's files. */
  forget(id: string): Promise<void>
  /** Drops the sessions last saved before `before` (ms since epoch); returns their ids. */
  expireSessions(before: number): Promise<string[]>
  /** Resolves once nothing removed or overwritten so far is left in the store's files. */
  purge(): Promise<void>
  /** True for the first caller with this key within `ttlMs`, false for every later one. */
  claim(key: string, ttlMs: number): Promise<boolean>
  /**
   * Runs `work` while no other process sharing this store runs work under the same key (turns
   * of one conversation that reached two workers). A store only one process opens needs none.
   */
  exclusive?<T>(key: string, work: () => Promise<T>): Promise<T>
  close(): Promise<void>

  // Named collections of small records (tickets, FAQ entries, audit log, subscriptions),
  // validated by their owners' schemas; the store only keeps them durably.
  put(collection: string, id: string, value: unknown): Promise<void>
  get(collection: string, id: string): Promise<unknown>
  list(collection: string): Promise<unknown[]>
  remove(collection: string, id: string): Promise<void>
}

/** How long a platform message id is remembered: Feishu retries for about 7 hours. */
export const DEDUP_TTL_MS = 8 * 3600_000
