#!/usr/bin/env node
// node scripts/facts-of.mjs "question" …: the facts one message is read as (to debug understanding)
import { extractFacts } from '../dist/intents/extract.js'
import { knowledge } from '../dist/src/knowledge.js'
const k = knowledge()
for (const q of process.argv.slice(2)) {
  const { profile, bounds, totals, unassigned, items } = extractFacts(q, k)
  console.log(q, '\n ', JSON.stringify({ profile, bounds, totals, unassigned: unassigned.map((s) => s.text), items }))
}
