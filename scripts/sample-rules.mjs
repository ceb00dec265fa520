#!/usr/bin/env node
// node scripts/sample-rules.mjs [--seed N] [--n 30]: a reproducible random sample of the rules
// with an amount or a threshold, for a reader to check against the source (issue: every rule
// right for every asker). Prints id, file, source line and quote.
import { loadRules } from '../dist/src/rules/load.js'
import { needsSecondReading } from '../dist/src/rules/asker.js'

const arg = (name, d) => (process.argv.includes(name) ? Number(process.argv[process.argv.indexOf(name) + 1]) : d)
const seed = arg('--seed', 20261205)
const n = arg('--n', 30)

// mulberry32: a small seeded generator, so the same seed draws the same sample anywhere
let s = seed >>> 0
const random = () => {
  s = (s + 0x6d2b79f5) >>> 0
  let t = s
  t = Math.imul(t ^ (t >>> 15), t | 1)
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296
}
const pool = loadRules().filter(needsSecondReading).sort((a, b) => a.id.localeCompare(b.id))
for (let i = pool.length - 1; i > 0; i--) {
  const j = Math.floor(random() * (i + 1))
  ;[pool[i], pool[j]] = [pool[j], pool[i]]
}
console.log(`# seed ${seed}: ${n} of ${pool.length} rules with an amount or a threshold`)
for (const r of pool.slice(0, n)) console.log(`${r.id}\t${r.file}\t${r.source.document}:${r.source.line}`)
