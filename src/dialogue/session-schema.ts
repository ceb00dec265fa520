// What a conversation remembers between turns, as a zod schema (the types come from it). Stores
// keep a session as JSON and fill a saved one with newSession()'s defaults (session.ts), so a
// field added here needs a default there.
import { z } from 'zod'

const Scalar = z.union([z.number(), z.string(), z.boolean()])

// 超过500万 / 3000万以上 / 不到50人: what the asker said of a figure when it is a bound, not the figure
// approx: a round figure (三千多万) that is also the best reading of the fact where no test needs
// more; upTo: the most it can be (三千多万 is under 4000万)
export const Bound = z.strictObject({ op: z.enum(['>', '>=', '<', '<=']), value: z.number(), approx: z.literal(true).optional(), upTo: z.number().optional() })
export type Bound = z.infer<typeof Bound>

export const Session = z.object({
  profile: z.record(z.string(), Scalar),
  lastFacts: z.array(z.string()), // facts set most recently, newest last: where an elliptical figure goes
  topic: z.string(), // the last message that named a subject, for follow-ups such as 要准备啥材料
  lastPolicies: z.array(z.string()),
  pending: z.array(z.string()), // the facts the bot asked for last: an unlabelled figure answers them
  // optional: sessions saved before bounds existed, and sessions other code builds, have none
  bounds: z.record(z.string(), Bound).optional(),
  // the list 第一个 / 第二个 count in: the answer before a run of such turns, as the asker corrected it
  counted: z.array(z.string()).optional(),
})
export type Session = z.infer<typeof Session>

