// greeting or a request for help
import type { IntentKind } from './kind.js'

export const help: IntentKind = {
  intent: 'help',
  pattern: /^(你好|您好|在吗|hi|hello|帮助|你能做什么)[!！。?？\s]*$/i,
  confidence: 0.9,
  examples: ['你好', '在吗？', '你能做什么'],
}
