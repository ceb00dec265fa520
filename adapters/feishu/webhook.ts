// The event callback URL. The SDK checks a signature only when an encrypt key is set, computes it
// over JSON.stringify of the parsed body rather than the bytes Feishu signed, and checks neither
// the timestamp nor the verification token of events (shared/design/channels.md). So every
// request is checked here, on the raw body, before the SDK sees it.
import { createHash, timingSafeEqual } from 'node:crypto'
import type { IncomingHttpHeaders } from 'node:http'
import * as lark from '@larksuiteoapi/node-sdk'
import { type Handler, readBody, sendJson } from '../../src/http.js'
import type { Logger } from '../../src/log.js'

/** Requests signed further from now than this are replays (or a clock far off). */
export const MAX_SKEW_MS = 300_000
/** A long message, encrypted and base64-encoded, stays well under this. */
export const MAX_EVENT_BODY = 256 * 1024

export interface WebhookSecrets {
  encryptKey?: string
  verificationToken?: string
}

type Json = Record<string, unknown>
export type Verified = { ok: true; body: Json; plain: Json } | { ok: false; status: 400 | 401; reason: string }

/** Feishu's request signature: hex sha256(timestamp + nonce + encryptKey + raw body). */
export const signature = (timestamp: string, nonce: string, encryptKey: string, rawBody: string) =>
  createHash('sha256').update(timestamp + nonce + encryptKey + rawBody, 'utf8').digest('hex')

const same = (a: string, b: string) => {
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && timingSafeEqual(x, y)
}
const header = (h: IncomingHttpHeaders, name: string) => {
  const v = h[name]
  return Array.isArray(v) ? v[0] : v
}
const isObject = (v: unknown): v is Json => Boolean(v) && typeof v === 'object' && !Array.isArray(v)

/** Whether a request comes from Feishu for this app, now; with the event decrypted. */
export function verifyWebhook(raw: string, headers: IncomingHttpHeaders, secrets: WebhookSecrets, now = Date.now()): Verified {
  let body: unknown
  try {
    body = JSON.parse(raw)
  } catch {
    return { ok: false, status: 400, reason: '请求不是有效的 JSON' }
  }
  if (!isObject(body)) return { ok: false, status: 400, reason: '请求不是 JSON 对象' }
  const timestamp = header(headers, 'x-lark-request-timestamp')
  const nonce = header(headers, 'x-lark-request-nonce')
  const sig = header(headers, 'x-lark-signature')

  const key = secrets.encryptKey
  if (key && sig !== undefined && !(timestamp && nonce !== undefined && same(sig, signature(timestamp, nonce, key, raw))))
    return { ok: false, status: 401, reason: '签名不符' }

  let plain: Json = body
  if (typeof body.encrypt === 'string') {
    if (!key) return { ok: false, status: 400, reason: '收到加密事件，但未设置 FEISHU_ENCRYPT_KEY' }
    try {
      const decrypted: unknown = JSON.parse(new lark.AESCipher(key).decrypt(body.encrypt))
      if (!isObject(decrypted)) throw new Error('not an object')
      plain = decrypted
    } catch {
      return { ok: false, status: 401, reason: '无法用 FEISHU_ENCRYPT_KEY 解密' }
    }
  }
  // with an encrypt key every event is signed; only the URL check may come without a signature,
  // and then decrypting it with our key is what proves it is Feishu's
  if (key && sig === undefined && !(plain.type === 'url_verification' && plain !== body)) return { ok: false, status: 401, reason: '缺少签名' }

  if (timestamp !== undefined) {
    const t = Number(timestamp)
    if (!Number.isFinite(t) || Math.abs(now - t * 1000) > MAX_SKEW_MS) return { ok: false, status: 401, reason: '请求时间戳与当前时间相差超过 5 分钟' }
  }

  const token = isObject(plain.header) ? plain.header.token : plain.token // schema 2.0 events | url_verification and 1.0
  if (secrets.verificationToken && (typeof token !== 'string' || !same(token, secrets.verificationToken)))
    return { ok: false, status: 401, reason: 'Verification Token 不符' }
  return { ok: true, body, plain }
}

/** What handles a verified event: the SDK's EventDispatcher, or a CardActionHandler for card callbacks. */
export type Invoke = (data: Json) => Promise<unknown>

/**
 * A route for Feishu's callbacks: refused with 401 unless verified, the URL check answered (the
 * SDK's autoChallenge), anything else handed to `invoke` with the request headers as adaptDefault
 * does, and the handler's result sent back. Handlers must return at once (Feishu waits 3 s).
 */
export function webhookHandler(invoke: Invoke, secrets: WebhookSecrets, log: Logger, now: () => number = Date.now): Handler {
  return async (req, res) => {
    const raw = await readBody(req, MAX_EVENT_BODY)
    const v = verifyWebhook(raw, req.headers, secrets, now())
    if (!v.ok) {
      log.warn({ reason: v.reason, status: v.status }, 'feishu: request refused')
      return sendJson(res, v.status, { error: v.reason })
    }
    const { isChallenge, challenge } = lark.generateChallenge(v.body, { encryptKey: secrets.encryptKey ?? '' })
    if (isChallenge) return sendJson(res, 200, challenge)
    const data = Object.assign(Object.create({ headers: req.headers }), v.body) as Json
    const value = await invoke(data)
    sendJson(res, 200, value ?? {})
  }
}
