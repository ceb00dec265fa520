// Scope and ceilings, the two classes of wrong answers the rule check must catch at their root.
import { describe, expect, it } from 'vitest'
import { evalAmount } from '../../src/engine/amount.js'
import { evaluateRule } from '../../src/engine/evaluate.js'
import { checkRule } from '../../src/rules/check.js'
import { loadRules } from '../../src/rules/load.js'
import { ceilingFiguresIn } from '../../src/rules/numbers.js'
import { ctx, rule } from '../helpers.js'

const rules = loadRules()
const byId = (id: string) => rules.find((r) => r.id === id)!
const milestone = byId('jiaxing-software-revenue-milestone')
const firm = { industry: 'software', firstTime: true, softwareRevenue: 35000000, revenueGrowth: 0.2 }

describe('scope is a condition', () => {
  it('a rule of 嘉兴 is unknown until the asker says where, true inside 嘉兴, false elsewhere', () => {
    expect(evaluateRule(milestone, firm, '2026-12-05', ctx).eligible).toBe(null)
    expect(evaluateRule(milestone, { ...firm, region: '南湖区' }, '2026-12-05', ctx).eligible).toBe(true)
    expect(evaluateRule(milestone, { ...firm, region: '深圳市' }, '2026-12-05', ctx).eligible).toBe(false)
  })

  it('every rule of a regional document carries its region, so no one elsewhere qualifies', () => {
    const regional = rules.filter((r) => r.region !== '全国' && !r.attractsNewcomers)
    expect(regional.length).toBeGreaterThan(1000)
    const qualifying = regional.filter((r) => evaluateRule(r, { ...(r.tests[0]?.profile ?? {}), region: '新疆维吾尔自治区' }, '2026-12-05', ctx).eligible !== false)
    expect(qualifying.map((r) => r.id)).toEqual([])
  })

  it('the check fails on a regional rule without its region', () => {
    const unscoped = { ...milestone, conditions: { all: [{ fact: 'softwareRevenue', op: '>=' as const, value: 20000000 }] } }
    expect(checkRule(unscoped, ctx).join('\n')).toMatch(/jiaxing-software-revenue-milestone.*without its region as a condition/)
  })

  it('a national measure has no region condition', () => {
    const national = rules.filter((r) => r.region === '全国')
    expect(national.length).toBeGreaterThan(50)
    for (const r of national) expect(JSON.stringify(r.conditions ?? {})).not.toMatch(/"fact":"region","op":"within","value":"全国"/)
  })
})

describe('ceilings are not sums', () => {
  it('reads 最高 / 不超过 / 以内 as ceilings, and only up to 及', () => {
    expect(ceilingFiguresIn('按不超过销售额的1%给予补助，最高30万元')).toEqual(expect.arrayContaining([0.01, 300000]))
    expect(ceilingFiguresIn('按实际投资额的10%给予补助')).toEqual([])
    expect(ceilingFiguresIn('按不高于3%的费率上限及实际投保年度保费的80%给予补贴')).not.toContain(0.8)
    expect(ceilingFiguresIn('保险公司按贷款数额3%以内收取保费')).toContain(0.03)
  })

  it('the check fails when a quoted ceiling is granted as a fixed sum', () => {
    const upTo = byId('jiaxing-leading-enterprise-major-project-subsidy')
    const problems = checkRule({ ...upTo, amount: { kind: 'fixed', value: 30000000 } }, ctx)
    expect(problems.join('\n')).toMatch(/fixed amount 30000000 is stated as a ceiling/)
  })

  it('the check fails when a share stated as 不超过 is computed as a definite sum', () => {
    const r = rule({
      region: '全国',
      source: { line: 56, quote: '对软件企业获得国家级、省级重大技术攻关项目的，按照国家、省级补助资金给予最高1:1配套' },
      amount: { kind: 'matching', base: 'projectInvestment', ratio: 1 },
      tests: [{ profile: {}, expect: {} }],
    })
    expect(checkRule(r, ctx).join('\n')).toMatch(/matching ratio 1 is stated as a ceiling/)
    expect(checkRule({ ...r, amount: { ...r.amount!, ceiling: true } as typeof r.amount }, ctx).join('\n')).not.toMatch(/ceiling/)
  })

  it('a ceiling share gives the asker a 最高 of rate × base, capped, and never a value', () => {
    const a = { kind: 'share' as const, base: 'revenue', rate: 0.01, max: 300000, capOn: 'result' as const, ceiling: true }
    expect(evalAmount(a, { revenue: 20000000 }, ctx)).toMatchObject({ value: null, max: 200000 })
    expect(evalAmount(a, { revenue: 50000000 }, ctx)).toMatchObject({ value: null, max: 300000 })
    expect(evalAmount({ ...a, ceiling: undefined }, { revenue: 20000000 }, ctx)).toMatchObject({ value: 200000, max: 300000 })
  })
})

describe('limits checked only when stated', () => {
  const equipment = byId('tax-equipment-one-off-deduction')
  it('bar an asker who names another year and leave one who names none within the period', () => {
    const firm = { equipmentUnitValue: 3000000, assetIsBuilding: false }
    expect(evaluateRule(equipment, { ...firm, purchaseYear: 2021 }, '2026-12-05', ctx).eligible).toBe(false)
    expect(evaluateRule(equipment, { ...firm, purchaseYear: 2019 }, '2026-12-05', ctx).eligible).toBe(true)
    const unstated = evaluateRule(equipment, firm, '2026-12-05', ctx)
    expect(unstated.eligible).toBe(true)
    expect(unstated.notes.join()).toMatch(/未说明购进年份/)
  })

  it('may not stand under not, where an unstated one would bar everyone', () => {
    const conditions = { not: { fact: 'purchaseYear', op: '>' as const, value: 2020, ifStated: true } }
    expect(checkRule({ ...equipment, conditions }, ctx).join('\n')).toMatch(/ifStated condition stands under `not`/)
  })
})
