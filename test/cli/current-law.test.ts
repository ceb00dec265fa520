// Current law through the command people and scripts call: the later notices govern the period
// the asker names (else today), the earlier rule is told as replaced, and past the last known
// notice the answer says so. One batch of `ask --jsonl`, each line with its own asOf.
import { execFileSync } from 'node:child_process'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { Answer } from '../../src/answer/schema.js'
import { ROOT } from '../../src/paths.js'

const TODAY = '2026-12-05'
const questions: Record<string, string> = {
  // a small low-profit enterprise with 280万 of taxable income, staff and assets within limits
  ...Object.fromEntries(
    [2018, 2019, 2020, 2021, 2022, 2023, 2024, 2025, 2026, 2027, 2028].map((y) => [`slp${y}`, `我们公司${y}年度应纳税所得额280万元，从业人数50人，资产总额800万元，不属于限制和禁止行业，企业所得税交多少？`]),
  ),
  rd2019: '我们是做仪器的公司，2019年研发费用100万元，全部费用化，没有形成无形资产，能加计扣除多少？',
  rd2024: '我们是做仪器的公司，2024年研发费用100万元，全部费用化，没有形成无形资产，能加计扣除多少？',
  rdIc: '我们是集成电路设计企业，2024年研发费用100万元，全部费用化，能加计扣除多少？',
  nowSlp: '小型微利企业，应纳税所得额80万，所得税交多少？',
  nowVat: '我们是卖货的一般纳税人，现在增值税税率是多少？',
}

let answers: Record<string, Answer>
beforeAll(() => {
  const input = Object.entries(questions).map(([id, question]) => JSON.stringify({ id, question, asOf: TODAY })).join('\n') + '\n'
  const out = execFileSync('node', [join(ROOT, 'bin/policy-guide.js'), 'ask', '--jsonl'], { input, encoding: 'utf8' })
  answers = Object.fromEntries(out.trim().split('\n').map((l) => JSON.parse(l)).map((l: { id: string; answer: unknown }) => [l.id, Answer.parse(l.answer)]))
}, 60_000)
const first = (id: string) => answers[id].policies[0]

describe('current law for the period asked', () => {
  it.each([
    [2019, 230000],
    [2020, 230000],
    [2021, 205000],
    [2022, 115000],
    [2023, 140000],
    [2025, 140000],
    [2027, 140000],
  ])('tax year %i of a small low-profit enterprise with 280万 pays %i', (year, tax) => {
    expect(first(`slp${year}`)).toMatchObject({ eligible: true, amount: { value: tax } })
  })

  it('judges 2018 by 财税〔2018〕77号, under which 280万 is over the limit', () => {
    expect(first('slp2018')).toMatchObject({ id: 'tax-small-low-profit-rate', eligible: false, supersededBy: null })
  })

  it('says the known notices end with 2027 instead of "not eligible" for 2028', () => {
    expect(first('slp2028')).toMatchObject({ eligible: null, amount: null })
    expect(answers.slp2028.reply).toContain('已知的文件执行至2027-12-31')
  })

  it('gives the R&D extra deduction of the year: 75% in 2019, 100% from 2023, 120% for IC firms', () => {
    expect(first('rd2019').amount?.value).toBe(750000)
    expect(first('rd2024').amount?.value).toBe(1000000)
    expect(first('rdIc').amount?.value).toBe(1200000)
  })

  it('asked today, leads with the notice in force and tells the 2018 one as replaced', () => {
    const slp = answers.nowSlp
    expect(slp.policies[0].id).not.toBe('tax-small-low-profit-rate')
    expect(slp.reply.split('\n')[0]).not.toContain('8万')
    const old = slp.policies.find((p) => p.id === 'tax-small-low-profit-rate')
    if (old) expect(old.supersededBy?.docNumber).toMatch(/公告/)
    expect(slp.reply).toContain('取代')
    const vat = answers.nowVat
    expect(vat.policies[0].id).not.toBe('tax-vat-rate-16')
    expect(vat.reply.split('\n')[0]).not.toContain('16%')
    expect(vat.reply.split('\n')[0]).toContain('13%')
  })

  it('lists, in rules --json, the later rules replacing each rule and from when', () => {
    const out = execFileSync('node', [join(ROOT, 'bin/policy-guide.js'), 'rules', '--json'], { encoding: 'utf8', maxBuffer: 1 << 28 })
    const rules: { id: string; supersededBy: { rule: string; docNumber: string | null; from: string }[] }[] = JSON.parse(out)
    const old = rules.find((r) => r.id === 'tax-small-low-profit-rate')!
    expect(old.supersededBy).toContainEqual(expect.objectContaining({ docNumber: '财税〔2019〕13号', from: '2019-01-01' }))
    expect(rules.find((r) => r.id === 'jiaxing-software-revenue-milestone')?.supersededBy).toEqual([])
  })
})
