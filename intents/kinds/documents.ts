// the documents to prepare
import type { IntentKind } from './kind.js'

export const documents: IntentKind = {
  intent: 'documents',
  pattern: /材料|要准备|提交什么|填什么表|要填|附件|证明文件|要哪些/,
  confidence: 0.85,
  examples: ['要准备啥材料？', '首台套保险补贴 申请要哪些材料', '要填什么表', '申请需要提交什么'],
}
