// A new conversation, and clearing one. The schema is in session-schema.ts: zod takes ~100 ms to
// load, which a one-question \`ask\` should not pay for a type.
import type { Session } from './session-schema.js'
export type { Bound, Session } from './session-schema.js'

export const newSession = (): Session => ({ profile: {}, lastFacts: [], topic: '', lastPolicies: [], pending: [], bounds: {} })

/** 重新开始 / 删除我的信息: nothing of the conversation is kept. */
export function clearSession(session: Session): void {
  for (const k of Object.keys(session)) delete (session as Record<string, unknown>)[k]
  Object.assign(session, newSession())
}
