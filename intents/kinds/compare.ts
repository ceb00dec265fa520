// two policies or places side by side
import type { IntentKind } from './kind.js'

export const compare: IntentKind = {
  intent: 'compare',
  pattern: /哪个多|哪边多|哪个更|哪个奖励多|比较|对比|和.{1,6}哪个/,
  confidence: 0.8,
  examples: ['嘉兴和聊城哪边多', '按电子信息制造业报和按软件企业报，哪个奖励多？', '对比一下两地政策'],
}
