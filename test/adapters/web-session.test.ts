// The key web chat cookies are signed with: made once and kept, so a restart (or another process
// on the same DATA_DIR) accepts the cookies already issued; SESSION_SECRET, when set, instead.
import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { IncomingMessage, ServerResponse } from 'node:http'
import { Socket } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { ChatSessions, sessionSecret } from '../../adapters/web/session.js'

const dir = mkdtempSync(join(tmpdir(), 'web-session-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** A request carrying this Cookie header, and the value the server sets in answer. */
function visit(sessions: ChatSessions, cookie?: string): string {
  const req = new IncomingMessage(new Socket())
  if (cookie) req.headers.cookie = `pg_chat=${cookie}`
  const res = new ServerResponse(req)
  sessions.issue(req, res)
  return /pg_chat=([^;]+)/.exec(String(res.getHeader('set-cookie')))![1]
}

describe('the session cookie key', () => {
  it('is made at the first start, readable by this user only, and the same at the next', () => {
    const key = sessionSecret({ DATA_DIR: dir })
    expect(key.length).toBeGreaterThanOrEqual(32)
    expect(statSync(join(dir, 'session-secret')).mode & 0o777).toBe(0o600)
    const cookie = visit(new ChatSessions(key))
    // a restart: the visitor keeps the cookie, so the conversation
    expect(visit(new ChatSessions(sessionSecret({ DATA_DIR: dir })), cookie)).toBe(cookie)
  })

  it('comes from SESSION_SECRET when set: cookies signed with another key are replaced', () => {
    const fromFile = visit(new ChatSessions(sessionSecret({ DATA_DIR: dir })))
    const configured = new ChatSessions(sessionSecret({ DATA_DIR: dir, SESSION_SECRET: 'a-secret-of-the-deployment-1234' }))
    expect(visit(configured, fromFile)).not.toBe(fromFile)
    const own = visit(configured)
    expect(visit(configured, own)).toBe(own)
  })
})
