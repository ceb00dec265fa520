// A yearly figure over the years asked: summed only for a figure the clause grants per year, never
// for a one-off sum or a schedule that spreads its own years.
import { describe, expect, it } from 'vitest'
import { overYears } from '../../src/dialogue/years.js'
import { evaluateRule } from '../../src/engine/evaluate.js'
import { ctx, rule } from '../helpers.js'

const yearly = rule({ source: { line: 1, quote: '按实际年度保费的80%给予补贴，单个企业年度最高不超过200万元' }, amount: { kind: 'fixed', value: 960000 } })
const onceOnly = rule({ source: { line: 2, quote: '给予一次性奖励50万元' }, amount: { kind: 'fixed', value: 500000 } })
const capped = rule({ source: { line: 3, quote: '每年最高补助30万元' }, amount: { kind: 'upTo', max: 300000 } })
const at = (r: typeof yearly, q: string) => overYears(evaluateRule(r, {}, '2026-12-05', ctx), q)?.amount

describe('a yearly figure over the years asked', () => {
  it.each([
    ['保险期四年，四年合计补多少', 3840000],
    ['保单两年，两年加起来多少钱', 1920000],
    ['一共三年，总共能拿多少', 2880000],
    ['连着补3年的话合计多少', 2880000],
  ])('%s → %d', (q, total) => {
    expect(at(yearly, q)).toMatchObject({ value: total, max: total })
  })

  it('keeps a ceiling a ceiling', () => {
    expect(at(capped, '补两年一共最多多少')).toMatchObject({ value: null, max: 600000 })
  })

  it.each(['四年合计补多少', '两年合计多少'])('leaves a one-off sum alone: %s', (q) => {
    expect(at(onceOnly, q)).toBeUndefined()
  })

  it.each(['一年能补多少', '能补多少', '三年期的保单能补吗'])('adds nothing without years and a total asked: %s', (q) => {
    expect(at(yearly, q)).toBeUndefined()
  })
})
