// Retrieval over all rules: each rule is found by its own title, and every answer keeps the
// contract (a valid Answer whose quotes are verbatim on their lines).
import { describe, expect, it } from 'vitest'
import { Answer } from '../src/answer/schema.js'
import { Bot, newSession } from '../src/bot.js'
import { knowledge } from '../src/knowledge.js'
import { sourceLines } from '../src/rules/sources.js'
import { RuleIndex, tokenize } from '../src/search.js'

const k = knowledge()

describe('the rule index', () => {
  // 1,400 searches over the whole index: seconds on a busy 2-core machine
  it('finds nearly every rule among the first three by its title', { timeout: 30_000 }, () => {
    const index = new RuleIndex(k.rules)
    const found = k.rules.filter((r) => index.search(`${r.title} ${r.region}`, 3).some((h) => h.rule.title === r.title))
    expect(found.length / k.rules.length).toBeGreaterThan(0.95)
  })

  it('splits Chinese into bigrams and keeps Latin words whole', () => {
    expect(tokenize('嘉兴CMMI五级')).toEqual(['嘉兴', 'cmmi', '五级'])
  })
})

describe('answers', () => {
  it('keep the contract for a sample of rules asked by title', () => {
    const bot = new Bot(k)
    for (const r of k.rules.filter((_, i) => i % 25 === 0)) {
      const a = Answer.parse(bot.ask(r.title, newSession(), '2026-11-23'))
      for (const p of a.policies)
        for (const place of [p.source, ...p.source.alsoAt]) expect(sourceLines(place.document)?.[place.line - 1]).toContain(place.quote)
    }
  })
})
