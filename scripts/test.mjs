// npm test: build, rule check, source coverage, then the vitest suites. CI counts tests from the
// last line this prints, "N passed, N failed", so it is printed whatever happens before it.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const run = (cmd, args) => spawnSync(cmd, args, { stdio: 'inherit', shell: false }).status ?? 1
const bin = (name) => join('node_modules', '.bin', name)
const steps = [
  ['tsc', [bin('tsc'), '-p', 'tsconfig.json']],
  ['intent model', ['node', 'scripts/train-intents.mjs']],
  ['rule check', ['node', 'bin/policy-guide.js', 'check-rules']],
  ['source coverage', ['node', 'bin/policy-guide.js', 'coverage']],
]

let failedSteps = 0
for (const [name, [cmd, ...args]] of steps) {
  if (run(cmd, args) !== 0) {
    console.error(`\n${name} failed`)
    failedSteps++
    break
  }
}

let passed = 0
let failed = failedSteps
if (!failedSteps) {
  const out = join(mkdtempSync(join(tmpdir(), 'pg-test-')), 'vitest.json')
  const status = run(bin('vitest'), ['run', '--reporter=default', '--reporter=json', `--outputFile=${out}`, ...process.argv.slice(2)])
  try {
    const r = JSON.parse(readFileSync(out, 'utf8'))
    passed = r.numPassedTests
    // a file that fails before its tests run (a browser that will not start) counts as one failure
    const broken = r.testResults.filter((f) => f.status === 'failed' && !f.assertionResults.some((a) => a.status === 'failed')).length
    failed += r.numFailedTests + broken
    if (status !== 0 && !failed) failed = 1
  } catch {
    failed += 1 // vitest died before writing its report
  }
}
console.log(`\n${passed} passed, ${failed} failed`)
process.exit(failed ? 1 : 0)
