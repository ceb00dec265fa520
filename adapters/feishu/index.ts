// The Feishu channel: `im.message.receive_v1` through the SDK's EventDispatcher, by webhook on
// our own server (default) or by long connection (FEISHU_MODE=ws); each answer goes back as an
// interactive card in reply to the question. Acknowledge first, work after: the event is
// answered at once and the turn runs from a queue, so Feishu's 3 s limit never causes a resend.
import * as lark from '@larksuiteoapi/node-sdk'
import type { Adapter, AppContext } from '../../src/app.js'
import { feishuEnabled } from '../../src/config.js'
import { HttpError } from '../../src/http.js'
import { Pacer } from '../../src/outbound.js'
import { answerCard } from './card.js'
import { officials } from './officials.js'
import type { InboundMessage } from '../../src/inbound.js'
import { ReceiveMessageEvent, toInbound } from './inbound.js'
import { type LongConnectionOptions, watchLongConnection } from './long-connection.js'
import { createLarkClient, FeishuApiError, FeishuClient, sdkLogger } from './send.js'
import { webhookHandler } from './webhook.js'

export const EVENTS_PATH = '/feishu/events'
/** Feishu allows a bot 5 messages a second per chat. */
const SEND_GAP_MS = 250
/** How long stop() waits for turns already acknowledged to send their replies. */
const DRAIN_MS = 5000

export interface FeishuParts {
  ctx: AppContext
  client: FeishuClient
  dispatcher: lark.EventDispatcher
  /** Runs work after the acknowledgement; stop() waits for it. Failures are logged. */
  later(what: string, work: () => Promise<unknown>): void
  /** Sees each readable message before the bot does; returning true keeps it from the bot (officials' commands and answers). */
  intercept(handler: (event: ReceiveMessageEvent, msg: InboundMessage) => Promise<boolean>): void
}

export interface FeishuOptions {
  /** Registers more handlers (card actions, other events) or routes: the officials' hand-offs plug in here. */
  setup?(parts: FeishuParts): void | Promise<void>
  longConnection?: LongConnectionOptions
}

export function createFeishuAdapter(options: FeishuOptions = {}): Adapter {
  return {
    name: 'Feishu',
    enabled: feishuEnabled,
    async start(ctx) {
      const { config } = ctx
      const log = ctx.log.child({ channel: 'feishu' })
      const client = new FeishuClient(createLarkClient(config, log))
      const secrets = { encryptKey: config.FEISHU_ENCRYPT_KEY, verificationToken: config.FEISHU_VERIFICATION_TOKEN }
      const dispatcher = new lark.EventDispatcher({ ...secrets, loggerLevel: lark.LoggerLevel.error, logger: sdkLogger(log) })
      const pacer = new Pacer(SEND_GAP_MS)
      const inFlight = new Set<Promise<unknown>>()
      const interceptors: ((event: ReceiveMessageEvent, msg: InboundMessage) => Promise<boolean>)[] = []
      let stopped = false

      const later = (what: string, work: () => Promise<unknown>) => {
        const p = work().catch((e) => log.error({ err: e, what }, 'feishu: queued work failed'))
        inFlight.add(p)
        void p.finally(() => inFlight.delete(p))
      }

      async function answer(raw: unknown) {
        const parsed = ReceiveMessageEvent.safeParse(raw)
        if (!parsed.success) return log.warn({ issue: parsed.error.issues[0]?.message }, 'feishu: unreadable message event')
        const { message } = parsed.data
        const msg = toInbound(parsed.data, await client.botOpenId())
        if (!msg) return log.debug({ messageId: message.message_id, type: message.message_type }, 'feishu: message not readable as text')
        if (msg.sender.role === 'self') return
        for (const intercept of interceptors) if (await intercept(parsed.data, msg)) return
        const turn = await ctx.conversations.handle(msg)
        if (!turn) return
        await pacer.send(message.chat_id, async () => {
          try {
            await client.replyCard(message.message_id, answerCard(turn.answer))
          } catch (e) {
            // a card Feishu refuses (malformed, too large) would be refused again: say it in text
            if (!(e instanceof FeishuApiError) || e.retryable || e.code === null) throw e
            log.warn({ err: e, messageId: message.message_id }, 'feishu: card refused, replying in text')
            await client.replyText(message.message_id, turn.answer.reply)
          }
        })
        log.info({ messageId: message.message_id, intent: turn.answer.intent }, 'feishu: answered')
      }

      dispatcher.register({
        'im.message.receive_v1': (data) => {
          later(`message ${data.message?.message_id}`, () => answer(data))
        },
      })
      await options.setup?.({ ctx, client, dispatcher, later, intercept: (h) => void interceptors.push(h) })

      const drain = async () => {
        stopped = true
        await Promise.race([Promise.allSettled([...inFlight]), new Promise((r) => setTimeout(r, DRAIN_MS).unref())])
      }

      if (config.FEISHU_MODE === 'ws') {
        // one long connection per app (Feishu splits the events between several): the other
        // workers only send, through the open API
        const connection = ctx.leads ? watchLongConnection(ctx, log, dispatcher, options.longConnection) : null
        return {
          describe: connection ? '飞书长连接（WSClient）已启动；同一应用只运行一个实例，否则事件会被分到各实例' : '飞书长连接由第一个工作进程保持',
          async stop() {
            connection?.close()
            await drain()
          },
        }
      }

      const handle = webhookHandler((data) => dispatcher.invoke(data, { needCheck: false }), secrets, log)
      ctx.http.route('POST', EVENTS_PATH, (req, res, params, url) => {
        // while shutting down, a 503 makes Feishu deliver the event again later, to the next process
        if (stopped) throw new HttpError(503, '正在重启，请稍后重发')
        return handle(req, res, params, url)
      })
      if (!secrets.encryptKey) log.warn('feishu: FEISHU_ENCRYPT_KEY not set, events are neither encrypted nor signed')
      return { describe: `飞书事件地址 {base}${EVENTS_PATH}（开发者后台「事件与回调」填它的公网地址）`, stop: drain }
    },
  }
}

export const feishu: Adapter = createFeishuAdapter({ setup: officials })
