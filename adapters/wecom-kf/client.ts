// A thin client for WeCom's 微信客服 API: the access token (cached until it expires, fetched again
// when WeCom says it lapsed), kf/sync_msg, kf/send_msg, kf/send_msg_on_event and the session state.
import { z } from 'zod'
import { Unreachable } from '../../src/outbound.js'

/** WeCom refused the call for a reason a retry will not change (a user who refused messages, a shut session). */
export class WecomRefused extends Unreachable {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(`企业微信接口返回 ${code}：${message}`)
  }
}

// -1 is 系统繁忙 (try again); 40014 / 42001 are an invalid / expired access_token
const BUSY = -1
const TOKEN_LAPSED = new Set([40014, 42001])
/** A token is renewed this long before WeCom's expires_in (7200 s), so no call leaves with one about to lapse. */
const RENEW_EARLY_MS = 300_000
const TIMEOUT_MS = 10_000

const Status = z.object({ errcode: z.number().default(0), errmsg: z.string().default('') })
const TokenReply = z.object({ access_token: z.string().min(1), expires_in: z.number().positive() })
export const SyncReply = z.object({ next_cursor: z.string().default(''), has_more: z.number().default(0), msg_list: z.array(z.unknown()).default([]) })
export type SyncReply = z.infer<typeof SyncReply>
const SendReply = z.object({ msgid: z.string().optional() })
const TransReply = z.object({ msg_code: z.string().optional() })
const StateReply = z.object({ service_state: z.number(), servicer_userid: z.string().optional() })

/** kf/service_state: 0 new, 1 the bot (智能助手) has it, 2 queued for agents, 3 an agent has it, 4 ended. */
export const AGENTS_HAVE_IT = new Set([2, 3])

export interface KfClientOptions {
  base: string
  corpId: string
  secret: string
  now?: () => number
}

export class KfClient {
  private token: { value: string; until: number } | null = null
  private fetching: Promise<string> | null = null
  private now: () => number

  constructor(private o: KfClientOptions) {
    this.now = o.now ?? Date.now
  }

  syncMsg(body: { cursor?: string; token?: string; open_kfid?: string; limit?: number }): Promise<SyncReply> {
    return this.call('kf/sync_msg', body, SyncReply)
  }

  async sendText(touser: string, openKfid: string, content: string, msgid: string): Promise<void> {
    await this.call('kf/send_msg', { touser, open_kfid: openKfid, msgid, msgtype: 'text', text: { content } }, SendReply)
  }

  /** A reply to an event's code (enter_session's welcome_code: one message, within 20 s). */
  async sendOnEvent(code: string, content: string): Promise<void> {
    await this.call('kf/send_msg_on_event', { code, msgtype: 'text', text: { content } }, SendReply)
  }

  serviceState(openKfid: string, externalUserId: string) {
    return this.call('kf/service_state/get', { open_kfid: openKfid, external_userid: externalUserId }, StateReply)
  }

  async transfer(openKfid: string, externalUserId: string, to: { pool: true } | { servicer: string }): Promise<void> {
    const body = 'pool' in to ? { service_state: 2 } : { service_state: 3, servicer_userid: to.servicer }
    await this.call('kf/service_state/trans', { open_kfid: openKfid, external_userid: externalUserId, ...body }, TransReply)
  }

  /** One API call with the cached token; a token WeCom calls lapsed is fetched again once. */
  async call<T>(path: string, body: unknown, schema: z.ZodType<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      const token = await this.accessToken()
      const json = await this.http(`${this.o.base}/cgi-bin/${path}?access_token=${encodeURIComponent(token)}`, body)
      const { errcode, errmsg } = Status.parse(json)
      if (errcode === 0) return schema.parse(json)
      if (TOKEN_LAPSED.has(errcode) && attempt === 0) {
        if (this.token?.value === token) this.token = null
        continue
      }
      if (errcode === BUSY) throw new Error(`企业微信繁忙：${errmsg}`)
      throw new WecomRefused(errcode, errmsg)
    }
  }

  private accessToken(): Promise<string> {
    if (this.token && this.now() < this.token.until) return Promise.resolve(this.token.value)
    // calls that find the token lapsed together wait for one fetch
    this.fetching ??= this.fetchToken().finally(() => (this.fetching = null))
    return this.fetching
  }

  private async fetchToken(): Promise<string> {
    const q = new URLSearchParams({ corpid: this.o.corpId, corpsecret: this.o.secret })
    const json = await this.http(`${this.o.base}/cgi-bin/gettoken?${q}`)
    const { errcode, errmsg } = Status.parse(json)
    if (errcode !== 0) throw new WecomRefused(errcode, `获取 access_token 失败：${errmsg}`)
    const { access_token, expires_in } = TokenReply.parse(json)
    const lifetime = expires_in * 1000
    this.token = { value: access_token, until: this.now() + Math.max(lifetime / 2, lifetime - RENEW_EARLY_MS) }
    return access_token
  }

  private async http(url: string, body?: unknown): Promise<unknown> {
    const res = await fetch(url, {
      method: body === undefined ? 'GET' : 'POST',
      headers: body === undefined ? undefined : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    })
    if (!res.ok) throw new Error(`企业微信接口 HTTP ${res.status}`)
    return res.json()
  }
}
