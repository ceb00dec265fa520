import { describe, expect, it } from 'vitest'
import { askedParts } from '../../src/dialogue/asked-parts.js'

describe('the questions of one message', () => {
  it('parts questions typed without punctuation, each asked by its closing 不 or 有没有', () => {
    expect(askedParts('技改项目投了八百万 设备补助能申请不 贴息有没有')).toEqual(['设备补助能申请不', '贴息有没有'])
    expect(askedParts('想拿专利去质押贷款 省里贴息能不能申请 要准备哪些东西')).toEqual(['省里贴息能不能申请', '要准备哪些东西'])
  })

  it('parts questions after a comma or a question mark, and keeps a statement out', () => {
    expect(askedParts('我们在聊城做软件，首版次软件补多少？去哪里报？')).toEqual(['首版次软件补多少', '去哪里报'])
    expect(askedParts('我们是唐山的一家钢铁厂，去年营收九个亿')).toEqual([])
  })

  it('takes 这几年, 之后几年, 好几家 for counts, not questions', () => {
    expect(askedParts('这几年一直亏，前几年的亏损补了一部分，剩下的能结转几年？')).toEqual(['剩下的能结转几年'])
    expect(askedParts('好几家银行都给我们贷了款，贴息能拿多少')).toEqual(['贴息能拿多少'])
  })
})
