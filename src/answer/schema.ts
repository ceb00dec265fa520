// The structured Answer every channel renders (see shared/design/answer-contract.md).
import { z } from 'zod'
import { CitedSource } from '../rules/schema.js'

export const PolicyAnswer = z.object({
  id: z.string(),
  title: z.string(),
  region: z.string(),
  status: z.enum(['in_force', 'expired', 'draft', 'not_yet', 'unknown']),
  eligible: z.boolean().nullable(),
  amount: z
    .object({
      value: z.number().nullable(),
      min: z.number().nullable(),
      max: z.number().nullable(),
      currency: z.literal('CNY'),
      explanation: z.string(),
    })
    .nullable(),
  documents: z.array(z.string()),
  deadline: z.string().nullable(),
  applyTo: z.string().nullable(),
  department: z.string().nullable(),
  conditions: z.array(z.string()), // failing ones first, with their gap
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
