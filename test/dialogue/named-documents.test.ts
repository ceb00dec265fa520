// A document named by its title as people shorten it, and an asker who names a replaced notice
// hearing what it said first, with what governs now after it.
import { describe, expect, it } from 'vitest'
import { Bot, newSession } from '../../src/bot.js'
import { articleAsked, articleOf, namedDocuments, titlesByLine, withoutTitles } from '../../src/dialogue/named-documents.js'
import { knowledge } from '../../src/knowledge.js'

const k = knowledge()
const titles = k.rules.map((r) => r.documentTitle)

describe('a title as people shorten it', () => {
  it.each([
    ['照民营经济那个若干意见，我们能享受啥', '大力促进民营经济高质量发展的若干意见'],
    ['万企转型实施方案里对我们纺织厂怎么说', '河北省“万企转型”实施方案（2018－2020年）'],
    ['看了万企转型的若干政策措施，想问技改', '河北省支持“万企转型”若干政策措施'],
    ['政银保的若干措施第二条讲的啥', '河北省加快推广开展“政银保”融资工作的若干措施'],
    ['首台套的实施办法要求投保什么险种', '河北省财政保险合作支持首台（套）重大技术装备生产企业实施办法'],
    ['《河北省支持中小企业融资若干措施》第五条', '河北省支持中小企业融资若干措施'],
    ['按增值税法我们适用几档税率', '中华人民共和国增值税法'],
  ])('%s → %s', (text, title) => {
    expect(namedDocuments(text, titles)).toEqual([title])
  })

  it.each([
    '我们计划明年做科技创新，有什么支持',
    '石家庄民营企业融资有哪些措施',
    '软件企业有什么扶持方案',
    '这个办法什么时候出台的',
    '增值税小规模纳税人怎么报税',
  ])('names none: %s', (text) => {
    expect(namedDocuments(text, titles)).toEqual([])
  })

  it('the rest of the message, less the title said, says which clause', () => {
    expect(withoutTitles('照《河北省支持中小企业融资若干措施》，应急转贷怎么申请', ['河北省支持中小企业融资若干措施'])).toBe('照《》，应急转贷怎么申请')
  })

  it('a line of a compilation is in the document of the nearest rule above it', () => {
    const at = titlesByLine(k.rules)
    const own = k.rules.find((r) => r.documentTitle === '大力促进民营经济高质量发展的若干意见')!
    expect(at(own.source.document, own.source.line)).toBe(own.documentTitle)
  })
})

describe('an article of a named or cited document', () => {
  const bot = new Bot(k)
  it.each([
    ['民营经济那个若干意见的第九条讲的什么', '一、9.'],
    ['冀财金〔2016〕27号第五条是怎么规定的', '第二章 第五条'],
    ['资产证券化奖励资金管理办法第6条讲的啥', '第二章 第六条'],
  ])('%s → %s', (text, clause) => {
    expect(bot.ask(text, newSession(), '2026-11-23').policies[0].source.clause).toBe(clause)
  })

  it('reads 第九条 and 第12条, and the clause labels they point to', () => {
    expect(articleAsked('意见第九条')).toBe(9)
    expect(articleAsked('第12条说')).toBe(12)
    expect(articleOf('第二章 第二十四条')).toBe(24)
    expect(articleOf('一、8.')).toBe(8)
    expect(articleOf('四、（三）')).toBeNull()
  })
})

describe('a replaced notice the asker names', () => {
  const bot = new Bot(k)
  const now = '财政部 税务总局公告2023年第7号'
  it('comes first, told as replaced, with the notice that governs now after it', () => {
    const a = bot.ask('照万企转型实施方案的口径，我们今年研发费用四百万全部费用化，加计扣除能扣多少', newSession(), '2026-11-23')
    const [first, second] = a.policies
    expect(first.supersededBy?.docNumber).toBe(now)
    expect(second.supersededBy ?? null).toBeNull()
    expect(second.source.docNumber).toBe(now)
    expect(a.reply).toContain('已被取代')
  })

  it('an asker who names no document hears what governs now first', () => {
    const a = bot.ask('我们今年研发费用四百万全部费用化，加计扣除能扣多少', newSession(), '2026-11-23')
    expect(a.policies[0].supersededBy ?? null).toBeNull()
    expect(a.policies[0].source.docNumber).toBe(now)
  })
})
