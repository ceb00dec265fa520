// A total over several items: each item's figure from the rule, times its count, summed; nothing
// summed where the rule already counts the items or the asker asks for no total.
import { describe, expect, it } from 'vitest'
import { extractFacts } from '../../intents/extract.js'
import { acrossPolicies, acrossSubjects, itemized } from '../../src/dialogue/items.js'
import { evaluateRule } from '../../src/engine/evaluate.js'
import { ctx, rule } from '../helpers.js'

const standards = rule({
  source: { line: 707, quote: '主持国际标准制修订的，资助经费30万元' },
  conditions: { fact: 'standardKind', op: 'in', value: ['national', 'industry', 'local'] },
  amount: { kind: 'byCategory', by: 'standardKind', options: [
    { when: 'national', value: 200000, label: '国家标准' },
    { when: 'industry', value: 100000, label: '行业标准' },
    { when: 'local', value: 50000, label: '地方标准' },
  ] },
})
const sumFor = (text: string) => {
  const x = extractFacts(text, ctx)
  const e = evaluateRule(standards, x.profile, '2026-12-05', ctx)
  return itemized(e, x.items, x.profile, '2026-12-05', ctx, text)?.amount
}

describe('items a total is asked for', () => {
  it.each([
    ['牵头制定了2项国家标准、1项行业标准，合计资助多少', 500000],
    ['去年主持了3项行业标准和1项国家标准，一共能拿多少资助', 500000],
    ['我们主持了两项国家标准的修订，总共资助多少', 400000],
    ['主持1项地方标准、1项国家标准、1项行业标准，加起来多少钱', 350000],
    ['行业标准主持了4项，按每项算能拿多少', 400000],
    ['主持了国家标准和2项行业标准，一共多少', 400000],
  ])('%s → %d', (text, total) => {
    expect(sumFor(text)).toMatchObject({ value: total, max: total })
  })

  it.each(['主持了1项国家标准，能拿多少', '主持了2项国家标准，能拿多少', '国家标准和行业标准都主持过，资助标准是什么'])('sums nothing without a total asked for or with one item: %s', (text) => {
    expect(sumFor(text)).toBeUndefined()
  })

  it('leaves alone a figure that already counts the items', () => {
    const perProduct = rule({
      source: { line: 1, quote: '每个产品奖励20万元' },
      amount: { kind: 'perUnit', unit: 200000, count: 'recognizedProductCount' },
    })
    const text = '我们是家具厂，有3款家具被认定为特色精品，一共多少'
    const x = extractFacts(text, ctx)
    expect(itemized(evaluateRule(perProduct, x.profile, '2026-12-05', ctx), x.items, x.profile, '2026-12-05', ctx, text)).toBeNull()
  })

  it('reads items said in the fact a rule reaches through its fallback', () => {
    const app = rule({
      source: { line: 37, quote: '分别给予最高30万元、10万元奖励' },
      amount: { kind: 'byCategory', by: 'industrialAppSolutionLevel', options: [{ when: 'national', max: 300000 }, { when: 'provincial', max: 100000 }] },
    })
    const text = '一个解决方案入选了国家级，另有两个入选省级，加起来最多奖多少'
    const x = extractFacts(text, ctx)
    const e = itemized(evaluateRule(app, x.profile, '2026-12-05', ctx), x.items, x.profile, '2026-12-05', ctx, text)
    expect(e?.amount).toMatchObject({ value: null, max: 500000 })
  })

  it('adds up items that different policies grant, naming each policy', () => {
    const national = rule({ id: 'n', title: '主持国家标准', source: { line: 707, quote: '主持国家标准制修订的，资助经费20万元' }, conditions: { fact: 'standardKind', op: '==', value: 'national' }, amount: { kind: 'fixed', value: 200000 } })
    const industry = rule({ id: 'i', title: '主持行业标准', source: { line: 707, quote: '主持行业标准制修订的，资助经费10万元' }, conditions: { fact: 'standardKind', op: '==', value: 'industry' }, amount: { kind: 'fixed', value: 100000 } })
    const text = '主持了1项国家标准和2项行业标准，一共能拿多少'
    const x = extractFacts(text, ctx)
    const ranked = [national, industry].map((r) => evaluateRule(r, x.profile, '2026-12-05', ctx))
    const total = acrossPolicies(ranked, x.items, () => x.profile, '2026-12-05', ctx, text)?.[0].amount
    expect(total).toMatchObject({ value: 400000, max: 400000 })
    expect(total?.steps[0]).toContain('【主持行业标准】')
    expect(acrossPolicies(ranked.slice(0, 1), x.items, () => x.profile, '2026-12-05', ctx, text)).toBeNull()
  })

  it('takes one item once when two policies read it through different facts', () => {
    // the 国际标准 clause reads the level led; the 国家/行业 clause its own kind of standard
    const intl = rule({ id: 'x', title: '主持国际标准', source: { line: 707, quote: '主持国际标准制修订的，资助经费30万元' }, conditions: { fact: 'ledStandardLevel', op: '==', value: 'international' }, amount: { kind: 'fixed', value: 300000 } })
    const kinds = rule({ id: 'k', title: '主持国家、行业标准', source: { line: 707, quote: '主持国家标准制修订的，资助经费20万元，主持行业标准制修订的，资助经费10万元' }, conditions: { fact: 'standardKind', op: 'in', value: ['national', 'industry'] }, amount: { kind: 'byCategory', by: 'standardKind', options: [{ when: 'national', value: 200000 }, { when: 'industry', value: 100000 }] } })
    for (const [text, sum] of [
      ['去年牵头了一项国际标准，还有三项行业标准，总共能拿多少', 600000],
      ['主持了2项国家标准和1项国际标准的制定，合计资助多少', 700000],
    ] as const) {
      const x = extractFacts(text, ctx)
      const ranked = [intl, kinds].map((r) => evaluateRule(r, x.profile, '2026-12-05', ctx))
      expect(acrossPolicies(ranked, x.items, () => x.profile, '2026-12-05', ctx, text)?.[0].amount, text).toMatchObject({ value: sum })
    }
  })

  it('keeps the ceiling when the figures per item are ceilings', () => {
    const cmmi = rule({
      source: { line: 40, quote: '分别给予最高20万元、30万元和50万元一次性奖励' },
      amount: { kind: 'tiers', by: 'cmmiLevel', tiers: [
        { from: 3, max: 200000 }, { from: 4, max: 300000 }, { from: 5, max: 500000 },
      ] },
    })
    const text = '前年首次过了CMMI三级，今年又首次过了五级，两回一共最多奖多少'
    const x = extractFacts(text, ctx)
    const e = itemized(evaluateRule(cmmi, x.profile, '2026-12-05', ctx), x.items, x.profile, '2026-12-05', ctx, text)
    expect(e?.amount).toMatchObject({ value: null, max: 700000 })
  })

  describe('policies of one document for different things done', () => {
    const iso = rule({ id: 'iso', title: 'ISO27001认证奖励', source: { line: 51, quote: '通过ISO27001认证的，给予10万元奖励' }, conditions: { fact: 'iso27001Certified', op: '==', value: true }, amount: { kind: 'fixed', value: 100000 } })
    const fv = rule({ id: 'fv', title: '首版次软件产品奖励', source: { line: 50, quote: '被评定为省级首版次软件产品的，给予50万元奖励' }, conditions: { fact: 'firstVersionSoftware', op: '==', value: true }, amount: { kind: 'fixed', value: 500000 } })
    const elsewhere = rule({ id: 'lc', title: '聊城首版次', source: { document: '001_x.txt', line: 40, quote: '首版次软件产品给予最高50万元奖励' }, conditions: { fact: 'firstVersionSoftware', op: '==', value: true }, amount: { kind: 'upTo', max: 500000 } })
    const told = new Set(['iso27001Certified', 'firstVersionSoftware'])
    const run = (rules: typeof iso[], q: string) => acrossSubjects(rules.map((r) => evaluateRule(r, { iso27001Certified: true, firstVersionSoftware: true }, '2026-12-05', ctx)), told, q)

    it.each(['过了ISO27001，同时还有个首版次软件产品，两项加起来奖多少', '首版次软件和ISO27001认证这两个一共能拿多少', '今年评上首版次软件，另外也通过了27001，合计多少钱'])('adds them: %s', (q) => {
      expect(run([fv, iso], q)?.[0].amount).toMatchObject({ value: 600000, max: 600000 })
    })
    it('adds nothing without a total asked or with one thing named', () => {
      expect(run([fv, iso], '过了ISO27001，也有首版次软件产品，分别奖多少')).toBeNull()
      expect(run([fv, iso], '首版次软件产品一共能奖多少')).toBeNull()
    })
    it('takes another place\'s policy on the same thing for no second thing', () => {
      expect(run([fv, elsewhere], '首版次软件产品，同时还有聊城的，两项一共多少')).toBeNull()
    })
  })
})
