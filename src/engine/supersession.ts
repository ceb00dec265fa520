// Later notices replacing earlier rules (财税〔2019〕13号 over 77号's brackets): which rule governs
// the asker's period. The period is the year the asker names in the link's fact (2019年度, 去年),
// else the day asked; a link governs from its `from` day on. Pure: rules and a profile in, links out.
import type { LoadedRule } from '../rules/schema.js'
import type { Profile } from './facts.js'

export interface Replacement {
  by: LoadedRule // the later rule
  from: string
  part: 'full' | 'figures'
  fact?: string // the fact giving the year of the asker's period
  note: string
}

/** For each rule id, the later rules that replace it, from the rules' `supersedes` links. */
export function replacementsOf(rules: LoadedRule[]): Map<string, Replacement[]> {
  const out = new Map<string, Replacement[]>()
  for (const by of rules)
    for (const l of by.supersedes) {
      const list = out.get(l.rule) ?? []
      list.push({ by, from: l.from, part: l.part, fact: l.by, note: l.note })
      out.set(l.rule, list)
    }
  for (const list of out.values()) list.sort((a, b) => a.from.localeCompare(b.from))
  return out
}

/**
 * The day the asker's question is about for a link: the last day of the year it names in the
 * link's fact (a tax year runs to 31 December), or of the one year the message names, else the
 * day asked.
 */
export function periodOf(fact: string | undefined, profile: Profile, asOf: string): string {
  // the year the message named when the link's own fact was not said as such
  const y = (fact ? profile[fact] : undefined) ?? profile.askedYear
  return typeof y === 'number' && Number.isInteger(y) && y > 1900 && y < 2200 ? `${y}-12-31` : asOf
}

/**
 * The rule that governs in place of `id` for this asker, following later links (2021 → 2023):
 * undefined when nothing replaces it on the asker's period. `first` is the link by which `id`
 * stopped governing, `last` the one that made the governing rule.
 */
export function governing(
  id: string,
  links: Map<string, Replacement[]>,
  profile: Profile,
  asOf: string,
  // whether the later rule is for this asker at all, against the rule it replaces (2021年第13号's
  // 100% is for manufacturers only: a trading firm keeps the 75% of the notice before it)
  applies: (later: LoadedRule, earlier: string) => boolean = () => true,
): { rule: LoadedRule; first: Replacement; last: Replacement } | undefined {
  let found: { rule: LoadedRule; first: Replacement; last: Replacement } | undefined
  const seen = new Set<string>([id])
  // a notice not yet issued on the day asked governs nothing yet, whatever period it will cover
  const issued = (r: Replacement) => !r.by.validity.issued || r.by.validity.issued <= asOf
  for (let cur = id; ; ) {
    const next = (links.get(cur) ?? []).filter((r) => issued(r) && periodOf(r.fact, profile, asOf) >= r.from && applies(r.by, cur)).at(-1)
    if (!next || seen.has(next.by.id)) return found
    found = { rule: next.by, first: found?.first ?? next, last: next }
    seen.add((cur = next.by.id))
  }
}

/**
 * The end of the known notices, when the asker's period lies after it: a rule of a chain of
 * notices that nothing replaces on that period and that ended before it (2023年第12号 runs to
 * 2027-12-31; asked of 2028, what applies is not known here).
 */
export function beyondKnown(
  rule: LoadedRule,
  links: Map<string, Replacement[]>,
  profile: Profile,
  asOf: string,
  applies?: (later: LoadedRule, earlier: string) => boolean,
  ends: (id: string) => string | null | undefined = () => undefined,
): string | undefined {
  const facts = rule.supersedes.map((l) => l.by)
  if (!facts.length || !rule.validity.to || governing(rule.id, links, profile, asOf, applies)) return undefined
  // a rule it narrowed that runs on (2023年第7号's 100%, no end) still answers after it
  if (rule.supersedes.some((l) => !ends(l.rule))) return undefined
  const period = facts.map((f) => periodOf(f, profile, asOf)).sort().at(-1)!
  return period > rule.validity.to ? rule.validity.to : undefined
}
