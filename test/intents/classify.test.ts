// The intent classifier: cue patterns where they are sure, the naive Bayes model trained on the
// kinds' examples where no pattern speaks, and the patterns alone when there is no model file.
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ALL_KINDS, IntentClassifier, byPattern, openClassifier } from '../../intents/classify.js'
import { heldOut, predict, train } from '../../intents/model.js'

const examples = ALL_KINDS.flatMap((k) => k.examples.map((text) => ({ text, intent: k.intent })))
const { learn, check } = heldOut(examples, 4)
const trial = train(learn)
const full = new IntentClassifier(() => train(examples))
const accuracy = (guess: (t: string) => string) => check.filter((e) => guess(e.text) === e.intent).length / check.length

describe('intent examples', () => {
  it('has varied examples for every intent, none said twice', () => {
    for (const k of ALL_KINDS) expect(k.examples.length, k.intent).toBeGreaterThanOrEqual(25)
    const texts = examples.map((e) => e.text)
    expect(new Set(texts).size).toBe(texts.length)
  })

  it('keeps the patterns for what they were written for', () => {
    const cases: [string, string][] = [
      ['转人工', 'handoff'],
      ['你给我找个真人问问', 'handoff'],
      ['重新开始', 'reset'],
      ['行了，这家不问了，换个企业从头说', 'reset'],
      ['删除我的信息', 'forget_me'],
      ['这个政策还有效吗', 'status'],
      ['财税〔2018〕77号的执行期限是？', 'status'],
      ['要准备啥材料？', 'documents'],
      ['报这个奖励还得附上哪些东西', 'documents'],
      ['申请专项资金时银行那边要提供啥', 'documents'],
      ['每年几月交', 'deadline'],
      ['技改奖补最晚哪天交上去', 'deadline'],
      ['申报几号以前要递上去', 'deadline'],
      ['找哪个部门', 'where_to_apply'],
      ['嘉兴和聊城哪边多', 'compare'],
      ['这个50万怎么算的', 'explain'],
      ['冀财金〔2016〕27号第五条', 'lookup'],
      ['市里能补多少', 'compute_amount'],
      ['算不算小型微利企业', 'check_eligibility'],
      ['你好', 'help'],
    ]
    for (const [text, intent] of cases) expect(byPattern(text)?.intent, text).toBe(intent)
  })

  it.each(['做复合材料的厂子在廊坊，有啥扶持', '原材料涨价了，有没有补贴', '半导体设备和材料企业能拿多少'])('reads materials that are goods as no question of documents: %s', (t) => {
    expect(byPattern(t)?.intent).not.toBe('documents')
  })
})

describe('small talk and requests for a person, in words no example holds', () => {
  it.each([
    '多谢多谢，你们真是帮大忙了',
    '好嘞，收到',
    '辛苦啦，这么晚还在值班啊',
    '嗯嗯知道了，拜拜',
    '你是哪个公司研发的？',
    '你们中午休息吗',
  ])('is out of scope: %s', (t) => {
    expect(byPattern(t)?.intent).toBe('out_of_scope')
  })

  it.each(['谢谢，那聊城呢？', '好的，那要交哪些材料', '辛苦了，再问一下首台套保险补多少', '明白了，那我们还能拿别的奖励吗'])('keeps the question after the thanks: %s', (t) => {
    expect(byPattern(t)?.intent).not.toBe('out_of_scope')
  })

  it.each([
    '算了，还是请科技局管这个的同志给我回个电话吧',
    '麻烦让财政局的人联系我一下',
    '你这说不清，安排个负责人跟我对接',
    '能不能找税务局的老师给我打个电话',
    '请经办人回复我，我留个号码',
    '叫你们的工作人员跟我沟通吧',
    // put through to a person, or met in person
    '能不能帮我联系一下商务局的同志',
    '想约经信局的老师聊聊',
    '帮我接通财政厅管这块的人',
    '我还是想当面咨询一下',
    '给我转接人社局的专员',
  ])('is a hand-off: %s', (t) => {
    expect(byPattern(t)?.intent).toBe('handoff')
  })

  it.each(['我们联系了当地工作人员，他们说能申报，奖多少', '这个去哪个窗口办理', '要联系哪个科室提交材料'])('is no hand-off: %s', (t) => {
    expect(byPattern(t)?.intent).not.toBe('handoff')
  })
})

describe('the trained classifier', () => {
  // stated accuracies on the held-out quarter (every 4th example of each intent); measured when
  // written: model alone 83.6%, patterns alone 52.9%, patterns and model together 85.0%
  it('recognises held-out examples it was not trained on', () => {
    const combined = new IntentClassifier(() => trial)
    const patternsOnly = new IntentClassifier(() => null)
    expect(accuracy((t) => predict(trial, t).ranked[0].intent)).toBeGreaterThanOrEqual(0.8)
    expect(accuracy((t) => combined.classify(t, false).intent)).toBeGreaterThanOrEqual(0.8)
    expect(accuracy((t) => combined.classify(t, false).intent)).toBeGreaterThan(accuracy((t) => patternsOnly.classify(t, false).intent) + 0.2)
  })

  it('gives every result a confidence and says where it came from', () => {
    for (const text of ['转人工', '几号之前要报', '嘉兴 CMMI 五级', '帮我起个公司名字', '']) {
      const g = full.classify(text, false)
      expect(g.confidence, text).toBeGreaterThan(0)
      expect(g.confidence, text).toBeLessThanOrEqual(1)
      expect(['pattern', 'model', 'default']).toContain(g.by)
    }
    expect(full.classify('转人工', false).by).toBe('pattern')
  })

  it('understands follow-ups no pattern covers', () => {
    expect(full.classify('报名截至哪天', false)).toMatchObject({ intent: 'deadline', by: 'model' })
    expect(full.classify('该交给哪个科室', false)).toMatchObject({ intent: 'where_to_apply', by: 'model' })
    expect(full.classify('请你们专员跟我联系一下', false)).toMatchObject({ intent: 'handoff', by: 'model' })
  })

  it('never takes a question about policies for a greeting, an errand or a request to start over', () => {
    for (const text of ['我们厂环保手续齐全，限产的时候会不会被一起停掉？', '我们想在园区新建厂房，你好，有补贴吗', '重新认定高企以后还能享受吗'])
      expect(['help', 'out_of_scope', 'reset', 'forget_me']).not.toContain(full.classify(text, true).intent)
  })

  it('leaves what it thinks out of scope unsure, so that a policy name it never saw is still searched', () => {
    const g = full.classify('今天适合出门吗', false)
    expect(g.intent).toBe('out_of_scope')
    expect(g.confidence).toBeLessThan(0.5)
    expect(full.classify('帮我订一张明天去上海的机票', false)).toMatchObject({ intent: 'out_of_scope', by: 'pattern' })
    expect(full.classify('文化产品对外翻译能享受技术先进型服务企业税收优惠吗', false).intent).not.toBe('out_of_scope')
  })

  it('falls back to finding policies when the words are about support or give facts', () => {
    expect(full.classify('嘉兴 软件 奖励', false).intent).toBe('find_policies')
    expect(full.classify('去年营收三千万', true).intent).toBe('find_policies')
  })
})

describe('without a model file', () => {
  it('uses the patterns and says so once, without failing', () => {
    const heard: string[] = []
    const c = openClassifier(join(mkdtempSync(join(tmpdir(), 'intents-')), 'missing.json'), (m) => heard.push(m))
    expect(c.classify('转人工', false)).toEqual({ intent: 'handoff', confidence: 0.95, by: 'pattern' })
    expect(c.classify('那边怎么说的', false)).toEqual({ intent: 'out_of_scope', confidence: 0.4, by: 'default' })
    expect(c.classify('嘉兴 软件 奖励', false)).toEqual({ intent: 'find_policies', confidence: 0.6, by: 'default' })
    expect(heard).toHaveLength(1)
    expect(heard[0]).toContain('没有意图模型')
    expect(heard[0]).toContain('train-intents')
  })

  it('treats an unreadable model file the same way', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'intents-')), 'model.json')
    writeFileSync(file, '{"version": 1, "intents": [')
    const heard: string[] = []
    const c = openClassifier(file, (m) => heard.push(m))
    expect(c.classify('要准备啥材料', false).intent).toBe('documents')
    expect(heard[0]).toContain('无法读取')
  })
})
