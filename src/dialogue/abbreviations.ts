// People shorten terms (软件收入, 流贷, 主持国标, 财险) that the policies write out (软件业务收入,
// 流动资金贷款, 主持国际标准, 财产保险). The facts catalogue already pairs such words as cues of one
// fact; a short cue whose characters all stand, in order, in a longer cue of the same fact, and
// which the rule texts rarely use while they often use the longer one, is read as an abbreviation
// of it, and the search is given the written-out words too (not those most policies share).
import type { FactCatalogue } from '../facts/schema.js'
import type { LoadedRule } from '../rules/schema.js'

const MAX_SHORT = 4
const RARER = 5 // the long form is used at least five times as often in the rule texts
const COMMON = 40 // a long form this common (民营企业) says nothing of which policy is meant

/** `short` keeps the first character of `long` and the rest of its characters in order. */
function abbreviates(short: string, long: string): boolean {
  if (short[0] !== long[0] || long.length < Math.max(4, short.length + 2) || long.includes(short)) return false
  let i = 0
  for (const c of long) if (c === short[i]) i++
  return i === short.length
}

export type Abbreviations = Map<string, string[]>

/** The words a rule says itself: what an asker's words are looked for in. */
export const ruleWords = (r: Pick<LoadedRule, 'title' | 'summary' | 'topics' | 'source'>) => [r.title, r.summary ?? '', ...r.topics, r.source.quote].join(' ')

/** Counted over every rule's text (~0.15 s): made once with the knowledge cache, not at each start. */
export function abbreviationsOf(facts: FactCatalogue, rules: Pick<LoadedRule, 'title' | 'summary' | 'topics' | 'source'>[]): Abbreviations {
  const corpus = rules.map(ruleWords).join('\n')
  const uses = new Map<string, number>()
  const count = (w: string) => uses.get(w) ?? uses.set(w, corpus.split(w).length - 1).get(w)!
  const out: Abbreviations = new Map()
  for (const fact of Object.values(facts)) {
    const cues = [...fact.cues, ...(fact.values ?? []).flatMap((v) => v.cues)]
    for (const short of cues.filter((c) => c.length >= 2 && c.length <= MAX_SHORT))
      for (const long of cues)
        if (abbreviates(short, long) && count(short) * RARER < count(long) && count(long) <= COMMON) out.set(short, [...new Set([...(out.get(short) ?? []), long])])
  }
  return out
}

/** The written-out forms of the abbreviations a message uses (none: ''). */
export function writtenOut(text: string, abbreviations: Abbreviations): string {
  const longs: string[] = []
  for (const [short, forms] of abbreviations) if (text.includes(short) && !forms.some((f) => text.includes(f))) longs.push(...forms)
  return longs.join(' ')
}
