// the person wants an official
import type { IntentKind } from './kind.js'

export const handoff: IntentKind = {
  intent: 'handoff',
  pattern: /转人工|人工客服|找个?真人|工作人员确认|找人工|人工服务|跟人说/,
  confidence: 0.95,
  examples: ['转人工', '你给我找个真人问问', '这个我想跟你们工作人员确认一下', '有人工客服吗'],
}
