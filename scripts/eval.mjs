#!/usr/bin/env node
// npm run eval [-- --docs 001,003] [--verbose]: answers the shared dev sets through
// `policy-guide ask --jsonl` and prints the scores of ../shared/eval/score.mjs.
import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const evalDir = resolve(root, process.env.EVAL_DIR ?? '../shared/eval')
const args = process.argv.slice(2)
const docsAt = args.indexOf('--docs')
const docs = docsAt >= 0 ? args[docsAt + 1].split(',') : null
const verbose = args.includes('--verbose')
// --lines 298-1092: only questions whose expected provision lies in that span of the document(s)
const linesAt = args.indexOf('--lines')
const span = linesAt >= 0 ? args[linesAt + 1].split('-').map(Number) : null
const asOf = args.includes('--as-of') ? args[args.indexOf('--as-of') + 1] : '2026-11-23'
if (!existsSync(join(evalDir, 'score.mjs'))) {
  console.error(`no evaluation sets at ${evalDir} (set EVAL_DIR)`)
  process.exit(2)
}
const tmp = mkdtempSync(join(tmpdir(), 'pg-eval-'))
// the real-wording sets too: a figure on the dev wording alone says little about unseen askers
for (const set of ['dev.jsonl', 'dialogues-dev.jsonl', 'dev-styles.jsonl', 'dialogues-dev-styles.jsonl']) {
  if (!existsSync(join(evalDir, set))) continue
  let lines = readFileSync(join(evalDir, set), 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l))
  if (docs) {
    const keep = (q) =>
      q.expect?.doc && docs.some((d) => q.expect.doc.startsWith(d)) && (!span || (q.expect.lines[0] >= span[0] && q.expect.lines[0] <= span[1]))
    const sessions = new Set(lines.filter(keep).map((q) => q.session))
    lines = lines.filter((q) => (q.session ? sessions.has(q.session) : keep(q)))
  }
  if (!lines.length) continue
  const questions = join(tmp, set)
  writeFileSync(questions, lines.map((q) => JSON.stringify(q)).join('\n') + '\n')
  const input = lines.map((q) => JSON.stringify({ id: q.qid ?? q.id, question: q.question, session: q.session, asOf: q.as_of ?? q.asOf })).join('\n') + '\n'
  const out = execFileSync('node', [join(root, 'bin/policy-guide.js'), 'ask', '--jsonl', '--as-of', asOf], { input, maxBuffer: 1 << 30 })
  const answers = join(tmp, set.replace('.jsonl', '.answers.jsonl'))
  writeFileSync(answers, out)
  console.log(`${set}${docs ? ` (${docs.join(',')})` : ''}:`)
  const score = execFileSync('node', [join(evalDir, 'score.mjs'), questions, answers, ...(verbose ? ['--verbose'] : [])], { encoding: 'utf8' })
  console.log(score)
}
