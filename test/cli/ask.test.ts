// The command as people and scripts call it: a real process, the built code, JSON out.
import { execFileSync } from 'node:child_process'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { Answer } from '../../src/answer/schema.js'
import { ROOT } from '../../src/paths.js'

// `rules --json` lists ~1,400 rules with their sources and clauses: more than the 1 MB Node buffers by default
const cli = (args: string[], input?: string) =>
  execFileSync('node', [join(ROOT, 'bin/policy-guide.js'), ...args], { input, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })
const ask = (q: string) => Answer.parse(JSON.parse(cli(['ask', '--json', '--as-of', '2026-11-23', q])))
const line50 = (a: Answer) => a.policies.find((p) => p.source.document === '003_9b63cbf1cc771657.txt' && p.source.line === 50)

// the first call after a rule change rebuilds the knowledge cache, which takes seconds
describe('policy-guide ask', { timeout: 30_000 }, () => {
  it('answers the 嘉兴 milestone question with 50万, draft status and an explanation', () => {
    const a = ask('我们是嘉兴的软件企业，去年软件业务收入首次突破三千万，达到3200万，比前年增长12%，能拿多少奖励？')
    const p = a.policies[0]
    expect(p.source).toMatchObject({ document: '003_9b63cbf1cc771657.txt', line: 50 })
    expect(p.eligible).toBe(true)
    expect(p.amount?.value).toBe(500000)
    expect(p.status).toBe('draft')
    expect(p.amount?.explanation).toContain('3000万元')
    expect(a.reply).toContain('征求意见稿')
  })

  it('says the 10% threshold when growth is 8%', () => {
    const a = ask('我们是嘉兴的软件企业，去年软件业务收入3500万，比前年增长8%，能拿多少奖励？')
    expect(line50(a)?.eligible).toBe(false)
    expect(a.reply).toContain('10%')
  })

  it('asks for the growth when it is not given', () => {
    const a = ask('我们是嘉兴的软件企业，去年软件业务收入3500万，能拿多少奖励？')
    expect(line50(a)?.eligible).toBeNull()
    expect(a.missing[0].fact).toBe('revenueGrowth')
    expect(a.reply).toContain(a.missing[0].question)
  })

  it('answers jsonl line by line, keeps sessions, and survives a bad line', () => {
    const input = [
      JSON.stringify({ id: 'a', session: 's', question: '我们是嘉兴的软件企业，去年软件业务收入第一次过三千万，到了3200万，能拿多少奖励？' }),
      'not json',
      JSON.stringify({ id: 'b', session: 's', question: '比前年涨了百分之十二' }),
    ].join('\n')
    const out = cli(['ask', '--jsonl', '--as-of', '2026-11-23'], input).trim().split('\n').map((l) => JSON.parse(l))
    expect(out.map((o) => o.id)).toEqual(['a', null, 'b'])
    expect(out[1].error).toBeTruthy()
    const second = Answer.parse(out[2].answer)
    expect(line50(second)).toMatchObject({ eligible: true, amount: { value: 500000 } })
  })

  it('computes the 小型微利 tax of 财税〔2018〕77号 in 2018, of 财税〔2019〕13号 in 2019, and says 77号 lapsed', () => {
    const q = '我们是河北的小型微利企业，年应纳税所得额80万，企业所得税交多少？'
    const then = Answer.parse(JSON.parse(cli(['ask', '--json', '--as-of', '2018-12-15', q])))
    const p = then.policies.find((x) => x.source.line === 3030)!
    expect(p).toMatchObject({ status: 'in_force', amount: { value: 80000 }, supersededBy: null })
    expect(then.missing.map((m) => m.fact)).toEqual(expect.arrayContaining(['employees', 'totalAssets']))
    // from 2019 a later notice governs: 80万 × 25% × 20%, and 77号 is told as replaced
    const next = Answer.parse(JSON.parse(cli(['ask', '--json', '--as-of', '2019-06-01', q])))
    expect(next.policies[0]).toMatchObject({ status: 'in_force', amount: { value: 40000 } })
    expect(next.policies[0].source.docNumber).toBe('财税〔2019〕13号')
    expect(next.policies.find((x) => x.source.line === 3030)?.supersededBy?.docNumber).toBe('财税〔2019〕13号')
    const now = ask(q)
    expect(now.policies.find((x) => x.source.line === 3030)?.status ?? 'expired').toBe('expired')
    expect(now.policies[0].source.document).not.toBe('002_995e29078fff7534.txt')
  })

  it('refuses a malformed date in Chinese and English', () => {
    expect(() => cli(['ask', '--json', '--as-of', '2026-13', '嘉兴'])).toThrow(/YYYY-MM-DD/)
  })

  it('lists every rule with its source', () => {
    const list = JSON.parse(cli(['rules', '--json']))
    const r = list.find((x: { id: string }) => x.id === 'jiaxing-software-revenue-milestone')
    expect(r).toMatchObject({ region: '嘉兴市', status: 'draft', source: { line: 50, clause: '四、（三）', alsoAt: [] } })
  })
})
