// Conversations through the Bot with the project's real rules: facts kept across turns,
// corrections, elliptical follow-ups, reset.
import { describe, expect, it } from 'vitest'
import { Bot, newSession } from '../src/bot.js'
import { knowledge } from '../src/knowledge.js'

const bot = new Bot(knowledge())
const talk = (...turns: string[]) => {
  const s = newSession()
  return turns.map((t) => bot.ask(t, s, '2026-11-23'))
}
const milestone = (a: ReturnType<typeof talk>[number]) => a.policies.find((p) => p.id === 'jiaxing-software-revenue-milestone')

describe('a conversation', () => {
  it('keeps facts across turns and asks only for what is missing', () => {
    const [first, second] = talk('我们是嘉兴的软件企业，去年软件业务收入第一次过了三千万，是3200万，能拿多少奖励？', '比前年涨了百分之十二')
    expect(milestone(first)?.eligible).toBeNull()
    expect(first.missing[0].fact).toBe('revenueGrowth')
    expect(milestone(second)).toMatchObject({ eligible: true, amount: { value: 500000 } })
    expect(second.reply).not.toContain('还需确认：去年收入')
  })

  it('lets a correction overwrite a fact and forgets the old figure', () => {
    const [, fixed] = talk('我们是海宁的软件企业，去年软件业务收入二千四百万，同比增长25%，能奖多少', '不好意思报错了，软件收入是三千四百万，增速没变')
    expect(milestone(fixed)?.amount?.value).toBe(500000)
    expect(fixed.reply).not.toContain('2400万')
  })

  it('reads a bare figure in a follow-up as the latest fact of its kind', () => {
    const turns = talk('嘉兴的软件企业，去年软件业务收入3200万，增长12%，能拿多少？', '那明年要是冲到五千五百万呢？')
    expect(turns[1].policies[0].id).toBe('jiaxing-software-revenue-milestone')
    expect(turns[1].policies[0].amount?.value).toBe(1000000)
  })

  it('does not take the customers’ city for the enterprise’s', () => {
    const [, , third] = talk('想问下做软件外包的企业有啥奖励政策', '公司在嘉兴的', '去年接了杭州和上海客户的单子，实际执行了两千八百万')
    expect(third.policies[0]).toMatchObject({ id: 'jiaxing-software-outsourcing-reward', eligible: true, amount: { value: 840000 } })
  })

  it('starts over on reset and keeps nothing', () => {
    const s = newSession()
    bot.ask('平湖的软件企业，去年软件业务收入2100万，增长了11%', s, '2026-11-23')
    const reset = bot.ask('重新开始', s, '2026-11-23')
    expect(reset.intent).toBe('reset')
    expect(s.profile).toEqual({})
  })

  it('answers the question it asked even in a long message, and stays with that policy', () => {
    const [first, second] = talk('我们嘉兴做软件的，软件业务收入首次达到三千二百万，能拿多少奖励', '去年比前年增长了百分之十二左右，具体数字等年报出来再告诉你')
    expect(first.missing[0].fact).toBe('revenueGrowth')
    expect(second.policies[0]).toMatchObject({ id: 'jiaxing-software-revenue-milestone', eligible: true, amount: { value: 500000 } })
  })

  it('moves to a sibling item of the same list when a follow-up names it', () => {
    const [first, books] = talk('我们出口竹刻工艺品，现在退税率是多少', '那书籍呢')
    expect(first.policies[0].id).toBe('tax-export-rebate-93-13')
    expect(books.policies[0].id).toBe('tax-export-rebate-93-16')
    expect(books.reply).toContain('16%')
  })

  it('reads 超过500万 as a bound and says it so', () => {
    const [a] = talk('我们是转登记的纳税人，转登记以后连续12个月应税销售额超过500万元了，要怎么办')
    expect(a.policies.find((p) => p.id === 'tax-reregister-exceed-standard')?.eligible).toBe(true)
    expect(a.reply).toContain('超过500万元')
    expect(a.reply).not.toMatch(/5000000\.0|500\.000/)
  })

  it('takes a round figure (五千一二百万, 一百五十来万) as settling a tier, never as the exact base of a share', () => {
    const [tier] = talk('桐乡一家软件公司，软件业务收入五千一二百万，比前年增长了百分之十二，奖多少')
    expect(milestone(tier)?.amount?.value).toBe(1000000)
    const [share] = talk('首台套综合险一年保费一百五十来万，省里补贴多少')
    const premium = share.policies.find((p) => p.id === 'hebei18-fs-premium-subsidy')
    // 80% of 150万 would be 120万: the premium may be more, so only the cap is known
    expect(premium?.amount).toMatchObject({ value: null, max: 2000000 })
  })

  it('answers the tax saved when that is all the question asks, and the tax due when it asks both', () => {
    const ask = (q: string) => bot.ask(q, newSession(), '2018-12-15').policies.find((p) => p.id === 'tax-small-low-profit-rate')?.amount?.value
    // 80万 × 25% − 80万 × 50% × 20%
    expect(ask('做机械加工的小型微利企业，应纳税所得额80万，比按25%交少交多少')).toBe(120000)
    expect(ask('做机械加工的小型微利企业，应纳税所得额80万，实际要交多少，比按25%交能省多少')).toBe(80000)
  })

  it('says no for a year the policy period does not reach, and not for a year that is another fact', () => {
    const [late] = talk('国家级孵化器，2024年提供给在孵企业的厂房，房产税还免不免')
    const exemption = late.policies.find((p) => p.id === 'hebei-ic-incubator-property-land-tax-exemption')
    expect(exemption?.eligible).toBe(false)
    expect(late.reply).toContain('2024年已在政策执行期')
    // a founding year is no period asked about
    const [founded] = talk('2008年成立的国家级孵化器，提供给在孵企业的厂房，房产税免不免')
    expect(founded.reply).not.toContain('所说的2008年')
  })

  it('finds a certification written with its level run on (CMMI5, itss2) as with a space', () => {
    for (const q of ['嘉兴软件企业CMMI5级奖多少', '嘉兴cmmi5能奖多少钱'])
      expect(talk(q)[0].policies[0].id, q).toBe('jiaxing-cmmi-certification-reward')
  })

  it('stays with the policy just discussed when a follow-up points back at it (刚才那个, 说回…那件事), after small talk too', () => {
    const [, , back] = talk('嘉兴的软件企业，ITSS二级能奖多少', '你们这个机器人挺快的哈', '刚才那个要交什么材料')
    expect(back.intent).toBe('documents')
    expect(back.policies[0].id).toBe('jiaxing-itss-certification-reward')
  })

  it('answers the sum for one item when that is what is asked (每项给多少), whatever the count', () => {
    const [one] = talk('主持国际标准的制修订，河北省里每项给多少')
    expect(one.policies[0]).toMatchObject({ id: 'hebei-ic-international-standard-funding', amount: { value: 300000 } })
    const [three] = talk('河北的芯片企业，主持了仨国际标准，资助一共多少')
    expect(three.policies[0]).toMatchObject({ id: 'hebei-ic-international-standard-funding', amount: { value: 900000 } })
  })

  it('compares two measures of one place for the asker: both sums and the gap', () => {
    const [a] = talk('海盐的软件公司，首次进入软件业务收入前百强和首次入围浙江省重点软件企业，奖励相差多少')
    expect(a.intent).toBe('compare')
    expect(a.reply).toContain('150万')
    expect(a.reply).toContain('对比：【首次入围浙江省重点软件企业奖励】50万元；本条多100万元')
  })

  it('gives every step of applying one question asks (材料报哪里，几号截止), not only the first', () => {
    const [a] = talk('股权投资基金业发展奖励 材料报哪里 截止到几号')
    const ef = a.policies[0]
    expect(ef.deadline).toBeTruthy()
    expect(a.reply).toContain(`时间：${ef.deadline}`)
  })

  it('adds up the sums of several measures the asker qualifies for when a total is asked', () => {
    const [a] = talk('海宁的软件公司，今年第一次通过ISO27001，又首次入围浙江省重点软件企业，两个加起来奖多少')
    expect(a.reply).toMatch(/合计：.*= 60万元/)
    // without a total asked, each stands alone
    const [b] = talk('海宁的软件公司，今年第一次通过ISO27001，又首次入围浙江省重点软件企业，奖多少')
    expect(b.reply).not.toContain('合计：')
  })

  it('takes a short question about prices or markets, which names no policy, for out of scope', () => {
    expect(talk('黄金现在这个位置能不能上车')[0].intent).toBe('out_of_scope')
    // while a short name of a measure is still looked up
    expect(talk('数字工匠学院')[0].policies[0]?.id).toBe('jiaxing-digital-craftsman-academy')
  })

  it('adds up several figures where the policy counts a total', () => {
    const [few] = talk('我们四家保险公司想组个共保体，注册资本分别60亿、50亿、50亿和30亿，够条件吗')
    expect(few.policies[0]).toMatchObject({ id: 'hebei18-fs-coinsurance', eligible: false })
    expect(few.reply).toContain('190亿')
    const [enough] = talk('河北的三家保险公司组共保体，注册资本分别90亿、80亿、60亿，近三年偿付能力都在180%以上，符合条件吗')
    expect(enough.policies.find((p) => p.id === 'hebei18-fs-coinsurance')?.eligible).toBe(true)
  })

  it('puts a clause that reads nothing the asker said after the one of its trade, conditions or not', () => {
    // the building-materials R&D clause has conditions the chemical firm never spoke of
    for (const q of ['邢台一家化工企业，准备建省级企业研发机构，申报有时间要求吗？', '我们是沧州的石化厂，想申报企业研发机构，啥时候开始报名？'])
      expect(talk(q)[0].policies[0].id).toBe('hebei18-pc-rd-institutions')
  })

  it('answers a further question about a step of applying from the same notice, with that step', () => {
    // the first policy (who applies) states no date; the notice's date clause answers, and the
    // reply does not say the text has none
    const [a] = talk('外省银行在河北开的省分行，创新产品奖励是分行报还是总行报？最晚哪天交？')
    expect(a.policies[0].id).toBe('hebei18-bi-application')
    const further = a.reply.slice(a.reply.indexOf('您还问到'))
    expect(further).toContain('冀办发〔2016〕54号')
    expect(further).toMatch(/时间：每年7月31日前/)
    expect(a.reply).not.toContain('原文未写明申报截止时间')
  })

  it('answers each subject told before a question asked of all of them (…，另外…，两项分别…)', () => {
    const [a] = talk('邢台一家租赁公司，打算跟券商合作发资产支持专项计划；另外我们有只股权投资基金投了省内一家企业，两项分别能拿什么奖励？')
    expect(a.policies[0].title).toMatch(/资产支持专项计划/)
    expect(a.reply).toMatch(/【股权投资基金[^】]*1%/)
    // the question asked of both is no subject of its own
    expect(a.reply).not.toContain('您还问到“两项分别能拿什么奖励”')
  })

  it('recognises requests it should not answer', () => {
    expect(talk('帮我写一份公司年终总结，五百字左右')[0].intent).toBe('out_of_scope')
    expect(talk('你给我转人工吧')[0].intent).toBe('handoff')
  })

  it('takes a sum said without its words as the one the policy asked about lacks, and says so', () => {
    const [a] = talk('我们准备融资2亿，方式是在交易商协会发资产支持票据，河北这边能奖多少')
    expect(a.policies[0].amount?.max).toBe(200000)
    expect(a.reply).toContain('按您说的2亿计')
    // a sum of something else (a salary) is no figure of a policy merely listed beside the answer
    const [b] = talk('员工月薪一万出头，新个税综合所得税率表哪几档变了')
    expect(b.policies.every((p) => p.amount?.value == null)).toBe(true)
    expect(b.reply).not.toContain('按您说的')
  })

  it('names the clause of a second question typed after a space, not only the first answer', () => {
    const [a] = talk('小微企业 授信六百万的流动资金贷款 能不能自主支付 续贷要先还本不')
    expect(a.policies[0].title).toContain('自主支付')
    expect(a.reply).toMatch(/【[^】]*无还本续贷[^】]*】/)
  })

  it('answers 省里 with what a province gives before a city measure, and 市里 the other way', () => {
    const [province] = talk('省里对软件园区有奖励吗')
    expect(province.policies[0].region).toBe('河北省')
    const [city] = talk('我们在嘉兴做软件的，市里对软件企业上规模有什么奖励')
    expect(city.policies[0].region).toBe('嘉兴市')
  })
})
