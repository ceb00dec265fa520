// Some platforms let a bot write to a person only for a while after that person's last message,
// and only a few messages each time (WeChat customer service: 48 hours, 5 messages). An adapter
// declares its window; this keeps, per conversation, when the person last wrote and how many
// messages went out since, in the store, so a restart or a second process counts the same.
import { z } from 'zod'
import { Unreachable } from './outbound.js'
import type { Store } from './store/store.js'

/** How long after a person's message the bot may write to them, and how many messages. */
export interface ReplyWindow {
  withinMs: number
  perMessage: number
}

/** The person has to write again before the bot may: a retry now would be refused too. */
export class OutsideWindow extends Unreachable {}

// `message`: the platform's id of the message that opened the allowance (one delivered twice opens it once)
const Heard = z.object({ at: z.number(), sent: z.number().int().min(0), message: z.string().optional() })
type Heard = z.infer<typeof Heard>

export class ReplyWindows {
  private queue = new Map<string, Promise<unknown>>()

  constructor(
    private store: Store,
    readonly window: ReplyWindow,
    private collection: string,
  ) {}

  /** The person wrote message `id` at `at` (ms): the allowance starts again. An older message, or the same one again, changes nothing. */
  heard(key: string, at: number, id: string): Promise<void> {
    return this.locked(key, async (h) => (h && (h.at > at || h.message === id) ? h : { at, sent: 0, message: id }))
  }

  /** Messages the bot may still send to this person at `now`. */
  async left(key: string, now: number): Promise<number> {
    return this.allowance(await this.read(key), now)
  }

  /** Takes up to `n` messages of the allowance; resolves to how many were taken. */
  async take(key: string, n: number, now: number): Promise<number> {
    let taken = 0
    await this.locked(key, async (h) => {
      taken = Math.min(n, this.allowance(h, now))
      return h && taken ? { ...h, sent: h.sent + taken } : h
    })
    return taken
  }

  /** The platform said the window is shut (expired, or its quota spent) before we counted so. */
  close(key: string): Promise<void> {
    return this.locked(key, async (h) => h && { ...h, sent: Math.max(h.sent, this.window.perMessage) })
  }

  forget(key: string): Promise<void> {
    return this.store.remove(this.collection, key)
  }

  private allowance(h: Heard | undefined, now: number): number {
    if (!h || now - h.at >= this.window.withinMs) return 0
    return Math.max(0, this.window.perMessage - h.sent)
  }

  private async read(key: string): Promise<Heard | undefined> {
    const parsed = Heard.safeParse(await this.store.get(this.collection, key))
    return parsed.success ? parsed.data : undefined
  }

  /** Read, change and write one person's record with no other change to it in between (in this process). */
  private locked(key: string, change: (h: Heard | undefined) => Promise<Heard | undefined>): Promise<void> {
    const run = (this.queue.get(key) ?? Promise.resolve())
      .catch(() => {})
      .then(async () => {
        const before = await this.read(key)
        const after = await change(before)
        if (after && after !== before) await this.store.put(this.collection, key, after)
      })
    this.queue.set(key, run)
    void run.finally(() => this.queue.get(key) === run && this.queue.delete(key)).catch(() => {})
    return run
  }
}
