// Who is chatting on the web page: a random value in an HttpOnly cookie that only the server
// issues. The browser's own `user` field is never trusted (shared/design/channels.md).
import { createHash, randomBytes } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'

export const COOKIE = 'pg_chat'
// a week without a visit ends the conversation; each visit renews it
const MAX_AGE_S = 7 * 24 * 3600
// 24 random bytes in base64url: anything else is not ours and gets replaced
const VALUE = /^[A-Za-z0-9_-]{32}$/

/** The session cookie of this request, or null when there is none we issued. */
export function readSession(req: IncomingMessage): string | null {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=')
    if (eq < 0 || part.slice(0, eq).trim() !== COOKIE) continue
    const value = part.slice(eq + 1).trim()
    if (VALUE.test(value)) return value
  }
  return null
}

/** Keeps (and renews) the visitor's cookie, or issues one. */
export function issueSession(req: IncomingMessage, res: ServerResponse): string {
  const value = readSession(req) ?? randomBytes(24).toString('base64url')
  // Secure only when the visitor reached us over https (directly or through a proxy saying so)
  const https = Boolean((req.socket as { encrypted?: boolean }).encrypted) || req.headers['x-forwarded-proto'] === 'https'
  res.setHeader('set-cookie', `${COOKIE}=${value}; Path=/; Max-Age=${MAX_AGE_S}; HttpOnly; SameSite=Strict${https ? '; Secure' : ''}`)
  return value
}

/** The conversation id kept in the store and logs: a digest, so neither holds the cookie itself. */
export const conversationOf = (cookie: string) => createHash('sha256').update(cookie).digest('base64url').slice(0, 24)
