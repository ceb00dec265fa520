// Three-valued evaluation of a rule's conditions: true, false, or null when a fact is missing.
// A missing fact is never read as false, `not` of unknown stays unknown, and all / any stop at
// the first decisive child.
import type { Condition, Leaf } from '../rules/schema.js'
import { resolve, show, type Ctx, type Profile } from './facts.js'

export interface Failing {
  fact: string
  text: string // 软件业务收入还差200万元（需达到2000万元）
}
export interface ConditionResult {
  value: boolean | null
  failing: Failing[]
  missing: string[]
  notes: string[]
}

const OP_TEXT: Record<string, string> = { '>=': '达到', '>': '超过', '<=': '不超过', '<': '低于', '==': '为', '!=': '不为', in: '为', within: '位于' }

export function describeLeaf(leaf: Leaf, ctx: Ctx): string {
  if (leaf.label) return leaf.label
  const fact = ctx.facts[leaf.fact]
  return `${fact?.label ?? leaf.fact}${OP_TEXT[leaf.op]}${show(fact, leaf.value)}`
}

function gapText(leaf: Leaf, v: number, ctx: Ctx): string {
  const fact = ctx.facts[leaf.fact]
  const label = fact?.label ?? leaf.fact
  const t = Number(leaf.value)
  const need = `（需${describeLeaf(leaf, ctx)}）`
  if (fact?.type === 'ratio') {
    const pts = Math.abs(t - v) * 100
    const n = Number(pts.toFixed(2))
    return leaf.op.startsWith('>') ? `${label}为${show(fact, v)}，还差${n}个百分点${need}` : `${label}为${show(fact, v)}，超出${n}个百分点${need}`
  }
  if (leaf.op === '>=' || leaf.op === '>') {
    return v < t ? `${label}为${show(fact, v)}，还差${show(fact, t - v)}${need}` : `${label}为${show(fact, v)}${need}`
  }
  return v > t ? `${label}为${show(fact, v)}，超出${show(fact, v - t)}${need}` : `${label}为${show(fact, v)}${need}`
}

function evalLeaf(leaf: Leaf, profile: Profile, ctx: Ctx): ConditionResult {
  const r = resolve(leaf.fact, profile, ctx)
  if (r.value === undefined && leaf.ifStated) return { value: true, failing: [], missing: [], notes: [`未说明${ctx.facts[leaf.fact]?.label ?? leaf.fact}，按符合“${leaf.label ?? describeLeaf(leaf, ctx)}”计（如不符请告知）`] }
  if (r.value === undefined) return { value: null, failing: [], missing: r.missing, notes: r.notes }
  const v = r.value
  const want = leaf.value
  let ok: boolean | null
  switch (leaf.op) {
    case '>=': ok = Number(v) >= Number(want); break
    case '>': ok = Number(v) > Number(want); break
    case '<=': ok = Number(v) <= Number(want); break
    case '<': ok = Number(v) < Number(want); break
    case '==': ok = v === want; break
    case '!=': ok = v !== want; break
    case 'in': ok = (Array.isArray(want) ? want : [want]).includes(v); break
    case 'within': {
      const areas = (Array.isArray(want) ? want : [want]).map(String)
      const each = areas.map((a) => ctx.regions.within(String(v), a))
      ok = each.includes(true) ? true : each.includes(null) ? null : false
      break
    }
  }
  if (ok === null) return { value: null, failing: [], missing: [leaf.fact], notes: r.notes }
  const numeric = ['>=', '>', '<=', '<'].includes(leaf.op)
  const fact = ctx.facts[leaf.fact]
  const text = numeric ? gapText(leaf, Number(v), ctx) : `${fact?.label ?? leaf.fact}为${show(fact, v)}（需${describeLeaf(leaf, ctx)}）`
  return { value: ok, failing: ok ? [] : [{ fact: leaf.fact, text }], missing: [], notes: r.notes }
}

export function evalCondition(c: Condition | undefined, profile: Profile, ctx: Ctx): ConditionResult {
  if (!c) return { value: true, failing: [], missing: [], notes: [] }
  if ('fact' in c) return evalLeaf(c, profile, ctx)
  if ('not' in c) {
    const r = evalCondition(c.not, profile, ctx)
    if (r.value === null) return r
    const failing = r.value ? [{ fact: '', text: `不符合：须并非${describe(c.not, ctx)}` }] : []
    return { value: !r.value, failing, missing: [], notes: r.notes }
  }
  const isAll = 'all' in c
  const children = isAll ? c.all : c.any
  const decisive = !isAll // all stops at a false, any at a true
  const missing: string[] = []
  const failing: Failing[] = []
  const notes: string[] = []
  let unknown = false
  for (const child of children) {
    const r = evalCondition(child, profile, ctx)
    notes.push(...r.notes)
    if (r.value === decisive) return { value: decisive, failing: isAll ? r.failing : [], missing: [], notes }
    if (r.value === null) {
      unknown = true
      missing.push(...r.missing)
    } else failing.push(...r.failing)
  }
  if (unknown) return { value: null, failing: [], missing: [...new Set(missing)], notes }
  return { value: !decisive, failing: isAll ? [] : failing, missing: [], notes }
}

export function describe(c: Condition, ctx: Ctx): string {
  if ('fact' in c) return describeLeaf(c, ctx)
  if ('not' in c) return `并非${describe(c.not, ctx)}`
  if ('all' in c) return c.all.map((x) => describe(x, ctx)).join('，且')
  return c.any.map((x) => describe(x, ctx)).join('，或')
}

/** Every leaf test of a condition, under all / any / not alike. */
export function leavesOf(c: Condition | undefined): Leaf[] {
  if (!c) return []
  if ('fact' in c) return [c]
  if ('not' in c) return leavesOf(c.not)
  return ('all' in c ? c.all : c.any).flatMap(leavesOf)
}

/** Every fact a condition reads, for ranking questions and checking the catalogue. */
export function factsOf(c: Condition | undefined): readonly string[] {
  if (!c) return []
  let facts = conditionFacts.get(c)
  if (!facts) conditionFacts.set(c, (facts = leavesOf(c).map((l) => l.fact)))
  return facts
}
// listed once per condition: every message asks it of each rule it ranks and judges, several times
const conditionFacts = new WeakMap<Condition, readonly string[]>()

/** Each numeric threshold a condition tests, for the below / at / above test rule. */
export const thresholdsOf = (c: Condition | undefined): { fact: string; value: number }[] =>
  leavesOf(c).flatMap((l) => (['>=', '>', '<=', '<'].includes(l.op) ? [{ fact: l.fact, value: Number(l.value) }] : []))
