// 200 people × 50 turns at once through the conversation core and the lowdb store: every turn
// answered, and each person's answers exactly those they would get talking to the bot alone
// (so no fact crosses between sessions, and no turn is lost or answered out of order).
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import type { Answer } from '../../src/answer/schema.js'
import { Bot, newSession } from '../../src/bot.js'
import { Conversations } from '../../src/conversation.js'
import { knowledge } from '../../src/knowledge.js'
import { LowdbStore } from '../../src/store/lowdb.js'

const ASOF = '2026-11-23'
const USERS = 200
const TURNS = 50
const bot = new Bot(knowledge())
const dir = mkdtempSync(join(tmpdir(), 'load-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

// each person's own figures: revenues ending in 7 (no tier of any policy is such a figure), growth from their turn and number
const revenue = (u: number) => 2007 + 10 * u
const growth = (u: number, t: number) => 10 + ((u * 7 + t) % 40)
const FOLLOW_UPS = ['要准备哪些材料？', '什么时候截止？', '向哪里申请？', '是正式文件吗？', '能拿多少？']
function script(u: number): string[] {
  return Array.from({ length: TURNS }, (_, t) =>
    t === 0 ? `我们是嘉兴的软件企业，去年软件业务收入${revenue(u)}万，能拿多少奖励？` : t % 2 ? `比前年增长了${growth(u, t)}%` : FOLLOW_UPS[(t / 2) % FOLLOW_UPS.length],
  )
}

/** What one person gets talking to the bot alone: the answers to compare with. */
function alone(u: number): Answer[] {
  const s = newSession()
  return script(u).map((q) => bot.ask(q, s, ASOF))
}

describe(`${USERS} people × ${TURNS} turns at once`, () => {
  it('answers every turn, each person with their own facts only', { timeout: 120_000 }, async () => {
    const file = join(dir, 'store.json')
    const store = await LowdbStore.open(file)
    const conversations = new Conversations(bot, store, () => ASOF)
    const person = async (u: number) => {
      const answers: (Answer | null)[] = []
      for (const [t, text] of script(u).entries()) {
        // as a person does: the next message once the reply has come
        const turn = await conversations.handle({ channel: 'wechat', platformMsgId: `m-${u}-${t}`, conversation: { chatId: `wxid_${u}`, isGroup: false }, sender: { id: `wxid_${u}` }, text })
        answers.push(turn?.answer ?? null)
      }
      return answers
    }
    const started = performance.now()
    const all = await Promise.all(Array.from({ length: USERS }, (_, u) => person(u)))
    const seconds = (performance.now() - started) / 1000
    await store.close()

    // no lost turn: every message got its answer
    expect(all.flat().filter((a) => a === null)).toHaveLength(0)

    // no fact crossing: an answer that computes the milestone reward names this person's revenue, no one else's
    const others = (u: number) => new RegExp(`(?<!\\d)(${Array.from({ length: USERS }, (_, v) => v).filter((v) => v !== u).map(revenue).join('|')})万元`)
    let computed = 0
    all.forEach((answers, u) =>
      answers.forEach((a, t) => {
        const text = JSON.stringify(a)
        expect(text, `person ${u}, turn ${t}: another person's revenue`).not.toMatch(others(u))
        const p = a!.policies.find((x) => x.id === 'jiaxing-software-revenue-milestone')
        if (p?.amount?.explanation) {
          expect(p.amount.explanation, `person ${u}, turn ${t}`).toContain(`${revenue(u)}万元`)
          computed++
        }
      }),
    )
    expect(computed).toBeGreaterThanOrEqual(USERS * 5)

    // exactly what each would get alone, turn by turn (a sample: the check costs as much again)
    for (let u = 0; u < USERS; u += 10) expect(all[u], `person ${u}`).toEqual(alone(u))

    // what the store keeps after the storm, read back from the file as a restarted bot would
    const reopened = await LowdbStore.open(file)
    for (let u = 0; u < USERS; u++) {
      const s = await reopened.load(`wechat:wxid_${u}`)
      expect(s.profile.softwareRevenue, `person ${u}`).toBe(revenue(u) * 10_000)
      expect(s.profile.revenueGrowth, `person ${u}`).toBeCloseTo(growth(u, TURNS - 1) / 100, 10)
    }
    // every message id is remembered: a platform's retry of any of them is not answered again
    const restarted = new Conversations(bot, reopened, () => ASOF)
    for (let u = 0; u < USERS; u += 7) {
      const t = (u * 13) % TURNS
      const retry = await restarted.handle({ channel: 'wechat', platformMsgId: `m-${u}-${t}`, conversation: { chatId: `wxid_${u}`, isGroup: false }, sender: { id: `wxid_${u}` }, text: script(u)[t] })
      expect(retry, `person ${u}`).toBeNull()
    }
    await reopened.close()
    console.info(`${USERS * TURNS} turns in ${seconds.toFixed(1)} s (${Math.round((USERS * TURNS) / seconds)} turns/s)`)
  })

  it('keeps one person’s order when they send 50 messages without waiting', { timeout: 30_000 }, async () => {
    const store = await LowdbStore.open(join(dir, 'burst.json'))
    const conversations = new Conversations(bot, store, () => ASOF)
    const u = 7
    // every message sent at once; the core must take them one at a time, in order
    const turns = await Promise.all(
      script(u).map((text, t) => conversations.handle({ channel: 'feishu', platformMsgId: `b-${t}`, conversation: { chatId: 'oc_burst', isGroup: false }, sender: { id: 'ou_7' }, text })),
    )
    expect(turns.map((t) => t?.answer)).toEqual(alone(u))
    expect((await store.load('feishu:oc_burst')).profile.revenueGrowth).toBeCloseTo(growth(u, TURNS - 1) / 100, 10)
    await store.close()
  })
})
