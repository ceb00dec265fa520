// How much of a question the best policy found speaks to: the share of the question's own
// words (its figures and the words every question has left out) found in the policy's title,
// clause, conditions and documents. A low share means the search found only a word in passing
// (消费券 → 新型消费类电子): the answer is a guess, and a person should look at it.
import type { PolicyAnswer } from './schema.js'
import { tokenize } from '../search.js'

const COMMON = /请问|我们|我司|公司|企业|一下|吗|呢|啊|吧|的|了|什么|怎么|多少|哪些|能拿|可以|能不能|有没有|政策|奖励|补贴|申请|需要|是否|还有|现在|这个|哪个|如何|要求|条件/g
const FIGURE = /[\d.]+\s*[万亿元%]?|[零〇一二两三四五六七八九十百千万亿]+[万亿元]/g

/**
 * Below this share the answer is a guess. Set from the dev questions, all answerable: 2% of
 * them fall below 0.15 (colloquial ones such as 把财务系统迁到云端 for 企业上云), so a guess still
 * gets the bot's answer, and a person is asked to look as well.
 */
export const GUESS_BELOW = 0.15

/** The share of the question's own words found in `text`; 1 when there are too few to judge. */
export function share(question: string, text: string, least = 4): number {
  const words = [...new Set(tokenize(question.replace(COMMON, ' ').replace(FIGURE, ' ')))].filter((t) => /[\u4e00-\u9fffa-z]/.test(t))
  // too few words to judge: follow-ups and bare facts (那五级呢, 增长了15%) lean on the conversation
  if (words.length < least) return 1
  const found = new Set(tokenize(text))
  return words.filter((w) => found.has(w)).length / words.length
}

export function relevance(question: string, p: PolicyAnswer): number {
  return share(question, [p.title, p.source.title, p.source.quote, ...p.source.alsoAt.map((a) => a.quote), ...p.conditions.map((c) => c.text), ...p.documents, p.department ?? ''].join(' '))
}
