// when to apply
import type { IntentKind } from './kind.js'

export const deadline: IntentKind = {
  intent: 'deadline',
  pattern: /截止|什么时候(申报|申请|交)|几月|期限|有截止/,
  confidence: 0.8,
  examples: ['有截止时间没', '什么时候申报', '每年几月交'],
}
