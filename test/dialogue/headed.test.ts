import { describe, expect, it } from 'vitest'
import { Bot, newSession } from '../../src/bot.js'
import { headingsOf, headingWords } from '../../src/dialogue/headed.js'
import { knowledge } from '../../src/knowledge.js'

const k = knowledge()
const words = headingWords(k.rules, headingsOf(k.rules))
const at = (doc: string, line: number) => k.rules.find((r) => r.source.document.includes(doc) && r.source.line === line)!

describe('a clause headed by its subject', () => {
  it('reads the words of a heading, leaving out those many headings use', () => {
    // 004 (五) 先进封测提升工程。… heads packaging; (二) 着力构建安全稳定产业链条 only lists it
    expect(words(at('004_', 49)).has('封测')).toBe(true)
    expect(words(at('004_', 31)).has('封测')).toBe(false)
    const all = new Set(k.rules.flatMap((r) => [...words(r)]))
    for (const common of ['发展', '支持', '企业']) expect(all.has(common)).toBe(false)
    // the knowledge cache holds the same words as the sources give
    expect(k.headings).toEqual(headingsOf(k.rules))
  })

  it('puts the clause headed by what is asked before one naming it among others', () => {
    const a = new Bot(k).ask('河北这边对集成电路封装测试企业有啥支持', newSession(), '2026-11-23')
    expect(a.policies[0].source.line).toBe(10)
  })
})
