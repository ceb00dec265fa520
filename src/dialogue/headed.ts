// A clause headed by what is asked ((五) 先进封测提升工程。…) is about it; a clause that names it
// among others (支持设计、制造、封测各环节…) is not. The words a heading shares with the question
// say so, leaving out those many headings use (发展, 支持, 产业).
import { headingText } from '../rules/clauses.js'
import type { LoadedRule } from '../rules/schema.js'
import { sourceLines } from '../rules/sources.js'
import { tokenize } from '../search.js'

const COMMON = 0.02 // a word in more than 2% of the headings heads nothing in particular
const NONE: ReadonlySet<string> = new Set()

/** The words that single a subject out of each cited line's heading, by "document:line" (read from the sources: kept in the knowledge cache). */
export function headingsOf(rules: LoadedRule[]): [string, string[]][] {
  const byLine = new Map<string, string[]>()
  for (const r of rules) {
    const key = lineKey(r)
    if (!byLine.has(key)) byLine.set(key, [...new Set(tokenize(headingText(sourceLines(r.source.document)?.[r.source.line - 1] ?? '')).filter((w) => w.length === 2))])
  }
  const headings = [...byLine.values()].filter((h) => h.length)
  const df = new Map<string, number>()
  for (const h of headings) for (const w of h) df.set(w, (df.get(w) ?? 0) + 1)
  const few = Math.max(2, COMMON * headings.length)
  return [...byLine].map(([key, words]) => [key, words.filter((w) => df.get(w)! <= few)] as [string, string[]]).filter(([, words]) => words.length)
}

/** Each rule's heading words, looked up by the rule itself (no key built on every question). */
export function headingWords(rules: LoadedRule[], headings: [string, string[]][]): (rule: LoadedRule) => ReadonlySet<string> {
  const byLine = new Map(headings.map(([key, words]) => [key, new Set(words)]))
  const byRule = new Map(rules.map((r) => [r, byLine.get(lineKey(r)) ?? NONE]))
  return (rule) => byRule.get(rule) ?? NONE
}

const lineKey = (r: LoadedRule) => `${r.source.document}:${r.source.line}`
