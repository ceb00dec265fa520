// Which policy a message points back to: by its rank, by what the asker calls it, and the list
// that the next 第N个 counts in.
import { describe, expect, it } from 'vitest'
import { countedAfter, referredPolicy } from '../../src/dialogue/refers.js'
import { Bot, newSession } from '../../src/bot.js'
import { knowledge } from '../../src/knowledge.js'

const last = [
  { id: 'abs', title: '资产支持专项计划发行奖励' },
  { id: 'abs-docs', title: '资产支持专项计划申报材料' },
  { id: 'fund', title: '股权投资基金投资省内企业奖励' },
]

describe('a message pointing back to the last answer', () => {
  it.each([
    ['上面第二条要什么材料', 'abs-docs'],
    ['前面说的第三个呢', 'fund'],
    ['第一项什么时候截止', 'abs'],
  ])('by rank: %s → %s', (text, id) => {
    expect(referredPolicy(text, last)).toMatchObject({ id, away: false })
  })

  it.each([
    ['第二条，股权投资的那条，门槛多少', 'fund'],
    ['前一项，股权投资那块，能奖多少', 'fund'],
    ['申报材料那项要盖章吗', 'abs-docs'],
  ])('by name, which outweighs a rank counted otherwise: %s → %s', (text, id) => {
    expect(referredPolicy(text, last).id).toBe(id)
  })

  it('lets go of the last answer when the name is none of its policies', () => {
    expect(referredPolicy('后一项，担保费那块，补多少', last)).toEqual({ id: undefined, away: true, rank: 1 })
  })

  it('keeps counting in the same list over a run of ranked turns, as the asker corrected it', () => {
    const pointed = referredPolicy('第二项，股权投资那块，要交什么', last)
    const counted = countedAfter(pointed, last.map((p) => p.id), ['fund-docs', 'fund'])
    expect(counted).toEqual(['abs', 'fund', 'fund'])
    // a turn that names no rank starts a new list: the policies it answered
    expect(countedAfter(referredPolicy('嘉兴有什么软件政策', last), counted, ['a', 'b'])).toEqual(['a', 'b'])
  })
})

describe('in a conversation', { timeout: 30_000 }, () => {
  it('answers "the first one" of what the asker counted after it picked the second by name', () => {
    const bot = new Bot(knowledge())
    const s = newSession()
    const asOf = '2026-12-05'
    bot.ask('我们石家庄一家装备厂，今年给一台新研制的数控机床投了首台套保险，另外还在搞一个3000万的技术改造，省里这两块分别怎么支持？', s, asOf)
    const second = bot.ask('后一项，技改那块，申报要准备啥', s, asOf)
    expect(second.policies[0].title).toMatch(/技改|技术改造/)
    const first = bot.ask('第一项呢，保费能补多少', s, asOf)
    expect(first.policies[0].title).toMatch(/首台/)
  })
})
