// policy-guide <command>: ask, rules, check-rules, chat.
import { checkRules } from '../../src/rules/check.js'
import { RuleError } from '../../src/rules/load.js'
import { knowledge } from '../../src/knowledge.js'

async function main(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv
  switch (cmd) {
    case 'check-rules': {
      // policy-guide check-rules [file ...]: all rule files, or just the named ones
      const k = { ...knowledge(rest.length ? rest : undefined) }
      const problems = checkRules(k.rules, k)
      for (const p of problems) console.error(p)
      const tests = k.rules.reduce((n, r) => n + r.tests.length, 0)
      console.log(`${k.rules.length} rules, ${tests} rule tests: ${problems.length ? `${problems.length} problems` : 'all good'}`)
      return problems.length ? 1 : 0
    }
    default:
      console.error('usage: policy-guide ask --json "问题" | ask --jsonl [--as-of YYYY-MM-DD] | rules --json | check-rules | chat')
      return 2
  }
}

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (e) => {
    console.error(e instanceof RuleError ? `规则有误 / rule error:\n${e.message}` : e)
    process.exitCode = 1
  },
)
