#!/usr/bin/env node
// Folds rules/restatements.yaml (interpretation line → original clause) into the alsoAt of the
// rules that cite each original clause, keeping the YAML files' comments and layout.
// Entries whose original no rule cites are printed, to be encoded or corrected by hand.
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { parseDocument } from 'yaml'
// the loader's own list of rule files (built by `npm ci` / `npm run build`)
import { ruleFiles } from '../dist/src/rules/load.js'

const RULES = new URL('../rules/', import.meta.url).pathname
const files = ruleFiles(RULES)
const entries = parseDocument(readFileSync(join(RULES, 'restatements.yaml'), 'utf8')).toJS() ?? []
const docs = files.map((f) => ({ f, doc: parseDocument(readFileSync(f, 'utf8')), changed: false }))
const unplaced = []
const overlaps = (q, o) => q.includes(o) || o.includes(q) || o.slice(0, 12) === q.slice(0, 12)
for (const e of entries) {
  const file = e.document ?? '002_995e29078fff7534.txt'
  // the rules citing the original line (as source, or else as alsoAt); overlapping quotes first
  const cites = (r, withAlso) =>
    r.get('source')?.get('line') === e.original.line || (withAlso && (r.get('source')?.get('alsoAt')?.toJSON?.() ?? []).some((p) => p.line === e.original.line))
  const rulesOf = (withAlso) =>
    docs.flatMap((d) => (d.doc.getIn(['document', 'file']) !== file ? [] : (d.doc.get('rules')?.items ?? []).filter((r) => cites(r, withAlso)).map((rule) => ({ d, rule }))))
  const bySource = rulesOf(false)
  const atLine = bySource.length ? bySource : rulesOf(true)
  const same = atLine.filter(({ rule }) => overlaps(rule.get('source').get('quote'), e.original.quote))
  const targets = same.length ? same : atLine.slice(0, 1)
  if (!targets.length) unplaced.push(e)
  for (const { d, rule } of targets) {
    const src = rule.get('source')
    const also = src.get('alsoAt')?.toJSON?.() ?? []
    if (also.some((p) => p.line === e.line && p.quote === e.quote)) continue
    src.set('alsoAt', d.doc.createNode([...also, { line: e.line, quote: e.quote }], { flow: false }))
    d.changed = true
  }
}
for (const d of docs) if (d.changed) writeFileSync(d.f, d.doc.toString({ lineWidth: 0, flowCollectionPadding: false }))
console.log(`${entries.length - unplaced.length} restatements placed, ${unplaced.length} not placed`)
for (const e of unplaced) console.log(`  line ${e.line} → original line ${e.original.line}: ${e.what ?? e.quote.slice(0, 30)}`)
