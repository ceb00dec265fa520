// A fake of WeCom's 微信客服 API on 127.0.0.1: gettoken (tokens that lapse on demand, with the
// expires_in a test chooses), kf/sync_msg (messages a test queues, paged by cursor, has_more),
// kf/send_msg and kf/send_msg_on_event (recorded), kf/service_state/get and /trans. Also the
// callbacks WeCom posts to /wecom/kf, signed and encrypted with @wecom/crypto as WeCom does.
import { randomBytes } from 'node:crypto'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { encrypt, getSignature } from '@wecom/crypto'

export interface Recorded {
  method: string
  path: string
  query: Record<string, string>
  body: any
}

export interface Sent {
  touser: string
  open_kfid: string
  msgid?: string
  content: string
}

export class FakeWecom {
  readonly corpId = 'ww0123456789abcdef'
  readonly secret = 'fake-kf-secret'
  readonly requests: Recorded[] = []
  url = ''
  /** What gettoken says a token lives for (seconds). */
  expiresIn = 7200
  /** Messages a sync_msg page holds at most (WeCom: 1000); small, to make pages. */
  pageSize = 1000
  private server: Server
  private messages: unknown[] = []
  private live = new Set<string>()
  private tokens = 0
  private seq = 0
  private states = new Map<string, { service_state: number; servicer_userid?: string }>()
  private held: Promise<void> | null = null
  private busy = 0
  private waiters: { match: (r: Recorded) => boolean; resolve: (r: Recorded) => void }[] = []

  private constructor() {
    this.server = createServer((req, res) => void this.handle(req, res))
  }

  static async start(): Promise<FakeWecom> {
    const fake = new FakeWecom()
    await new Promise<void>((r) => fake.server.listen(0, '127.0.0.1', r))
    const a = fake.server.address()
    fake.url = `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}`
    return fake
  }

  async close() {
    this.server.closeAllConnections()
    await new Promise((r) => this.server.close(r))
  }

  /** sync_msg calls wait until the function returned is called (to see what answers before the pull). */
  holdSyncs(): () => void {
    let release = () => {}
    this.held = new Promise<void>((r) => (release = r))
    return () => {
      this.held = null
      release()
    }
  }

  /** The next `n` kf/send_msg calls get -1 (系统繁忙). */
  busySends(n: number) {
    this.busy = n
  }

  /** Every token issued so far lapses: the next call with one gets 42001. */
  expireTokens() {
    this.live.clear()
  }

  tokenFetches() {
    return this.requests.filter((r) => r.path === '/cgi-bin/gettoken')
  }

  /** Texts sent with kf/send_msg, optionally only those to one WeChat user. */
  sent(to?: string): Sent[] {
    return this.requests
      .filter((r) => r.path === '/cgi-bin/kf/send_msg' && r.body?.errcode === undefined && (!to || r.body?.touser === to))
      .map((r) => ({ touser: r.body.touser, open_kfid: r.body.open_kfid, msgid: r.body.msgid, content: r.body.text?.content }))
  }

  syncs() {
    return this.requests.filter((r) => r.path === '/cgi-bin/kf/sync_msg')
  }

  /** A WeChat user's message, as sync_msg will return it; resolves to its msgid. */
  userSays(openKfid: string, externalUserId: string, text: string, sendTime = Date.now()): string {
    return this.push({ msgtype: 'text', text: { content: text } }, openKfid, externalUserId, sendTime, 3)
  }

  userSends(openKfid: string, externalUserId: string, msgtype: 'image' | 'voice', sendTime = Date.now()): string {
    return this.push({ msgtype, [msgtype]: { media_id: `media_${++this.seq}` } }, openKfid, externalUserId, sendTime, 3)
  }

  event(openKfid: string, externalUserId: string, event: Record<string, unknown>, sendTime = Date.now()): string {
    return this.push({ msgtype: 'event', event: { open_kfid: openKfid, external_userid: externalUserId, ...event } }, openKfid, externalUserId, sendTime, 4)
  }

  /** The message with this msgid once more (WeCom delivers at least once). */
  again(msgid: string) {
    const m = this.messages.find((x) => (x as { msgid: string }).msgid === msgid)
    if (m) this.messages.push(m)
  }

  /** Messages queued so far: once all are pulled, the cursor WeCom gave last. */
  get queued() {
    return this.messages.length
  }

  state(openKfid: string, externalUserId: string) {
    return this.states.get(`${openKfid}/${externalUserId}`) ?? { service_state: 1 }
  }

  setState(openKfid: string, externalUserId: string, serviceState: number) {
    this.states.set(`${openKfid}/${externalUserId}`, { service_state: serviceState })
  }

  /** The first request, recorded already or still to come, that matches. */
  waitFor(match: (r: Recorded) => boolean, timeoutMs = 8000): Promise<Recorded> {
    const seen = this.requests.find(match)
    if (seen) return Promise.resolve(seen)
    return new Promise((resolve, reject) => {
      const w = { match, resolve: (r: Recorded) => (clearTimeout(timer), resolve(r)) }
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((x) => x !== w)
        reject(new Error(`fake WeCom: no matching request within ${timeoutMs} ms`))
      }, timeoutMs)
      this.waiters.push(w)
    })
  }

  /** The next text to this user containing `part`. */
  reply(to: string, part = '', timeoutMs?: number): Promise<Sent> {
    return this.waitFor((r) => r.path === '/cgi-bin/kf/send_msg' && r.body?.errcode === undefined && r.body?.touser === to && String(r.body?.text?.content).includes(part), timeoutMs).then((r) => ({
      touser: r.body.touser,
      open_kfid: r.body.open_kfid,
      msgid: r.body.msgid,
      content: r.body.text.content,
    }))
  }

  private push(fields: Record<string, unknown>, openKfid: string, externalUserId: string, sendTime: number, origin: number): string {
    const msgid = `msg_${Date.now().toString(36)}_${++this.seq}`
    // 已结束 (4): the user writing again opens a new session, 未处理 (0)
    if (origin === 3 && this.state(openKfid, externalUserId).service_state === 4) this.setState(openKfid, externalUserId, 0)
    this.messages.push({ msgid, open_kfid: openKfid, external_userid: externalUserId, send_time: Math.floor(sendTime / 1000), origin, ...fields })
    return msgid
  }

  private record(r: Recorded) {
    this.requests.push(r)
    for (const w of this.waiters.filter((x) => x.match(r))) {
      this.waiters = this.waiters.filter((x) => x !== w)
      w.resolve(r)
    }
  }

  private async handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', this.url)
    const chunks: Buffer[] = []
    for await (const c of req) chunks.push(c as Buffer)
    let body: any
    try {
      body = chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : undefined
    } catch {
      body = undefined
    }
    const rec: Recorded = { method: req.method ?? 'GET', path: url.pathname, query: Object.fromEntries(url.searchParams), body }
    const send = (payload: Record<string, unknown>) => {
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' })
      res.end(JSON.stringify({ errcode: 0, errmsg: 'ok', ...payload }))
    }
    const refuse = (errcode: number, errmsg: string) => {
      // a refused call is recorded with its error, so sent() lists only what WeCom accepted
      this.record({ ...rec, body: { ...body, errcode } })
      send({ errcode, errmsg })
    }
    const p = url.pathname
    if (p === '/cgi-bin/gettoken') {
      this.record(rec)
      if (rec.query.corpid !== this.corpId || rec.query.corpsecret !== this.secret) return send({ errcode: 40001, errmsg: 'invalid credential' })
      const token = `fake-token-${++this.tokens}`
      this.live.add(token)
      return send({ access_token: token, expires_in: this.expiresIn })
    }
    if (!this.live.has(rec.query.access_token ?? '')) return refuse(42001, 'access_token expired')
    if (req.method !== 'POST' || !body) return refuse(44001, 'empty post data')
    if (p === '/cgi-bin/kf/sync_msg') {
      if (this.held) await this.held
      this.record(rec)
      const from = Number(body.cursor || 0)
      const mine = this.messages.map((m, i) => [m, i] as const).filter(([m, i]) => i >= from && (!body.open_kfid || (m as { open_kfid: string }).open_kfid === body.open_kfid))
      const page = mine.slice(0, Math.min(this.pageSize, body.limit ?? 1000))
      const next = page.length ? page[page.length - 1][1] + 1 : from
      return send({ next_cursor: String(next), has_more: mine.length > page.length ? 1 : 0, msg_list: page.map(([m]) => m) })
    }
    if (p === '/cgi-bin/kf/send_msg') {
      if (!body.touser || !body.open_kfid || body.msgtype !== 'text' || typeof body.text?.content !== 'string') return refuse(40058, 'invalid parameter')
      if (Buffer.byteLength(body.text.content) > 2048) return refuse(45002, 'content size out of limit')
      if (this.busy > 0 && this.busy--) return refuse(-1, 'system busy')
      if (this.state(body.open_kfid, body.touser).service_state > 1) return refuse(95018, 'send msg session status invalid')
      this.record(rec)
      return send({ msgid: body.msgid ?? `sent_${++this.seq}` })
    }
    if (p === '/cgi-bin/kf/send_msg_on_event') {
      this.record(rec)
      return send({ msgid: `event_${++this.seq}` })
    }
    if (p === '/cgi-bin/kf/service_state/get') {
      this.record(rec)
      return send(this.state(body.open_kfid, body.external_userid))
    }
    if (p === '/cgi-bin/kf/service_state/trans') {
      this.record(rec)
      this.states.set(`${body.open_kfid}/${body.external_userid}`, { service_state: body.service_state, servicer_userid: body.servicer_userid })
      return send({ msg_code: `code_${++this.seq}` })
    }
    this.record(rec)
    send({ errcode: 404, errmsg: 'no such api' })
  }
}

export interface CallbackOptions {
  token: string
  aesKey: string
  /** Whom the message is encrypted for (the CorpID; another one is refused). */
  receiveId: string
  timestamp?: number
  nonce?: string
  /** Signed with another token (a forgery). */
  signWith?: string
  /** POST: signed and sent in place of the encrypted message. */
  ciphertext?: string
  /** POST: the whole request body instead of WeCom's XML. */
  body?: string
  /** GET: a '+' of the echostr left unescaped in the query. */
  unescapedPlus?: boolean
}

function signed(ciphertext: string, o: CallbackOptions) {
  const timestamp = String(o.timestamp ?? Math.floor(Date.now() / 1000))
  const nonce = o.nonce ?? String(randomBytes(4).readUInt32BE())
  const sig = getSignature(o.signWith ?? o.token, timestamp, nonce, ciphertext)
  return new URLSearchParams({ msg_signature: sig, timestamp, nonce })
}

/** The GET WeCom sends when the callback URL is saved: echostr encrypted, to be answered in plain text. */
export async function verifyUrl(url: string, echo: string, o: CallbackOptions) {
  const echostr = encrypt(o.aesKey, echo, o.receiveId)
  const q = signed(echostr, o)
  q.set('echostr', echostr)
  const query = o.unescapedPlus ? `${q}`.replaceAll('%2B', '+') : `${q}`
  const res = await fetch(`${url}?${query}`)
  return { status: res.status, text: await res.text() }
}

/** The event WeCom posts when a 客服 account has new messages or events. */
export const kfEvent = (corpId: string, openKfid: string, token = `ENC${randomBytes(12).toString('hex')}`) =>
  `<xml><ToUserName><![CDATA[${corpId}]]></ToUserName><CreateTime>${Math.floor(Date.now() / 1000)}</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[kf_msg_or_event]]></Event><Token><![CDATA[${token}]]></Token><OpenKfId><![CDATA[${openKfid}]]></OpenKfId></xml>`

/** POSTs `plain` encrypted and signed as WeCom does. */
export async function postCallback(url: string, plain: string, o: CallbackOptions) {
  const ciphertext = o.ciphertext ?? encrypt(o.aesKey, plain, o.receiveId)
  const q = signed(ciphertext, o)
  const body = o.body ?? `<xml><ToUserName><![CDATA[${o.receiveId}]]></ToUserName><Encrypt><![CDATA[${ciphertext}]]></Encrypt><AgentID><![CDATA[]]></AgentID></xml>`
  const res = await fetch(`${url}?${q}`, { method: 'POST', headers: { 'content-type': 'text/xml' }, body })
  return { status: res.status, text: await res.text() }
}
