// How a message leans on the conversation, with the words jieba finds in it.
import { describe, expect, it } from 'vitest'
import type { IntentGuess } from '../../intents/classify.js'
import { leaning, staying } from '../../src/dialogue/follow-up.js'
import { newSession } from '../../src/dialogue/session.js'
import { hasSubject, newItems, subjectWords } from '../../src/dialogue/subject.js'
import { knowledge } from '../../src/knowledge.js'

const k = knowledge()
const guess = (intent: IntentGuess['intent']): IntentGuess => ({ intent, confidence: 0.7, by: 'pattern' })
const talking = () => ({ ...newSession(), topic: '嘉兴 软件 奖励', lastPolicies: ['x'], pending: ['revenueGrowth'] })

describe('the subject of a follow-up', { timeout: 20_000 }, () => {
  it.each([
    ['要准备啥材料', false],
    ['那五级呢', false],
    ['嘉兴的呢', false],
    ['那明年要是冲到五千五百万呢？', false],
    ['不对，我看错了，是一百八十万', false],
    ['那研发的呢', true],
    ['个税呢', true], // 个 is chatter, 个税 is a tax
    ['那ITSS呢', true], // one word of our vocabulary is a subject
    ['代表作呢', true], // 表 is chatter, 代表 is not
  ])('%s → %s', (text, want) => {
    expect(hasSubject(text, k)).toBe(want)
  })

  it('finds the words jieba keeps whole', () => {
    expect(subjectWords('那专精特新小巨人呢', k)).toEqual(['专精特新', '小巨人'])
  })

  it('names a new item only when it is ours and the policies just discussed do not mention it', () => {
    const last = ['出口退税率 提高至6% 除列明产品外 原退税率为5%的']
    expect(newItems('多元件集成电路呢', k, last)).toEqual(['多元件集成电路'])
    expect(newItems('出口退税率呢', k, last)).toEqual([])
    expect(newItems('看错了', k, last)).toEqual([])
    expect(newItems('软件收入3000万', k, last)).toEqual([]) // facts about the enterprise are no item
  })
})

describe('leaning on the conversation', { timeout: 20_000 }, () => {
  it('takes a statement that gives what was asked for as an answer, however long', () => {
    const l = leaning('去年比前年增长了百分之十二左右，具体数字等年报出来再告诉你', talking(), guess('find_policies'), ['revenueGrowth'], false, k, ['软件业务收入新达到规模奖励'])
    expect(l.answersUs).toBe(true)
    expect(staying('去年比前年增长了百分之十二', 'find_policies', l, k, talking())).toMatchObject({ pure: true, stay: 1, onPolicies: 1 })
  })

  it('keeps the topic but leaves the last policies for a sibling item', () => {
    const l = leaning('多元件集成电路呢', talking(), guess('find_policies'), ['industry'], false, k, ['出口退税率 提高至6%'])
    expect(l).toMatchObject({ moves: true, answersUs: false, leans: true })
    expect(staying('多元件集成电路呢', 'find_policies', l, k, talking())).toEqual({ pure: false, stay: 0.3, onPolicies: 0 })
  })

  it('stays with the last policies for a question about them', () => {
    const l = leaning('要准备啥材料', talking(), guess('documents'), [], false, k, ['软件业务收入新达到规模奖励'])
    expect(staying('要准备啥材料', 'documents', l, k, talking())).toMatchObject({ pure: true, onPolicies: 1 })
  })

  it('does not lean on anything at the start of a conversation', () => {
    const l = leaning('那五级呢', newSession(), guess('find_policies'), [], false, k, [])
    expect(l).toEqual({ answersUs: false, leans: false, moves: false })
    expect(staying('那五级呢', 'find_policies', l, k, newSession())).toEqual({ pure: false, stay: 0, onPolicies: 0 })
  })
})
