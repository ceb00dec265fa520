// validity: in force, expired, draft
import type { IntentKind } from './kind.js'

export const status: IntentKind = {
  intent: 'status',
  pattern: /还有效|有效吗|失效|过期|正式(发布|文件|的)|定稿|征求意见稿|执行期限|有效期|截止日期|哪几年|靠谱吗/,
  confidence: 0.8,
  examples: ['这个政策还有效吗', '这两个文件都是正式发布的吗', '财税〔2018〕77号的执行期限是？', '嘉兴这个钱靠谱吗'],
}
