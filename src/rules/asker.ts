// Asker tests: a second reader's questions in a business owner's words, each with the answer the
// source text gives for the facts it states. They run through Bot.ask — what `policy-guide ask`
// runs — so a wrong reading of the question fails them as surely as a wrong reading of the text.
import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { parse } from 'yaml'
import { z } from 'zod'
import type { Answer } from '../answer/schema.js'
import { Bot, newSession } from '../bot.js'
import { ROOT, RULES_DIR } from '../paths.js'
import { numbersOfCondition, same } from './check.js'
import type { LoadedRule } from './schema.js'

const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date is written YYYY-MM-DD')

export const AskerTest = z.strictObject({
  rule: z.string(),
  // one question, or the turns of a conversation; the last turn's answer is checked
  ask: z.union([z.string().min(2), z.array(z.string().min(1)).min(1)]),
  asOf: IsoDate.optional(),
  expect: z.strictObject({
    eligible: z.boolean().nullable(),
    amount: z.number().nullable().optional(), // amount.value: what the text grants outright
    max: z.number().nullable().optional(), // amount.max: the ceiling the text states
  }),
  // how the reader got from the words of the source to the expectation (以上 includes, 最高 is a ceiling …)
  why: z.string().min(4),
  // what the bot still reads wrong in this question: a known gap in understanding, kept so that it
  // shows; the test then must fail, and says so when it starts to pass
  misread: z.string().min(4).optional(),
})
export type AskerTest = z.infer<typeof AskerTest>

export const AskerFile = z.strictObject({
  document: z.string().regex(/^\d{3}_[0-9a-f]+\.txt$/),
  reader: z.string(), // who read the rules a second time, and when
  tests: z.array(AskerTest).min(1),
})
export type AskerFile = z.infer<typeof AskerFile>

export const ASKER_DIR = join(RULES_DIR, 'asker')

export function askerFiles(dir = ASKER_DIR): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((n) => /\.ya?ml$/.test(n))
    .sort()
    .map((n) => join(dir, n))
}

export function readAskerFile(path: string): AskerFile {
  const data = parse(readFileSync(path, 'utf8'))
  const r = AskerFile.safeParse(data)
  if (!r.success) throw new Error(`${relative(ROOT, path)}: ${r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`)
  return r.data
}

/** How many of the first policies the asked-about rule must be among. */
export const TOP = 3
const DEFAULT_AS_OF = '2026-12-05'

/** What is wrong with the bot's answer to one asker test, or [] when it is right. */
export function judge(t: AskerTest, answer: Answer): string[] {
  const at = answer.policies.findIndex((p) => p.id === t.rule)
  if (at < 0 || at >= TOP) return [`rule ${t.rule} is ${at < 0 ? 'not in the answer' : `only at position ${at + 1}`} (first: ${answer.policies.slice(0, TOP).map((p) => p.id).join(', ') || 'none'})`]
  const p = answer.policies[at]
  const out: string[] = []
  if (p.eligible !== t.expect.eligible) out.push(`eligible is ${p.eligible}, expected ${t.expect.eligible}`)
  if (t.expect.amount !== undefined && !same(t.expect.amount, p.amount?.value)) out.push(`amount is ${p.amount?.value ?? null}, expected ${t.expect.amount}`)
  if (t.expect.max !== undefined && !same(t.expect.max, p.amount?.max)) out.push(`max is ${p.amount?.max ?? null}, expected ${t.expect.max}`)
  return out
}

export interface AskerResult {
  file: string
  test: AskerTest
  problems: string[]
  answer: Answer
}

export function runAskerFile(bot: Bot, path: string): AskerResult[] {
  const f = readAskerFile(path)
  return f.tests.map((test) => {
    const session = newSession()
    let answer!: Answer
    for (const turn of [test.ask].flat()) answer = bot.ask(turn, session, test.asOf ?? DEFAULT_AS_OF)
    const problems = judge(test, answer)
    if (!test.misread) return { file: relative(ROOT, path), test, problems, answer }
    return { file: relative(ROOT, path), test, problems: problems.length ? [] : ['is read right now: remove its misread note'], answer }
  })
}

/** Rules a second reader must read: those with an amount or a numeric threshold. */
export const needsSecondReading = (r: LoadedRule) => r.amount !== null || numbersOfCondition(r.conditions).length > 0

/** Rules with an amount or a threshold that lack an asker test or the record of their second reading. */
export function unread(rules: LoadedRule[], tests: AskerTest[]): string[] {
  // a misread question does not count: each rule needs one the bot answers right
  const asked = new Set(tests.filter((t) => !t.misread).map((t) => t.rule))
  return rules
    .filter(needsSecondReading)
    .flatMap((r) => [
      ...(asked.has(r.id) ? [] : [`${r.file}: rule ${r.id} has an amount or threshold but no asker test in rules/asker/`]),
      ...(r.secondReading ? [] : [`${r.file}: rule ${r.id} has an amount or threshold but no secondReading record`]),
    ])
}
