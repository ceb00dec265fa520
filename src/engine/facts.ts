// Reading a fact from an enterprise's profile: given, derived from others, or read from a fallback.
import type { Fact, FactCatalogue } from '../facts/schema.js'
import { percent, yuan } from '../format.js'
import type { Scalar } from '../rules/schema.js'
import type { RegionTree } from './regions.js'

export type Profile = Record<string, Scalar>
export interface Ctx {
  facts: FactCatalogue
  regions: RegionTree
}
export interface Resolved {
  value: Scalar | undefined
  missing: string[] // the given facts that would let us know it
  notes: string[] // assumptions made on the way, said in the explanation
}

export function resolve(id: string, profile: Profile, ctx: Ctx): Resolved {
  if (profile[id] !== undefined) return { value: profile[id], missing: [], notes: [] }
  const fact = ctx.facts[id]
  if (!fact) return { value: undefined, missing: [id], notes: [] }
  if (fact.derive) {
    const parts = fact.derive.of.map((input) => {
      const r = resolve(input, profile, ctx)
      const assume = ctx.facts[input]?.assume
      if (r.value === undefined && assume) return { value: assume.value, missing: [], notes: [assume.note] }
      return r
    })
    const missing = parts.flatMap((p) => p.missing)
    const notes = parts.flatMap((p) => p.notes)
    // what cannot be derived may still be given as such: 年度保费 from 保额 × 费率, else as told
    const given = missing.length && fact.fallback ? resolve(fact.fallback, profile, ctx) : undefined
    if (given?.value !== undefined) return { ...given, notes: [...given.notes, `${fact.label}按所报${ctx.facts[fact.fallback!]?.label ?? fact.fallback}计`] }
    if (missing.length) return { value: undefined, missing, notes }
    const nums = parts.map((p) => Number(p.value))
    const value =
      fact.derive.op === 'product'
        ? nums.reduce((a, b) => a * b, 1)
        : fact.derive.op === 'sum'
          ? nums.reduce((a, b) => a + b, 0)
          : fact.derive.op === 'beforeGrowth'
            ? nums[1] > -1 ? Math.round(nums[0] / (1 + nums[1])) : undefined
            : nums.slice(1).reduce((a, b) => a - b, nums[0])
    if (value === undefined) return { value: undefined, missing: [], notes }
    if (fact.derive.op === 'beforeGrowth') notes.push(`${fact.label}按${ctx.facts[fact.derive.of[0]]?.label ?? ''}和增速推算为${show(fact, value)}`)
    return { value, missing: [], notes }
  }
  const kind = fact.kindOf
  const of = kind ? profile[kind.fact] : undefined
  if (kind && of !== undefined && !kind.values.includes(String(of))) return { value: false, missing: [], notes: [`所述为${show(ctx.facts[kind.fact], of)}，不是${fact.label}`] }
  if (fact.fallback) {
    const r = resolve(fact.fallback, profile, ctx)
    const label = ctx.facts[fact.fallback]?.label ?? fact.fallback
    if (r.value !== undefined) return { ...r, notes: [...r.notes, `${fact.label}按所报${label}计`] }
  }
  return { value: undefined, missing: [id], notes: [] }
}

/** A fact's value as a person reads it: 20000000 → 2000万元, 0.1 → 10%. */
export function show(fact: Fact | undefined, v: Scalar | Scalar[]): string {
  if (Array.isArray(v)) return v.map((x) => show(fact, x)).join('或')
  if (!fact) return String(v)
  switch (fact.type) {
    case 'money':
      return yuan(Number(v))
    case 'ratio':
      return percent(Number(v))
    case 'boolean':
      return v ? '是' : '否'
    case 'enum':
      return fact.values?.find((x) => x.id === v)?.label ?? String(v)
    case 'level':
      return `${v}${fact.unit ?? '级'}`
    case 'count':
      return `${v}${fact.unit ?? ''}`
    default:
      return String(v)
  }
}
