// A fake of the Feishu open platform on 127.0.0.1, for tests that run the real SDK against it
// (its `domain` pointed here): the tenant token, the bot's identity, message sends, replies and
// card patches (recorded, with a way to await the next one), failures and delays on demand, and
// the long-connection endpoint with a WebSocket that pushes events as the platform frames them.
// Also: events built, encrypted and signed the way Feishu sends them to a webhook.
import { createCipheriv, createHash, randomBytes, randomUUID } from 'node:crypto'
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { Duplex } from 'node:stream'

export interface Recorded {
  method: string
  path: string
  query: Record<string, string>
  headers: IncomingHttpHeaders
  body: any
  at: number
  /** The message id the fake gave back (sends and replies). */
  messageId?: string
  /** A send whose uuid the fake had seen already: Feishu delivers it once. */
  repeatedUuid?: boolean
}

interface Rule {
  pattern: RegExp
  times: number
  status?: number
  body?: unknown
  delayMs?: number
}

const TOKEN = 't-fake-tenant-access-token'

export class FakeFeishu {
  readonly requests: Recorded[] = []
  readonly botOpenId = 'ou_fakebot0000000000000000000000001'
  readonly botName = '政策助手'
  url = ''
  private server: Server
  private waiters: { match: (r: Recorded) => boolean; resolve: (r: Recorded) => void }[] = []
  private rules: Rule[] = []
  private uuids = new Map<string, string>()
  private seq = 0
  readonly ws = new FakeLongConnection()

  private constructor() {
    this.server = createServer((req, res) => void this.handle(req, res))
    this.server.on('upgrade', (req, socket) => this.ws.upgrade(req, socket))
  }

  static async start(): Promise<FakeFeishu> {
    const fake = new FakeFeishu()
    await new Promise<void>((r) => fake.server.listen(0, '127.0.0.1', r))
    const a = fake.server.address()
    fake.url = `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}`
    fake.ws.url = fake.url.replace('http', 'ws')
    return fake
  }

  async close() {
    this.ws.closeAll()
    this.server.closeAllConnections()
    await new Promise((r) => this.server.close(r))
  }

  /** The next `times` requests to a path matching `pattern` fail with `status` (and `body`). */
  failNext(pattern: RegExp, times = 1, status = 500, body: unknown = { code: 99991400, msg: 'fake failure' }) {
    this.rules.push({ pattern, times, status, body })
  }

  /** The next `times` requests to a path matching `pattern` are answered `ms` late. */
  delay(pattern: RegExp, ms: number, times = 1) {
    this.rules.push({ pattern, times, delayMs: ms })
  }

  /** Replies (POST …/messages/:id/reply), optionally only those to one message. */
  replies(to?: string) {
    return this.requests.filter((r) => r.method === 'POST' && /^\/open-apis\/im\/v1\/messages\/[^/]+\/reply$/.test(r.path) && (!to || r.path.includes(`/${to}/`)))
  }

  /** Messages sent to a chat or person (POST …/messages). */
  sent() {
    return this.requests.filter((r) => r.method === 'POST' && r.path === '/open-apis/im/v1/messages')
  }

  patches() {
    return this.requests.filter((r) => r.method === 'PATCH' && /^\/open-apis\/im\/v1\/messages\/[^/]+$/.test(r.path))
  }

  /** The first request, recorded already or still to come, that matches; rejects after `timeoutMs`. */
  waitFor(match: (r: Recorded) => boolean, timeoutMs = 5000): Promise<Recorded> {
    const seen = this.requests.find(match)
    return seen ? Promise.resolve(seen) : this.next(match, timeoutMs)
  }

  /** The next request recorded from now on that matches. */
  next(match: (r: Recorded) => boolean = () => true, timeoutMs = 5000): Promise<Recorded> {
    return new Promise((resolve, reject) => {
      const w = {
        match,
        resolve: (r: Recorded) => {
          clearTimeout(timer)
          resolve(r)
        },
      }
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((x) => x !== w)
        reject(new Error(`fake Feishu: no matching request within ${timeoutMs} ms`))
      }, timeoutMs)
      this.waiters.push(w)
    })
  }

  /** The reply to a message, once it arrives. */
  replyTo(messageId: string, timeoutMs = 5000) {
    return this.waitFor((r) => r.method === 'POST' && r.path === `/open-apis/im/v1/messages/${messageId}/reply`, timeoutMs)
  }

  private record(r: Recorded) {
    this.requests.push(r)
    for (const w of this.waiters.filter((x) => x.match(r))) {
      this.waiters = this.waiters.filter((x) => x !== w)
      w.resolve(r)
    }
  }

  private rule(path: string): Rule | undefined {
    const rule = this.rules.find((x) => x.times > 0 && x.pattern.test(path))
    if (rule) rule.times--
    return rule
  }

  private async handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', this.url)
    const chunks: Buffer[] = []
    for await (const c of req) chunks.push(c as Buffer)
    const text = Buffer.concat(chunks).toString('utf8')
    let body: any = text
    try {
      body = text ? JSON.parse(text) : undefined
    } catch {}
    const rec: Recorded = { method: req.method ?? 'GET', path: url.pathname, query: Object.fromEntries(url.searchParams), headers: req.headers, body, at: Date.now() }
    const send = (status: number, payload: unknown) => {
      if (res.destroyed) return
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' })
      res.end(JSON.stringify(payload))
    }
    const rule = this.rule(url.pathname)
    if (rule?.delayMs) await new Promise((r) => setTimeout(r, rule.delayMs))
    if (rule?.status) {
      this.record(rec)
      return send(rule.status, rule.body)
    }
    const p = url.pathname
    if (req.method === 'POST' && p === '/open-apis/auth/v3/tenant_access_token/internal') {
      this.record(rec)
      if (!body?.app_id || !body?.app_secret) return send(400, { code: 10003, msg: 'invalid param' })
      return send(200, { code: 0, msg: 'ok', tenant_access_token: TOKEN, expire: 7200 })
    }
    if (req.method === 'POST' && p === '/callback/ws/endpoint') {
      this.record(rec)
      return send(200, {
        code: 0,
        msg: 'ok',
        data: {
          URL: `${this.ws.url}/ws?device_id=fake-device&service_id=${this.ws.serviceId}`,
          ClientConfig: this.ws.clientConfig(),
        },
      })
    }
    if (p.startsWith('/open-apis/im/') || p.startsWith('/open-apis/bot/')) {
      if (req.headers.authorization !== `Bearer ${TOKEN}`) {
        this.record(rec)
        return send(400, { code: 99991661, msg: 'Missing access token for authorization.' })
      }
    }
    if (req.method === 'GET' && p === '/open-apis/bot/v3/info') {
      this.record(rec)
      return send(200, { code: 0, msg: 'ok', bot: { activate_status: 2, app_name: this.botName, avatar_url: '', ip_white_list: [], open_id: this.botOpenId } })
    }
    const reply = p.match(/^\/open-apis\/im\/v1\/messages\/([^/]+)\/reply$/)
    if ((req.method === 'POST' && reply) || (req.method === 'POST' && p === '/open-apis/im/v1/messages')) {
      const uuid: string | undefined = body?.uuid
      if (uuid && uuid.length > 50) {
        this.record(rec)
        return send(400, { code: 230001, msg: 'uuid too long' })
      }
      if (typeof body?.content !== 'string') {
        this.record(rec)
        return send(400, { code: 230001, msg: 'content must be a JSON string' })
      }
      rec.repeatedUuid = Boolean(uuid && this.uuids.has(uuid))
      rec.messageId = (uuid && this.uuids.get(uuid)) || `om_fake_${++this.seq}`
      if (uuid) this.uuids.set(uuid, rec.messageId)
      this.record(rec)
      return send(200, {
        code: 0,
        msg: 'success',
        data: { message_id: rec.messageId, msg_type: body.msg_type, chat_id: reply ? 'oc_fake' : body.receive_id, create_time: String(Date.now()), ...(reply ? { parent_id: reply[1], root_id: reply[1] } : {}) },
      })
    }
    if (req.method === 'PATCH' && /^\/open-apis\/im\/v1\/messages\/[^/]+$/.test(p)) {
      this.record(rec)
      return send(200, { code: 0, msg: 'success', data: {} })
    }
    this.record(rec)
    send(404, { code: 404, msg: `fake Feishu has no ${req.method} ${p}` })
  }
}

// ---------------------------------------------------------------------------------------------
// The long connection: a WebSocket (RFC 6455, by hand: no dependency) carrying the platform's
// protobuf frames (pbbp2.Frame, fields as in the SDK's generated code).

interface Frame {
  SeqID: number
  LogID: number
  service: number
  method: number // 0 control, 1 data
  headers: { key: string; value: string }[]
  payload?: Buffer
}

function varint(n: number): Buffer {
  const out: number[] = []
  let v = BigInt(n)
  if (v < 0n) v += 1n << 64n
  do {
    let b = Number(v & 0x7fn)
    v >>= 7n
    if (v) b |= 0x80
    out.push(b)
  } while (v)
  return Buffer.from(out)
}
const field = (no: number, wire: number) => varint((no << 3) | wire)
const bytesField = (no: number, b: Buffer) => Buffer.concat([field(no, 2), varint(b.length), b])

export function encodeFrame(f: Frame): Buffer {
  const parts = [field(1, 0), varint(f.SeqID), field(2, 0), varint(f.LogID), field(3, 0), varint(f.service), field(4, 0), varint(f.method)]
  for (const h of f.headers) parts.push(bytesField(5, Buffer.concat([bytesField(1, Buffer.from(h.key)), bytesField(2, Buffer.from(h.value))])))
  if (f.payload) parts.push(bytesField(8, f.payload))
  return Buffer.concat(parts)
}

function* fields(buf: Buffer): Generator<[number, number | Buffer]> {
  let i = 0
  const readVarint = () => {
    let v = 0n
    let shift = 0n
    for (;;) {
      const b = buf[i++]
      v |= BigInt(b & 0x7f) << shift
      if (!(b & 0x80)) return v
      shift += 7n
    }
  }
  while (i < buf.length) {
    const key = Number(readVarint())
    const wire = key & 7
    if (wire === 0) yield [key >> 3, Number(readVarint())]
    else if (wire === 2) {
      const len = Number(readVarint())
      yield [key >> 3, buf.subarray(i, i + len)]
      i += len
    } else if (wire === 1) i += 8
    else if (wire === 5) i += 4
    else throw new Error(`protobuf wire type ${wire}`)
  }
}

export function decodeFrame(buf: Buffer): Frame {
  const f: Frame = { SeqID: 0, LogID: 0, service: 0, method: 0, headers: [] }
  for (const [no, v] of fields(buf)) {
    if (no === 1) f.SeqID = v as number
    else if (no === 2) f.LogID = v as number
    else if (no === 3) f.service = v as number
    else if (no === 4) f.method = v as number
    else if (no === 5) {
      const h = { key: '', value: '' }
      for (const [hn, hv] of fields(v as Buffer)) {
        if (hn === 1) h.key = (hv as Buffer).toString('utf8')
        if (hn === 2) h.value = (hv as Buffer).toString('utf8')
      }
      f.headers.push(h)
    } else if (no === 8) f.payload = Buffer.from(v as Buffer)
  }
  return f
}

const headerOf = (f: Frame, key: string) => f.headers.find((h) => h.key === key)?.value

export class FakeLongConnection {
  url = ''
  readonly serviceId = 7
  /** Frames the client sent (pings, responses to events), decoded. */
  readonly received: Frame[] = []
  private sockets = new Set<Duplex>()
  private onConnect: (() => void)[] = []
  private pending = new Map<string, (f: Frame) => void>()

  private ready = new Set<Duplex>()
  /** Sockets gone half-open: still connected, but nothing read from them is answered. */
  private silent = new Set<Duplex>()
  /** Seconds between the client's pings, as the platform tells it (at connect and in each pong). */
  pingIntervalSec = 120

  clientConfig() {
    return { PingInterval: this.pingIntervalSec, ReconnectCount: 0, ReconnectInterval: 1, ReconnectNonce: 0 }
  }

  /** The connections stop answering (a NAT that dropped the flow) without closing; new ones work. */
  halfOpen() {
    for (const s of this.ready) this.silent.add(s)
    this.ready.clear()
  }

  get connected() {
    return this.sockets.size
  }

  /** Resolves once a client holds a connection and has pinged on it (the SDK listens for events from then on). */
  connection(timeoutMs = 5000): Promise<void> {
    if (this.ready.size) return Promise.resolve()
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error('fake Feishu: no long connection')), timeoutMs)
      this.onConnect.push(() => {
        clearTimeout(t)
        resolve()
      })
    })
  }

  /** Pushes an event (plain JSON, as the platform does on this channel) and resolves with the client's answer payload. */
  push(event: unknown, timeoutMs = 5000): Promise<{ code: number; data?: string }> {
    const socket = [...this.ready][0]
    if (!socket) return Promise.reject(new Error('fake Feishu: no client connected'))
    const id = randomUUID()
    const frame = encodeFrame({
      SeqID: 1,
      LogID: 1,
      service: this.serviceId,
      method: 1,
      headers: [
        { key: 'type', value: 'event' },
        { key: 'message_id', value: id },
        { key: 'sum', value: '1' },
        { key: 'seq', value: '0' },
        { key: 'trace_id', value: randomUUID() },
      ],
      payload: Buffer.from(JSON.stringify(event)),
    })
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error('fake Feishu: the client did not answer the event')), timeoutMs)
      this.pending.set(id, (f) => {
        clearTimeout(t)
        resolve(JSON.parse(f.payload?.toString('utf8') ?? '{}'))
      })
      writeWs(socket, 0x2, frame)
    })
  }

  upgrade(req: IncomingMessage, socket: Duplex) {
    const key = req.headers['sec-websocket-key']
    if (!req.url?.startsWith('/ws') || typeof key !== 'string') return socket.destroy()
    const accept = createHash('sha1').update(`${key}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`).digest('base64')
    socket.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`)
    this.sockets.add(socket)
    let buf = Buffer.alloc(0)
    socket.on('data', (chunk: Buffer) => {
      if (this.silent.has(socket)) return
      buf = Buffer.concat([buf, chunk])
      for (;;) {
        const msg = readWs(buf)
        if (!msg) break
        buf = buf.subarray(msg.length)
        if (msg.opcode === 0x8) {
          writeWs(socket, 0x8, Buffer.alloc(0))
          socket.end()
          return
        }
        if (msg.opcode === 0x9) writeWs(socket, 0xa, msg.payload)
        if (msg.opcode === 0x2) this.frame(socket, msg.payload)
      }
    })
    const gone = () => {
      this.sockets.delete(socket)
      this.ready.delete(socket)
      this.silent.delete(socket)
    }
    socket.on('close', gone)
    socket.on('error', gone)
    // the HTTP server keeps sockets half-open: close our side when the client closes theirs
    socket.on('end', () => {
      gone()
      socket.end()
    })
  }

  private frame(socket: Duplex, data: Buffer) {
    const f = decodeFrame(data)
    this.received.push(f)
    if (f.method === 0 && headerOf(f, 'type') === 'ping') {
      // the platform answers each ping with a pong carrying the connection's settings
      const pong = { SeqID: 0, LogID: 0, service: this.serviceId, method: 0, headers: [{ key: 'type', value: 'pong' }], payload: Buffer.from(JSON.stringify(this.clientConfig())) }
      writeWs(socket, 0x2, encodeFrame(pong))
      if (!this.ready.has(socket)) {
        this.ready.add(socket)
        for (const done of this.onConnect.splice(0)) done()
      }
    }
    const id = headerOf(f, 'message_id')
    if (f.method === 1 && id && this.pending.has(id)) {
      this.pending.get(id)!(f)
      this.pending.delete(id)
    }
  }

  closeAll() {
    for (const s of this.sockets) s.destroy()
    this.sockets.clear()
    this.ready.clear()
    this.silent.clear()
  }
}

function writeWs(socket: Duplex, opcode: number, payload: Buffer) {
  const len = payload.length
  const head = len < 126 ? Buffer.from([0x80 | opcode, len]) : len < 65536 ? Buffer.from([0x80 | opcode, 126, len >> 8, len & 255]) : Buffer.concat([Buffer.from([0x80 | opcode, 127]), bigLen(len)])
  socket.write(Buffer.concat([head, payload]))
}

function bigLen(n: number) {
  const b = Buffer.alloc(8)
  b.writeBigUInt64BE(BigInt(n))
  return b
}

/** One whole frame from the start of `buf` (client frames are masked), or null if more bytes are needed. */
function readWs(buf: Buffer): { opcode: number; payload: Buffer; length: number } | null {
  if (buf.length < 2) return null
  const opcode = buf[0] & 0x0f
  const masked = Boolean(buf[1] & 0x80)
  let len = buf[1] & 0x7f
  let i = 2
  if (len === 126) {
    if (buf.length < 4) return null
    len = buf.readUInt16BE(2)
    i = 4
  } else if (len === 127) {
    if (buf.length < 10) return null
    len = Number(buf.readBigUInt64BE(2))
    i = 10
  }
  const mask = masked ? buf.subarray(i, i + 4) : null
  if (masked) i += 4
  if (buf.length < i + len) return null
  const payload = Buffer.from(buf.subarray(i, i + len))
  if (mask) for (let k = 0; k < payload.length; k++) payload[k] ^= mask[k % 4]
  return { opcode, payload, length: i + len }
}

// ---------------------------------------------------------------------------------------------
// Events the way Feishu delivers them to a webhook.

export interface MessageEventInput {
  text: string
  messageId?: string
  eventId?: string
  chatId?: string
  chatType?: 'p2p' | 'group'
  senderOpenId?: string
  senderType?: 'user' | 'app'
  /** People @-ed, in order: `@_user_1` … in the text stand for them. */
  mentions?: { openId: string; name: string }[]
  token?: string
  appId?: string
  createTime?: number
  messageType?: string
  content?: string
  /** A reply in a thread: the message the thread hangs from. */
  rootId?: string
}

const hex = (n: number) => randomBytes(n).toString('hex')

/** An `im.message.receive_v1` event, schema 2.0, as the platform builds it. */
export function messageEvent(m: MessageEventInput) {
  const now = m.createTime ?? Date.now()
  return {
    schema: '2.0',
    header: {
      event_id: m.eventId ?? hex(16),
      token: m.token ?? '',
      create_time: String(now),
      event_type: 'im.message.receive_v1',
      tenant_key: 'fake-tenant',
      app_id: m.appId ?? 'cli_0000000000000000',
    },
    event: {
      sender: { sender_id: { union_id: `on_${hex(16)}`, user_id: 'u1', open_id: m.senderOpenId ?? 'ou_asker00000000000000000000000001' }, sender_type: m.senderType ?? 'user', tenant_key: 'fake-tenant' },
      message: {
        message_id: m.messageId ?? `om_${hex(16)}`,
        root_id: m.rootId ?? '',
        parent_id: m.rootId ?? '',
        create_time: String(now),
        update_time: String(now),
        chat_id: m.chatId ?? `oc_${hex(16)}`,
        chat_type: m.chatType ?? 'p2p',
        message_type: m.messageType ?? 'text',
        content: m.content ?? JSON.stringify({ text: m.text }),
        ...(m.mentions?.length
          ? { mentions: m.mentions.map((p, i) => ({ key: `@_user_${i + 1}`, id: { union_id: `on_${hex(8)}`, user_id: `u${i}`, open_id: p.openId }, name: p.name, tenant_key: 'fake-tenant' })) }
          : {}),
        user_agent: 'fake',
      },
    },
  }
}

/** A `card.action.trigger` callback, schema 2.0: someone pressed a button (or submitted a form) on a card. */
export function cardAction(c: { openId: string; value: Record<string, string>; formValue?: Record<string, string>; messageId: string; chatId: string; token?: string; appId?: string }) {
  return {
    schema: '2.0',
    header: { event_id: hex(16), token: c.token ?? '', create_time: String(Date.now() * 1000), event_type: 'card.action.trigger', tenant_key: 'fake-tenant', app_id: c.appId ?? 'cli_0000000000000000' },
    event: {
      operator: { tenant_key: 'fake-tenant', open_id: c.openId, union_id: `on_${hex(8)}` },
      token: `c-${hex(16)}`,
      action: { value: c.value, tag: 'button', timezone: 'Asia/Shanghai', ...(c.formValue ? { form_value: c.formValue, name: 'send_answer' } : {}) },
      host: 'im_message',
      context: { open_message_id: c.messageId, open_chat_id: c.chatId },
    },
  }
}

export const urlVerification = (challenge: string, token = '') => ({ challenge, token, type: 'url_verification' })

/** AES-256-CBC with key sha256(encryptKey), a random IV put first, base64: Feishu's event encryption. */
export function encryptEvent(encryptKey: string, payload: unknown): string {
  const key = createHash('sha256').update(encryptKey).digest()
  const iv = randomBytes(16)
  const c = createCipheriv('aes-256-cbc', key, iv)
  return Buffer.concat([iv, c.update(JSON.stringify(payload), 'utf8'), c.final()]).toString('base64')
}

export interface PostOptions {
  /** Encrypt (and sign) with this key, as Feishu does when the app has one. */
  encryptKey?: string
  /** Seconds; now by default. */
  timestamp?: number
  nonce?: string
  /** Override the signature (a wrong one), or null to send none. */
  signature?: string | null
  /** Sign with another key than the one used to encrypt. */
  signWith?: string
  /** A new connection for this request (several workers take connections in turn). */
  close?: boolean
}

/** POSTs an event to a webhook as the platform does; with the status, body and how long the answer took. */
export async function postEvent(url: string, payload: unknown, o: PostOptions = {}): Promise<{ status: number; body: any; ms: number }> {
  const raw = o.encryptKey ? JSON.stringify({ encrypt: encryptEvent(o.encryptKey, payload) }) : JSON.stringify(payload)
  const timestamp = String(o.timestamp ?? Math.floor(Date.now() / 1000))
  const nonce = o.nonce ?? hex(8)
  const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8', 'x-lark-request-timestamp': timestamp, 'x-lark-request-nonce': nonce }
  const signKey = o.signWith ?? o.encryptKey
  const sig = o.signature !== undefined ? o.signature : signKey ? createHash('sha256').update(timestamp + nonce + signKey + raw).digest('hex') : null
  if (sig !== null) headers['x-lark-signature'] = sig
  if (o.close) headers.connection = 'close'
  const started = performance.now()
  const res = await fetch(url, { method: 'POST', headers, body: raw })
  const text = await res.text()
  const ms = performance.now() - started
  let body: any = text
  try {
    body = JSON.parse(text)
  } catch {}
  return { status: res.status, body, ms }
}
