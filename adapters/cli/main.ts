// policy-guide <command>: ask, rules, check-rules, chat.
import { createInterface } from 'node:readline'
import { Bot, newSession, type Session } from '../../src/bot.js'
import { knowledge } from '../../src/knowledge.js'
import { checkRules } from '../../src/rules/check.js'
import { RuleError } from '../../src/rules/load.js'

const USAGE = `用法 / usage:
  policy-guide ask --json "问题"                 one question, the Answer as JSON
  policy-guide ask [--as-of YYYY-MM-DD] "问题"   one question, the reply as text
  policy-guide ask --jsonl [--as-of YYYY-MM-DD]  {"id","question","session"?} lines on stdin
  policy-guide rules --json                      every rule with id, title, region, status, source
  policy-guide check-rules [file ...]            check quotes, figures, facts and rule tests
  policy-guide coverage [--list]                 source lines with figures or support words not yet cited
  policy-guide serve                             web chat, hotline console, API (and WeChat, Feishu when set)
  policy-guide chat                              talk to the bot in the terminal`

const today = () => new Date().toISOString().slice(0, 10)

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(name)
  if (i < 0) return undefined
  const v = args[i + 1]
  args.splice(i, 2)
  return v
}

function asOfFrom(args: string[]): string {
  const asOf = option(args, '--as-of') ?? today()
  if (!/^\d{4}-\d{2}-\d{2}$/.test(asOf) || Number.isNaN(Date.parse(asOf))) throw new UsageError(`--as-of 需要日期 YYYY-MM-DD，收到 "${asOf}"`)
  return asOf
}

class UsageError extends Error {}

async function jsonl(bot: Bot, asOf: string) {
  const sessions = new Map<string, Session>()
  const rl = createInterface({ input: process.stdin, crlfDelay: Infinity })
  for await (const line of rl) {
    if (!line.trim()) continue
    let id: string | null = null
    try {
      const msg = JSON.parse(line)
      if (!msg || typeof msg.question !== 'string') throw new Error('每行需要 {"id": "...", "question": "..."}')
      id = msg.id == null ? null : String(msg.id)
      const key = msg.session == null ? `\0${id}` : String(msg.session)
      if (!sessions.has(key)) sessions.set(key, newSession())
      const answer = bot.ask(msg.question, sessions.get(key)!, asOf)
      process.stdout.write(JSON.stringify({ id, answer }) + '\n')
    } catch (e) {
      process.stdout.write(JSON.stringify({ id, error: (e as Error).message }) + '\n')
    }
  }
}

// the terminal conversation is kept in data/ like any channel's, so it survives a restart
async function chat(bot: Bot, asOf: string) {
  const { LowdbStore } = await import('../../src/store/lowdb.js')
  const store = await LowdbStore.open()
  const id = `terminal:${process.env.USER ?? 'local'}`
  const session = await store.load(id)
  const rl = createInterface({ input: process.stdin, output: process.stdout, prompt: '您> ' })
  console.log('政策助手（输入问题，回车发送；说“重新开始”清空；Ctrl+D 退出）')
  rl.prompt()
  for await (const line of rl) {
    if (line.trim()) {
      const answer = bot.ask(line, session, asOf)
      if (answer.intent === 'forget_me') await store.forget(id)
      else await store.save(id, session)
      console.log('\n' + answer.reply + '\n')
    }
    rl.prompt()
  }
}

async function main(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv
  switch (cmd) {
    case 'check-rules': {
      // policy-guide check-rules [file ...]: all rule files, or just the named ones
      const k = knowledge(rest)
      const problems = checkRules(k.rules, k)
      for (const p of problems) console.error(p)
      const tests = k.rules.reduce((n, r) => n + r.tests.length, 0)
      console.log(`${k.rules.length} rules, ${tests} rule tests: ${problems.length ? `${problems.length} problems` : 'all good'}`)
      return problems.length ? 1 : 0
    }
    case 'coverage': {
      // policy-guide coverage [--list]: cited and uncited candidate lines of each source
      const { coverage } = await import('../../src/rules/coverage.js')
      const report = coverage(knowledge([]).rules)
      for (const d of report) {
        console.log(`${d.document}: ${d.candidates} candidate lines, ${d.cited} cited, ${d.explained} explained in not-provisions/, ${d.uncited.length} uncited`)
        if (rest.includes('--list')) for (const u of d.uncited) console.log(`  ${u.line}: ${u.text.slice(0, 80)}`)
      }
      const left = report.reduce((n, d) => n + d.uncited.length, 0)
      if (left && !rest.includes('--list')) console.log(`${left} uncited candidate lines (npm run coverage -- --list shows them)`)
      return left ? 1 : 0
    }
    case 'ask': {
      const asOf = asOfFrom(rest)
      const bot = new Bot(knowledge())
      if (rest.includes('--jsonl')) {
        await jsonl(bot, asOf)
        return 0
      }
      const asJson = rest.includes('--json')
      const question = rest.filter((a) => a !== '--json').join(' ').trim()
      if (!question) throw new UsageError('请给出问题，例如：policy-guide ask --json "嘉兴软件企业收入3500万能拿多少奖励？"')
      const answer = bot.ask(question, newSession(), asOf)
      console.log(asJson ? JSON.stringify(answer, null, 2) : answer.reply)
      return 0
    }
    case 'rules': {
      const asOf = asOfFrom(rest)
      const { statusOn } = await import('../../src/engine/evaluate.js')
      const list = knowledge().rules.map((r) => ({ id: r.id, title: r.title, region: r.region, status: statusOn(r.validity, asOf), source: r.source }))
      console.log(rest.includes('--json') ? JSON.stringify(list, null, 2) : list.map((r) => `${r.id}\t${r.region}\t${r.status}\t${r.title}`).join('\n'))
      return 0
    }
    case 'serve': {
      const { loadConfig } = await import('../../src/config.js')
      const { startApp } = await import('../../src/app.js')
      const { adapters } = await import('../index.js')
      const app = await startApp(loadConfig(), adapters)
      console.log(`政策助手已启动 / policy-guide is running:\n  网页咨询 web chat     ${app.url}/\n  热线坐席 console      ${app.url}/console\n  接口 API              ${app.url}/api/ask`)
      const stop = () => void app.stop().then(() => process.exit(0))
      process.once('SIGINT', stop).once('SIGTERM', stop)
      return new Promise(() => {}) // serves until stopped
    }
    case 'chat':
      await chat(new Bot(knowledge()), asOfFrom(rest))
      return 0
    default:
      console.error(USAGE)
      return cmd ? 2 : 0
  }
}

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (e) => {
    if (e instanceof UsageError) console.error(e.message + '\n\n' + USAGE)
    else if (e instanceof RuleError) console.error(`规则有误 / rule error:\n${e.message}`)
    else if (e?.name === 'ConfigError') console.error(e.message)
    else if (e?.code === 'EADDRINUSE') console.error(`端口 ${e.port} 已被占用，请用 PORT=其他端口 npm start / port ${e.port} is in use`)
    else console.error(e)
    process.exitCode = e instanceof UsageError ? 2 : 1
  },
)
