// How alike two questions are: cosine of their character-bigram sets, ignoring the words that
// every question has (请问, 我们公司, 吗), so 出口退税怎么申请 and 请问我们出口退税怎么申请呢 match.
import { tokenize } from '../search.js'

const COMMON = /请问|我们|我司|公司|企业|一下|吗|呢|啊|吧|的|了/g

const bigrams = (text: string) => new Set(tokenize(text.replace(COMMON, ' ')))

export function similarity(a: string, b: string): number {
  const x = bigrams(a)
  const y = bigrams(b)
  if (!x.size || !y.size) return 0
  let both = 0
  for (const t of x) if (y.has(t)) both++
  return both / Math.sqrt(x.size * y.size)
}
