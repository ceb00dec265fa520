// The structured Answer every channel renders (see shared/design/answer-contract.md).
import { z } from 'zod'
import { CitedSource } from '../rules/schema.js'

// one of the policy's conditions as judged on the asker's facts; a failed one says by how much
export const Condition = z.object({ state: z.enum(['met', 'failed', 'unknown']), text: z.string() })
export type Condition = z.infer<typeof Condition>

export const PolicyAnswer = z.object({
  id: z.string(),
  title: z.string(),
  region: z.string(),
  status: z.enum(['in_force', 'expired', 'draft', 'not_yet', 'unknown']),
  eligible: z.boolean().nullable(),
  headline: z.string(), // the answer for this asker in words: 可获50万元, 如符合条件，最高30万元, 不符合条件
  summary: z.string().nullable(), // the measure in a sentence
  amount: z
    .object({
      value: z.number().nullable(),
      min: z.number().nullable(),
      max: z.number().nullable(),
      currency: z.literal('CNY'),
      explanation: z.string(),
    })
    .nullable(),
  reckoning: z.string().nullable(), // the figure's last step (软件业务收入3500万元 ≥ 3000万元档 → 50万元)
  // further figures the question asks of the same clause (应纳税额, 可结转额), each with its reckoning
  figures: z.array(z.object({ label: z.string(), value: z.number(), how: z.string() })),
  failing: z.array(z.string()), // why it is not met, each with its gap
  documents: z.array(z.string()),
  deadline: z.string().nullable(),
  applyTo: z.string().nullable(),
  department: z.string().nullable(),
  conditions: z.array(Condition),
  citation: z.string(), // where a reader finds it: 《title》（文号）三、（二）
  validity: z.object({ label: z.string(), note: z.string() }), // 已于2019-04-25失效 / the whole note on the date
  notes: z.array(z.string()), // differences from restatements, replacements, the encoder's notes
  restatement: z.object({ quote: z.string(), clause: z.string().optional() }).nullable(), // one that says more of what was asked
  // the clause's sentence that speaks to what was asked beyond the title, and the asked words it holds
  answering: z.object({ text: z.string(), words: z.array(z.string()) }).nullable().default(null),
  // the rule's cited place and clause; alsoAt: restatements, each with its clause, `differs`
  // saying in a sentence where one disagrees with the original
  source: CitedSource.extend({ title: z.string(), docNumber: z.string().nullable() }),
  // a later notice that governs the asker's period in this one's place
  supersededBy: z.object({ title: z.string(), docNumber: z.string().nullable(), from: z.string() }).nullable(),
})
export type PolicyAnswer = z.infer<typeof PolicyAnswer>

export const Intent = z.enum([
  'find_policies',
  'compute_amount',
  'check_eligibility',
  'documents',
  'deadline',
  'where_to_apply',
  'lookup',
  'status',
  'compare',
  'explain',
  'handoff',
  'reset',
  'forget_me',
  'help',
  'out_of_scope',
  'subscribe', // 有变化通知我: follow the policies just discussed
])
export type Intent = z.infer<typeof Intent>

export const Answer = z.object({
  intent: Intent,
  reply: z.string(),
  asOf: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  policies: z.array(PolicyAnswer),
  missing: z.array(z.object({ fact: z.string(), question: z.string() })),
})
export type Answer = z.infer<typeof Answer>
