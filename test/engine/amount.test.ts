import { describe, expect, it } from 'vitest'
import { evalAmount } from '../../src/engine/amount.js'
import { Amount } from '../../src/rules/schema.js'
import { ctx } from '../helpers.js'

const run = (a: unknown, profile: Record<string, number | string | boolean>) => evalAmount(Amount.parse(a), profile, ctx)!

describe('amount formulas', () => {
  it('picks the highest tier reached', () => {
    const a = { kind: 'tiers', by: 'softwareRevenue', tiers: [{ from: 2e7, value: 2e5 }, { from: 3e7, value: 5e5 }, { from: 5e7, value: 1e6 }] }
    expect(run(a, { softwareRevenue: 35e6 }).value).toBe(500000)
    expect(run(a, { softwareRevenue: 5e7 }).value).toBe(1000000)
    expect(run(a, { softwareRevenue: 1e7 }).value).toBeNull()
    expect(run(a, {}).max).toBe(1000000)
    expect(run(a, {}).missing).toEqual(['softwareRevenue'])
  })

  it('counts a schedule from the year the enterprise is in', () => {
    const rent = { kind: 'schedule', base: 'annualRent', rates: [0.7, 0.5, 0.3], cap: 1e6, year: 'parkTenancyYear' }
    expect(run(rent, { annualRent: 400000 }).value).toBe(600000)
    expect(run(rent, { annualRent: 400000, parkTenancyYear: 2 }).value).toBe(320000)
    expect(run(rent, { annualRent: 400000, parkTenancyYear: 3 }).value).toBe(120000)
    expect(run(rent, { annualRent: 400000, parkTenancyYear: 4 }).value).toBe(0)
  })

  it('caps a share of a base on the result or on the base', () => {
    const onResult = { kind: 'share', base: 'projectInvestment', rate: 0.1, max: 1e7 }
    expect(run(onResult, { projectInvestment: 8e7 }).value).toBe(8e6)
    expect(run(onResult, { projectInvestment: 1.5e8 }).value).toBe(1e7)
    const onBase = { kind: 'share', base: 'projectInvestment', rate: 0.1, max: 1e7, capOn: 'base' }
    expect(run(onBase, { projectInvestment: 1.5e8 }).value).toBe(1e6)
  })

  it('derives a base and states the assumption', () => {
    const a = { kind: 'share', base: 'investmentExcludingLand', rate: 0.1, max: 1e7 }
    expect(run(a, { projectInvestment: 8e7, landCost: 1.2e7 }).value).toBe(6.8e6)
    const assumed = run(a, { projectInvestment: 8e7 })
    expect(assumed.value).toBe(8e6)
    expect(assumed.steps.join()).toContain('土地')
  })

  it('sums a multi-year schedule under its cumulative cap', () => {
    const a = { kind: 'schedule', base: 'revenue', rates: [0.7, 0.5, 0.3], cap: 1e6 }
    expect(run(a, { revenue: 4e5 }).value).toBe(6e5)
    expect(run(a, { revenue: 1e6 }).value).toBe(1e6)
  })

  it('gives per category, per unit, ranges and fixed sums', () => {
    const cat = { kind: 'byCategory', by: 'recognitionLevel', options: [{ when: 'national', max: 3e5 }, { when: 'provincial', max: 1e5 }] }
    expect(run(cat, { recognitionLevel: 'provincial' }).max).toBe(1e5)
    expect(run(cat, { recognitionLevel: 'city' }).value).toBeNull()
    expect(run({ kind: 'perUnit', count: 'employees', unit: 2e5, offset: 2 }, { employees: 5 }).value).toBe(6e5)
    const range = run({ kind: 'range', min: 3e6, max: 5e6 }, {})
    expect([range.min, range.max, range.value]).toEqual([3e6, 5e6, null])
    expect(run({ kind: 'fixed', value: 1.5e6 }, {}).value).toBe(1.5e6)
  })

  it('evaluates a formula with min and percentages', () => {
    const a = { kind: 'formula', expr: 'min(revenue, totalAssets * 3%) * 80%' }
    expect(run(a, { revenue: 1e6, totalAssets: 5e7 }).value).toBe(8e5)
    expect(run(a, { revenue: 2e6, totalAssets: 5e7 }).value).toBe(1.2e6)
    expect(run(a, { revenue: 2e6 }).missing).toEqual(['totalAssets'])
    // what it waits on is said as arithmetic a person reads
    expect(run({ kind: 'formula', expr: 'revenue * 3% / 2' }, {}).steps.join()).toMatch(/× 3% ÷ 2/)
    expect(() => Amount.parse({ kind: 'formula', expr: 'revenue * (3' })).toThrow()
  })

  it('shows what each reckoned choice of a cap comes to, so the asker sees what the cap cut', () => {
    const capped = run({ kind: 'formula', expr: 'min(revenue * 60%, totalAssets)' }, { revenue: 8e6, totalAssets: 4e6 })
    expect(capped.value).toBe(4e6)
    expect(capped.steps.at(-1)).toMatch(/× 60% = 480万元，.*400万元\) = 400万元/)
    // a choice that is a fact as it stands is not reckoned again; inner mins are not money
    const plain = run({ kind: 'formula', expr: 'min(revenue, totalAssets * 3%) * 80%' }, { revenue: 1e6, totalAssets: 5e7 })
    expect(plain.steps.at(-1)).not.toMatch(/150万元，/)
  })

  it('tells a product added or taken away on the way: the deduction before the remainder carried forward', () => {
    const left = run({ kind: 'formula', expr: 'max(projectInvestment * 70% - revenue, 0)' }, { projectInvestment: 3e7, revenue: 1.5e7 })
    expect(left.value).toBe(6e6)
    expect(left.steps.at(-1)).toMatch(/3000万元 × 70%（2100万元） − .*1500万元 = 600万元/)
    // a product alone is the figure itself, said once
    const alone = run({ kind: 'formula', expr: 'revenue * 70%' }, { revenue: 1e6 })
    expect(alone.steps.at(-1)).not.toMatch(/（70万元）/)
  })
})
