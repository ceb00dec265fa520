// 我们公司能申请什么补贴？: a first message that names no subject, place or trade. Its best guesses
// would be noise; what narrows the whole knowledge base most is asked first.
import type { Extracted } from '../../intents/extract.js'
import type { Vocabulary } from '../../intents/segment.js'
import { leavesOf } from '../engine/conditions.js'
import type { Condition, LoadedRule } from '../rules/schema.js'
import type { Session } from './session.js'
import { subjectWords } from './subject.js'

// words that say the asker wants support but not which: 补贴 and 奖励 are chatter already
const ANY_SUPPORT = /^(?:扶持|政策|优惠|支持|资金|补助|奖补|帮扶|申报|好处|福利|红利|帮助|相关|哪些|有啥|可以申请|咱们|了解|享受|点|些|一些|有关|方面|东西|想)+$/

// the facts a condition requires of everyone (an ifStated test asks only those who say it)
const hardFacts = (c: Condition | undefined): string[] => leavesOf(c).flatMap((l) => (l.ifStated ? [] : [l.fact]))

/**
 * The place and kind facts that split the knowledge base most: the ones the most documents make a
 * hard condition of (a region splits every document; a sector split inside one compilation less).
 */
export function splittingFacts(rules: LoadedRule[], kinds: (id: string) => string | undefined, n = 2): string[] {
  const docs = new Map<string, Set<string>>()
  for (const r of rules)
    for (const f of hardFacts(r.conditions)) if (kinds(f) === 'region' || kinds(f) === 'enum') docs.set(f, (docs.get(f) ?? new Set()).add(r.documentTitle))
  return [...docs].sort((a, b) => b[1].size - a[1].size).slice(0, n).map(([f]) => f)
}

/**
 * A first message asking for support in general: no place, no figure, no subject (我们公司 may tell
 * who applies; that alone narrows little).
 */
export function isVague(text: string, extracted: Pick<Extracted, 'profile' | 'regions' | 'spans'>, session: Session, v: Vocabulary): boolean {
  if (session.topic || Object.keys(session.profile).length || extracted.regions.length || extracted.spans.length) return false
  return subjectWords(text.normalize('NFKC'), v).every((w) => ANY_SUPPORT.test(w))
}

/** 嘉兴市、聊城市、河北省、深圳市 and national tax measures: where the knowledge base has policies. */
export function coveredPlaces(rules: LoadedRule[], ancestors: (place: string) => string[]): string[] {
  const count = new Map<string, number>()
  for (const r of rules) count.set(r.region, (count.get(r.region) ?? 0) + 1)
  // 南湖区 is inside 嘉兴市: the place a document covers is enough
  return [...count].filter(([p]) => !ancestors(p).some((a) => count.has(a) && a !== '全国')).sort((a, b) => b[1] - a[1]).map(([p]) => p)
}
