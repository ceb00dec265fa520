// What the person wants, with a confidence: the cue patterns of intents/kinds/ where they are
// sure, the classifier trained on the kinds' examples (model.ts) where no pattern speaks. The
// first matching pattern wins, so the order matters: a hand-off request outranks the policy words
// around it. Without a model file the patterns alone answer, and a line on stderr says so.
import { join } from 'node:path'
import type { Intent } from '../src/answer/schema.js'
import { ROOT } from '../src/paths.js'
import type { IntentKind } from './kinds/kind.js'
import { reset } from './kinds/reset.js'
import { forgetMe } from './kinds/forget-me.js'
import { handoff } from './kinds/handoff.js'
import { status } from './kinds/status.js'
import { documents } from './kinds/documents.js'
import { deadline } from './kinds/deadline.js'
import { whereToApply } from './kinds/where-to-apply.js'
import { compare } from './kinds/compare.js'
import { explain } from './kinds/explain.js'
import { lookup } from './kinds/lookup.js'
import { computeAmount } from './kinds/compute-amount.js'
import { checkEligibility } from './kinds/check-eligibility.js'
import { findPolicies } from './kinds/find-policies.js'
import { help } from './kinds/help.js'
import { outOfScope } from './kinds/out-of-scope.js'
import { loadModel, predict, type IntentModel } from './model.js'

export interface IntentGuess {
  intent: Intent
  confidence: number
  by: 'pattern' | 'model' | 'default'
}

// most specific first: a hand-off request outranks the policy words around it
export const KINDS: IntentKind[] = [reset, forgetMe, handoff, status, whereToApply, documents, deadline, compare, explain, lookup, computeAmount, checkEligibility, findPolicies, help]
/** Every intent module, out of scope included: what the classifier learns from. */
export const ALL_KINDS: IntentKind[] = [...KINDS, outOfScope]

// words that show a question is about support policies at all
const POLICY_WORDS =
  /政策|奖励|奖|补贴|补助|资助|经费|资金|扶持|支持|能拿|能补|能退|能享受|认证|评定|税|扣除|退税|减免|优惠|申报|申请|认定|资质|企业|产业|项目|投资|营收|收入|融资|基金|贷款|担保|保险|园区|人才|意见|方案|通知|办法|文件|规划|目标|材料|首台|首版次|CMMI|ITSS|专精特新|高新|纳税|发票|留抵|加计|亏损/i

const ERRAND = /写一份|写个|年终总结|订.{0,4}票|讲个笑话|作诗|翻译成|翻成(英|中)文/
// words that make an errand (翻译, 写一份) part of a policy question: 文化产品对外翻译 出口退税
const SUPPORT_WORDS = /税|补贴|补助|奖励|政策|扶持|优惠|申报|资助|减免/

// small talk: thanks, goodbyes, asking after the staff or what the bot is made of; a message made
// only of these is out of scope (谢谢，那深圳呢 is not: something is left once they are removed)
const SMALL_TALK = [
  /(谢谢|多谢|感谢|辛苦|麻烦)(你|您|你们|了|啦|啊|呀|哈)*/g,
  /(好的|好嘞|好吧|明白了?|知道了|了解了?|收到|行吧|ok|okay|嗯+|哦+|噢+|哈+|再见|拜拜|晚安)/gi,
  /(你们|您|你)[^，。？！,.?!]{0,6}(上班|下班|休息|加班|放假|值班|吃饭|忙|累)[^，。？！,.?!]{0,4}/g,
  /[^，。？！,.?!]{0,6}(上班|下班|休息|加班|放假|值班)[^，。？！,.?!]{0,4}/g,
  /(你|您)是(谁|哪家|哪个|什么)[^，。？！,.?!]{0,8}(开发|研发|做|搞|训练)的/g,
  /(用的|是|基于)?(什么|哪个|哪家的?)(大)?模型/g,
]
export const isSmallTalk = (t: string) =>
  SMALL_TALK.reduce((rest, re) => rest.replace(re, ''), t).replace(/[\s，。？！,.?!~、…:：;；😀-🙏]|[啊呀吧吗呢哈嘛哦]/gu, '') === ''

/** What the cue patterns alone say; null when none speaks. */
export function byPattern(text: string): IntentGuess | null {
  const t = text.normalize('NFKC').trim()
  if (isSmallTalk(t) && !/^(你好|您好|在吗)/.test(t)) return { intent: 'out_of_scope', confidence: outOfScope.confidence, by: 'pattern' }
  // an errand (翻译成, 写一份) is one whatever it is about; a topic word (天气) inside a question
  // about the enterprise (台风天气停工了，我们厂的补贴受影响吗) is not
  const rest = t.replace(outOfScope.pattern, '')
  const errand = ERRAND.test(t) && !SUPPORT_WORDS.test(rest)
  if (errand || (outOfScope.pattern.test(t) && !SUPPORT_WORDS.test(rest) && !SPEAKS_AS_FIRM.test(rest) && !RULE_WORDS.test(rest)))
    return { intent: 'out_of_scope', confidence: outOfScope.confidence, by: 'pattern' }
  for (const k of KINDS) if (k.pattern.test(t)) return { intent: k.intent, confidence: k.confidence, by: 'pattern' }
  return null
}

// how sure the model must be before its word counts; a session is cleared or forgotten only on
// a very sure word, and the model's "out of scope" stays unsure so that a policy name it never
// saw (长三角数字工匠学院) still goes to the search
const MODEL_SURE = 0.5
const SURE_FOR: Partial<Record<Intent, number>> = { reset: 0.85, forget_me: 0.85, handoff: 0.7 }
const UNSURE_OUT_OF_SCOPE = 0.45
// a question about policies that no pattern settles is a search for policies, unless it reads
// much like the examples of one intent (most of its n-grams seen) and the model is sure of it
const KNOWN_ENOUGH = 0.35
/** Intents that only a message about policies can have. */
export const POLICY_INTENTS = new Set<Intent>(['find_policies', 'compute_amount', 'check_eligibility', 'documents', 'deadline', 'where_to_apply', 'lookup', 'status', 'compare', 'explain'])

// an asker who speaks as an enterprise (我们厂, 我在廊坊有个小钢厂, 我们是做光缆的) asks what the
// rules say of it, even in words no list holds
const SPEAKS_AS_FIRM = /我们|咱们|我司|我厂|我行|本公司|本企业|(我在|我是).{0,12}(公司|企业|厂|集团|单位|园区|基金|银行|机构|合作社|团队|项目)/
// what the texts regulate, beside what they grant
const RULE_WORDS = /规定|鼓励|要求|用地|土地|厂房|排放|环保|产能|停产|限产|错峰|收费|公积金|社保|手续|海关|知识产权|专利|标准|品牌|参展|博览会|退出|搬迁/

/** Does a message speak of support policies at all (its words, not a place or a trade named)? */
export const aboutPolicies = (text: string) => {
  const t = text.normalize('NFKC')
  return POLICY_WORDS.test(t) || RULE_WORDS.test(t) || SPEAKS_AS_FIRM.test(t)
}
// what a message about policies (policy words, or facts about the enterprise) cannot be
const NOT_ABOUT_POLICY = new Set<Intent>(['help', 'out_of_scope', 'reset', 'forget_me'])

export class IntentClassifier {
  private model: IntentModel | null | undefined
  /** `load` is called once, on the first message. */
  constructor(private load: () => IntentModel | null) {}

  classify(text: string, hasFacts: boolean): IntentGuess {
    const t = text.normalize('NFKC').trim()
    if (!t) return { intent: 'help', confidence: 0.5, by: 'default' }
    if (this.model === undefined) this.model = this.load()
    const aboutPolicy = aboutPolicies(t) || hasFacts
    const pattern = byPattern(t)
    const model = this.model ? predict(this.model, t) : undefined
    const best = model?.ranked[0]
    if (pattern) {
      // the patterns decide; a model that agrees makes the guess surer
      return best?.intent === pattern.intent ? { ...pattern, confidence: Math.max(pattern.confidence, Math.min(0.95, best.probability)) } : pattern
    }
    const fallback: IntentGuess = aboutPolicy ? { intent: 'find_policies', confidence: 0.6, by: 'default' } : { intent: 'out_of_scope', confidence: 0.4, by: 'default' }
    if (!model || !best || best.probability < (SURE_FOR[best.intent] ?? MODEL_SURE)) return fallback
    if (aboutPolicy && (NOT_ABOUT_POLICY.has(best.intent) || model.known < KNOWN_ENOUGH)) return fallback
    if (hasFacts && best.intent === 'handoff') return fallback
    const confidence = best.intent === 'out_of_scope' ? Math.min(best.probability, UNSURE_OUT_OF_SCOPE) : Math.min(best.probability, 0.9)
    return { intent: best.intent, confidence, by: 'model' }
  }
}

/** Where the build writes the model (node scripts/train-intents.mjs, after tsc). */
export const MODEL_FILE = process.env.POLICY_GUIDE_INTENT_MODEL ?? join(ROOT, 'dist', 'intent-model.json')

/** A classifier reading the model file on first need; `warn` hears once when there is none. */
export function openClassifier(file = MODEL_FILE, warn: (message: string) => void = (m) => process.stderr.write(m + '\n')): IntentClassifier {
  return new IntentClassifier(() => {
    try {
      const model = loadModel(file)
      if (!model) warn(`policy-guide: 没有意图模型 ${file}，只用规则模式识别意图（构建时运行 node scripts/train-intents.mjs 生成）`)
      return model
    } catch (e) {
      warn(`policy-guide: 意图模型 ${file} 无法读取（${(e as Error).message}），只用规则模式识别意图`)
      return null
    }
  })
}

let shared: IntentClassifier | undefined
export function classify(text: string, hasFacts: boolean): IntentGuess {
  return (shared ??= openClassifier()).classify(text, hasFacts)
}
