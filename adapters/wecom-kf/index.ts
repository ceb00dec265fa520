// WeChat through WeCom's 微信客服: any WeChat user opens the organisation's 客服 from a link or a
// QR code, without adding a friend, and the bot answers through WeCom's official API. WeCom
// posts a signed, encrypted event to /wecom/kf; it is acknowledged at once, and the messages are
// pulled with kf/sync_msg from a cursor kept in the store (a restart resumes where it stopped).
// Each WeChat user's text goes through the same conversation core as every channel.
import { createHash, randomUUID } from 'node:crypto'
import type { Adapter, AppContext } from '../../src/app.js'
import { wecomKfEnabled } from '../../src/config.js'
import { HttpError, readBody, sendJson } from '../../src/http.js'
import { askerOf } from '../../src/officials/desk.js'
import { splitReply, Unreachable, withRetry } from '../../src/outbound.js'
import { tooFast } from '../../src/ratelimit.js'
import { OutsideWindow, ReplyWindows, type ReplyWindow } from '../../src/reply-window.js'
import { DEDUP_TTL_MS } from '../../src/store/store.js'
import { toWechatText } from '../wechat/render.js'
import { MAX_CALLBACK_BODY, openCallback, readXml, signedParams } from './callback.js'
import { AGENTS_HAVE_IT, KfClient } from './client.js'
import { KfMessage, personOf, sessionOf, sort, type KfEvent, type Person } from './messages.js'

export const CALLBACK_PATH = '/wecom/kf'

/**
 * kf/send_msg (developer.work.weixin.qq.com/document/path/94677, as quoted by the SDKs that wrap
 * it, checked 2026-12): "仅当微信客户在主动发送消息给客服后的48小时内，企业可发送消息给客户，
 * 最多可发送5条消息；若用户继续发送消息，企业可再次下发消息" — 48 hours, 5 messages a user message.
 */
export const KF_REPLY_WINDOW: ReplyWindow = { withinMs: 48 * 3600_000, perMessage: 5 }
/** kf/send_msg text.content: "最长不超过2048个字节". A UTF-16 unit is at most 3 bytes of UTF-8. */
export const KF_MAX_BYTES = 2048
const MAX_CHARS = Math.floor(KF_MAX_BYTES / 3)

// msg_send_fail's fail_type (94670): 4 会话已过期（超过48小时）, 6 超过5条限制 — the window is shut
const WINDOW_SHUT = new Set([4, 6])

const CURSORS = 'wecom-kf-cursors'
const WINDOWS = 'wecom-kf-windows'
/** Conversations passed to WeCom's human agents: the bot stays quiet while they have them. */
const WITH_AGENTS = 'wecom-kf-agents'
const DRAIN_MS = 5000

export const WELCOME =
  '您好，我是政策咨询助手，可以告诉您企业能享受哪些扶持政策、能拿多少、去哪里申请。请用文字描述，例如：“我们在聊城做工业软件，去年营收八百万，市里有什么支持？”说“转人工”可联系工作人员。'
export const TEXT_ONLY = '请发文字：目前只能读文字消息，请用文字描述您的问题。'

export interface WecomKfOptions {
  /** The clock for the reply window and the token's expiry (tests move it). */
  now?: () => number
}

/** WeCom's message ids are at most 32 bytes of [0-9a-zA-Z_-]; the same piece of the same answer gets the same id. */
const msgIdOf = (source: string, piece: number) => createHash('sha1').update(`${source}#${piece}`).digest('hex').slice(0, 32)

export function wecomKfAdapter(options: WecomKfOptions = {}): Adapter {
  const now = options.now ?? Date.now
  return {
    name: '微信客服 WeCom',
    enabled: wecomKfEnabled,
    replyWindow: KF_REPLY_WINDOW,
    async start(ctx: AppContext) {
      const { config, store, conversations, desk } = ctx
      const log = ctx.log.child({ channel: 'wecom-kf' })
      const corpId = config.WECOM_CORP_ID!
      const client = new KfClient({ base: config.WECOM_API_BASE, corpId, secret: config.WECOM_KF_SECRET!, now })
      const secrets = { token: config.WECOM_TOKEN!, aesKey: config.WECOM_AES_KEY!, receiveId: corpId }
      const windows = new ReplyWindows(store, KF_REPLY_WINDOW, WINDOWS)
      const inFlight = new Set<Promise<unknown>>()
      let stopped = false

      const later = (what: string, work: () => Promise<unknown>) => {
        const p = work().catch((e) => log.error({ err: e, what }, 'wecom-kf: queued work failed'))
        inFlight.add(p)
        void p.finally(() => inFlight.delete(p))
      }

      /** Pieces to one person, as many as their window still allows; none at all is OutsideWindow. */
      async function say(to: Person, text: string, source: string): Promise<void> {
        const pieces = splitReply(text, MAX_CHARS)
        const allowed = await windows.take(sessionOf(to), pieces.length, now())
        if (!allowed) throw new OutsideWindow('微信客服：超过48小时或已发满5条，需等对方再发消息')
        if (allowed < pieces.length) log.warn({ pieces: pieces.length, allowed }, 'wecom-kf: reply cut to the messages the window allows')
        try {
          for (const [i, piece] of pieces.slice(0, allowed).entries()) await withRetry(() => client.sendText(to.externalUserId, to.openKfid, piece, msgIdOf(source, i)))
        } catch (e) {
          // retried already: the desk keeps it for the person's next message rather than spend the allowance again
          throw e instanceof Unreachable ? e : new Unreachable(`微信客服发送失败：${(e as Error).message}`)
        }
      }

      // officials' answers and notices, kept by the desk when the window is shut
      ctx.senders.register(
        'wecom-kf',
        (to, text) => say(personOf(to.chatId), text, randomUUID()),
        // while WeCom's agents have the conversation, kf/send_msg is refused (95018) too
        async (to) => (await windows.left(sessionOf(personOf(to.chatId)), now())) > 0 && !(await store.get(WITH_AGENTS, sessionOf(personOf(to.chatId)))),
      )

      async function toAgents(p: Person) {
        const servicer = config.WECOM_KF_SERVICER!
        await client.transfer(p.openKfid, p.externalUserId, servicer === 'pool' ? { pool: true } : { servicer })
        await store.put(WITH_AGENTS, sessionOf(p), true)
      }

      /** Whether WeCom's human agents hold this conversation now (then the bot stays out of it). */
      async function withAgents(p: Person): Promise<boolean> {
        if (!(await store.get(WITH_AGENTS, sessionOf(p)))) return false
        const { service_state } = await client.serviceState(p.openKfid, p.externalUserId)
        if (AGENTS_HAVE_IT.has(service_state)) return true
        await store.remove(WITH_AGENTS, sessionOf(p))
        return false
      }

      async function onEvent(e: KfEvent, msgid: string) {
        if (e.event_type === 'enter_session' && e.welcome_code) {
          // the code is good for one message within 20 s: a repeated pull must not spend it on an error
          if (await store.claim(`wecom-kf:${msgid}`, DEDUP_TTL_MS)) await client.sendOnEvent(e.welcome_code, WELCOME)
        } else if (e.event_type === 'msg_send_fail') {
          log.warn({ failType: e.fail_type, failMsgId: e.fail_msgid }, 'wecom-kf: WeCom could not deliver a message')
          if (e.open_kfid && e.external_userid && WINDOW_SHUT.has(e.fail_type ?? -1)) await windows.close(sessionOf({ openKfid: e.open_kfid, externalUserId: e.external_userid }))
        } else log.debug({ event: e.event_type }, 'wecom-kf: event')
      }

      async function onMessage(raw: unknown, resumed: boolean) {
        const parsed = KfMessage.safeParse(raw)
        if (!parsed.success) return log.warn({ issue: parsed.error.issues[0]?.message }, 'wecom-kf: unreadable message')
        const m = parsed.data
        const sorted = sort(m, resumed)
        if (sorted.kind === 'ignored') return
        if (sorted.kind === 'event') return onEvent(sorted.event, m.msgid)
        const { person } = sorted
        const session = sessionOf(person)
        await windows.heard(session, m.send_time * 1000, m.msgid)
        if (await withAgents(person)) return
        if (sorted.kind === 'not_text') {
          if (await store.claim(`wecom-kf:${m.msgid}`, DEDUP_TTL_MS)) await say(person, TEXT_ONLY, m.msgid)
          return
        }
        const wait = ctx.admit(`wecom-kf:${person.externalUserId}`, session)
        if (wait) {
          if (await store.claim(`wecom-kf:slow:${m.msgid}`, DEDUP_TTL_MS)) await say(person, tooFast(wait), m.msgid)
          return
        }
        const turn = await conversations.handle(sorted.message)
        if (!turn) return
        const { intent, reply } = turn.answer
        const toPeople = intent === 'handoff' && config.WECOM_KF_SERVICER
        // without the officials' desk the core says no person is connected: here WeCom's agents are
        const text = !toPeople ? toWechatText(turn.answer) : desk.notify ? `${toWechatText(turn.answer)}\n同时已为您转接在线人工客服。` : '好的，正在为您转接人工客服，请稍候。'
        await say(person, text, m.msgid)
        log.info({ intent, chars: reply.length }, 'wecom-kf: answered')
        if (toPeople) await toAgents(person)
        else if (intent === 'forget_me') await Promise.all([windows.forget(session), store.remove(WITH_AGENTS, session)])
        // what officials answered while the window was shut goes now, within what it allows
        else await desk.release(askerOf(turn))
      }

      /** One person's messages in order; different people side by side. */
      async function onPage(list: unknown[], resumed: boolean) {
        const byPerson = new Map<string, unknown[]>()
        for (const raw of list) {
          const key = (raw as { external_userid?: unknown })?.external_userid
          const k = typeof key === 'string' ? key : ''
          byPerson.set(k, [...(byPerson.get(k) ?? []), raw])
        }
        await Promise.all(
          [...byPerson.values()].map(async (ms) => {
            for (const raw of ms) await onMessage(raw, resumed).catch((e) => log.error({ err: e }, 'wecom-kf: message failed'))
          }),
        )
      }

      async function pullAll(openKfid: string, token: string | undefined) {
        let cursor = (await store.get(CURSORS, openKfid)) as string | undefined
        const resumed = typeof cursor === 'string' && cursor !== ''
        for (;;) {
          const page = await client.syncMsg({ cursor: cursor || undefined, token, open_kfid: openKfid || undefined, limit: 1000 })
          await onPage(page.msg_list, resumed)
          // kept after the page is handled: a crash in between pulls it again, and the claims answer nothing twice
          if (page.next_cursor) await store.put(CURSORS, openKfid, (cursor = page.next_cursor))
          if (!page.has_more) return
        }
      }

      // one pull at a time per 客服 account; a callback during a pull asks for one more after it
      const pulls = new Map<string, { again: string | undefined | null }>()
      async function pull(openKfid: string, token: string | undefined) {
        const running = pulls.get(openKfid)
        if (running) return void (running.again = token)
        const state: { again: string | undefined | null } = { again: null }
        pulls.set(openKfid, state)
        try {
          for (let next = token; ; ) {
            await pullAll(openKfid, next)
            if (state.again === null) return
            ;[next, state.again] = [state.again, null]
          }
        } finally {
          pulls.delete(openKfid)
        }
      }

      ctx.http.route('GET', CALLBACK_PATH, (_req, res, _params, url) => {
        // base64 has no spaces: a '+' WeCom left unescaped in the query came out as one
        const echostr = (url.searchParams.get('echostr') ?? '').replaceAll(' ', '+')
        const opened = openCallback(secrets, signedParams(url), echostr, now())
        if (!opened.ok) {
          log.warn({ reason: opened.reason }, 'wecom-kf: URL check refused')
          return sendJson(res, opened.status, { error: opened.reason })
        }
        res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' })
        res.end(opened.plain)
      })

      ctx.http.route('POST', CALLBACK_PATH, async (req, res, _params, url) => {
        // while shutting down, an error makes WeCom deliver the event again later
        if (stopped) throw new HttpError(503, '正在重启，请稍后重发')
        const outer = readXml(await readBody(req, MAX_CALLBACK_BODY))
        if (!outer?.Encrypt) return sendJson(res, 400, { error: '不是企业微信的加密回调' })
        const opened = openCallback(secrets, signedParams(url), outer.Encrypt, now())
        const event = opened.ok ? readXml(opened.plain) : null
        if (!opened.ok || !event) {
          const [status, reason] = opened.ok ? [400, '回调内容无法读取'] : [opened.status, opened.reason]
          log.warn({ reason }, 'wecom-kf: callback refused')
          return sendJson(res, status, { error: reason })
        }
        res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' })
        res.end('success')
        if (event.Event === 'kf_msg_or_event') later('sync_msg', () => pull(event.OpenKfId ?? '', event.Token))
      })

      return {
        describe: `微信客服回调地址 {base}${CALLBACK_PATH}（企业微信后台「微信客服 → API → 回调配置」填它的公网 https 地址）`,
        async stop() {
          stopped = true
          await Promise.race([Promise.allSettled([...inFlight]), new Promise((r) => setTimeout(r, DRAIN_MS).unref())])
        },
      }
    },
  }
}

export const wecomKf = wecomKfAdapter()
