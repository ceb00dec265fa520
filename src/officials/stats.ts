// /stats for officials: what was asked this week, what is still unanswered, which policies are
// asked about most, which questions ended with a person. Built from records that hold no text
// and no person; the unanswered questions come from the open tickets.
import { randomUUID } from 'node:crypto'
import type { Store } from '../store/store.js'
import { QuestionRecord, Ticket } from './schema.js'

const QUESTIONS = 'questions'
const WEEK_MS = 7 * 86400_000

export async function recordQuestion(store: Store, at: Date, intent: string, policies: string[], handoff: boolean) {
  const id = `${at.toISOString()}-${randomUUID().slice(0, 6)}`
  await store.put(QUESTIONS, id, QuestionRecord.parse({ id, at: at.toISOString(), intent, policies: policies.slice(0, 3), handoff }))
}

/** Question records are kept this long: enough for trends, not a history of everyone's questions. */
export const KEEP_DAYS = 90

/** Drops records older than KEEP_DAYS; returns how many went. */
export async function pruneQuestions(store: Store, now: Date): Promise<number> {
  const before = now.getTime() - KEEP_DAYS * 86400_000
  const old = (await store.list(QUESTIONS)).map((q) => QuestionRecord.parse(q)).filter((q) => Date.parse(q.at) < before)
  for (const q of old) await store.remove(QUESTIONS, q.id)
  return old.length
}

export interface Stats {
  questions: number
  handoffs: number
  unanswered: Ticket[]
  /** this week's questions that ended with a person, answered or not */
  handedOff: Ticket[]
  topPolicies: { id: string; count: number }[]
}

export async function weeklyStats(store: Store, now: Date): Promise<Stats> {
  const since = now.getTime() - WEEK_MS
  const week = (await store.list(QUESTIONS)).map((q) => QuestionRecord.parse(q)).filter((q) => Date.parse(q.at) >= since)
  const counts = new Map<string, number>()
  for (const q of week) if (q.policies[0]) counts.set(q.policies[0], (counts.get(q.policies[0]) ?? 0) + 1)
  const tickets = (await store.list('tickets')).map((t) => Ticket.parse(t))
  return {
    questions: week.length,
    handoffs: week.filter((q) => q.handoff).length,
    unanswered: tickets.filter((t) => t.status === 'open').sort((a, b) => a.created.localeCompare(b.created)),
    handedOff: tickets.filter((t) => Date.parse(t.created) >= since).sort((a, b) => b.created.localeCompare(a.created)),
    topPolicies: [...counts].sort((a, b) => b[1] - a[1]).slice(0, 5).map(([id, count]) => ({ id, count })),
  }
}
