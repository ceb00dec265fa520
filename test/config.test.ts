import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ConfigError, feishuEnabled, loadConfig, wechatEnabled } from '../src/config.js'

const noFile = join(tmpdir(), 'no-such.env')

describe('settings', () => {
  it('defaults to a local server on 3000 with no channel', () => {
    const c = loadConfig({}, noFile)
    expect(c).toMatchObject({ PORT: 3000, HOST: '127.0.0.1', FEISHU_MODE: 'webhook', FEISHU_OFFICIALS: [] })
    expect(feishuEnabled(c) || wechatEnabled(c)).toBe(false)
  })

  it('names the wrong setting and why', () => {
    expect(() => loadConfig({ PORT: 'abc' }, noFile)).toThrow(/PORT: 需要 0 到 65535 的端口号/)
    expect(() => loadConfig({ FEISHU_APP_ID: 'cli_0123456789abcdef' }, noFile)).toThrow(/FEISHU_APP_SECRET/)
    expect(() => loadConfig({ FEISHU_MODE: 'poll' }, noFile)).toThrow(/FEISHU_MODE: 只能是 webhook 或 ws/)
    expect(() => loadConfig({ FEISHU_APP_ID: 'myapp', FEISHU_APP_SECRET: 's', FEISHU_MODE: 'ws' }, noFile)).toThrow(/FEISHU_APP_ID.*cli_/)
    expect(() => loadConfig({ REDIS_URL: 'localhost:6379' }, noFile)).toThrow(ConfigError)
    expect(() => loadConfig({ SESSION_SECRET: 'short' }, noFile)).toThrow(/SESSION_SECRET: 至少 16 个字符/)
    expect(() => loadConfig({ SESSION_TTL_DAYS: '0' }, noFile)).toThrow(/SESSION_TTL_DAYS/)
  })

  it('keeps conversations 30 days and closed tickets’ texts 90, and knows no API key unless given', () => {
    expect(loadConfig({}, noFile)).toMatchObject({ SESSION_TTL_DAYS: 30, TICKET_RETENTION_DAYS: 90, API_KEYS: [] })
    expect(loadConfig({ API_KEYS: 'k-one, k-two', TICKET_RETENTION_DAYS: '0' }, noFile)).toMatchObject({ API_KEYS: ['k-one', 'k-two'], TICKET_RETENTION_DAYS: 0 })
  })

  it('reads .env, the environment winning', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'env-')), '.env')
    writeFileSync(file, 'PORT=4000\nFEISHU_OFFICIALS=ou_a=嘉兴市经信局, ou_b\nWECHATY_PUPPET=wechaty-puppet-wechat4u\n')
    const c = loadConfig({ PORT: '5000' }, file)
    expect(c.PORT).toBe(5000)
    expect(c.FEISHU_OFFICIALS).toEqual(['ou_a=嘉兴市经信局', 'ou_b'])
    expect(wechatEnabled(c)).toBe(true)
  })
})
