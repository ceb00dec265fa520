// A fact said of one item among several (首次, 国家级) is read, for each policy, from the clauses
// of the message that name the policy's own subject: in "CMMI三级早就有了，今年头一回拿到ISO27001"
// 首次 belongs to ISO27001, and the CMMI policy does not know whether its level is new.
import { CLAUSE_END, fold as upper, type Extracted } from '../../intents/extract.js'
import type { Profile } from '../engine/facts.js'
import { evalCondition, factsOf } from '../engine/conditions.js'
import type { Ctx } from '../engine/facts.js'
import { factsRead } from '../engine/evaluate.js'
import type { LoadedRule } from '../rules/schema.js'

// a topic shared by more policies than this names a programme or a document, not an item
const COMMON = 12
// what names no item: a first time, a level, a figure (2000万, 1%), a step or a kind of money
// (准备申报国家级 says when, not of what)
const LEVEL_OR_FIRST = /首次|第一次|国家级|省级|市级|\d+(\.\d+)?\s*(万|亿|%|‰|元|倍)|^(?:申报|申请|奖励|补助|补贴|资助|奖补|扶持|支持)$/
const positions = (t: string, w: string) => {
  const out: number[] = []
  for (let i = t.indexOf(w); i >= 0; i = t.indexOf(w, i + 1)) out.push(i)
  return out
}
const fold = (s: string) => upper(s.normalize('NFKC'))

export class Subjects {
  private itemWords: string[] | undefined
  constructor(private rules: LoadedRule[]) {}

  /** The topics that name an item (few policies share them): counted on first need, not at start-up. */
  private get items(): string[] {
    if (!this.itemWords) {
      const count = new Map<string, number>()
      for (const r of this.rules) for (const t of new Set(r.topics)) count.set(t, (count.get(t) ?? 0) + 1)
      this.itemWords = [...count].filter(([w, n]) => n <= COMMON && w.length >= 2 && !LEVEL_OR_FIRST.test(w)).map(([w]) => fold(w))
    }
    return this.itemWords
  }

  // the item words of the message being judged, found once for all its policies
  private seen = { text: '', words: new Set<string>() }
  private present(t: string): Set<string> {
    if (this.seen.text !== t) this.seen = { text: t, words: new Set(this.items.filter((w) => t.includes(w))) }
    return this.seen.words
  }

  /** The profile `rule` is judged on: its per-item facts from the clauses naming its subject. */
  judge(rule: LoadedRule, profile: Profile, text: string, scoped: Extracted['scoped']): Profile {
    const used = factsRead(rule)
    const facts = Object.keys(scoped).filter((f) => used.has(f))
    if (!facts.length) return profile
    const t = fold(text)
    const present = this.present(t)
    const own = new Set(rule.topics.map(fold))
    const words = [...own].filter((w) => present.has(w))
    if (!words.length) return profile
    const clauseAt = (i: number): [number, number] => {
      let a = i
      let b = i
      while (a > 0 && !CLAUSE_END.test(t[a - 1])) a--
      while (b < t.length && !CLAUSE_END.test(t[b])) b++
      return [a, b]
    }
    const clauses = words.flatMap((w) => positions(t, w).map(clauseAt))
    const inSubject = (at: number) => clauses.some(([a, b]) => at >= a && at < b)
    // a clause that names another item (今年头一回拿到ISO27001, for the CMMI policy)
    const ofOthers = (at: number) => {
      const [a, b] = clauseAt(at)
      const clause = t.slice(a, b)
      return [...present].some((w) => !own.has(w) && clause.includes(w))
    }
    const out = { ...profile }
    for (const f of facts) {
      const inside = scoped[f].filter((m) => inSubject(m.at))
      // said of this subject: that word; said only of other items: unknown for this one
      if (inside.length) out[f] = inside[inside.length - 1].value
      else if (scoped[f].every((m) => ofOthers(m.at))) delete out[f]
    }
    return out
  }
}

/**
 * 抵押贷款和纯信用贷款都出了坏账: an asker who named two kinds of one thing together holds both, and
 * each policy is judged on the kind it asks for (the one that fits it best: met, then unknown).
 */
export function eitherKind(rule: LoadedRule, profile: Profile, both: Extracted['both'], ctx: Ctx): Profile {
  const facts = factsOf(rule.conditions).filter((f) => both[f])
  if (!facts.length) return profile
  let best = profile
  let bestScore = -1
  const score = (v: boolean | null) => (v === true ? 2 : v === null ? 1 : 0)
  for (const f of facts)
    for (const v of both[f]) {
      const tried = { ...best, [f]: v }
      const s = score(evalCondition(rule.conditions, tried, ctx).value)
      if (s > bestScore) [best, bestScore] = [tried, s]
    }
  return best
}
