// whether the enterprise qualifies
import type { IntentKind } from './kind.js'

export const checkEligibility: IntentKind = {
  intent: 'check_eligibility',
  pattern: /能不能|能否|可以吗|能申请|够条件|算不算|符合|有资格|能享受|能按|还能/,
  confidence: 0.7,
  examples: ['我们能不能申请', '够条件吗', '算不算小型微利企业', '还能再拿吗'],
}
