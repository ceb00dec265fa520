// The trained intent model's file, as a zod schema: checked by scripts/train-intents.mjs when it
// writes the file; at start-up only its header is checked by hand (loading zod costs ~100 ms).
import { z } from 'zod'
import { Intent } from '../src/answer/schema.js'

export const IntentModel = z.object({
  version: z.literal(1),
  intents: z.array(Intent),
  docs: z.array(z.number()), // examples per intent
  totals: z.array(z.number()), // n-grams per intent
  vocabulary: z.number(),
  alpha: z.number(),
  // naive Bayes multiplies as if every n-gram were independent, which makes it far too sure;
  // its log-likelihoods are divided by this before they become probabilities
  temperature: z.number(),
  counts: z.record(z.string(), z.array(z.tuple([z.number(), z.number()]))), // n-gram → [intent index, count]
})
export type IntentModel = z.infer<typeof IntentModel>
