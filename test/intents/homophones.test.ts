// One mistyped character that sounds like the right one is read as the policies' word; words the
// policies do not use, little words and figures are left as they were.
import { describe, expect, it } from 'vitest'
import { homophonesOf } from '../../intents/homophones.js'
import { RuleIndex } from '../../src/search.js'
import { loadRules } from '../../src/rules/load.js'

const h = homophonesOf(new RuleIndex(loadRules()))!

describe('homophone typos', () => {
  it.each([
    ['融资担宝费能补吗', '担保费'],
    ['科技企业孵化气能免税吗', '孵化器'],
    ['集成电录企业', '集成电路'],
    ['首台套保显补贴', '保险'],
    ['出口退税率调正了吗', '调整'],
    ['小额代款利息', '贷款'],
  ])('%s reads %s', (text, word) => {
    expect(h.correct(text)).toContain(word)
  })

  it.each([
    '我们基金投省内企业五千万，国有资本占三成',
    '增幅比全市平均低了2个百分点',
    '连锁餐饮企业能退留抵税吗',
    '战新产业项目拿地能打几折',
    '高企研发费用加计扣除',
    '今天天气怎么样',
    '去年有个项目头一回进了省里的重点项目名单',
    '排放浓度比国家标准低了28%',
  ])('leaves alone: %s', (text) => {
    expect(h.correct(text)).toBe(text)
  })
})
