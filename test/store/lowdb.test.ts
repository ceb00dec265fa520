import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { Bot } from '../../src/bot.js'
import { knowledge } from '../../src/knowledge.js'
import { LowdbStore } from '../../src/store/lowdb.js'

const bot = new Bot(knowledge())

describe('the lowdb session store', () => {
  it('keeps a conversation across a restart of the bot', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'store-')), 'store.json')
    const before = await LowdbStore.open(file)
    const s = await before.load('wechat:alice')
    bot.ask('我们是嘉兴的软件企业，去年软件业务收入第一次过三千万，到了3200万，能拿多少奖励？', s, '2026-11-23')
    expect(s.profile).toMatchObject({ region: '嘉兴市' })
    await before.save('wechat:alice', s)

    // a new process: the store is read again from the file
    const after = await LowdbStore.open(file)
    const resumed = await after.load('wechat:alice')
    expect(resumed.profile).toMatchObject({ region: '嘉兴市', softwareRevenue: 32000000 })
    const a = bot.ask('比前年涨了百分之十二', resumed, '2026-11-23')
    expect(a.policies[0]).toMatchObject({ id: 'jiaxing-software-revenue-milestone', eligible: true, amount: { value: 500000 } })
    expect((await after.load('wechat:bob')).profile).toEqual({})
  })

  it('forgets a person on request', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'store-')), 'store.json')
    const store = await LowdbStore.open(file)
    const s = await store.load('web:1')
    s.profile.region = '聊城市'
    await store.save('web:1', s)
    await store.forget('web:1')
    expect((await (await LowdbStore.open(file)).load('web:1')).profile).toEqual({})
  })
})
