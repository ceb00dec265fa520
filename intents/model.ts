// A small intent classifier trained at build time (scripts/train-intents.mjs) on the example
// utterances of intents/kinds/: multinomial naive Bayes over character 1- to 3-grams. Characters,
// not jieba words: the model needs no 0.2 s dictionary at start-up, and colloquial spellings
// (啥/什么, 咋/怎么) share most of their n-grams with the rest of the sentence anyway.
import { existsSync, readFileSync } from 'node:fs'
import type { Intent } from '../src/answer/schema.js'

import type { IntentModel } from './model-schema.js'
export type { IntentModel } from './model-schema.js'

export interface Example {
  text: string
  intent: Intent
}

/** The n-grams of a message: figures are one symbol (3500万 and 80万 say the same), Latin letters folded. */
export function features(text: string): string[] {
  const t = `^${text.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').replace(/\d+(\.\d+)?/g, '0').trim()}$`
  const out: string[] = []
  for (let n = 1; n <= 3; n++) for (let i = 0; i + n <= t.length; i++) out.push(t.slice(i, i + n))
  return out
}

export function train(examples: Example[], alpha = 0.3, temperature = 2): IntentModel {
  const intents = [...new Set(examples.map((e) => e.intent))].sort()
  const docs = intents.map(() => 0)
  const totals = intents.map(() => 0)
  const counts = new Map<string, Map<number, number>>()
  for (const e of examples) {
    const k = intents.indexOf(e.intent)
    docs[k]++
    for (const f of features(e.text)) {
      let c = counts.get(f)
      if (!c) counts.set(f, (c = new Map()))
      c.set(k, (c.get(k) ?? 0) + 1)
      totals[k]++
    }
  }
  return {
    version: 1,
    intents,
    docs,
    totals,
    vocabulary: counts.size,
    alpha,
    temperature,
    counts: Object.fromEntries([...counts].map(([f, c]) => [f, [...c]])),
  }
}

export interface Prediction {
  intent: Intent
  probability: number
}
export interface Predictions {
  ranked: Prediction[] // every intent with its posterior probability, the likeliest first
  known: number // the share of the message's 2- and 3-grams the model has seen: how much it can judge
}

// each n-gram's tempered log-likelihood under every intent, computed on first use: building all
// of them up front would cost every start ~50 ms
interface Tables {
  prior: number[]
  row(f: string): Float64Array | undefined
}
const tables = new WeakMap<IntentModel, Tables>()
function tablesOf(model: IntentModel): Tables {
  let t = tables.get(model)
  if (t) return t
  const { intents, docs, totals, vocabulary, alpha, temperature } = model
  const n = docs.reduce((a, b) => a + b, 0)
  const denom = totals.map((x) => Math.log(x + alpha * vocabulary))
  const unseen = intents.map((_, k) => (Math.log(alpha) - denom[k]) / temperature)
  const rows = new Map<string, Float64Array | undefined>()
  const row = (f: string) => {
    if (rows.has(f)) return rows.get(f)
    const c = Object.hasOwn(model.counts, f) ? model.counts[f] : undefined
    let r: Float64Array | undefined
    if (c) {
      r = Float64Array.from(unseen)
      for (const [k, count] of c) r[k] = (Math.log(count + alpha) - denom[k]) / temperature
    }
    rows.set(f, r)
    return r
  }
  t = { prior: docs.map((d) => Math.log(d / n)), row }
  tables.set(model, t)
  return t
}

export function predict(model: IntentModel, text: string): Predictions {
  const { prior, row: rowOf } = tablesOf(model)
  const score = prior.slice()
  let known = 0
  let long = 0
  for (const f of features(text)) {
    const row = rowOf(f)
    if (f.length > 1) long++
    if (!row) continue // an n-gram never seen says nothing
    if (f.length > 1) known++
    for (let k = 0; k < score.length; k++) score[k] += row[k]
  }
  const top = Math.max(...score)
  const exp = score.map((s) => Math.exp(s - top))
  const sum = exp.reduce((a, b) => a + b, 0)
  const ranked = model.intents.map((intent, k) => ({ intent, probability: exp[k] / sum })).sort((a, b) => b.probability - a.probability)
  return { ranked, known: long ? known / long : 0 }
}

/** The model in `file`, or null when there is none (the caller says so and uses the patterns). */
export function loadModel(file: string): IntentModel | null {
  if (!existsSync(file)) return null
  const raw = JSON.parse(readFileSync(file, 'utf8'))
  // the build checked the whole file against IntentModel (model-schema.ts); here, that it is one
  if (raw?.version !== 1) throw new Error('version: 应为 1')
  for (const k of ['intents', 'docs', 'totals'] as const) if (!Array.isArray(raw[k]) || raw[k].length !== raw.intents?.length) throw new Error(`${k}: 应为每个意图一项的数组`)
  if (!raw.counts || typeof raw.counts !== 'object' || Array.isArray(raw.counts)) throw new Error('counts: 应为 n-gram → [[意图序号, 次数]] 的对象')
  return raw as IntentModel
}

/** A fixed split for checking the model: every `every`-th example of each intent is held out. */
export function heldOut<T extends Example>(examples: T[], every: number): { learn: T[]; check: T[] } {
  const seen = new Map<string, number>()
  const learn: T[] = []
  const check: T[] = []
  for (const e of examples) {
    const i = seen.get(e.intent) ?? 0
    seen.set(e.intent, i + 1)
    ;(i % every === every - 1 ? check : learn).push(e)
  }
  return { learn, check }
}
