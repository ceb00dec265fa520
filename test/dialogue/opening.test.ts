// A vague first message, the answer to its questions, and a move to a place that has nothing on
// the subject: the conversation as an asker meets it, through the bot.
import { describe, expect, it } from 'vitest'
import { Bot, newSession } from '../../src/bot.js'
import { knowledge } from '../../src/knowledge.js'
import { splittingFacts } from '../../src/dialogue/opening.js'

const k = knowledge()
const bot = new Bot(k)
const asOf = '2026-12-05'

describe('the first questions and honest negatives', { timeout: 30_000 }, () => {
  it('counts the place first and a kind of enterprise next among what splits the knowledge base', () => {
    const facts = splittingFacts(k.rules, (f) => k.facts[f]?.type, 3)
    expect(facts[0]).toBe('region')
    expect(facts.slice(1)).toContain('industry')
  })

  it.each([
    ['咱们企业可以申请哪些补贴呀', ['region', 'industry']],
    ['公司想了解下能享受啥优惠', ['region', 'industry']],
    ['有什么扶持政策可以申报', ['region', 'applicantType']], // who applies is not said: a firm, a county, a bank?
  ])('asks where and what trade before guessing: %s', (q, facts) => {
    const a = bot.ask(q, newSession(), asOf)
    expect(a.policies).toEqual([])
    expect(a.missing.map((m) => m.fact)).toEqual(facts)
    expect(a.reply).toMatch(/哪个市/)
    expect(a.reply).toMatch(/嘉兴市/) // where the knowledge base has policies
  })

  it('answers the opening with what that place and trade can apply for, money first', () => {
    const s = newSession()
    bot.ask('我们能申请点什么补助', s, asOf)
    const a = bot.ask('公司在嘉兴，做软件开发的', s, asOf)
    expect(a.policies.length).toBeGreaterThan(2)
    for (const p of a.policies) {
      expect(['嘉兴市', '全国']).toContain(p.region)
      expect(p.amount).not.toBeNull()
      expect(p.eligible).not.toBe(false)
    }
  })

  it('says a place has nothing on the subject, and names what it has', () => {
    const s = newSession()
    bot.ask('嘉兴的软件公司，软件业务收入今年到了2600万，增速18%，奖多少', s, asOf)
    const a = bot.ask('换到深圳的话呢', s, asOf)
    expect(a.reply).toMatch(/^收录的深圳市政策中没有关于“[^”]*软件[^”]*”的条款/)
    expect(a.reply).toContain('《深圳市培育发展半导体与集成电路产业集群行动计划》')
  })

  it('finds the same subject among the measures of the place moved to', () => {
    const s = newSession()
    bot.ask('嘉兴的软件公司，软件业务收入今年到了2600万，增速18%，奖多少', s, asOf)
    const a = bot.ask('要是放在聊城呢', s, asOf)
    expect(a.policies[0].region).toBe('聊城市')
    expect(a.policies[0].title).toMatch(/软件/)
  })

  it('hears a subject said in other words of the same kind (关键核心技术攻关 in 核心技术攻关能力)', () => {
    const s = newSession()
    bot.ask('石家庄做芯片设计的，承担了关键核心技术攻关，省里给多少', s, asOf)
    const a = bot.ask('搬去深圳的话呢', s, asOf)
    expect(a.reply).not.toMatch(/没有关于/)
    expect(a.policies[0].region).toBe('深圳市')
    expect(a.policies[0].title).toMatch(/攻关/)
  })
})
