// What the person wants, from cue patterns, with a confidence. The first matching pattern wins,
// so the order matters: a hand-off request outranks the policy words around it.
import type { Intent } from '../src/answer/schema.js'

export interface IntentGuess {
  intent: Intent
  confidence: number
}

const PATTERNS: [Intent, RegExp, number][] = [
  ['reset', /重新开始|从头来|重来|换个公司|前面说的都不算|清空|重新问/, 0.95],
  ['forget_me', /删除我的(信息|数据|记录)|忘掉我|注销我的/, 0.95],
  ['handoff', /转人工|人工客服|找个?真人|工作人员确认|找人工|人工服务|跟人说/, 0.95],
  ['status', /还有效|有效吗|失效|过期|正式(发布|文件|的)|定稿|征求意见稿|执行期限|有效期|截止日期|哪几年|靠谱吗/, 0.8],
  ['documents', /材料|要准备|提交什么|填什么表|要填|附件|证明文件|要哪些/, 0.85],
  ['deadline', /截止|什么时候(申报|申请|交)|几月|期限|有截止/, 0.8],
  ['where_to_apply', /交给谁|找谁|哪个部门|哪里申请|去哪|向谁|受理|责任单位|哪个单位/, 0.8],
  ['compare', /哪个多|哪边多|哪个更|哪个奖励多|比较|对比|和.{1,6}哪个/, 0.8],
  ['explain', /怎么算|如何计算|算法|为什么是/, 0.8],
  ['lookup', /〔\d{4}〕|\[\d{4}\]|第[一二三四五六七八九十\d]+条|文号/, 0.75],
  ['compute_amount', /多少|几万|能拿|能补|能奖|能退|能扣|给多少|补多少|奖多少|交多少|金额|怎么奖/, 0.75],
  ['check_eligibility', /能不能|能否|可以吗|能申请|够条件|算不算|符合|有资格|能享受|能按|还能/, 0.7],
  ['help', /^(你好|您好|在吗|hi|hello|帮助|你能做什么)[!！。?？\s]*$/i, 0.9],
]

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
  for (const [intent, re, confidence] of PATTERNS) if (re.test(t)) return { intent, confidence }
  if (POLICY_WORDS.test(t) || hasFacts) return { intent: 'find_policies', confidence: 0.6 }
  return { intent: 'out_of_scope', confidence: 0.4 }
}
