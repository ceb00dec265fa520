// The facts box: which facts a policy reads, how the operator types them (money in 万元, ratios
// in %), and the zod check of a caller's profile against the facts catalogue.
import { z } from 'zod'
import { amountFactsOf } from '../../src/engine/amount.js'
import { factsOf } from '../../src/engine/conditions.js'
import type { Profile } from '../../src/engine/facts.js'
import type { Fact } from '../../src/facts/schema.js'
import type { Knowledge } from '../../src/knowledge.js'
import type { LoadedRule } from '../../src/rules/schema.js'

export const FactField = z.object({
  id: z.string(),
  label: z.string(),
  question: z.string(),
  type: z.enum(['money', 'ratio', 'count', 'level', 'boolean', 'enum', 'region', 'year']),
  unit: z.string(), // what the operator types in: 万元, %, 人
  // typed × mul ÷ div = the catalogue's value (3500 万元 → 35000000 元, 15 % → 0.15)
  mul: z.number(),
  div: z.number(),
  options: z.array(z.object({ id: z.string(), label: z.string() })).optional(),
})
export type FactField = z.infer<typeof FactField>

// callers say 三千五百万 and 增长15%: the box takes what they say, the engine gets 元 and ratios
function inputOf(f: Fact): Pick<FactField, 'unit' | 'mul' | 'div'> {
  switch (f.type) {
    case 'money':
      return { unit: '万元', mul: 10000, div: 1 }
    case 'ratio':
      return { unit: '%', mul: 1, div: 100 }
    case 'level':
      return { unit: f.unit ?? '级', mul: 1, div: 1 }
    case 'year':
      return { unit: '年', mul: 1, div: 1 }
    default:
      return { unit: f.unit ?? '', mul: 1, div: 1 }
  }
}

// every name and alias (嘉兴 as well as 嘉兴市): the operator types what the caller says
const regionOptions = (k: Knowledge) =>
  k.regions
    .names()
    .map((n) => ({ id: n, label: k.regions.canonical(n)! }))
    .sort((a, b) => a.label.localeCompare(b.label, 'zh') || a.id.length - b.id.length)

/** The facts a policy reads, in the order its conditions and amount name them; a derived fact by its inputs. */
export function fieldsFor(rule: LoadedRule, k: Knowledge): FactField[] {
  const ids = new Set<string>()
  const add = (id: string): void => {
    const derive = k.facts[id]?.derive
    if (derive) derive.of.forEach(add)
    else ids.add(id)
  }
  for (const id of [...factsOf(rule.conditions), ...amountFactsOf(rule.amount)]) add(id)
  return [...ids].flatMap((id) => {
    const f = k.facts[id]
    if (!f) return []
    const options =
      f.type === 'enum'
        ? (f.values ?? []).map((v) => ({ id: v.id, label: v.label }))
        : f.type === 'region'
          ? regionOptions(k)
          : undefined
    return [{ id, label: f.label, question: f.question, type: f.type, ...inputOf(f), ...(options && { options }) }]
  })
}

function valueSchema(f: Fact, k: Knowledge): z.ZodType<Profile[string]> {
  const number = z.number({ error: '需要数字' })
  switch (f.type) {
    case 'money':
    case 'count':
      return number.nonnegative({ error: '不能为负数' })
    case 'year':
      return number.int({ error: '需要年份' }).min(1949, { error: '需要年份' }).max(2100, { error: '需要年份' })
    case 'ratio':
    case 'level':
      return number
    case 'boolean':
      return z.boolean({ error: '需要是或否（true / false）' })
    case 'enum': {
      const ids = (f.values ?? []).map((v) => v.id)
      return z.string({ error: '需要选项' }).refine((v) => ids.includes(v), { error: `只能是：${(f.values ?? []).map((v) => `${v.id}（${v.label}）`).join('、')}` })
    }
    case 'region':
      return z
        .string({ error: '需要地区名称' })
        .refine((v) => k.regions.canonical(v) !== undefined, { error: '不是已知的地区' })
        .transform((v) => k.regions.canonical(v)!)
  }
}

const schemas = new WeakMap<Knowledge, z.ZodType<Record<string, Profile[string] | undefined>>>()

/** A caller's facts checked against the catalogue: known ids, values of their type, canonical places. */
export function profileSchema(k: Knowledge) {
  let s = schemas.get(k)
  if (!s) {
    s = z.strictObject(Object.fromEntries(Object.entries(k.facts).map(([id, f]) => [id, valueSchema(f, k).optional()])), {
      error: '事实需要是 {"事实编号": 值} 形式的对象',
    })
    schemas.set(k, s)
  }
  return s
}

/** The profile, or the first problem said in Chinese with the fact's label. */
export function parseProfile(input: unknown, k: Knowledge): { profile: Profile } | { error: string } {
  const r = profileSchema(k).safeParse(input)
  if (r.success) return { profile: Object.fromEntries(Object.entries(r.data).filter(([, v]) => v !== undefined)) as Profile }
  const issue = r.error.issues[0]
  if (issue.code === 'unrecognized_keys') return { error: `不认识的事实：${issue.keys.join('、')}` }
  const id = String(issue.path[0] ?? '')
  const f = k.facts[id]
  return { error: f ? `${f.label}（${id}）${issue.message}` : issue.message }
}
