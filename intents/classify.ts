// What the person wants, from cue patterns, with a confidence. The first matching pattern wins,
// so the order matters: a hand-off request outranks the policy words around it.
import type { Intent } from '../src/answer/schema.js'
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
import { help } from './kinds/help.js'

export interface IntentGuess {
  intent: Intent
  confidence: number
}

// most specific first: a hand-off request outranks the policy words around it
export const KINDS: IntentKind[] = [reset, forgetMe, handoff, status, whereToApply, documents, deadline, compare, explain, lookup, computeAmount, checkEligibility, help]

// words that show a question is about support policies at all
const POLICY_WORDS =
  /政策|奖励|奖|补贴|补助|资助|扶持|支持|税|扣除|退税|减免|优惠|申报|申请|认定|资质|企业|公司|产业|项目|投资|营收|收入|融资|基金|贷款|担保|保险|园区|人才|意见|方案|通知|办法|文件|规划|目标|材料|首台|首版次|CMMI|ITSS|专精特新|高新|纳税|发票|留抵|加计|亏损/i

// words that make an errand (翻译, 写一份) part of a policy question: 文化产品对外翻译 出口退税
const SUPPORT_WORDS = /税|补贴|补助|奖励|政策|扶持|优惠|申报|资助|减免/
const OUT_OF_SCOPE = /天气|写一份|写个|年终总结|订.{0,4}票|高铁票|机票|酒店|讲个笑话|作诗|股票代码|彩票/

export function classify(text: string, hasFacts: boolean): IntentGuess {
  const t = text.normalize('NFKC').trim()
  if (!t) return { intent: 'help', confidence: 0.5 }
  if (OUT_OF_SCOPE.test(t) && !SUPPORT_WORDS.test(t.replace(OUT_OF_SCOPE, ''))) return { intent: 'out_of_scope', confidence: 0.85 }
  for (const k of KINDS) if (k.pattern.test(t)) return { intent: k.intent, confidence: k.confidence }
  if (POLICY_WORDS.test(t) || hasFacts) return { intent: 'find_policies', confidence: 0.6 }
  return { intent: 'out_of_scope', confidence: 0.4 }
}
