// WeCom's callback to /wecom/kf: the URL check (GET, echostr) and events (POST, XML with an
// Encrypt field). @wecom/crypto signs and decrypts; it checks neither the padding nor who the
// message is for, nor the time, so those are checked here before anything is believed.
import { timingSafeEqual } from 'node:crypto'
import { decrypt, getSignature } from '@wecom/crypto'

/** A callback signed further from now than this is a replay (WeCom signs each with its time). */
export const MAX_SKEW_MS = 300_000
/** An event is a few hundred bytes; its messages are pulled with kf/sync_msg, not posted. */
export const MAX_CALLBACK_BODY = 64 * 1024

export interface CallbackSecrets {
  token: string
  /** The 43-character EncodingAESKey. */
  aesKey: string
  /** Whom the messages must be for: the CorpID. */
  receiveId: string
}

export interface Signed {
  msg_signature: string | null
  timestamp: string | null
  nonce: string | null
}

export type Opened = { ok: true; plain: string } | { ok: false; status: 400 | 401; reason: string }

/** A msg_signature is a sha1 in hex: compared in constant time. */
const sameSignature = (given: string, expected: string) => /^[0-9a-f]{40}$/i.test(given) && timingSafeEqual(Buffer.from(given, 'hex'), Buffer.from(expected, 'hex'))

export const signedParams = (url: URL): Signed => ({
  msg_signature: url.searchParams.get('msg_signature'),
  timestamp: url.searchParams.get('timestamp'),
  nonce: url.searchParams.get('nonce'),
})

/** The plain text of a ciphertext WeCom signed for us, now; else why not. */
export function openCallback(secrets: CallbackSecrets, q: Signed, ciphertext: string, now: number): Opened {
  const { msg_signature: sig, timestamp, nonce } = q
  if (!sig || !timestamp || nonce === null || !ciphertext) return { ok: false, status: 400, reason: '缺少 msg_signature、timestamp、nonce 或密文' }
  if (!/^\d{1,12}$/.test(timestamp) || Math.abs(now - Number(timestamp) * 1000) > MAX_SKEW_MS) return { ok: false, status: 401, reason: '时间戳与当前时间相差超过 5 分钟' }
  if (!sameSignature(sig, getSignature(secrets.token, timestamp, nonce, ciphertext))) return { ok: false, status: 401, reason: '签名不符' }
  let opened: { message: string; id: string }
  try {
    opened = decrypt(secrets.aesKey, ciphertext)
  } catch {
    return { ok: false, status: 400, reason: '无法解密' }
  }
  // a wrong receive id also catches padding @wecom/crypto let through (it leaves bad padding on the id)
  if (opened.id !== secrets.receiveId) return { ok: false, status: 401, reason: '接收方 ID 不符' }
  return { ok: true, plain: opened.message }
}

/**
 * The fields of WeCom's flat XML (`<xml><Name><![CDATA[value]]></Name><Time>1</Time></xml>`);
 * null for anything else, so a body that is not exactly that is refused rather than half read.
 */
export function readXml(body: string): Record<string, string> | null {
  const inner = body.trim().match(/^<xml>([\s\S]*)<\/xml>$/)?.[1]
  if (inner === undefined) return null
  const field = /\s*<([A-Za-z_]\w*)>(?:<!\[CDATA\[([\s\S]*?)\]\]>|([^<]*))<\/\1>\s*/y
  const fields: Record<string, string> = {}
  for (let at = 0; at < inner.length; at = field.lastIndex) {
    field.lastIndex = at
    const f = field.exec(inner)
    if (!f) return null
    fields[f[1]] = f[2] ?? f[3]
  }
  return fields
}
