// A fact said of one item among several (首次, 国家级) is read for each policy from the clauses that
// name its own subject; a word said only beside another item leaves it unknown for this one.
import { describe, expect, it } from 'vitest'
import { extractFacts } from '../../intents/extract.js'
import { Subjects } from '../../src/dialogue/scoped.js'
import { ctx, rule } from '../helpers.js'

const source = { line: 51, quote: '首次通过' }
const cmmi = rule({ id: 'cmmi', source, topics: ['CMMI', '能力成熟度'], conditions: { fact: 'firstTime', op: '==', value: true } })
const iso = rule({ id: 'iso', source, topics: ['ISO27001', '信息安全管理体系'], conditions: { fact: 'firstTime', op: '==', value: true } })
const lab = rule({ id: 'lab', source, topics: ['重点实验室'], conditions: { fact: 'recognitionLevel', op: '==', value: 'national' } })
const subjects = new Subjects([cmmi, iso, lab])
const judge = (r: typeof cmmi, text: string) => {
  const x = extractFacts(text, ctx)
  return subjects.judge(r, x.profile, text, x.scoped)
}

describe('facts said of one item among several', () => {
  it.each([
    ['CMMI三级前年就有了，今年第一次拿到ISO27001认证', cmmi, 'firstTime', false],
    ['CMMI三级是前年评的，今年第一次拿到ISO27001认证', cmmi, 'firstTime', undefined],
    ['CMMI三级前年就有了，今年第一次拿到ISO27001认证', iso, 'firstTime', true],
    ['今年头一回过了CMMI四级，ISO27001是老早就通过的', cmmi, 'firstTime', true],
    ['我们是国家级高新技术企业，今年新建的重点实验室是省级的', lab, 'recognitionLevel', 'provincial'],
    ['ISO27001去年首次通过，今年又首次通过了CMMI三级', iso, 'firstTime', true],
  ])('%s → %s', (text, r, fact, want) => {
    expect(judge(r, text)[fact]).toBe(want)
  })

  it('leaves a word alone when no clause names another item', () => {
    expect(judge(cmmi, '我们是软件企业，CMMI三级今年才评下来，是头一回')).toMatchObject({ firstTime: true })
  })
})
