// What counts as personal data in a message, both ways: the numbers and names hidden, and the
// words that only look like them (a trade after 我是, a place, a sum, a run of years) left alone.
import { describe, expect, it } from 'vitest'
import { Bot } from '../src/bot.js'
import { newSession } from '../src/dialogue/session.js'
import { knowledge } from '../src/knowledge.js'
import { mask, scrub } from '../src/personal.js'

// [said, the name it gives]
const NAMES: [string, string][] = [
  ['您好，我叫周子涵，想问下研发补贴', '周子涵'],
  ['我是孙立，嘉兴一家做电机的公司', '孙立'],
  ['我是欧阳明远。我们厂在聊城', '欧阳明远'],
  ['我叫何静 手机不方便接', '何静'],
  ['老师好，我是韦小宝呀，问个事', '韦小宝'],
  ['姓名：钟晓梅，企业在深圳', '钟晓梅'],
  ['我的名字叫葛优，公司在河北', '葛优'],
  ['我叫阿朵。', '阿朵'],
  ['我叫王方，想问问补贴', '王方'],
  ['领导好，我是李长生。', '李长生'],
]
// said with 我是 / 我叫, and no name in it
const NOT_NAMES = [
  '我是做软件的，去年营收三千万',
  '我是嘉兴的企业，想了解奖励',
  '我是温州人，厂在嘉兴',
  '我是常熟。想问技改补贴',
  '我是高企，研发费用能加计扣除吗',
  '我是车间主任，帮老板问问',
  '我是新办的企业，有什么优惠',
  '我是财务，问下留抵退税',
  '我是包装厂，用工补贴有吗',
  '我是江西的，政策一样吗',
  '我是第一次来问，怎么申请',
  '我是想问专精特新的奖励',
  '我是公司法人，能申请吗',
  '我是石家庄。有什么补贴',
]
// figures the bot reads, and years, kept as typed
const KEEP = ['去年营收3500万元', '2023年和2024年', '2021 2022 2023 2024年的数据', '增长了15.5%', '研发投入1200000元', '嘉政发〔2023〕12号', '0573-82012345']

describe('personal data in a message', () => {
  it.each(NAMES)('hides the name in “%s”', (said, name) => {
    expect(mask(said)).not.toContain(name)
    expect(mask(said)).toContain('*'.repeat(name.length))
    expect(scrub(said)).toContain('〔姓名〕')
    // nothing else of the message changes
    expect(mask(said).replace(/\*+/, name)).toBe(said)
  })

  it.each(NOT_NAMES)('finds no name in “%s”', (said) => {
    expect(mask(said)).toBe(said)
    expect(scrub(said)).toBe(said)
  })

  it.each([
    ['工资卡6217002870012345678', '6217002870012345678', '〔卡号或证件号〕'],
    ['卡号 6228 4800 1234 5678 901', '6228 4800 1234 5678 901', '〔卡号或证件号〕'],
    ['老身份证号330402780512031', '330402780512031', '〔卡号或证件号〕'],
    ['身份证33040219780512031X', '33040219780512031X', '〔证件号〕'],
    ['手机 159-8765-4321 随时打', '159-8765-4321', '〔手机号〕'],
  ])('hides the number in “%s”', (said, number, label) => {
    expect(mask(said)).not.toContain(number)
    expect(mask(said)).toContain(number.replace(/[\s-]/g, '').slice(-4))
    expect(scrub(said)).toBe(said.replace(number, label))
  })

  it.each(KEEP)('leaves “%s” alone', (said) => {
    expect(mask(said)).toBe(said)
    expect(scrub(said)).toBe(said)
  })

  it('changes nothing the bot reads in the turn: the figures beside a phone and a name are read as before', () => {
    const bot = new Bot(knowledge())
    const said = '我叫周子涵，电话13912345678，我们嘉兴做软件的，去年营收3500万，增长了15%，能拿多少奖励？'
    const plain = newSession()
    const withPerson = newSession()
    bot.ask('我们嘉兴做软件的，去年营收3500万，增长了15%，能拿多少奖励？', plain, '2026-11-23')
    const answer = bot.ask(said, withPerson, '2026-11-23')
    expect(withPerson.profile).toEqual(plain.profile)
    expect(withPerson.profile).toMatchObject({ region: '嘉兴市', revenue: 35000000, revenueGrowth: 0.15 })
    expect(answer.policies[0].id).toBe('jiaxing-software-revenue-milestone')
  })
})
