// The second readers' asker tests, run through the bot as `policy-guide ask` runs it, and the
// record that every rule with an amount or a threshold was read twice.
import { describe, expect, it } from 'vitest'
import { Bot, newSession } from '../../src/bot.js'
import { knowledge } from '../../src/knowledge.js'
import { askerFiles, judge, readAskerFile, runAskerFile, unread, type AskerTest } from '../../src/rules/asker.js'
import { loadRules } from '../../src/rules/load.js'

const bot = new Bot(knowledge())
const files = askerFiles()

// the first file also pays for the homophone table and jieba's dictionaries, and the last reads
// every rule's YAML: seconds each on a busy machine
describe('asker tests', { timeout: 30_000 }, () => {
  for (const file of files) {
    it(`${file.replace(/.*rules\//, 'rules/')}: every question gets the reading the source gives`, () => {
      const wrong = runAskerFile(bot, file).filter((r) => r.problems.length).map((r) => `${r.test.rule}: ${r.problems.join('; ')} — ${[r.test.ask].flat().join(' / ')}`)
      expect(wrong).toEqual([])
    })
  }

  it('every rule with an amount or a threshold has an asker test and its second reading recorded', () => {
    expect(unread(loadRules(), files.flatMap((f) => readAskerFile(f).tests))).toEqual([])
  })

  it('a wrong expectation is reported, with what the bot said instead', () => {
    const t: AskerTest = {
      rule: 'jiaxing-software-revenue-milestone',
      ask: '我们公司在嘉兴南湖，做软件开发，软件收入第一次过了三千万，到了3100万，比上年涨了12%，能奖多少？',
      expect: { eligible: true, amount: 200000 },
      why: '故意写错的档次',
    }
    const answer = bot.ask(String(t.ask), newSession(), '2026-12-05')
    expect(judge(t, answer).join('\n')).toMatch(/amount is 500000, expected 200000/)
    expect(judge({ ...t, rule: 'no-such-rule' }, answer).join('\n')).toMatch(/not in the answer/)
  })
})
