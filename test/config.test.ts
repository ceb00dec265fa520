import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ConfigError, feishuEnabled, loadConfig, wechatEnabled, wecomKfEnabled } from '../src/config.js'

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

  it('starts 微信客服 only with its four settings together, and checks the EncodingAESKey', () => {
    const wecom = { WECOM_CORP_ID: 'ww0123456789abcdef', WECOM_KF_SECRET: 's', WECOM_TOKEN: 't', WECOM_AES_KEY: 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C' }
    const c = loadConfig(wecom, noFile)
    expect(wecomKfEnabled(c)).toBe(true)
    expect(c.WECOM_API_BASE).toBe('https://qyapi.weixin.qq.com')
    expect(wecomKfEnabled(loadConfig({}, noFile))).toBe(false)
    expect(() => loadConfig({ ...wecom, WECOM_TOKEN: '' }, noFile)).toThrow(/WECOM_TOKEN: 微信客服需要/)
    expect(() => loadConfig({ ...wecom, WECOM_AES_KEY: 'tooshort' }, noFile)).toThrow(/WECOM_AES_KEY: 需要 43 位/)
    expect(() => loadConfig({ ...wecom, WECOM_API_BASE: 'qyapi.weixin.qq.com' }, noFile)).toThrow(/WECOM_API_BASE/)
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
