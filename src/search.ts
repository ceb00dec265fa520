// Finding the rules a question is about: BM25 (minisearch) over each rule's words, on
// character bigrams so that Chinese needs no word segmentation.
import MiniSearch from 'minisearch'
import { sourceLines } from './rules/check.js'
import type { LoadedRule } from './rules/schema.js'

// words that say nothing about which policy is meant
const FILLER = /我们|我司|公司|企业|请问|能拿|能不能|可以|多少|什么|哪些|怎么|吗|呢|啊|吧|了|的|是|有没有|一下|市里|省里|政策|奖励|补贴/g

export function tokenize(text: string): string[] {
  const out: string[] = []
  const t = text.normalize('NFKC').toLowerCase()
  for (const m of t.matchAll(/[a-z][a-z0-9./-]*|\d+(?:\.\d+)?|[\u4e00-\u9fff]+/g)) {
    const w = m[0]
    if (!/[\u4e00-\u9fff]/.test(w)) {
      out.push(w)
      continue
    }
    if (w.length === 1) out.push(w)
    for (let i = 0; i + 1 < w.length; i++) out.push(w.slice(i, i + 2))
  }
  return out
}

export interface Hit {
  rule: LoadedRule
  score: number
}

export class RuleIndex {
  private ms: MiniSearch
  private byId: Map<string, LoadedRule>

  constructor(rules: LoadedRule[]) {
    this.byId = new Map(rules.map((r) => [r.id, r]))
    this.ms = new MiniSearch({
      fields: ['title', 'topics', 'summary', 'quote', 'context', 'document'],
      tokenize,
      processTerm: (t) => t,
    })
    this.ms.addAll(
      rules.map((r) => ({
        id: r.id,
        title: r.title,
        topics: r.topics.join(' '),
        summary: r.summary ?? '',
        quote: [r.source.quote, ...r.source.alsoAt.map((p) => p.quote)].join(' '),
        // the whole cited line: what surrounds the quote often names the subject
        context: sourceLines(r.source.document)?.[r.source.line - 1] ?? '',
        document: `${r.documentTitle} ${r.docNumber ?? ''} ${r.region}`,
      })),
    )
  }

  search(question: string, limit = 30): Hit[] {
    const q = question.normalize('NFKC').replace(FILLER, ' ')
    return this.ms
      .search(q, { boost: { title: 3, topics: 3, summary: 1.5, quote: 1.5, context: 0.5, document: 1 }, combineWith: 'OR' })
      .slice(0, limit)
      .map((r) => ({ rule: this.byId.get(String(r.id))!, score: r.score }))
  }
}
