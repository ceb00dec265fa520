// Reading an enterprise's facts out of one message, using the cue words of the facts catalogue:
// "去年软件业务收入3500万，比前年增长15%" → { softwareRevenue: 35000000, revenueGrowth: 0.15 }.
import type { Ctx, Profile } from '../src/engine/facts.js'
import type { Fact } from '../src/facts/schema.js'
import { findNumbers, type NumberSpan } from './numbers.js'

export interface Extracted {
  profile: Profile
  regions: string[] // every place named, canonical, in order of mention
  unassigned: NumberSpan[] // figures whose fact the words do not tell (ellipsis: 那五千五百万呢)
}

const CLAUSE_END = /[，。；？！,.;?!\n]/
const NEGATORS = /(没有|没|未|不是|不|非|无|尚未|还没)$/
const DECREASE = /(下降|减少|降了|下滑|少了)/
const TYPE_OF_SPAN: Record<NumberSpan['kind'], Fact['type'][]> = {
  money: ['money'],
  ratio: ['ratio'],
  count: ['count'],
  level: ['level'],
  plain: ['level', 'count', 'ratio', 'money'],
}

/** Positions of every occurrence of `cue` in `text`. */
function occurrences(text: string, cue: string): number[] {
  const out: number[] = []
  for (let i = text.indexOf(cue); i >= 0; i = text.indexOf(cue, i + 1)) out.push(i)
  return out
}

// a one-character cue such as 省 must not be part of 省里 / 全省 / 省政府
const loneCueOk = (text: string, at: number, cue: string) =>
  cue.length > 1 || (!/[里委政财厅内份外]/.test(text[at + 1] ?? '') && !/[全本我该每各外]/.test(text[at - 1] ?? ''))

function findRegions(text: string, ctx: Ctx): { name: string; at: number }[] {
  const taken = new Array(text.length).fill(false)
  const found: { name: string; at: number }[] = []
  for (const alias of ctx.regions.names()) {
    for (const at of occurrences(text, alias)) {
      if (taken.slice(at, at + alias.length).some(Boolean)) continue
      // single-character abbreviations (冀, 浙) only when they stand alone, as in "冀 资产证券化"
      if (alias.length === 1 && (/[\u4e00-\u9fff]/.test(text[at - 1] ?? '') || /[\u4e00-\u9fff]/.test(text[at + 1] ?? ''))) continue
      for (let i = at; i < at + alias.length; i++) taken[i] = true
      found.push({ name: ctx.regions.canonical(alias)!, at })
    }
  }
  return found.sort((a, b) => a.at - b.at)
}

/** The cue nearest before `pos` in the same clause (or just after it), among facts of the given types. */
function factFor(text: string, span: NumberSpan, ctx: Ctx): string | undefined {
  const types = TYPE_OF_SPAN[span.kind]
  let clauseStart = span.start
  while (clauseStart > 0 && !CLAUSE_END.test(text[clauseStart - 1]) && span.start - clauseStart < 16) clauseStart--
  const before = text.slice(clauseStart, span.start)
  let best: { id: string; end: number; len: number } | undefined
  for (const [id, fact] of Object.entries(ctx.facts)) {
    if (!types.includes(fact.type) || fact.derive) continue
    for (const cue of fact.cues) {
      const i = before.lastIndexOf(cue)
      if (i < 0) continue
      const end = i + cue.length
      if (!best || end > best.end || (end === best.end && cue.length > best.len)) best = { id, end, len: cue.length }
    }
  }
  if (best) return best.id
  // a cue right after the figure: 95个人, 三千万的软件收入
  const after = span.text.replace(/^([\d.]+|[零〇一二两三四五六七八九十百千万亿]+)[个名位新]*/, '') + text.slice(span.end, span.end + 6).split(CLAUSE_END)[0]
  for (const [id, fact] of Object.entries(ctx.facts)) {
    if (!types.includes(fact.type) || fact.derive) continue
    if (fact.cues.some((c) => after.startsWith(c) || after.startsWith('的' + c))) return id
  }
  return undefined
}

export function extractFacts(raw: string, ctx: Ctx): Extracted {
  const text = raw.normalize('NFKC')
  const profile: Profile = {}
  const unassigned: NumberSpan[] = []

  const regions = findRegions(text, ctx)
  if (regions.length) {
    // where the enterprise is registered, when the message says so; else the first place named
    const reg = text.search(/注册/)
    const pick = reg >= 0 ? regions.reduce((a, b) => (Math.abs(b.at - reg) < Math.abs(a.at - reg) ? b : a)) : regions[0]
    profile.region = pick.name
  }

  for (const span of findNumbers(text)) {
    const id = factFor(text, span, ctx)
    if (!id) {
      if (span.kind !== 'plain') unassigned.push(span)
      continue
    }
    let value = span.value
    if (span.kind === 'ratio' && DECREASE.test(text.slice(Math.max(0, span.start - 6), span.start))) value = -value
    profile[id] = Math.round(value * 1e6) / 1e6
  }

  for (const [id, fact] of Object.entries(ctx.facts)) {
    if (fact.type === 'boolean') {
      let verdict: { v: boolean; at: number } | undefined
      for (const cue of fact.cues)
        for (const at of occurrences(text, cue)) {
          const v = !NEGATORS.test(text.slice(Math.max(0, at - 3), at))
          if (!verdict || at > verdict.at) verdict = { v, at }
        }
      for (const cue of fact.falseCues)
        for (const at of occurrences(text, cue)) if (!verdict || at > verdict.at) verdict = { v: false, at }
      if (verdict) profile[id] = verdict.v
    } else if (fact.type === 'enum' && fact.values) {
      let first: { v: string; at: number; len: number } | undefined
      for (const val of fact.values)
        for (const cue of val.cues)
          for (const at of occurrences(text, cue)) {
            if (!loneCueOk(text, at, cue)) continue
            if (!first || at < first.at || (at === first.at && cue.length > first.len)) first = { v: val.id, at, len: cue.length }
          }
      if (first) profile[id] = first.v
    }
  }
  return { profile, regions: [...new Set(regions.map((r) => r.name))], unassigned }
}
