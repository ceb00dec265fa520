// What is kept, and for how long: a conversation SESSION_TTL_DAYS after its last message, with the
// messages waiting in its inbox; a ticket's texts and asker TICKET_RETENTION_DAYS after it was
// closed. Run at start and hourly; what goes is gone from the store's files when it returns.
import type { Desk } from './officials/desk.js'
import type { Store } from './store/store.js'

const DAY_MS = 86400_000

export interface RetentionDays {
  SESSION_TTL_DAYS: number
  TICKET_RETENTION_DAYS: number
}

export async function enforceRetention(store: Store, desk: Desk, days: RetentionDays, now: Date): Promise<{ sessions: number; tickets: number }> {
  const expired = await store.expireSessions(now.getTime() - days.SESSION_TTL_DAYS * DAY_MS)
  for (const id of expired) await desk.takeInbox(id)
  const tickets = await desk.clearClosedBefore(new Date(now.getTime() - days.TICKET_RETENTION_DAYS * DAY_MS))
  if (expired.length || tickets) await store.purge()
  return { sessions: expired.length, tickets }
}
