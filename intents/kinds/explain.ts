// how a figure was computed
import type { IntentKind } from './kind.js'

export const explain: IntentKind = {
  intent: 'explain',
  pattern: /怎么算|如何计算|算法|为什么是/,
  confidence: 0.8,
  examples: ['这个50万怎么算的', '如何计算补贴', '为什么是20万'],
}
