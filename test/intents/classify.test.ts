import { describe, expect, it } from 'vitest'
import { KINDS, classify } from '../../intents/classify.js'

describe('intents', () => {
  for (const k of KINDS)
    it(`recognises the examples of ${k.intent}`, () => {
      for (const e of k.examples) expect(classify(e, false), e).toEqual({ intent: k.intent, confidence: k.confidence })
    })

  it('keeps errands out of scope unless they are about policy', () => {
    expect(classify('帮我订一张明天去石家庄的高铁票', false).intent).toBe('out_of_scope')
    expect(classify('今天乌镇天气怎么样', false).intent).toBe('out_of_scope')
    expect(classify('文化产品对外翻译能享受技术先进型服务企业税收优惠吗', false).intent).not.toBe('out_of_scope')
  })

  it('falls back to finding policies when the words are about support or give facts', () => {
    expect(classify('嘉兴 软件 奖励', false)).toEqual({ intent: 'find_policies', confidence: 0.6 })
    expect(classify('去年营收三千万', true).intent).toBe('find_policies')
  })
})
