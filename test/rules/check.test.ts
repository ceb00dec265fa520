import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { checkLinks, checkRule, checkRules } from '../../src/rules/check.js'
import { loadRules } from '../../src/rules/load.js'
import { figuresIn } from '../../src/rules/numbers.js'
import { ctx } from '../helpers.js'

const rules = loadRules()
const milestone = rules.find((r) => r.id === 'jiaxing-software-revenue-milestone')!

describe('the rule check', () => {
  it('passes on every rule of the project', () => {
    expect(checkRules(rules, ctx)).toEqual([])
  })

  it('fails, naming the rule and line, when one character of a quote changes', () => {
    const quote = milestone.source.quote.replace('2000万元', '2001万元')
    const problems = checkRule({ ...milestone, source: { ...milestone.source, quote } }, ctx)
    expect(problems.join('\n')).toMatch(/jiaxing-software-revenue-milestone.*line 50.*not verbatim/)
  })

  it('fails when a figure in the rule is not in its text', () => {
    const amount = { kind: 'tiers' as const, by: 'softwareRevenue', tiers: [{ from: 20000000, value: 250000 }] }
    const problems = checkRule({ ...milestone, amount }, ctx)
    expect(problems.join('\n')).toMatch(/jiaxing-software-revenue-milestone.*figure 250000 is not stated/)
  })

  it('fails when a threshold lacks a test just below it', () => {
    const tests = milestone.tests.filter((t) => Number(t.profile.softwareRevenue ?? 0) >= 20000000 || t.profile.softwareRevenue === undefined)
    expect(checkRule({ ...milestone, tests }, ctx).join('\n')).toMatch(/no test case below the threshold softwareRevenue = 20000000/)
  })

  it('fails when a rule test expects another amount', () => {
    const tests = [{ ...milestone.tests[0], expect: { amount: 200000 } }]
    expect(checkRule({ ...milestone, tests }, ctx).join('\n')).toMatch(/amount is 500000, expected 200000/)
  })

  it('proves the links of a later notice: both ends, dates in order, the period fact, no circle', () => {
    const later = rules.find((r) => r.supersedes.some((l) => l.rule === 'tax-small-low-profit-rate'))!
    const link = later.supersedes.find((l) => l.rule === 'tax-small-low-profit-rate')!
    const withLink = (l: Partial<typeof link>) => rules.map((r) => (r === later ? { ...r, supersedes: [{ ...link, ...l }] } : r))
    expect(checkLinks(withLink({}), ctx)).toEqual([])
    expect(checkLinks(withLink({ rule: 'no-such-rule' }), ctx).join('\n')).toMatch(/no-such-rule: no such rule/)
    expect(checkLinks(withLink({ from: '2017-06-01' }), ctx).join('\n')).toMatch(/before the replaced rule began/)
    expect(checkLinks(withLink({ from: '2030-01-01' }), ctx).join('\n')).toMatch(/after the later rule ended/)
    expect(checkLinks(withLink({ by: 'noSuchYear' }), ctx).join('\n')).toMatch(/period fact noSuchYear/)
    // the earlier rule pointing back at the later one
    const old = rules.find((r) => r.id === 'tax-small-low-profit-rate')!
    const circle = withLink({}).map((r) => (r.id === old.id ? { ...r, supersedes: [{ ...link, rule: later.id, from: '2019-01-01' }] } : r))
    expect(checkLinks(circle, ctx).join('\n')).toMatch(/in a circle/)
  })

  it('reads figures with their units', () => {
    const f = figuresIn('新达到2000万元、3000万元且增速在10%以上，按5‰给予，CMMI三级，1：1配套，1.2亿元')
    for (const v of [20000000, 30000000, 0.1, 0.005, 3, 1, 120000000]) expect(f).toContainEqual(v)
    expect(figuresIn('按贴现金额的万分之二给予补贴')).toContainEqual(0.0002)
    expect(figuresIn('减半征收')).toContainEqual(0.5)
  })
})

describe('the loader', () => {
  it('names the file, the rule and the field of a mistake', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rules-'))
    writeFileSync(
      join(dir, 'bad.yaml'),
      `document: { file: 003_9b63cbf1cc771657.txt, title: t, region: 嘉兴市, validity: { status: draft } }
rules:
  - id: broken-rule
    title: x
    source: { line: 50, quote: 对软件企业 }
    amount: { kind: upTo, max: 最高50万 }
`,
    )
    expect(() => loadRules(dir)).toThrow(/bad\.yaml[\s\S]*rule broken-rule, field amount\.max/)
  })
})
