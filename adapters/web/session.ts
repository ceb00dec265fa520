// Who is chatting on the web page: a random id and its HMAC in an HttpOnly cookie that only the
// server issues. A value it did not sign (planted from another port of the host, which shares the
// cookie, or altered) is replaced, never adopted. The browser's own `user` field is never trusted
// (shared/design/channels.md).
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { join } from 'node:path'

export const COOKIE = 'pg_chat'
// a week without a visit ends the conversation; each visit renews it
const MAX_AGE_S = 7 * 24 * 3600
// 24 random bytes, then the HMAC-SHA256 of them, both base64url
const VALUE = /^([A-Za-z0-9_-]{32})\.([A-Za-z0-9_-]{43})$/

export class ChatSessions {
  constructor(private secret: Buffer) {}

  private sign(id: string): string {
    return createHmac('sha256', this.secret).update(id).digest('base64url')
  }

  /** The session cookie of this request, or null when there is none we issued. */
  read(req: IncomingMessage): string | null {
    for (const part of (req.headers.cookie ?? '').split(';')) {
      const eq = part.indexOf('=')
      if (eq < 0 || part.slice(0, eq).trim() !== COOKIE) continue
      const value = part.slice(eq + 1).trim()
      const m = VALUE.exec(value)
      if (m && timingSafeEqual(Buffer.from(m[2]), Buffer.from(this.sign(m[1])))) return value
    }
    return null
  }

  /** Keeps (and renews) the visitor's cookie, or issues one. */
  issue(req: IncomingMessage, res: ServerResponse): string {
    const id = randomBytes(24).toString('base64url')
    const value = this.read(req) ?? `${id}.${this.sign(id)}`
    // Secure only when the visitor reached us over https (directly or through a proxy saying so)
    const https = Boolean((req.socket as { encrypted?: boolean }).encrypted) || req.headers['x-forwarded-proto'] === 'https'
    res.setHeader('set-cookie', `${COOKIE}=${value}; Path=/; Max-Age=${MAX_AGE_S}; HttpOnly; SameSite=Strict${https ? '; Secure' : ''}`)
    return value
  }
}

/**
 * The key cookies are signed with: SESSION_SECRET, or one made at the first start and kept in
 * DATA_DIR (readable by this user only), so cookies outlive a restart and every process that
 * shares the directory accepts the others'.
 */
export function sessionSecret(config: { SESSION_SECRET?: string; DATA_DIR: string }): Buffer {
  if (config.SESSION_SECRET) return Buffer.from(config.SESSION_SECRET)
  const file = join(config.DATA_DIR, 'session-secret')
  mkdirSync(config.DATA_DIR, { recursive: true })
  try {
    // exclusive: of processes starting together, one writes it and the others read it
    writeFileSync(file, randomBytes(32).toString('hex'), { flag: 'wx', mode: 0o600 })
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e
  }
  return Buffer.from(readFileSync(file, 'utf8').trim())
}

/** The conversation id kept in the store and logs: a digest, so neither holds the cookie itself. */
export const conversationOf = (cookie: string) => createHash('sha256').update(cookie).digest('base64url').slice(0, 24)
