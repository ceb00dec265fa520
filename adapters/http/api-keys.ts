// Who calls the JSON API: a key from API_KEYS, sent as `Authorization: Bearer <key>` or
// `X-Api-Key: <key>`. A conversation belongs to its key, so another caller who knows or guesses
// a session id cannot continue it; a caller without a key is answered but nothing is kept.
import { createHash } from 'node:crypto'
import type { IncomingMessage } from 'node:http'
import { HttpError } from '../../src/http.js'

/** What the store and logs know a key by: a digest, never the key itself. */
export const keyId = (key: string) => createHash('sha256').update(key).digest('base64url').slice(0, 16)

/** The id of the caller's key, null when it sent none; an unknown key is refused (401). */
export function callerOf(req: IncomingMessage, known: ReadonlySet<string>): string | null {
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '')?.[1]
  const header = req.headers['x-api-key']
  const key = bearer ?? (typeof header === 'string' ? header.trim() : undefined)
  if (!key) return null
  // compared as digests: the time a lookup takes says nothing of the key
  const id = keyId(key)
  if (!known.has(id)) throw new HttpError(401, 'API 密钥无效')
  return id
}
