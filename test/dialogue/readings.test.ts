// Readings the words alone leave open, settled by the policies in question.
import { describe, expect, it } from 'vitest'
import { extractFacts } from '../../intents/extract.js'
import { mergeFacts } from '../../src/dialogue/merge.js'
import { sumUp, widen } from '../../src/dialogue/readings.js'
import { newSession } from '../../src/dialogue/session.js'
import { ctx, rule } from '../helpers.js'

const source = { line: 50, quote: '年度软件业务收入新达到2000万元' }

describe('several figures of one fact', () => {
  it('are added up where the policy says the fact is a sum (可累加)', () => {
    const text = '同一个发起人的三只基金，各投了省内企业1200万元'
    const x = extractFacts(text, ctx)
    const s = newSession()
    mergeFacts(s, x, ctx)
    expect(s.profile.equityInvestmentAmount).toBe(12000000)
    const adds = rule({ source, conditions: { fact: 'equityInvestmentAmount', op: '>=', value: 30000000, label: '直接投资额达到3000万元（同一发起人多支基金可累加）' } })
    expect(sumUp(s, x.totals, [adds], text, ctx)).toBe(true)
    expect(s.profile.equityInvestmentAmount).toBe(36000000)
  })

  it('stay single where no policy in question adds them up', () => {
    const text = '同一个发起人的三只基金，各投了省内企业1200万元'
    const x = extractFacts(text, ctx)
    const s = newSession()
    mergeFacts(s, x, ctx)
    const single = rule({ source, conditions: { fact: 'equityInvestmentAmount', op: '>=', value: 30000000 } })
    expect(sumUp(s, x.totals, [single], text, ctx)).toBe(false)
    expect(s.profile.equityInvestmentAmount).toBe(12000000)
  })

  it('fill a total of their kind that the message speaks of (共保体成员合计注册资本金)', () => {
    const text = '四家保险公司组共保体，注册资本分别60亿、50亿、50亿、30亿'
    const x = extractFacts(text, ctx)
    const s = newSession()
    mergeFacts(s, x, ctx)
    const pool = rule({ source, conditions: { fact: 'coinsurerCapitalTotal', op: '>=', value: 20000000000 } })
    sumUp(s, x.totals, [pool], text, ctx)
    expect(s.profile).toMatchObject({ registeredCapital: 3000000000, coinsurerCapitalTotal: 19000000000 })
  })
})

describe('words that may mean several facts', () => {
  it('give the figure, and its bound, to the fact a policy in question uses', () => {
    const x = extractFacts('连续12个月的销售额超过500万元了', ctx)
    const s = newSession()
    mergeFacts(s, x, ctx)
    const [first] = Object.keys(x.alternatives)
    const alt = x.alternatives[first][0]
    expect(widen(s, x.alternatives, new Set([alt]))).toBe(true)
    expect(s.profile[alt]).toBe(5000000)
    expect(s.bounds?.[alt]).toEqual({ op: '>', value: 5000000 })
  })

  it('are corrected by a later figure in the same words, unless the message names that fact itself', () => {
    const s = newSession()
    const first = extractFacts('全年销售额三千万', ctx)
    mergeFacts(s, first, ctx)
    const [id] = Object.keys(first.alternatives)
    const alt = first.alternatives[id][0]
    widen(s, first.alternatives, new Set([alt]))
    expect(s.profile[alt]).toBe(30000000)
    const again = extractFacts('说错了，全年销售额是3600万', ctx)
    mergeFacts(s, again, ctx)
    expect(widen(s, again.alternatives, new Set([alt]), new Set(Object.keys(again.profile)))).toBe(true)
    expect(s.profile[alt]).toBe(36000000)
    expect(widen(s, again.alternatives, new Set([alt]), new Set([alt]))).toBe(false)
  })
})
