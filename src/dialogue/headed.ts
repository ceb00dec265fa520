// A clause headed by what is asked ((五) 先进封测提升工程。…) is about it; a clause that names it
// among others (支持设计、制造、封测各环节…) is not. The words a heading shares with the question
// say so, leaving out those many headings use (发展, 支持, 产业).
import { headingText } from '../rules/clauses.js'
import type { LoadedRule } from '../rules/schema.js'
import { sourceLines } from '../rules/sources.js'
import { tokenize } from '../search.js'

const COMMON = 0.02 // a word in more than 2% of the headings heads nothing in particular

/** For each rule, the words of its clause's heading that single a subject out. */
export function headingWords(rules: LoadedRule[]): (rule: LoadedRule) => Set<string> {
  const byLine = new Map<string, Set<string>>()
  for (const r of rules) {
    const key = `${r.source.document}:${r.source.line}`
    if (!byLine.has(key)) byLine.set(key, new Set(tokenize(headingText(sourceLines(r.source.document)?.[r.source.line - 1] ?? '')).filter((w) => w.length === 2)))
  }
  const headings = [...byLine.values()].filter((h) => h.size)
  const df = new Map<string, number>()
  for (const h of headings) for (const w of h) df.set(w, (df.get(w) ?? 0) + 1)
  const few = Math.max(2, COMMON * headings.length)
  for (const h of byLine.values()) for (const w of h) if (df.get(w)! > few) h.delete(w)
  return (rule) => byLine.get(`${rule.source.document}:${rule.source.line}`) ?? new Set()
}
