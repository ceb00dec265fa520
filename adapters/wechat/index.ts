// WeChat through wechaty: messages in, answers out, nothing else. The free web protocol no
// longer logs most accounts in, so this stays thin enough to swap for another route
// (WeCom customer service, an official account) without touching the core.
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { qrcodeValueToImageUrl, ScanStatus, WechatyBuilder, type Contact, type Message, type Room, type OfficialPuppetNpmName, type Wechaty, type WechatyOptions } from 'wechaty'
import type { Adapter, AppContext } from '../../src/app.js'
import { wechatEnabled, type Config } from '../../src/config.js'
import { DailyCap, Pacer, splitReply, withRetry } from '../../src/outbound.js'
import type { Turn } from '../../src/conversation.js'
import { toInbound } from './inbound.js'
import { toWechatText, WECHAT_MAX_CHARS } from './render.js'

/** A puppet instance, for tests (wechaty-puppet-mock) or a puppet built by hand. */
export type WechatyPuppet = Exclude<WechatyOptions['puppet'], string | undefined>

export interface WechatOptions {
  puppet?: WechatyPuppet
  /** Time between two messages to one chat: WeChat limits accounts that send in bursts. */
  gapMs?: number
  maxChars?: number
  /** Messages a day the account may send; beyond it answers are logged and not sent. */
  dailyCap?: number
}

export const WECHAT_GAP_MS = 1100
// a personal account that sends thousands of messages a day gets limited; a busy bot needs an
// official account or WeCom instead (see shared/design/channels.md)
export const WECHAT_DAILY_CAP = 3000
/** The login's own entry in /healthz: the adapter runs while the account is logged out. */
export const WECHAT_LOGIN = 'WeChat login'

function buildWechaty(config: Config, puppet?: WechatyPuppet): Wechaty {
  // wechaty keeps the login session in "<name>.memory-card.json", relative to the working
  // directory unless the name is a path: keep it with our other data, not in the repo root.
  mkdirSync(config.DATA_DIR, { recursive: true })
  const name = join(config.DATA_DIR, 'policy-guide')
  if (puppet) return WechatyBuilder.build({ name, puppet })
  return WechatyBuilder.build({
    name,
    // any installed wechaty-puppet-* module loads by name, not only the official list
    puppet: config.WECHATY_PUPPET as OfficialPuppetNpmName,
    puppetOptions: config.WECHATY_PUPPET_SERVICE_TOKEN ? { token: config.WECHATY_PUPPET_SERVICE_TOKEN } : undefined,
  })
}

export function wechatAdapter(options: WechatOptions = {}): Adapter {
  const maxChars = options.maxChars ?? WECHAT_MAX_CHARS
  return {
    name: '微信 WeChat',
    enabled: wechatEnabled,
    // one login per account: a second process would log the first out
    once: true,
    async start(ctx: AppContext) {
      const { config, log, conversations, health } = ctx
      const puppetName = options.puppet ? `${config.WECHATY_PUPPET ?? ''} (${options.puppet.name()})`.trim() : (config.WECHATY_PUPPET ?? '')
      const bot = buildWechaty(config, options.puppet)
      // one pacer for every answer: two turns to the same chat must not interleave or burst
      const pacer = new Pacer(options.gapMs ?? WECHAT_GAP_MS)
      const cap = new DailyCap(options.dailyCap ?? WECHAT_DAILY_CAP)

      /** Pieces to one chat, paced; in a room the first one @-mentions the person it is for. */
      async function sayTo(to: { room: Room; mention?: Contact } | { contact: Contact }, text: string): Promise<void> {
        const chat = 'room' in to ? to.room : to.contact
        const mention = 'room' in to ? to.mention : undefined
        const at = 'room' in to && mention ? `@${(await to.room.alias(mention).catch(() => undefined)) || mention.name()} ` : ''
        const pieces = splitReply(text, Math.max(1, maxChars - at.length))
        if (!cap.take(pieces.length)) throw new Error(`今日发送已达上限（${cap.max} 条），未发送`)
        // queued together so that another answer to this chat cannot slip between the pieces
        const sends = pieces.map((piece, i) =>
          pacer.send(chat.id, () => withRetry(async () => void ('room' in to && mention && i === 0 ? await to.room.say(piece, mention) : await chat.say(piece)))),
        )
        const failed = (await Promise.allSettled(sends)).filter((r): r is PromiseRejectedResult => r.status === 'rejected')
        if (failed.length) throw new Error(`${failed.length}/${pieces.length} 段未发出：${(failed[0].reason as Error)?.message ?? failed[0].reason}`)
      }

      async function answer(msg: Message, turn: Turn): Promise<void> {
        const room = msg.room()
        try {
          await sayTo(room ? { room, mention: msg.talker() } : { contact: msg.talker() }, toWechatText(turn.answer))
        } catch (e) {
          log.error({ chat: turn.message.conversation.chatId, reason: (e as Error).message }, '微信回复发送失败 / WeChat send failed')
        }
      }

      // officials' answers and notices reach the asker outside a turn, on the chat they asked in
      ctx.senders.register('wechat', async (to, text) => {
        if (!bot.isLoggedIn) throw new Error('微信未登录')
        if (to.isGroup) {
          const room = await bot.Room.find({ id: to.chatId })
          if (!room) throw new Error(`微信找不到群 ${to.chatId}`)
          return sayTo({ room, mention: await bot.Contact.find({ id: to.senderId }) }, text)
        }
        const contact = await bot.Contact.find({ id: to.chatId })
        if (!contact) throw new Error(`微信找不到联系人 ${to.chatId}`)
        return sayTo({ contact }, text)
      })

      async function onMessage(msg: Message): Promise<void> {
        try {
          const inbound = await toInbound(msg)
          if (!inbound) return
          const turn = await conversations.handle(inbound)
          if (turn) await answer(msg, turn)
        } catch (e) {
          log.error({ msgId: msg.id, reason: (e as Error).message }, '微信消息处理失败 / WeChat message failed')
        }
      }

      health.report(WECHAT_LOGIN, 'starting')
      bot
        .on('scan', (qrcode, status) => {
          health.report(WECHAT_LOGIN, 'starting')
          if (qrcode && (status === ScanStatus.Waiting || status === ScanStatus.Timeout))
            log.info({ qrcode: qrcodeValueToImageUrl(qrcode) }, `微信扫码登录 / scan to log in: ${qrcodeValueToImageUrl(qrcode)}`)
          else log.info({ status: ScanStatus[status] }, `微信扫码状态 / scan status: ${ScanStatus[status]}`)
        })
        .on('login', (user) => {
          health.report(WECHAT_LOGIN, 'up')
          log.info(`微信已登录 / logged in as ${user.name()}`)
        })
        .on('logout', (user, reason) => {
          health.report(WECHAT_LOGIN, 'down', `logged out${reason ? `: ${reason}` : ''}`)
          log.warn({ reason }, `微信已退出登录 / logged out: ${user.name()}`)
        })
        // an EventEmitter without an 'error' listener would throw and end the process
        .on('error', (e) => {
          health.report(WECHAT_LOGIN, health.state(WECHAT_LOGIN) ?? 'starting', e.message)
          log.warn({ reason: e.message }, '微信 SDK 报错 / wechaty error')
        })
        .on('message', (msg) => void onMessage(msg))

      try {
        await bot.start()
      } catch (e) {
        await bot.stop().catch(() => {})
        health.report(WECHAT_LOGIN, 'down', (e as Error).message)
        throw new Error(`微信未能启动（puppet ${puppetName}）：${(e as Error).message}`)
      }
      return {
        describe: `puppet ${puppetName}${bot.isLoggedIn ? '' : '，等待扫码登录（二维码链接见日志）'}`,
        async stop() {
          await bot.stop()
        },
      }
    },
  }
}

export const wechat = wechatAdapter()
