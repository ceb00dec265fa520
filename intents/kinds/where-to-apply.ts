// where to apply, which department
import type { IntentKind } from './kind.js'

export const whereToApply: IntentKind = {
  intent: 'where_to_apply',
  pattern: /交给谁|找谁|哪个部门|哪里申请|去哪|向谁|受理|责任单位|哪个单位/,
  confidence: 0.8,
  examples: ['材料交给谁', '找哪个部门', '去哪里申请', '这条的责任单位是谁'],
}
