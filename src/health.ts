// What each channel is doing now, for /healthz: an operator sees a dead Feishu connection or a
// WeChat logout while the web chat still answers. The app reports each adapter's start; adapters
// that hold a connection of their own report it under its own name as it comes and goes.
import { z } from 'zod'

export const ChannelState = z.enum(['starting', 'up', 'down'])
export type ChannelState = z.infer<typeof ChannelState>

export const ChannelHealth = z.object({
  state: ChannelState,
  /** When it entered this state (ISO time). */
  since: z.string(),
  /** The latest failure, kept after recovery so that a flapping channel shows. */
  lastError: z.object({ message: z.string(), at: z.string() }).optional(),
})
export type ChannelHealth = z.infer<typeof ChannelHealth>
export const Channels = z.record(z.string(), ChannelHealth)
export type Channels = z.infer<typeof Channels>

export class Health {
  private own: Channels = {}
  /** Channels that run in other processes of this deployment (WORKERS), as they last reported. */
  private elsewhere: Channels = {}
  /** Hears each change of this process's channels (a worker passes them on to the others). */
  onChange: ((own: Channels) => void) | null = null

  constructor(private now: () => Date = () => new Date()) {}

  report(name: string, state: ChannelState, error?: string) {
    const before = this.own[name]
    const at = this.now().toISOString()
    this.own[name] = {
      state,
      since: before?.state === state ? before.since : at,
      lastError: error ? { message: error, at } : before?.lastError,
    }
    this.onChange?.(this.own)
  }

  state(name: string): ChannelState | undefined {
    return this.all()[name]?.state
  }

  /** What the other processes run; this process's own channels are not replaced by theirs. */
  setElsewhere(channels: Channels) {
    this.elsewhere = channels
  }

  all(): Channels {
    return { ...this.elsewhere, ...this.own }
  }

  /** `ok` only while every channel is up; the server answering at all is the 200 itself. */
  snapshot(): { ok: boolean; channels: Channels } {
    const channels = this.all()
    return { ok: Object.values(channels).every((c) => c.state === 'up'), channels }
  }
}
