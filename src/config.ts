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
  })
  .superRefine((c, ctx) => {
    if (Boolean(c.FEISHU_APP_ID) !== Boolean(c.FEISHU_APP_SECRET))
      ctx.addIssue({ code: 'custom', path: [c.FEISHU_APP_ID ? 'FEISHU_APP_SECRET' : 'FEISHU_APP_ID'], message: '飞书需要 FEISHU_APP_ID 和 FEISHU_APP_SECRET 同时设置' })
    if (c.FEISHU_MODE === 'ws' && c.FEISHU_APP_ID && !/^cli_[0-9a-f]{16}$/.test(c.FEISHU_APP_ID))
      ctx.addIssue({ code: 'custom', path: ['FEISHU_APP_ID'], message: '长连接模式要求 cli_ 加 16 位十六进制的应用 ID（SDK 会静默拒绝其他形式）' })
    if (c.WECHATY_PUPPET === 'wechaty-puppet-service' && !c.WECHATY_PUPPET_SERVICE_TOKEN)
      ctx.addIssue({ code: 'custom', path: ['WECHATY_PUPPET_SERVICE_TOKEN'], message: 'wechaty-puppet-service 需要令牌' })
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
