// Token buckets per key (a session, an address): a key may send `burst` messages at once, then
// one each 60 s / `perMinute`. Nothing here knows HTTP or time itself: the clock is given, so a
// test runs an hour of traffic in a millisecond.

export interface Limit {
  /** Messages a minute a key may send, sustained. */
  perMinute: number
  /** Messages a key may send at once after a pause (default: perMinute). */
  burst?: number
}

interface Bucket {
  tokens: number
  at: number // when `tokens` was last brought up to date (ms)
}

export class RateLimiter {
  private buckets = new Map<string, Bucket>()
  private readonly burst: number
  private readonly msPerToken: number

  constructor(
    limit: Limit,
    private now: () => number = Date.now,
    /** Keys kept at most: a flood of new addresses must not grow memory without end. */
    private maxKeys = 100_000,
  ) {
    if (!(limit.perMinute > 0)) throw new RangeError('perMinute must be > 0')
    this.burst = Math.max(1, limit.burst ?? limit.perMinute)
    this.msPerToken = 60_000 / limit.perMinute
  }

  /** Takes one message's token: 0 when the key may go on, otherwise the ms until it may. */
  take(key: string): number {
    const now = this.now()
    const b = this.refill(key, now)
    if (b.tokens >= 1) {
      b.tokens -= 1
      return 0
    }
    return Math.ceil((1 - b.tokens) * this.msPerToken)
  }

  /** How many messages the key could send now, without taking any. */
  remaining(key: string): number {
    const b = this.buckets.get(key)
    if (!b) return this.burst
    return Math.floor(Math.min(this.burst, b.tokens + (this.now() - b.at) / this.msPerToken))
  }

  get size(): number {
    return this.buckets.size
  }

  private refill(key: string, now: number): Bucket {
    let b = this.buckets.get(key)
    if (!b) {
      if (this.buckets.size >= this.maxKeys) this.prune(now)
      b = { tokens: this.burst, at: now }
      this.buckets.set(key, b)
      return b
    }
    // a clock that steps back (NTP) must not mint tokens: time is counted from the latest instant seen
    const elapsed = Math.max(0, now - b.at)
    b.tokens = Math.min(this.burst, b.tokens + elapsed / this.msPerToken)
    b.at = Math.max(b.at, now)
    return b
  }

  /** Drops keys whose bucket is full again (they are as good as new); if none, the oldest. */
  private prune(now: number) {
    for (const [k, b] of this.buckets) if (b.tokens + (now - b.at) / this.msPerToken >= this.burst) this.buckets.delete(k)
    // Maps iterate in insertion order: the first keys are the longest known
    for (const k of this.buckets.keys()) {
      if (this.buckets.size < this.maxKeys) break
      this.buckets.delete(k)
    }
  }
}

/** The limits of one channel: per session and per address, checked together; perMinute 0 = none. */
export class ChannelLimits {
  readonly session: RateLimiter | null
  readonly address: RateLimiter | null

  constructor(limits: { session: Limit; address: Limit }, now: () => number = Date.now) {
    this.session = limits.session.perMinute > 0 ? new RateLimiter(limits.session, now) : null
    this.address = limits.address.perMinute > 0 ? new RateLimiter(limits.address, now) : null
  }

  /**
   * 0 when the message may be answered, else the ms to wait. A message without a session counts
   * only against its address; a message its session may not send still spends its address's
   * token, so one client cycling through session ids is held back by its address.
   */
  take(session: string | undefined, address: string | undefined): number {
    const a = this.address?.take(address || 'unknown') ?? 0
    if (a) return a
    return session ? (this.session?.take(session) ?? 0) : 0
  }
}

/** The reply to a refused message, in the user's language. */
export const tooFast = (waitMs: number) => `提问太频繁了，请${Math.max(1, Math.ceil(waitMs / 1000))}秒后再试。`

/** 20 messages a minute for a person, 60 for an address (a whole office behind one NAT). */
export const DEFAULT_LIMITS = { session: { perMinute: 20 }, address: { perMinute: 60 } } as const
