// What every intent module says: the words that show it, how sure they make us, and
// utterances that must be recognised as it (the tests read them).
import type { Intent } from '../../src/answer/schema.js'

export interface IntentKind {
  intent: Intent
  pattern: RegExp
  confidence: number
  examples: string[]
}
