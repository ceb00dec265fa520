// 第二个呢 / 上面第一条 / 后一项，技改那块: which policy a message points back to
const ORDINAL = '一二三四五'
const RANK = /(?:第([一二三四五])(?:个|条|项|项政策|个政策|块))|(?:上面|前面|刚才)(?:说的|那)?第?([一二三四五])(?:个|条|项)|([前后])一(?:个|条|项|块)/
// 基金那个 / 担保的那条: what the asker calls it, which outweighs a rank they may have counted otherwise
const NAMED = /([\u4e00-\u9fff]{2,8}?)的?那(?:个|条|项|块|部分|一条|一个|一项|一块)/g
const NOT_A_NAME = /^(?:第[一二三四五]|上面|前面|刚才|你说|说的|就是|还有)/

export type Pointed = { id?: string; away: boolean; rank?: number }

/**
 * The policies counted, in order, with their titles: the id meant, if any; whether the message
 * names something none of them is (`away`: then it does not lean on them); the rank it said.
 */
export function referredPolicy(text: string, counted: readonly { id: string; title: string }[]): Pointed {
  const plain = text.normalize('NFKC')
  const said = RANK.exec(plain)
  // 前一项 / 后一项: of the two things just discussed
  const rank = !said ? undefined : said[3] ? (said[3] === '前' ? 0 : 1) : ORDINAL.indexOf(said[1] ?? said[2])
  const byRank = rank === undefined ? undefined : counted[rank]
  const names = [...plain.matchAll(NAMED)].map((m) => m[1].replace(NOT_A_NAME, '')).filter((n) => n.length >= 2)
  if (!names.length) return { id: byRank?.id || undefined, away: false, rank }
  const fits = (p: { title: string }) => names.some((n) => p.title.includes(n))
  // the name wins over the rank; a name none of them bears leaves the words to the search
  const named = byRank && fits(byRank) ? byRank : counted.find(fits)
  return { id: named?.id, away: !named, rank }
}

/**
 * The list the next 第N个 counts in: a turn that counted keeps the list it counted in (第二个…
 * 第一个呢 count the same things), with what it meant put at the rank it said.
 */
export function countedAfter(pointed: Pointed, counted: readonly string[], answered: readonly string[]): string[] {
  if (pointed.rank === undefined) return [...answered]
  const list = [...counted]
  const meant = pointed.id ?? answered[0]
  if (meant) list[pointed.rank] = meant
  return Array.from(list, (id) => id ?? '')
}
