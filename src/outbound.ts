// Sending back: replies cut to the size a platform takes, and a pace per chat so a burst of
// answers does not get the account limited (WeChat has no throttle of its own).
import { beijingDay } from './today.js'

/** Pieces of at most `max` characters, cut at paragraph ends, then line ends, then anywhere. */
export function splitReply(text: string, max: number): string[] {
  const pieces: string[] = []
  let rest = text.trim()
  while (rest.length > max) {
    const window = rest.slice(0, max + 1)
    let cut = window.lastIndexOf('\n\n')
    if (cut < max / 3) cut = window.lastIndexOf('\n')
    if (cut < max / 3) cut = max
    pieces.push(rest.slice(0, cut).trim())
    rest = rest.slice(cut).trim()
  }
  if (rest) pieces.push(rest)
  return pieces
}

/** Runs each chat's sends one after another, at least `gapMs` apart; chats do not wait for each other. */
export class Pacer {
  private last = new Map<string, Promise<number>>() // chat → when its latest send finished

  constructor(
    private gapMs: number,
    private sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
  ) {}

  send<T>(chat: string, work: () => Promise<T>): Promise<T> {
    const before = this.last.get(chat) ?? Promise.resolve(0)
    const result = before.then(async (finishedAt) => {
      const wait = finishedAt + this.gapMs - Date.now()
      if (finishedAt && wait > 0) await this.sleep(wait)
      return work()
    })
    const done = result.then(
      () => Date.now(),
      () => Date.now(),
    )
    this.last.set(chat, done)
    done.then(() => this.last.get(chat) === done && setTimeout(() => this.last.get(chat) === done && this.last.delete(chat), this.gapMs).unref())
    return result
  }
}

/** A day's allowance of sends (Beijing time), for accounts a platform limits when they send too much. */
export class DailyCap {
  private day = ''
  private used = 0

  constructor(
    readonly max: number,
    private now: () => number = Date.now,
  ) {}

  /** Takes `n` sends from today's allowance; false, taking none, when they would go over it. */
  take(n: number): boolean {
    const day = beijingDay(this.now())
    if (day !== this.day) [this.day, this.used] = [day, 0]
    if (this.used + n > this.max) return false
    this.used += n
    return true
  }
}

/** The person cannot be reached on this channel now (no open page): trying again at once will not help. */
export class Unreachable extends Error {}

/** Retries a failed send with growing waits; the last failure is thrown to the caller to log. */
export async function withRetry<T>(work: () => Promise<T>, tries = 4, firstWaitMs = 500): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await work()
    } catch (e) {
      if (i >= tries || e instanceof Unreachable) throw e
      await new Promise((r) => setTimeout(r, firstWaitMs * 2 ** (i - 1)))
    }
  }
}

/** Where a message to a person goes after their turn is over (an official's answer, a notice). */
export interface Recipient {
  channel: string
  chatId: string
  senderId: string
  isGroup: boolean
}
export type Send = (to: Recipient, text: string) => Promise<void>

/** Each channel registers how it sends; the officials' desk sends through whichever the asker used. */
export class Senders {
  private byChannel = new Map<string, Send>()
  private reachableBy = new Map<string, (to: Recipient) => Promise<boolean>>()
  /**
   * Another process of the deployment (WORKERS) that may reach the person when this one cannot:
   * WeChat is logged in in one process only, and a web page is open on one.
   */
  elsewhere: Send | null = null

  /** `reachable`: for a channel with a reply window, whether the person may be written to now. */
  register(channel: string, send: Send, reachable?: (to: Recipient) => Promise<boolean>) {
    this.byChannel.set(channel, send)
    if (reachable) this.reachableBy.set(channel, reachable)
  }

  has(channel: string) {
    return this.byChannel.has(channel)
  }

  /** False when the channel cannot take a message for this person now (its reply window is shut). */
  async reachable(to: Recipient): Promise<boolean> {
    // a channel another process runs (WeChat in the first worker) is tried there
    if (!this.byChannel.has(to.channel)) return this.elsewhere !== null
    return (await this.reachableBy.get(to.channel)?.(to)) ?? true
  }

  async send(to: Recipient, text: string): Promise<void> {
    try {
      await this.sendHere(to, text)
    } catch (e) {
      if (!(e instanceof Unreachable) || !this.elsewhere) throw e
      await this.elsewhere(to, text)
    }
  }

  /** Through this process's own senders only (what another process asks of this one). */
  async sendHere(to: Recipient, text: string): Promise<void> {
    const send = this.byChannel.get(to.channel)
    if (!send) throw new Unreachable(`no sender for channel ${to.channel}`)
    await withRetry(() => send(to, text))
  }
}
