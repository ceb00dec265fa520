// The sum or gap a question asks of its own figures, or of its one figure and the clause's.
import { describe, expect, it } from 'vitest'
import { statedArithmetic } from '../../src/answer/arithmetic.js'

describe('arithmetic the asker asks for', () => {
  it.each([
    ['今年目标产值900亿，上半年做了520亿，还差多少？', '', '相差：900亿元 − 520亿元 = 380亿元'],
    ['要引进博士120名、硕士300名、技工800名，一共多少人？', '', '合计：120名 + 300名 + 800名 = 1220名'],
    ['计划压减粗钢产能800万吨，已经压了450万吨，还要压减多少？', '', '相差：800万吨 − 450万吨 = 350万吨'],
    ['现在全市大概150亿，离目标还差多少', '到2025年，全市软件业务收入达到300亿元', '相差：300亿元 − 150亿元 = 150亿元'],
    ['三个园区分别要引进20家、35家、15家企业，加起来多少家？', '', '合计：20家 + 35家 + 15家 = 70家'],
    // a count of things each with a sum: count × sum
    ['开发区要落地2个投资5亿的项目，再加4个投资1亿的，总共投资多少', '', '合计：2个 × 5亿元 + 4个 × 1亿元 = 14亿元'],
    ['培育5家产值过10亿的龙头和10家产值过2亿的骨干企业，产值合计至少多少', '', '合计：5家 × 10亿元 + 10家 × 2亿元 = 70亿元'],
    ['两家子公司营收共3亿，母公司8000万，合计多少钱', '', '合计：3亿元 + 8000万元 = 3.8亿元'],
  ])('%s', (q, quote, line) => {
    expect(statedArithmetic(q, quote)).toBe(line)
  })

  it.each([
    ['营收3000万，能拿多少奖励？', ''],
    ['目标300亿元，现在招了200人，还差多少？', ''],
    ['还差多少？', '目标300亿元、引进50家'],
    ['离目标还差多少', '到2025年达到300亿元，其中设计业100亿元'],
    ['主持了1项国家标准和3项行业标准，合计能拿多少', ''],
  ])('stays silent where no sum or gap of one unit is asked: %s', (q, quote) => {
    expect(statedArithmetic(q, quote)).toBeNull()
  })
})
