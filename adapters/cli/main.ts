// policy-guide <command>: ask, rules, check-rules, chat.
import { createInterface } from 'node:readline'
import { Bot } from '../../src/bot.js'
import { knowledge } from '../../src/knowledge.js'
import { beijingDay } from '../../src/today.js'
// the rule check and the YAML loader are loaded by the commands that need them: `ask` starts faster

const USAGE = `用法 / usage:
  policy-guide ask --json "问题"                 one question, the Answer as JSON
  policy-guide ask [--as-of YYYY-MM-DD] "问题"   one question, the reply as text
  policy-guide ask --jsonl [--as-of YYYY-MM-DD]  {"id","question","session"?} lines on stdin
  policy-guide rules --json                      every rule with id, title, region, status, source
  policy-guide search [--as-of D] [--limit N] "关键词"  hotline look-up: top policies, the first one's amount and conditions
  policy-guide export --format csv [--out 文件]  the knowledge base as 12345 hotline CSV (GB/T 44191-2024 fields)
  policy-guide check-rules [file ...]            check quotes, figures, facts and rule tests
  policy-guide check-askers [file ...] [--unread]  run the second readers' asker tests (rules/asker/) through the bot
  policy-guide coverage [--list]                 source lines with figures or support words not yet cited
  policy-guide serve                             web chat, hotline console, API (and WeChat, Feishu when set)
  policy-guide chat                              talk to the bot in the terminal`

const today = beijingDay

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

/**
 * Every question goes through the conversation core the channels use (Conversations: the length
 * cut, FAQ and hand-off when a desk is connected, the session kept in a store), here an in-process
 * one; `asOf` is the day each turn is answered on.
 */
async function conversations(bot: Bot, store?: import('../../src/store/store.js').Store) {
  const [{ Conversations }, { MemoryStore }] = await Promise.all([import('../../src/conversation.js'), import('../../src/store/memory.js')])
  let day = today()
  const core = new Conversations(bot, store ?? new MemoryStore(), () => day)
  let n = 0
  return async (text: string, chat: string, asOf: string) => {
    day = asOf
    const turn = await core.handle({ channel: 'terminal', platformMsgId: `cli-${process.pid}-${++n}`, conversation: { chatId: chat, isGroup: false }, sender: { id: chat }, text })
    return turn!.answer
  }
}

async function jsonl(bot: Bot, asOf: string) {
  const ask = await conversations(bot)
  const rl = createInterface({ input: process.stdin, crlfDelay: Infinity })
  for await (const line of rl) {
    if (!line.trim()) continue
    let id: string | null = null
    try {
      const msg = JSON.parse(line)
      if (!msg || typeof msg.question !== 'string') throw new Error('每行需要 {"id": "...", "question": "..."}')
      id = msg.id == null ? null : String(msg.id)
      const chat = msg.session == null ? `line:${id}` : `session:${String(msg.session)}`
      const lineAsOf = msg.asOf == null ? asOf : String(msg.asOf)
      if (!/^\d{4}-\d{2}-\d{2}$/.test(lineAsOf) || Number.isNaN(Date.parse(lineAsOf))) throw new Error(`asOf 需要日期 YYYY-MM-DD，收到 "${lineAsOf}"`)
      process.stdout.write(JSON.stringify({ id, answer: await ask(msg.question, chat, lineAsOf) }) + '\n')
    } catch (e) {
      process.stdout.write(JSON.stringify({ id, error: (e as Error).message }) + '\n')
    }
  }
}

// the terminal conversation is kept in data/ like any channel's, so it survives a restart
async function chat(bot: Bot, asOf: string) {
  const { LowdbStore } = await import('../../src/store/lowdb.js')
  const ask = await conversations(bot, await LowdbStore.open())
  const id = process.env.USER ?? 'local'
  const rl = createInterface({ input: process.stdin, output: process.stdout, prompt: '您> ' })
  console.log('政策助手（输入问题，回车发送；说“重新开始”清空；Ctrl+D 退出）')
  rl.prompt()
  for await (const line of rl) {
    if (line.trim()) console.log('\n' + (await ask(line, id, asOf)).reply + '\n')
    rl.prompt()
  }
}

async function main(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv
  switch (cmd) {
    case 'check-rules': {
      // policy-guide check-rules [file ...]: all rule files, or just the named ones
      const { checkRules } = await import('../../src/rules/check.js')
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
      const answer = await (await conversations(bot))(question, 'one', asOf)
      console.log(asJson ? JSON.stringify(answer, null, 2) : answer.reply)
      return 0
    }
    case 'rules': {
      const asOf = asOfFrom(rest)
      const { statusOn } = await import('../../src/engine/evaluate.js')
      const { replacementsOf } = await import('../../src/engine/supersession.js')
      const rules = knowledge().rules
      const links = replacementsOf(rules)
      // supersededBy: every later rule replacing this one, from the day it governs (the asker's period decides which)
      const list = rules.map((r) => ({
        id: r.id,
        title: r.title,
        region: r.region,
        status: statusOn(r.validity, asOf),
        source: r.source,
        supersededBy: (links.get(r.id) ?? []).map((l) => ({ rule: l.by.id, title: l.by.documentTitle, docNumber: l.by.docNumber ?? null, from: l.from, part: l.part })),
      }))
      console.log(rest.includes('--json') ? JSON.stringify(list, null, 2) : list.map((r) => `${r.id}\t${r.region}\t${r.status}\t${r.title}`).join('\n'))
      return 0
    }
    case 'search': {
      // policy-guide search "嘉兴 CMMI 五级": what a hotline operator looks up while the caller waits
      const asOf = asOfFrom(rest)
      const limit = Number(option(rest, '--limit') ?? 5)
      if (!Number.isInteger(limit) || limit < 1 || limit > 50) throw new UsageError('--limit 需要 1 到 50 的整数')
      const query = rest.join(' ').trim()
      if (!query) throw new UsageError('请给出查询词，例如：policy-guide search "嘉兴 CMMI 五级"')
      const k = knowledge()
      const hits = new Bot(k).lookup(query, asOf, limit)
      if (!hits.length) {
        console.error(`没有找到与“${query}”相关的政策条款`)
        return 1
      }
      const { STATUS_LABEL } = await import('../../src/answer/compose.js')
      const { hotlineRecord } = await import('../../src/export.js')
      hits.forEach((h, i) => console.log(`${i + 1}. ${h.id}\t${h.region}\t${STATUS_LABEL[h.status]}\t${h.title}\n   ${h.citation}`))
      const r = hotlineRecord(k.rules.find((x) => x.id === hits[0].id)!, k, asOf)
      const indent = (t: string) => t.replace(/\n/g, '\n  ')
      console.log(`\n【${r.title}】（${r.region}）\n${r.content}\n条件：\n  ${indent(r.conditions)}`)
      if (!r.materials.startsWith('原文未列明')) console.log(`材料：\n  ${indent(r.materials)}`)
      if (r.timeLimit !== '原文未写明') console.log(`时限：${r.timeLimit}`)
      console.log(`依据：${r.basis}\n效力：${r.validity}`)
      return 0
    }
    case 'export': {
      // policy-guide export --format csv [--out file]: for import into 12345 hotline systems
      const asOf = asOfFrom(rest)
      const given = (name: string) => rest.includes(name)
      const wantsOut = given('--out')
      const format = given('--format') ? (option(rest, '--format') ?? '') : 'csv'
      const out = option(rest, '--out')
      if (format !== 'csv') throw new UsageError(format ? `不支持的导出格式“${format}”：目前只支持 --format csv` : '--format 需要格式名：目前只支持 --format csv')
      if (wantsOut && (!out || out.startsWith('--'))) throw new UsageError('--out 需要文件名，例如 --out 知识库.csv')
      if (rest.length) throw new UsageError(`看不懂的参数：${rest.join(' ')}`)
      const { hotlineCsv } = await import('../../src/export.js')
      const k = knowledge()
      const csv = hotlineCsv(k, asOf)
      if (out) {
        const { writeFileSync } = await import('node:fs')
        writeFileSync(out, csv)
        console.error(`已导出 ${k.rules.length} 条政策条款到 ${out}（CSV，UTF-8，截至${asOf}）`)
      } else process.stdout.write(csv)
      return 0
    }
    case 'serve': {
      const { loadConfig } = await import('../../src/config.js')
      const { serve } = await import('../../src/workers.js')
      const { adapters } = await import('../index.js')
      // in a worker of several, this never returns: the primary prints and stops
      const app = await serve(loadConfig(), adapters)
      const processes = app.workers > 1 ? `（${app.workers} 个工作进程 / workers）` : ''
      console.log(`政策助手已启动 / policy-guide is running${processes}:\n  网页咨询 web chat     ${app.url}/\n  热线坐席 console      ${app.url}/console\n  接口 API              ${app.url}/api/ask`)
      const stop = () => void app.stop().then(() => process.exit(0))
      process.once('SIGINT', stop).once('SIGTERM', stop)
      return new Promise(() => {}) // serves until stopped
    }
    case 'chat':
      await chat(new Bot(knowledge()), asOfFrom(rest))
      return 0
    case 'check-askers': {
      // policy-guide check-askers [file ...] [--unread]: the asker tests, and (--unread) the rules still lacking one
      const { askerFiles, runAskerFile, unread, readAskerFile } = await import('../../src/rules/asker.js')
      const listUnread = rest.includes('--unread')
      const files = rest.filter((a) => a !== '--unread')
      const bot = new Bot(knowledge())
      let failed = 0
      let total = 0
      for (const file of files.length ? files : askerFiles()) {
        for (const r of runAskerFile(bot, file)) {
          total++
          if (!r.problems.length) continue
          failed++
          console.error(`${r.file}: ${r.test.rule}: ${r.problems.join('; ')}\n  问：${[r.test.ask].flat().join(' / ')}\n  答：${r.answer.reply.replace(/\s+/g, ' ').slice(0, 160)}`)
        }
      }
      let missing: string[] = []
      if (listUnread) {
        missing = unread(knowledge([]).rules, askerFiles().flatMap((f) => readAskerFile(f).tests))
        for (const m of missing) console.error(m)
      }
      console.log(`${total} asker tests: ${failed ? `${failed} failed` : 'all pass'}${listUnread ? `; ${missing.length} rules not yet read twice` : ''}`)
      return failed || missing.length ? 1 : 0
    }
    default:
      console.error(USAGE)
      return cmd ? 2 : 0
  }
}

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (e) => {
    if (e instanceof UsageError) console.error(e.message + '\n\n' + USAGE)
    else if (e?.name === 'RuleError' || e?.constructor?.name === 'RuleError') console.error(`规则有误 / rule error:\n${e.message}`)
    else if (e?.name === 'ConfigError') console.error(e.message)
    else if (e?.code === 'EADDRINUSE') console.error(`端口 ${e.port} 已被占用，请用 PORT=其他端口 npm start / port ${e.port} is in use`)
    else console.error(e)
    process.exitCode = e instanceof UsageError ? 2 : 1
  },
)
