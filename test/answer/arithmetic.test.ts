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
