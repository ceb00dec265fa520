// Settings from the environment (or a .env file), checked once at start: a wrong one stops the
// start with a message naming it, instead of a failure hours later on the first Feishu event.
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse as parseDotenv } from 'dotenv'
import { z } from 'zod'
import { ROOT } from './paths.js'

const optional = z
  .string()
  .transform((s) => s.trim())
  .pipe(z.string())
  .optional()
  .transform((s) => (s ? s : undefined))
/** The four settings 微信客服 needs together. */
const WECOM_SETTINGS = ['WECOM_CORP_ID', 'WECOM_KF_SECRET', 'WECOM_TOKEN', 'WECOM_AES_KEY'] as const
const list = optional.transform((s) => (s ? s.split(/[,\s]+/).filter(Boolean) : []))

export const Config = z
  .object({
    PORT: z.coerce.number({ error: '需要 0 到 65535 的端口号' }).int({ error: '需要 0 到 65535 的端口号' }).min(0, '需要 0 到 65535 的端口号').max(65535, '需要 0 到 65535 的端口号').default(3000),
    HOST: z.string().default('127.0.0.1'),
    DATA_DIR: z.string().default(join(ROOT, 'data')),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    // messages a minute through the web chat and API, per conversation and per client address (0: no limit)
    RATE_PER_SESSION: z.coerce.number({ error: '需要每分钟条数（0 为不限）' }).int().min(0).default(20),
    RATE_PER_ADDRESS: z.coerce.number({ error: '需要每分钟条数（0 为不限）' }).int().min(0).default(120),
    // requests a minute from one client address to any endpoint: look-ups, pages, Feishu events (0: no limit)
    RATE_REQUESTS_PER_ADDRESS: z.coerce.number({ error: '需要每分钟请求数（0 为不限）' }).int().min(0).default(600),
    // the pages' origins a chat socket is accepted from besides the server's own (a proxy's public
    // address): comma-separated, https://policy.example.gov.cn
    CHAT_ORIGINS: z.string().default(''),
    // a conversation is forgotten this many days after its last message
    SESSION_TTL_DAYS: z.coerce.number({ error: '需要天数（至少 1）' }).int().min(1, '需要天数（至少 1）').default(30),
    // a closed ticket's question, facts, answer text and asker are cleared this many days after closing
    TICKET_RETENTION_DAYS: z.coerce.number({ error: '需要天数（0 为关闭即清除）' }).int().min(0).default(90),
    // keys of the API's callers (comma-separated): a session of /api/ask belongs to its key; without one, nothing is kept
    API_KEYS: list,
    // the key web chat cookies are signed with; unset, one is made once and kept in DATA_DIR/session-secret
    SESSION_SECRET: optional.pipe(z.string().min(16, '至少 16 个字符').optional()),
    REDIS_URL: optional.pipe(z.url({ protocol: /^rediss?$/, error: '需要 redis://主机:端口 形式的地址' }).optional()),
    // bot processes behind PORT when the store is shared (REDIS_URL); default: one a core
    WORKERS: optional.pipe(z.coerce.number<string | undefined>({ error: '需要工作进程数（1 或更多）' }).int({ error: '需要工作进程数（1 或更多）' }).min(1, '需要工作进程数（1 或更多）').max(256, '最多 256 个工作进程').optional()),
    WECHATY_PUPPET: optional,
    WECHATY_PUPPET_SERVICE_TOKEN: optional,
    FEISHU_APP_ID: optional,
    FEISHU_APP_SECRET: optional,
    FEISHU_ENCRYPT_KEY: optional,
    FEISHU_VERIFICATION_TOKEN: optional,
    FEISHU_DOMAIN: optional.pipe(z.url({ protocol: /^https?$/, error: '需要 http(s):// 开头的开放平台地址' }).optional()),
    FEISHU_MODE: z.enum(['webhook', 'ws'], { error: '只能是 webhook 或 ws' }).default('webhook'),
    FEISHU_OFFICIALS_CHAT_ID: optional,
    FEISHU_OFFICIALS: list,
    // 微信客服 through WeCom's API: the corp, the 微信客服 secret, and the callback's Token and EncodingAESKey
    WECOM_CORP_ID: optional,
    WECOM_KF_SECRET: optional,
    WECOM_TOKEN: optional,
    WECOM_AES_KEY: optional.pipe(z.string().regex(/^[A-Za-z0-9+/]{43}$/, '需要 43 位的 EncodingAESKey（企业微信后台微信客服回调配置中的那一串）').optional()),
    WECOM_API_BASE: optional.pipe(z.url({ protocol: /^https?$/, error: '需要 http(s):// 开头的接口地址' }).optional()).transform((u) => (u ?? 'https://qyapi.weixin.qq.com').replace(/\/+$/, '')),
    // 转人工 on 微信客服 also passes the conversation to WeCom's human agents: `pool` (their queue) or one agent's userid
    WECOM_KF_SERVICER: optional,
  })
  .superRefine((c, ctx) => {
    if (Boolean(c.FEISHU_APP_ID) !== Boolean(c.FEISHU_APP_SECRET))
      ctx.addIssue({ code: 'custom', path: [c.FEISHU_APP_ID ? 'FEISHU_APP_SECRET' : 'FEISHU_APP_ID'], message: '飞书需要 FEISHU_APP_ID 和 FEISHU_APP_SECRET 同时设置' })
    if (c.FEISHU_MODE === 'ws' && c.FEISHU_APP_ID && !/^cli_[0-9a-f]{16}$/.test(c.FEISHU_APP_ID))
      ctx.addIssue({ code: 'custom', path: ['FEISHU_APP_ID'], message: '长连接模式要求 cli_ 加 16 位十六进制的应用 ID（SDK 会静默拒绝其他形式）' })
    if (c.WECHATY_PUPPET === 'wechaty-puppet-service' && !c.WECHATY_PUPPET_SERVICE_TOKEN)
      ctx.addIssue({ code: 'custom', path: ['WECHATY_PUPPET_SERVICE_TOKEN'], message: 'wechaty-puppet-service 需要令牌' })
    const wecom = WECOM_SETTINGS.filter((k) => c[k])
    if (wecom.length && wecom.length < WECOM_SETTINGS.length)
      for (const k of WECOM_SETTINGS.filter((k) => !c[k])) ctx.addIssue({ code: 'custom', path: [k], message: `微信客服需要 ${WECOM_SETTINGS.join('、')} 同时设置` })
  })
export type Config = z.infer<typeof Config>

export class ConfigError extends Error {
  name = 'ConfigError'
}

/** The environment over the .env file (the environment wins, as with dotenv). */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, dotenvFile = join(ROOT, '.env')): Config {
  const fromFile = existsSync(dotenvFile) ? parseDotenv(readFileSync(dotenvFile)) : {}
  const result = Config.safeParse({ ...fromFile, ...env })
  if (result.success) return result.data
  const lines = result.error.issues.map((i) => `  ${i.path.join('.') || '设置'}: ${i.message}`)
  throw new ConfigError(`设置有误，无法启动 / invalid settings:\n${lines.join('\n')}\n（见 .env.example）`)
}

export const feishuEnabled = (c: Config) => Boolean(c.FEISHU_APP_ID && c.FEISHU_APP_SECRET)
export const wechatEnabled = (c: Config) => Boolean(c.WECHATY_PUPPET)
export const wecomKfEnabled = (c: Config) => WECOM_SETTINGS.every((k) => Boolean(c[k]))
