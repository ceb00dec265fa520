// What a reply says of a policy's validity when its text sets no end, and of a restatement that
// disagrees with the original.
import { describe, expect, it } from 'vitest'
import { compose } from '../../src/answer/compose.js'
import { evaluateRule } from '../../src/engine/evaluate.js'
import { ctx, rule } from '../helpers.js'

const source = { line: 50, quote: '给予20万元、50万元、100万元的一次性奖励' }
const answerFor = (r: ReturnType<typeof rule>, asOf = '2026-12-05', detail = false) =>
  compose({ intent: 'find_policies', asOf, ranked: [evaluateRule(r, {}, asOf, ctx)], profileOf: () => ({}), missing: [], asking: false, question: '有什么奖励', ctx, detail })
// the whole validity note is what 详细 shows; the short reply carries its label
const replyFor = (r: ReturnType<typeof rule>, asOf = '2026-12-05') => answerFor(r, asOf, true).reply

describe('validity of a text without an end date', () => {
  it('says when it was issued and that the text sets no period, instead of a bare 现行有效', () => {
    const reply = replyFor(rule({ source, validity: { status: 'in_force', issued: '2016-03-01' } }))
    expect(reply).toMatch(/效力：现行有效；发布于2016-03-01，文中未写有效期，已发布10年，请向主管部门核实是否仍在执行/)
    // the short reply too: never a bare 现行有效 for a text of 2016
    const short = answerFor(rule({ source, validity: { status: 'in_force', issued: '2016-03-01' } })).reply
    expect(short.split('\n')[0]).toMatch(/（现行有效？2016年发布，未写有效期）$/)
  })

  it('an unknown status with an issue date says the date rather than only 效力待核实', () => {
    const reply = replyFor(rule({ source, validity: { status: 'unknown', issued: '2018-06-01' } }))
    expect(reply).toMatch(/效力：效力待核实；发布于2018-06-01，文中未写有效期/)
  })

  it('a dated policy keeps its period and no caveat', () => {
    const reply = replyFor(rule({ source, validity: { status: 'in_force', issued: '2024-01-01', from: '2024-01-01', to: '2027-12-31' } }))
    expect(reply).toMatch(/效力：现行有效（2024-01-01至2027-12-31），截至2026-12-05/)
    expect(reply).not.toMatch(/文中未写有效期/)
    expect(answerFor(rule({ source, validity: { status: 'in_force', issued: '2024-01-01', from: '2024-01-01', to: '2027-12-31' } })).policies[0].validity.label).toBe('现行有效')
  })
})

describe('a restatement that differs from the original', () => {
  it('is named in one sentence, and the original decides', () => {
    const r = rule({ source: { ...source, alsoAt: [{ line: 51, quote: '最高1:1配套', differs: '政策解读写的上限是2000万元，原文是1000万元' }] } })
    expect(replyFor(r)).toMatch(/注意：政策解读写的上限是2000万元，原文是1000万元（以原文为准）/)
    expect(answerFor(r).reply).toMatch(/注意：政策解读写的上限是2000万元，原文是1000万元（以原文为准）/)
  })
})
