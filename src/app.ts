// The running bot: settings → store → bot → conversations → one HTTP server, then each
// channel whose settings are given. Channels plug in as adapters and share this context.
import { join } from 'node:path'
import { segmenter } from '../intents/segment.js'
import { Bot } from './bot.js'
import type { Config } from './config.js'
import { Conversations } from './conversation.js'
import { Health } from './health.js'
import { HttpServer } from './http.js'
import { knowledge } from './knowledge.js'
import { createLogger, SECRET_SETTINGS, type Logger } from './log.js'
import { Desk } from './officials/desk.js'
import { pruneQuestions } from './officials/stats.js'
import { Senders } from './outbound.js'
import { RateLimiter } from './ratelimit.js'
import type { ReplyWindow } from './reply-window.js'
import { enforceRetention } from './retention.js'
import { LowdbStore } from './store/lowdb.js'
import type { Store } from './store/store.js'
import { beijingDay } from './today.js'

export interface AppContext {
  config: Config
  log: Logger
  bot: Bot
  store: Store
  conversations: Conversations
  http: HttpServer
  /** Each channel registers how it reaches a person outside a turn (officials' answers, notices). */
  senders: Senders
  desk: Desk
  today: () => string
  /** 0 when a message from this address (and conversation) may go on, else the ms to wait. */
  admit: (address: string, session?: string) => number
  /** Each channel's state, for /healthz. */
  health: Health
  /**
   * Whether this process runs what a deployment runs once (the only process, or the first of
   * WORKERS): the hourly check, WeChat's login, Feishu's long connection.
   */
  leads: boolean
}

export interface Adapter {
  name: string
  enabled(config: Config): boolean
  /** How long after a person's message the platform lets the bot write, and how much (微信客服); none: any time (Feishu, web). */
  replyWindow?: ReplyWindow
  /** A required adapter that fails stops the start; another is logged and left out. */
  required?: boolean
  /** Runs in the leading process only: one login or connection per deployment. */
  once?: boolean
  /** Adds routes or connects to the platform; what it returns is called at shutdown. */
  start(ctx: AppContext): Promise<{ stop(): Promise<void>; describe?: string }>
}

export interface App extends AppContext {
  url: string
  stop(): Promise<void>
}

export async function openStore(config: Config, log: Logger): Promise<Store> {
  if (config.REDIS_URL) {
    const { RedisStore } = await import('./store/redis.js')
    return RedisStore.connect(config.REDIS_URL, (err) => log.warn({ reason: err.message }, 'Redis 连接出错，正在重连 / Redis connection failed, reconnecting'))
  }
  return LowdbStore.open(join(config.DATA_DIR, 'store.json'), (aside, err) =>
    log.error({ movedTo: aside, reason: err.message }, '存储文件无法读取，已移到一旁并以空存储启动 / unreadable store moved aside'),
  )
}

export interface StartOptions {
  /** False in the workers after the first (see AppContext.leads). */
  leads?: boolean
  health?: Health
}

/** The process's logger: the level set, and every secret setting's value hidden. */
export const appLogger = (config: Config): Logger => createLogger(config.LOG_LEVEL, [...SECRET_SETTINGS.map((k) => config[k]), ...config.API_KEYS])

export async function startApp(
  config: Config,
  adapters: Adapter[],
  log: Logger = appLogger(config),
  { leads = true, health = new Health() }: StartOptions = {},
): Promise<App> {
  const today = beijingDay
  const store = await openStore(config, log)
  const k = knowledge()
  const bot = new Bot(k)
  const http = new HttpServer(log, config.RATE_REQUESTS_PER_ADDRESS ? new RateLimiter({ perMinute: config.RATE_REQUESTS_PER_ADDRESS }) : null)
  let baseUrl = '' // known once the server listens
  const senders = new Senders()
  const desk = new Desk(store, bot, senders, { officials: config.FEISHU_OFFICIALS, today })
  const conversations = new Conversations(bot, store, today)
  conversations.desk = desk
  const perSession = config.RATE_PER_SESSION ? new RateLimiter({ perMinute: config.RATE_PER_SESSION }) : null
  const perAddress = config.RATE_PER_ADDRESS ? new RateLimiter({ perMinute: config.RATE_PER_ADDRESS }) : null
  const admit = (address: string, session?: string) => Math.max(perAddress?.take(address) ?? 0, session ? (perSession?.take(session) ?? 0) : 0)
  const ctx: AppContext = { config, log, bot, store, conversations, http, senders, desk, today, admit, health, leads }
  const retain = () => enforceRetention(store, desk, config, new Date()).catch((err) => log.error({ err }, '过期数据清理失败 / retention failed'))
  // nothing past its retention is served, not even in the first hour
  await retain()
  const running: { name: string; stop(): Promise<void>; describe?: string }[] = []
  try {
    for (const a of adapters) {
      if (!a.enabled(config) || (a.once && !leads)) continue
      health.report(a.name, 'starting')
      try {
        running.push({ name: a.name, ...(await a.start(ctx)) })
        health.report(a.name, 'up')
      } catch (e) {
        health.report(a.name, 'down', (e as Error).message)
        // a platform that cannot be reached (WeChat login, Feishu) must not take the web chat and API down with it
        if (a.required) throw e
        log.error({ err: e }, `${a.name} 未能启动，其余渠道照常服务 / ${a.name} did not start`)
      }
    }
    const port = await http.listen(config.PORT, config.HOST)
    baseUrl = `http://${config.HOST.includes(':') ? `[${config.HOST}]` : config.HOST}:${port}`
  } catch (e) {
    await Promise.allSettled(running.map((r) => r.stop()))
    await http.close().catch(() => {})
    await store.close()
    throw e
  }
  for (const r of running) if (r.describe) log.info(`${r.name}: ${r.describe.replaceAll('{base}', baseUrl)}`)
  // followers hear of a status change within the hour, and of a corrected rule at the next start
  const check = () =>
    Promise.all([
      desk.notifyChanges().catch((err) => log.error({ err }, '政策变化通知失败')),
      pruneQuestions(store, new Date()).catch((err) => log.error({ err }, '统计记录清理失败')),
      retain(),
    ])
  // once per deployment: several workers would each notify every follower
  const timer = leads ? setInterval(check, 3600_000).unref() : undefined
  // jieba's dictionaries take ~0.2 s to load: now, rather than on someone's first follow-up
  setImmediate(() => segmenter(k))
  if (leads) void check()
  return {
    ...ctx,
    url: baseUrl,
    async stop() {
      clearInterval(timer)
      await Promise.allSettled(running.reverse().map((r) => r.stop()))
      await http.close()
      await store.close()
    },
  }
}
