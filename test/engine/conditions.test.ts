import { describe, expect, it } from 'vitest'
import { evalCondition } from '../../src/engine/conditions.js'
import type { Condition } from '../../src/rules/schema.js'
import { ctx } from '../helpers.js'

const revenue: Condition = { fact: 'softwareRevenue', op: '>=', value: 20000000 }
const growth: Condition = { fact: 'revenueGrowth', op: '>=', value: 0.1 }

describe('three-valued conditions', () => {
  it('reads a missing fact as unknown, never false', () => {
    const r = evalCondition({ all: [revenue, growth] }, { softwareRevenue: 35000000 }, ctx)
    expect(r.value).toBeNull()
    expect(r.missing).toEqual(['revenueGrowth'])
  })

  it('keeps not of unknown unknown', () => {
    expect(evalCondition({ not: growth }, {}, ctx).value).toBeNull()
    expect(evalCondition({ not: growth }, { revenueGrowth: 0.05 }, ctx).value).toBe(true)
  })

  it('stops all at a false child and any at a true one, whatever is unknown', () => {
    const all = evalCondition({ all: [growth, revenue] }, { softwareRevenue: 1000 }, ctx)
    expect(all.value).toBe(false)
    expect(all.missing).toEqual([])
    expect(evalCondition({ any: [growth, revenue] }, { softwareRevenue: 30000000 }, ctx).value).toBe(true)
    expect(evalCondition({ any: [growth, revenue] }, { softwareRevenue: 1000 }, ctx).value).toBeNull()
  })

  it('says by how much a threshold is missed', () => {
    const r = evalCondition(revenue, { softwareRevenue: 18000000 }, ctx)
    expect(r.failing[0].text).toContain('还差200万元')
    const g = evalCondition(growth, { revenueGrowth: 0.08 }, ctx)
    expect(g.failing[0].text).toContain('还差2个百分点')
    expect(g.failing[0].text).toContain('10%')
  })

  it('places an enterprise in the region tree', () => {
    const inJiaxing: Condition = { fact: 'region', op: 'within', value: '嘉兴市' }
    expect(evalCondition(inJiaxing, { region: '南湖区' }, ctx).value).toBe(true)
    expect(evalCondition(inJiaxing, { region: '聊城市' }, ctx).value).toBe(false)
    // a province alone does not tell whether the firm is in the city
    expect(evalCondition(inJiaxing, { region: '浙江省' }, ctx).value).toBeNull()
    expect(evalCondition({ fact: 'region', op: 'within', value: '山东省' }, { region: '阳谷县' }, ctx).value).toBe(true)
  })

  it('reads a fallback fact and says so', () => {
    const r = evalCondition(revenue, { revenue: 35000000 }, ctx)
    expect(r.value).toBe(true)
    expect(r.notes.join()).toContain('营业收入')
  })
})
