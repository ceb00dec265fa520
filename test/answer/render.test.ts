// The chat reply as a phone shows it, rendered from the structured answer: the answer and its
// validity first, the deciding reason, the clause by the document's own labels, one next step;
// the whole on request, and a follow-up about a step answered with that step alone.
import { describe, expect, it } from 'vitest'
import { Bot, newSession } from '../../src/bot.js'
import { knowledge } from '../../src/knowledge.js'

const bot = new Bot(knowledge())
const asOf = '2026-12-05'
const LINE = /第\d+行/

describe('the chat reply', { timeout: 30_000 }, () => {
  it('leads with the figure and the validity, gives the reckoning and the clause, and stays short', () => {
    const a = bot.ask('嘉兴一家软件公司，今年软件业务收入第一次过了3000万，是3300万，比去年涨了20%，奖励多少？', newSession(), asOf)
    const [head, ...rest] = a.reply.split('\n')
    expect(head).toMatch(/^【软件业务收入新达到规模奖励】.*50万元（征求意见稿）$/)
    expect(rest.some((l) => l.startsWith('计算：'))).toBe(true)
    expect(a.reply).toContain(`依据：${a.policies[0].citation}`)
    expect(a.policies[0].citation).toMatch(/》四、（三）$/)
    expect(a.reply).not.toMatch(LINE)
    expect(a.reply.length).toBeLessThan(600)
  })

  it('quotes the sentence of the clause that answers what the question asks beyond the title', () => {
    const s = newSession()
    bot.ask('嘉兴的软件企业，产品刚拿到国家级首版次认定，能拿多少钱', s, asOf)
    const once = bot.ask('这个奖励是一次性的还是每年都有？', s, asOf)
    expect(once.policies[0].amount?.value).toBe(1_500_000)
    expect(once.policies[0].answering?.text).toMatch(/一次性奖励/)
    // shown as the clause's words unless the summary already says them
    expect(once.reply).toMatch(/一次性奖励/)
    // a question the title and reckoning already answer gets no quote
    const plain = bot.ask('嘉兴一家软件公司，今年软件业务收入第一次过了3000万，是3300万，比去年涨了20%，奖励多少？', newSession(), asOf)
    expect(plain.reply).not.toContain('原文：')
  })

  it('names a few more measures when the asker asks which there are', () => {
    const a = bot.ask('邯郸的小企业，贷款融资这块省里都有哪些措施', newSession(), asOf)
    expect(a.reply).toMatch(/^也可看：/m)
    expect(a.reply).toMatch(/^另有：【[^】]+】(；【[^】]+】){1,2}$/m)
    // one about this enterprise's own case names no more
    const one = bot.ask('嘉兴一家软件公司，今年软件业务收入第一次过了3000万，是3300万，比去年涨了20%，奖励多少？', newSession(), asOf)
    expect(one.reply).not.toMatch(/^另有：/m)
  })

  it("names, for a list asked, the other measures of the first one's clause", () => {
    // 000 line 10 is one clause split into several rules: attracting packaging firms, ceramic lines, upgrading
    const a = bot.ask('河北这边对集成电路封装测试企业有啥支持', newSession(), asOf)
    expect(a.policies[0].source.line).toBe(10)
    expect(a.reply).toMatch(/^(也可看|另有)：.*陶瓷封装外壳/m)
  })

  it('says why a policy is not met, with the gap, instead of the whole policy', () => {
    const a = bot.ask('我们是聊城做软件的，只过了CMMI二级，能拿CMMI的奖励吗', newSession(), asOf)
    const p = a.policies[0]
    expect(p.eligible).toBe(false)
    expect(a.reply).toMatch(/不符合条件/)
    expect(a.reply).toMatch(/原因：.*2级/)
    expect(a.reply).not.toMatch(/^条件：/m) // every condition is for 详细
  })

  it('answers a follow-up about documents with the documents, not the policy again', () => {
    const s = newSession()
    const first = bot.ask('唐山一家小贷公司，跟券商合作发了一单资产支持专项计划，规模4个亿，已经发成了，省里给奖励吗', s, asOf)
    const docs = bot.ask('申请要交哪些材料？', s, asOf)
    expect(docs.policies[0].id).toBe(first.policies[0].id)
    expect(docs.reply).toMatch(/^【[^】]+】\n材料：1\. /)
    if (first.policies[0].summary) expect(docs.reply).not.toContain(first.policies[0].summary)
    expect(docs.reply.length).toBeLessThan(first.reply.length + 400)
  })

  it('gives every condition, the reckoning, the clause in full and the validity note on 详细', () => {
    const s = newSession()
    bot.ask('嘉兴的软件企业，通过了CMMI四级，以前是三级，能拿多少', s, asOf)
    const d = bot.ask('详细', s, asOf)
    expect(d.reply).toMatch(/^条件：/m)
    expect(d.reply).toMatch(/依据：《[^》]+》[^：]*：“/) // the quote in full
    expect(d.reply).toMatch(/^效力：征求意见稿（草案）/m)
    expect(d.reply.length).toBeGreaterThan(bot.ask('嘉兴的软件企业，通过了CMMI四级，以前是三级，能拿多少', newSession(), asOf).reply.length)
  })

  it('never cites a file line, in the reply or in any policy rendered to a channel', () => {
    for (const q of ['深圳引进化合物半导体企业有什么说法', '河北首台套保险补贴补多少', '小规模纳税人月销售额8万要交增值税吗'])
      for (const p of bot.ask(q, newSession(), asOf).policies) expect(JSON.stringify({ ...p, source: undefined })).not.toMatch(LINE)
  })
})
