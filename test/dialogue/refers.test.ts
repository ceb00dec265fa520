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
    ['第二个，股权投资那个，门槛多少', 'fund'],
    ['你说的第一条，基金的那条，材料有哪些', 'fund'],
    ['申报材料那个要盖章吗', 'abs-docs'],
  ])('by name, which outweighs a rank counted otherwise: %s → %s', (text, id) => {
    expect(referredPolicy(text, last).id).toBe(id)
  })

  it('lets go of the last answer when the name is none of its policies', () => {
    expect(referredPolicy('第二个，担保费那个，补多少', last)).toEqual({ id: undefined, away: true, rank: 1 })
  })

  it('keeps counting in the same list over a run of ranked turns, as the asker corrected it', () => {
    const pointed = referredPolicy('第二个，基金那个，要交什么', last)
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
    bot.ask('我们是沧州一家租赁公司，打算发一单资产支持专项计划，另外我们有只股权投资基金投了省内几家企业，两件事省里分别怎么奖？', s, asOf)
    const second = bot.ask('第二个，基金的那个，申请要准备哪些东西？', s, asOf)
    expect(second.policies[0].title).toMatch(/基金/)
    const first = bot.ask('那第一个呢，每年几月前报？', s, asOf)
    expect(first.policies[0].title).toMatch(/资产/)
  })
})
