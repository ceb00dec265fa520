// The chat socket at /chat/socket, run by botkit with botbuilder-adapter-web. The adapter takes
// the sender from the `user` field of each frame the browser sends and routes replies by it, so
// this file overwrites that field with an id the server chose, and finds the conversation from
// the HttpOnly cookie the socket was opened with.
import { randomUUID } from 'node:crypto'
import type { IncomingMessage } from 'node:http'
import type { Duplex } from 'node:stream'
import { WebAdapter } from 'botbuilder-adapter-web'
import { Botkit, type BotkitMessage, type BotWorker } from 'botkit'
import type { AppContext } from '../../src/app.js'
import { MAX_QUESTION } from '../../src/conversation.js'
import { Unreachable } from '../../src/outbound.js'
import { conversationOf, type ChatSessions } from './session.js'

export const SOCKET_PATH = '/chat/socket'
// a question of MAX_QUESTION Chinese characters is 3 bytes each, plus the JSON around it
const MAX_FRAME = MAX_QUESTION * 3 + 1024
const CLIENT_ID = /^[A-Za-z0-9_-]{1,64}$/
/** How long a page has to confirm a pushed message before it is kept for the next visit. */
const CONFIRM_MS = 5000
const FAILED = '抱歉，系统出了点问题，请稍后再发一次。'

/** The parts of a `ws` socket this file touches (the adapter's own types are `any`). */
interface Socket {
  emit(event: string | symbol, ...args: unknown[]): boolean
  once(event: 'close', listener: () => void): unknown
  send(data: string): void
  readyState: number
}

// botkit keeps dialog state in its storage; the bot's sessions live in our store, so botkit's
// per-connection state would only grow in memory: give it nowhere to keep anything.
const noStorage = { read: async () => ({}), write: async () => {}, delete: async () => {} }

/**
 * Whether a socket's Origin is the page's own (the Host it was asked of) or one configured; a
 * client that sends none is no browser page, and a browser always sends it.
 */
export function ownOrigin(origin: string | undefined, req: IncomingMessage, allowed: readonly string[]): boolean {
  if (!origin) return true
  if (allowed.includes(origin)) return true
  try {
    return new URL(origin).host === req.headers.host
  } catch {
    return false
  }
}

export function startChatSocket({ http, conversations, log, senders, desk, admit, config }: AppContext, sessions: ChatSessions) {
  const allowed = config.CHAT_ORIGINS.split(',').map((o) => o.trim()).filter(Boolean)
  // connection id (what the adapter calls `user`) → conversation; set by the server per socket
  // (and the client's address, for the rate limit)
  const speakers = new Map<string, { chatId: string; address: string }>()
  // conversation → its open sockets (several tabs), for messages outside a turn
  const open = new Map<string, Set<Socket>>()
  // a page confirms each message pushed to it: a socket that is closing still looks open here
  const confirmations = new Map<string, () => void>()
  // an official's answer or a policy change reaches an open page; the desk keeps it otherwise
  senders.register('web', async (to, text) => {
    const live = [...(open.get(to.chatId) ?? [])].filter((ws) => ws.readyState === 1)
    if (!live.length) throw new Unreachable('no open page for this conversation')
    const pushId = randomUUID()
    const confirmed = new Promise<boolean>((resolve) => {
      confirmations.set(pushId, () => resolve(true))
      setTimeout(() => resolve(false), CONFIRM_MS).unref()
    })
    for (const ws of live) ws.send(JSON.stringify({ type: 'message', text, pushId }))
    const ok = await confirmed
    confirmations.delete(pushId)
    if (!ok) throw new Unreachable('the page did not confirm the message')
  })
  const adapter = new WebAdapter({
    // we route the upgrade ourselves: the same server serves Feishu, the API and maybe other sockets
    noServer: true,
    maxPayload: MAX_FRAME,
    perMessageDeflate: false,
    // no cookie we issued, no chat: the page at / hands one out; and a page of another origin
    // (another port of this host shares the cookie) may not open a visitor's socket
    verifyClient: ({ req, origin }: { req: IncomingMessage; origin?: string }) => sessions.read(req) !== null && ownOrigin(origin, req, allowed),
  })
  // The adapter starts a 30 s heartbeat timer it never stops; catch it so stop() can.
  const timers: NodeJS.Timeout[] = []
  const setIntervalBefore = globalThis.setInterval
  let controller: Botkit
  try {
    globalThis.setInterval = ((...args: Parameters<typeof setInterval>) => {
      const t = setIntervalBefore(...args)
      timers.push(t)
      return t
    }) as typeof setInterval
    // botkit runs the adapter's init (its socket server) inside this constructor
    controller = new Botkit({ adapter, disable_webserver: true, disable_console: true, storage: noStorage })
  } finally {
    globalThis.setInterval = setIntervalBefore
  }
  const wss = adapter.wss

  // Every message is a question: no `hears` patterns, which would turn user text into regexps.
  controller.on('message', async (bot: BotWorker, message: BotkitMessage) => {
    const { chatId, address } = speakers.get(message.user) ?? {}
    const text = typeof message.text === 'string' ? message.text.trim() : ''
    if (!chatId || !text) return
    const clientId = typeof message.id === 'string' && CLIENT_ID.test(message.id) ? message.id : randomUUID()
    const wait = admit(address ?? '', chatId)
    if (wait) return void (await bot.reply(message, { type: 'message', text: `您发送得太快了，请 ${Math.ceil(wait / 1000)} 秒后再试。`, channelData: { replyTo: clientId } }))
    let reply: string
    try {
      const turn = await conversations.handle({
        channel: 'web',
        // under the conversation, so one visitor's ids can never claim another's
        platformMsgId: `${chatId}:${clientId}`,
        conversation: { chatId, isGroup: false },
        sender: { id: chatId },
        text,
      })
      if (!turn) return // a resend of a message already answered
      reply = turn.answer.reply
    } catch (err) {
      log.error({ err, conversation: chatId }, 'web chat turn failed')
      reply = FAILED
    }
    await bot.reply(message, { type: 'message', text: reply, channelData: { replyTo: clientId } })
  })

  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (new URL(req.url ?? '/', 'http://localhost').pathname !== SOCKET_PATH) {
      // another handler may own this path; with none, close it rather than leave it hanging
      if (http.server.listenerCount('upgrade') === 1) socket.destroy()
      return
    }
    wss.handleUpgrade(req, socket, head, (ws: Socket) => {
      bindToCookie(ws, sessions.read(req)!, req.socket.remoteAddress ?? '')
      wss.emit('connection', ws, req)
    })
  }

  /** The adapter takes `user` from each frame; overwrite it with an id the browser never sees. */
  function bindToCookie(ws: Socket, cookie: string, address: string) {
    const user = randomUUID()
    const chatId = conversationOf(cookie)
    speakers.set(user, { chatId, address })
    if (!open.has(chatId)) open.set(chatId, new Set())
    open.get(chatId)!.add(ws)
    ws.once('close', () => {
      speakers.delete(user)
      open.get(chatId)?.delete(ws)
      if (!open.get(chatId)?.size) open.delete(chatId)
    })
    // what came while the page was closed (an official's answer) is handed over now
    const asker = { channel: 'web' as const, chatId, senderId: chatId, session: `web:${chatId}`, isGroup: false, messageId: '' }
    void desk
      .takeInbox(asker.session)
      .then((kept) => Promise.all(kept.map((text) => desk.deliver(asker, text))))
      .catch((err) => log.error({ err }, 'web inbox delivery failed'))
    const emit = ws.emit.bind(ws)
    // a frame that is not the adapter's format is dropped here with one log line, rather than
    // printed there as a crash with its stack; nothing of its content is logged
    const dropped = (reason: string, bytes?: number) => (log.warn({ conversation: chatId, reason, bytes }, 'web chat: frame dropped'), false)
    ws.emit = (event, ...args) => {
      // `ws` reports a frame over maxPayload (and other protocol faults) this way, then closes the socket
      if (event === 'error') return dropped((args[0] as { code?: string })?.code ?? String(args[0]))
      if (event !== 'message') return emit(event, ...args)
      const raw = String(args[0])
      let frame: unknown
      try {
        frame = JSON.parse(raw)
      } catch {
        return dropped('not JSON', Buffer.byteLength(raw))
      }
      if (!frame || typeof frame !== 'object' || Array.isArray(frame)) return dropped('not a JSON object', Buffer.byteLength(raw))
      const { type, pushId } = frame as { type?: unknown; pushId?: unknown }
      if (type === 'ack') return typeof pushId === 'string' && Boolean(confirmations.get(pushId)?.())
      return emit('message', JSON.stringify({ ...frame, user }), ...args.slice(1))
    }
  }

  http.server.on('upgrade', onUpgrade)
  return {
    async stop() {
      http.server.off('upgrade', onUpgrade)
      for (const t of timers) clearInterval(t)
      // upgraded sockets are no longer the HTTP server's: close them here
      await new Promise<void>((resolve) => wss.close(() => resolve()))
      await controller.shutdown()
    },
  }
}
