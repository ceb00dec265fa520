// the person wants their data removed
import type { IntentKind } from './kind.js'

export const forgetMe: IntentKind = {
  intent: 'forget_me',
  pattern: /删除我的(信息|数据|记录)|忘掉我|注销我的/,
  confidence: 0.95,
  examples: ['删除我的信息', '请删除我的数据', '不想留记录，忘掉我吧'],
}
