// The officials' desk keeps tickets, FAQ entries, subscriptions and an audit log. Each holds
// only what its job needs: a ticket the question and the facts the asker gave, the audit log
// who did what and when — never the asker's messages.
import { z } from 'zod'
import { Channel } from '../inbound.js'

const Time = z.string() // ISO 8601

export const Asker = z.object({
  channel: Channel,
  chatId: z.string(),
  senderId: z.string(),
  session: z.string(), // the conversation key, so forget-me finds the person's tickets
  isGroup: z.boolean(),
  messageId: z.string(),
})
export type Asker = z.infer<typeof Asker>

export const Guess = z.object({ id: z.string(), title: z.string(), source: z.string(), status: z.string() })

export const Ticket = z.object({
  id: z.string(),
  asker: Asker,
  question: z.string(),
  facts: z.record(z.string(), z.unknown()),
  guesses: z.array(Guess),
  reason: z.enum(['asked_for_person', 'no_answer']),
  created: Time,
  status: z.enum(['open', 'answered', 'not_policy']),
  answer: z.object({ text: z.string(), official: z.string(), department: z.string(), date: z.string(), ruleIds: z.array(z.string()) }).optional(),
  card: z.string().optional(), // the message id of the officials' card, for answers in its thread
  kept: z.boolean().optional(), // the answer waits for the asker's next message (their channel's reply window was shut)
  closed: Time.optional(), // when it was answered or found no policy question
  cleared: Time.optional(), // when its texts and asker were dropped, past the retention period
})
export type Ticket = z.infer<typeof Ticket>

export const FaqEntry = z.object({
  id: z.string(),
  questions: z.array(z.string()).min(1), // the variants a later question is matched against
  answer: z.string(),
  department: z.string(),
  date: z.string(), // the day the official answered
  ruleIds: z.array(z.string()),
  status: z.enum(['live', 'retired']),
  updated: Time,
})
export type FaqEntry = z.infer<typeof FaqEntry>

export const AuditEntry = z.object({
  id: z.string(),
  at: Time,
  actor: z.string(), // an official's open_id, or 'asker' / 'bot'
  action: z.enum(['handoff', 'answer', 'answer_refused', 'not_policy', 'faq_add', 'faq_edit', 'faq_retire', 'forget_me', 'subscribe', 'notify']),
  ticket: z.string().optional(),
  faq: z.string().optional(),
  detail: z.string().optional(),
})
export type AuditEntry = z.infer<typeof AuditEntry>

export const Subscription = z.object({
  id: z.string(), // the conversation key
  asker: Asker,
  // per policy: its status and the fingerprint of its rule when the person subscribed
  // supersededBy: the later notice that governed in its place when last told (the asker is told once)
  watch: z.record(z.string(), z.object({ status: z.string(), fingerprint: z.string(), supersededBy: z.string().optional() })),
})
export type Subscription = z.infer<typeof Subscription>

// what /stats counts: no text, no person
export const QuestionRecord = z.object({ id: z.string(), at: Time, intent: z.string(), policies: z.array(z.string()), handoff: z.boolean() })
export type QuestionRecord = z.infer<typeof QuestionRecord>
