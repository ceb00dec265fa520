import { describe, expect, it } from 'vitest'
import { extractFacts, saidOf } from '../../intents/extract.js'
import { ctx } from '../helpers.js'

const cases: [string, Record<string, unknown>][] = [
  ['我们是嘉兴的软件企业，去年软件业务收入3500万，比前年增长15%', { region: '嘉兴市', softwareRevenue: 35000000, revenueGrowth: 0.15, industry: 'software' }],
  ['我们嘉兴做软件的，去年营收三千五百万，涨了一成半', { region: '嘉兴市', revenue: 35000000, revenueGrowth: 0.15 }],
  ['软件收入二千四百万，同比增长25%', { softwareRevenue: 24000000, revenueGrowth: 0.25 }],
  ['比前年涨了百分之十二', { revenueGrowth: 0.12 }],
  ['增长了三成', { revenueGrowth: 0.3 }],
  ['营收下降5%', { revenueGrowth: -0.05 }],
  ['营收翻了一番', { revenueGrowth: 1 }],
  ['营收1.2个亿', { revenue: 120000000 }],
  ['收入3.6千万', { revenue: 36000000 }],
  ['营收500w', { revenue: 5000000 }],
  ['去年营收一亿一千万', { revenue: 110000000 }],
  ['员工42个，资产总额七百万', { employees: 42, totalAssets: 7000000 }],
  ['阳谷县的电子信息制造企业，营收头一回过了三个亿', { region: '阳谷县', industry: 'electronicManufacturing', firstTime: true, revenue: 300000000 }],
  ['连续第二年进浙江省重点软件企业名单', { firstTime: false, region: '浙江省' }],
  ['总投资八千万，里面土地款一千二百万', { projectInvestment: 80000000, landCost: 12000000 }],
  ['公司注册在北京，项目在河北', { region: '北京市' }],
  ['在保定注册的子公司', { region: '保定市' }],
  ['冀 资产证券化', { region: '河北省' }],
  ['报关单出口日期是2018年9月12日', { exportYear: 2018, exportMonth: 9, exportDay: 12 }],
  ['还没买首台套综合险', { comprehensiveInsurance: false }],
  ['我们还没认定高新技术企业', { highTechEnterprise: false }],
  ['员工七十个，资产八百万，去年应纳税所得额九十万', { employees: 70, totalAssets: 8000000, taxableIncome: 900000 }],
]

describe('fact extraction', () => {
  it.each(cases)('%s', (text, want) => {
    expect(extractFacts(text, ctx).profile).toMatchObject(want)
  })

  it('keeps a figure it cannot place for the dialogue to place', () => {
    const r = extractFacts('那明年要是冲到五千五百万呢', ctx)
    expect(r.unassigned.map((s) => s.value)).toEqual([55000000])
  })

  it('says no about a fact only where the negation names it', () => {
    expect(extractFacts('我们还没认定高新技术企业', ctx).profile.provincialVrCenter).toBeUndefined()
  })

  it('does not take a hoped-for benefit for a fact', () => {
    expect(extractFacts('要是今年能执行到五千万，那就能拿150万了吧', ctx).unassigned.map((s) => s.value)).toEqual([50000000])
  })

  it('does not read a province out of 省里', () => {
    expect(extractFacts('省里能补多少', ctx).profile.recognitionLevel).toBeUndefined()
    expect(extractFacts('产品被评定为浙江省首版次软件产品', ctx).profile.recognitionLevel).toBe('provincial')
  })
})

describe('a sum spoken of', () => {
  it('is said when some cue stands undenied, and not when any is denied in its clause', () => {
    const cues = ['资产支持票据', '发行金额']
    expect(saidOf('手里有个项目想融资八千万，打算走资产支持票据', cues)).toBe(true)
    expect(saidOf('我们还没有发过资产支持票据，只借了3000万贷款', cues)).toBe(false)
    expect(saidOf('想贷款三千万扩产', cues)).toBe(false)
  })
})

describe('a cue said with 了 or a count of one inside it', () => {
  const read = (t: string) => extractFacts(t, ctx).profile
  it('still names its fact, the count read as a figure', () => {
    expect(read('我们今年牵头起草了一项行业标准，省里奖多少')).toMatchObject({ wqLedStandardLevel: 'industry', wqDomesticStandardsLed: 1 })
    expect(read('公司去年主导修订了两项国标')).toMatchObject({ wqLedStandardLevel: 'national', wqNationalStandardsLed: 2 })
    expect(read('我们入选了省级绿色制造示范名单')).toMatchObject({ greenDemoSelected: true })
  })
})
