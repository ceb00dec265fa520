// Finding the rules a question is about: BM25 over each rule's words, on
// character bigrams so that Chinese needs no word segmentation.
import { sourceLines } from './rules/sources.js'
import type { LoadedRule } from './rules/schema.js'

// words that say nothing about which policy is meant
const FILLER = /我们|我司|公司|企业|请问|能拿|能不能|可以|多少|什么|哪些|怎么|吗|呢|啊|吧|了|的|是|有没有|一下|市里|省里|政策|奖励|补贴/g

// (one pattern for every call: tokenizing runs for each question, and again for each quote shown)
// (letters and the digits after them are two words: CMMI5 and CMMI 5 both say cmmi and 5)
const WORD = /[a-z]+(?:[./-][a-z]+)*|\d+(?:\.\d+)?|[\u4e00-\u9fff]+/g
const HAN = /[\u4e00-\u9fff]/

// Character bigrams, not jieba words: measured on the dev set (2026-11-23), jieba's words in
// place of bigrams gave hit@1 85.7% / hit@3 96.2%, bigrams plus jieba words of three characters
// or more 87.5% / 97.5%, bigrams alone 89.1% / 98.4%; and every question would then pay the
// ~0.2 s jieba takes to load its dictionary. Rule texts and questions share their wording, and a
// bigram also matches inside words the segmenter cuts differently in each.
export function tokenize(text: string): string[] {
  const out: string[] = []
  const t = text.normalize('NFKC').toLowerCase()
  WORD.lastIndex = 0
  for (let m = WORD.exec(t); m; m = WORD.exec(t)) {
    const w = m[0]
    if (!HAN.test(w)) {
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

// Field weights: a word in the title or topics says more than one in the surrounding line.
const FIELDS = { title: 3, topics: 3, summary: 1.5, quote: 1.5, context: 0.5, document: 1 } as const
type Field = keyof typeof FIELDS
const K1 = 1.2
const B = 0.7
const DELTA = 0.5 // BM25+: a long field that holds the word still counts

/**
 * BM25+ per field, summed with the field weights, over inverted indexes of Maps. (minisearch
 * does the same but its radix tree took 1.8 s to build over the ~400k bigrams of all rules;
 * we need neither prefix nor fuzzy search.)
 */
/**
 * One field's inverted index, packed: the terms sorted (found by binary search), and for the
 * term at slot i its postings docs[starts[i]..starts[i+1]) with their term frequencies. Typed
 * arrays, so that the knowledge cache hands them over as they lie in the file: no Map, no
 * per-term objects to build at start-up (that took ~100 ms and ~20 MB).
 */
export interface PackedField {
  terms: string[]
  starts: Uint32Array
  docs: Uint32Array
  tfs: Uint32Array
  length: Uint32Array
  avg: number
}
export type IndexData = Record<string, PackedField>

function slotOf(terms: string[], t: string): number {
  let lo = 0
  let hi = terms.length - 1
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1
    const m = terms[mid]
    if (m === t) return mid
    if (m < t) lo = mid + 1
    else hi = mid - 1
  }
  return -1
}

export class RuleIndex {
  private rules: LoadedRule[]
  private fields = new Map<Field, PackedField>()

  constructor(rules: LoadedRule[], data?: IndexData) {
    this.rules = rules
    if (data) {
      for (const [f, d] of Object.entries(data)) this.fields.set(f as Field, d)
      return
    }
    const text = (r: LoadedRule): Record<Field, string> => ({
      title: r.title,
      topics: r.topics.join(' '),
      summary: r.summary ?? '',
      quote: [r.source.quote, ...r.source.alsoAt.map((p) => p.quote)].join(' '),
      // the whole cited line: what surrounds the quote often names the subject
      context: sourceLines(r.source.document)?.[r.source.line - 1] ?? '',
      document: `${r.documentTitle} ${r.docNumber ?? ''} ${r.region}`,
    })
    const building = new Map<Field, { postings: Map<string, { doc: number[]; tf: number[] }>; length: Uint32Array }>()
    for (const f of Object.keys(FIELDS) as Field[]) building.set(f, { postings: new Map(), length: new Uint32Array(rules.length) })
    rules.forEach((r, d) => {
      const t = text(r)
      for (const [f, idx] of building) {
        const toks = tokenize(t[f])
        idx.length[d] = toks.length
        const tf = new Map<string, number>()
        for (const w of toks) tf.set(w, (tf.get(w) ?? 0) + 1)
        for (const [w, n] of tf) {
          let p = idx.postings.get(w)
          if (!p) idx.postings.set(w, (p = { doc: [], tf: [] }))
          p.doc.push(d)
          p.tf.push(n)
        }
      }
    })
    for (const [f, idx] of building) {
      const terms = [...idx.postings.keys()].sort()
      const total = terms.reduce((n, w) => n + idx.postings.get(w)!.doc.length, 0)
      const starts = new Uint32Array(terms.length + 1)
      const docs = new Uint32Array(total)
      const tfs = new Uint32Array(total)
      let k = 0
      terms.forEach((w, i) => {
        const p = idx.postings.get(w)!
        starts[i] = k
        docs.set(p.doc, k)
        tfs.set(p.tf, k)
        k += p.doc.length
      })
      starts[terms.length] = k
      const avg = idx.length.reduce((a, b) => a + b, 0) / Math.max(1, rules.length) || 1
      this.fields.set(f, { terms, starts, docs, tfs, length: idx.length, avg })
    }
  }

  /** How many times a rule's field holds this term (0: no rule uses it). */
  countOf(term: string): number {
    let n = 0
    for (const f of this.fields.values()) {
      const slot = slotOf(f.terms, term)
      if (slot >= 0) n += f.starts[slot + 1] - f.starts[slot]
    }
    return n
  }

  /** Whether a rule's title or topics say these words as they stand. */
  names(words: string): boolean {
    if (words.includes('\n')) return this.rules.some((r) => r.title.includes(words) || r.topics.some((t) => t.includes(words)))
    // every title and topic on a line of its own: words of one line are found in one search, not
    // one per rule (the homophones ask this of several words in every message)
    this.nameLines ??= this.rules.flatMap((r) => [r.title, ...r.topics]).join('\n')
    return this.rules.length > 0 && this.nameLines.includes(words)
  }
  private nameLines: string | undefined

  /** Whether a rule's title or topics hold this term. */
  named(term: string): boolean {
    this.nameTerms ??= new Set([...(this.fields.get('title')?.terms ?? []), ...(this.fields.get('topics')?.terms ?? [])])
    return this.nameTerms.has(term)
  }
  private nameTerms: Set<string> | undefined

  /** The packed fields, for the knowledge cache to store. */
  toData(): IndexData {
    return Object.fromEntries(this.fields)
  }

  /** The best rules for the words; `keep`: only among these (a place's own measures). */
  search(question: string, limit = 30, keep?: (rule: LoadedRule) => boolean): Hit[] {
    const q = question.normalize('NFKC').replace(FILLER, ' ')
    const n = this.rules.length
    // one set of arrays for every search of this index, cleared each time (a question searches
    // several times; a search returns before the next begins)
    const { scores } = this.scratch()
    scores.fill(0)
    const terms = [...new Set(tokenize(q))]
    for (const [f, idx] of this.fields) {
      const weight = FIELDS[f]
      for (const t of terms) {
        const slot = slotOf(idx.terms, t)
        if (slot < 0) continue
        const from = idx.starts[slot]
        const to = idx.starts[slot + 1]
        const idf = Math.log(1 + (n - (to - from) + 0.5) / (to - from + 0.5))
        for (let i = from; i < to; i++) {
          const d = idx.docs[i]
          const tf = idx.tfs[i]
          scores[d] += weight * idf * (DELTA + (tf * (K1 + 1)) / (tf + K1 * (1 - B + (B * idx.length[d]) / idx.avg)))
        }
      }
    }
    // how many distinct words of the question a rule holds: a rule that matches more of the
    // question beats one that matches a single word many times
    const coverage = this.coverage(terms)
    for (let d = 0; d < n; d++) scores[d] *= coverage[d]
    const keepers = keep ? (d: number) => keep(this.rules[d]) : undefined
    return topOf(scores, limit, keepers).map((d) => ({ rule: this.rules[d], score: scores[d] }))
  }

  private scratchArrays: { scores: Float64Array; coverage: Uint16Array; counted: Int32Array } | undefined
  private scratch() {
    const n = this.rules.length
    return (this.scratchArrays ??= { scores: new Float64Array(n), coverage: new Uint16Array(n), counted: new Int32Array(n) })
  }

  /** For each rule, how many of the terms any of its fields holds. */
  private coverage(terms: string[]): Uint16Array {
    const { coverage, counted } = this.scratch()
    coverage.fill(0)
    // the last term counted for each rule: a term held by several fields counts once
    counted.fill(-1)
    terms.forEach((t, ti) => {
      for (const idx of this.fields.values()) {
        const slot = slotOf(idx.terms, t)
        if (slot < 0) continue
        for (let i = idx.starts[slot]; i < idx.starts[slot + 1]; i++) {
          const d = idx.docs[i]
          if (counted[d] !== ti) {
            counted[d] = ti
            coverage[d]++
          }
        }
      }
    })
    return coverage
  }

}

/**
 * The `limit` documents of highest score above 0 (that `keep` accepts), best first, ties in the
 * documents' order: what a stable sort of them all would begin with, without an object per
 * document scored (a question scores most of the rules).
 */
function topOf(scores: Float64Array, limit: number, keep?: (d: number) => boolean): number[] {
  const top: number[] = []
  for (let d = 0; d < scores.length; d++) {
    const s = scores[d]
    if (!(s > 0) || (top.length === limit && s <= scores[top[limit - 1]]) || (keep && !keep(d))) continue
    // after every document as good (they came first)
    let lo = 0
    let hi = top.length
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if (scores[top[mid]] >= s) lo = mid + 1
      else hi = mid
    }
    top.splice(lo, 0, d)
    if (top.length > limit) top.pop()
  }
  return top
}
