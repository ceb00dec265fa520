// Word segmentation: jieba with its default dictionary and, on top, our own vocabulary (the cue
// words of the facts catalogue, place names and abbreviations, the rules' topics, the names of
// certifications in vocab/terms.yaml), so 专精特新, 小巨人, 首版次 and 多元件集成电路 stay whole.
// Loading jieba's 5 MB dictionary takes ~0.2 s, so it is loaded on first use, not at start-up:
// a single question that is no follow-up never pays for it.
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import type { Jieba } from '@node-rs/jieba'
import type { Ctx } from '../src/engine/facts.js'
import { VOCAB_DIR } from '../src/paths.js'

const require = createRequire(import.meta.url)

export interface Vocabulary extends Ctx {
  rules?: { topics: string[] }[]
}

export interface Segmenter {
  cut(text: string): string[]
  /** Is the word one of ours (a cue, a place, a topic, a certification)? */
  known(word: string): boolean
}

// a word jieba should keep whole: 2 to 12 characters of Chinese, or Latin letters with digits
// (CMMI, ISO27001, 5G); not figures such as 1200亿 or 2个以上, which the number reader handles
const WORDLIKE = /^(?:[\u4e00-\u9fff（）]{2,12}|[A-Za-z][A-Za-z0-9]{1,11}|\d[A-Za-z][A-Za-z0-9]*)$/
// cue phrases made for substring matching (主持了, 我们主持, 能补多少) are no words: glued together
// they would hide the words they are made of
const PHRASE = /多少|怎么|什么|哪|吗|呢|能|可以|我们|我司|的|了|是|有没有|要|想|拿/

/** Every word of our vocabularies, for jieba's user dictionary. */
export function vocabulary(v: Vocabulary): string[] {
  const words = new Set<string>()
  const add = (w: string) => {
    const t = w.normalize('NFKC').trim()
    if (WORDLIKE.test(t) && !PHRASE.test(t)) words.add(t)
  }
  for (const fact of Object.values(v.facts)) {
    fact.cues.forEach(add)
    for (const val of fact.values ?? []) val.cues.forEach(add)
  }
  v.regions.names().forEach(add)
  for (const r of v.rules ?? []) r.topics.forEach(add)
  // yaml is required here, not imported: a start that never segments need not load it
  const { parse } = require('yaml') as typeof import('yaml')
  const terms = parse(readFileSync(join(VOCAB_DIR, 'terms.yaml'), 'utf8')) as Record<string, string[]>
  for (const list of Object.values(terms)) list.forEach(add)
  return [...words]
}

// low on purpose: a longer word beats its pieces anyway (each piece multiplies in another small
// probability), and at 3000 our cues swallowed their neighbours (去年营收 → 去/年营收/…); at 20
// that one remains, which changes nothing for subject detection (营收 is the subject either way)
const USER_FREQ = 20

const built = new WeakMap<object, Segmenter>()

/** The segmenter for a knowledge base, built on first use and kept. */
export function segmenter(v: Vocabulary): Segmenter {
  let s = built.get(v)
  if (s) return s
  const { Jieba } = require('@node-rs/jieba') as typeof import('@node-rs/jieba')
  // new Jieba() has no dictionary at all and cuts every character apart. The default dictionary
  // is read from its file: @node-rs/jieba/dict would also read the 6 MB idf table we do not use
  const jieba: Jieba = Jieba.withDict(readFileSync(require.resolve('@node-rs/jieba/dict.txt')))
  const words = vocabulary(v)
  jieba.loadDict(Buffer.from(words.map((w) => `${w} ${USER_FREQ} n`).join('\n') + '\n'))
  const ours = new Set(words.map((w) => w.toUpperCase()))
  s = { cut: (text) => jieba.cut(text.normalize('NFKC'), true), known: (w) => ours.has(w.toUpperCase()) }
  built.set(v, s)
  return s
}
