// the figure for this enterprise
import type { IntentKind } from './kind.js'

export const computeAmount: IntentKind = {
  intent: 'compute_amount',
  pattern: /多少|几万|能拿|能补|能奖|能退|能扣|给多少|补多少|奖多少|交多少|金额|怎么奖/,
  confidence: 0.75,
  examples: ['能拿多少奖励', '市里能补多少', '所得税交多少', '嘉兴那边CMMI怎么奖'],
}
