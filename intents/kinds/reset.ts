// the person starts over: the session is cleared
import type { IntentKind } from './kind.js'

export const reset: IntentKind = {
  intent: 'reset',
  pattern: /重新开始|从头来|重来|换个公司|前面说的都不算|清空|重新问/,
  confidence: 0.95,
  examples: ['重新开始', '从头来过吧', '算了，换个公司问，前面说的都不算了', '清空一下，我重新问'],
}
