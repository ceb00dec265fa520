// A fact known only as a bound (超过500万) settles the tests it decides and leaves the others unknown.
import { describe, expect, it } from 'vitest'
import { decide, profileFor, sayBounds } from '../../src/dialogue/bounds.js'
import { evaluateRule } from '../../src/engine/evaluate.js'
import { ctx, rule } from '../helpers.js'

const source = { line: 50, quote: '年度软件业务收入新达到2000万元' }
const over = { revenue: { op: '>' as const, value: 5000000 } }
const profile = { revenue: 5000000 }

describe('what a bound says of a test', () => {
  it.each([
    ['>', 500, '>', 500, true],
    ['>', 500, '>=', 500, true],
    ['>', 500, '>=', 300, true],
    ['>', 500, '>=', 1000, null],
    ['>', 500, '<=', 500, false],
    ['>', 500, '<', 800, null],
    ['>=', 500, '>=', 500, true],
    ['>=', 500, '>', 500, null],
    ['>=', 500, '<', 500, false],
    ['<', 100, '<', 100, true],
    ['<', 100, '<=', 100, true],
    ['<', 100, '>=', 100, false],
    ['<', 100, '<=', 80, null],
    ['<=', 100, '<=', 100, true],
    ['<=', 100, '>', 100, false],
    ['<=', 100, '>=', 100, null],
  ] as const)('x %s %d against x %s %d → %s', (bop, bv, top, tv, want) => {
    expect(decide({ op: bop, value: bv }, { op: top, value: tv })).toBe(want)
  })
})

describe('a rule judged on a bound', () => {
  it('meets 超过500万 when the rule asks for more than 500万', () => {
    const r = rule({ source, conditions: { fact: 'revenue', op: '>', value: 5000000 } })
    expect(evaluateRule(r, profile, '2026-11-23', ctx).eligible).toBe(false) // the figure read as equality
    expect(evaluateRule(r, profileFor(r, profile, over, ctx), '2026-11-23', ctx).eligible).toBe(true)
  })

  it('fails 不超过500万 and says so in the asker’s words', () => {
    const r = rule({ source, conditions: { fact: 'revenue', op: '<=', value: 5000000 } })
    const e = evaluateRule(r, profileFor(r, profile, over, ctx), '2026-11-23', ctx)
    expect(e.eligible).toBe(false)
    expect(sayBounds(e.failing[0].text, over, ctx)).toBe('年度营业收入超过500万元（需年度营业收入不超过500万元）')
  })

  it('does not know whether 超过500万 reaches 1000万, and asks', () => {
    const r = rule({ source, conditions: { fact: 'revenue', op: '>=', value: 10000000 } })
    const e = evaluateRule(r, profileFor(r, profile, over, ctx), '2026-11-23', ctx)
    expect(e.eligible).toBeNull()
    expect(e.missing).toEqual(['revenue'])
  })

  it('needs the figure itself for a sum computed from it', () => {
    const r = rule({ source, amount: { kind: 'share', base: 'revenue', rate: 0.01 } })
    const e = evaluateRule(r, profileFor(r, profile, over, ctx), '2026-11-23', ctx)
    expect(e.amount?.value).toBeNull()
    expect(e.missing).toEqual(['revenue'])
  })

  it('places a bound in a tier when every step is decided', () => {
    const tiers = { kind: 'tiers' as const, by: 'revenue', tiers: [{ from: 3000000, value: 100000 }, { from: 5000000, value: 200000 }] }
    const r = rule({ source, amount: tiers })
    expect(evaluateRule(r, profileFor(r, profile, over, ctx), '2026-11-23', ctx).amount?.value).toBe(200000)
    const higher = rule({ source, amount: { ...tiers, tiers: [...tiers.tiers, { from: 8000000, value: 300000 }] } })
    expect(evaluateRule(higher, profileFor(higher, profile, over, ctx), '2026-11-23', ctx).amount?.value).toBeNull()
  })

  it('reads a bound through a fallback: 软件业务收入 ← 营业收入', () => {
    const r = rule({ source, conditions: { fact: 'softwareRevenue', op: '>=', value: 3000000 } })
    expect(evaluateRule(r, profileFor(r, profile, over, ctx), '2026-11-23', ctx).eligible).toBe(true)
  })

  it('changes nothing once the figure is given exactly', () => {
    const r = rule({ source, conditions: { fact: 'revenue', op: '>', value: 5000000 } })
    expect(profileFor(r, { revenue: 5200000 }, over, ctx)).toEqual({ revenue: 5200000 })
  })
})
