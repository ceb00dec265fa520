// Facts of a message into the session: corrections overwrite, bare figures answer the question
// just asked or replace the latest fact of their kind, bounds come and go with their figures.
import { describe, expect, it } from 'vitest'
import { extractFacts } from '../../intents/extract.js'
import { mergeFacts } from '../../src/dialogue/merge.js'
import { clearSession, newSession } from '../../src/dialogue/session.js'
import { ctx } from '../helpers.js'

const say = (s: ReturnType<typeof newSession>, text: string) => mergeFacts(s, extractFacts(text, ctx), ctx)

describe('merging a message into the session', () => {
  it('lets a correction overwrite a fact', () => {
    const s = newSession()
    say(s, '我们嘉兴做软件的，去年营收三千五百万，涨了一成半')
    say(s, '不对，营收是3000万')
    expect(s.profile).toMatchObject({ region: '嘉兴市', revenue: 30000000, revenueGrowth: 0.15 })
  })

  it('reads a bare figure as the answer to the question just asked', () => {
    const s = newSession()
    say(s, '软件业务收入3200万')
    s.pending = ['revenueGrowth']
    say(s, '12%')
    expect(s.profile).toMatchObject({ softwareRevenue: 32000000, revenueGrowth: 0.12 })
  })

  it('reads a bare figure as the latest fact of its kind', () => {
    const s = newSession()
    say(s, '软件业务收入3200万，增长12%')
    say(s, '那明年要是冲到五千五百万呢')
    expect(s.profile.softwareRevenue).toBe(55000000)
    expect(s.lastFacts.at(-1)).toBe('softwareRevenue')
  })

  it('keeps a bound beside its figure and drops it when the figure is given exactly', () => {
    const s = newSession()
    say(s, '连续12个月应税销售额超过500万元了')
    expect(s.bounds).toEqual({ taxableSales: { op: '>', value: 5000000 } })
    say(s, '应税销售额准确说是520万')
    expect(s.profile.taxableSales).toBe(5200000)
    expect(s.bounds).toEqual({})
  })

  it('keeps the bound of a bare figure too', () => {
    const s = newSession()
    say(s, '员工80人')
    say(s, '要是不到50人呢')
    expect(s.profile.employees).toBe(50)
    expect(s.bounds).toEqual({ employees: { op: '<', value: 50 } })
  })

  it('clears everything on reset', () => {
    const s = newSession()
    say(s, '员工不到80人，营收3000万')
    s.topic = '员工'
    clearSession(s)
    expect(s).toEqual(newSession())
  })
})
