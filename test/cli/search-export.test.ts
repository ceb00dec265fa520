// policy-guide search and export as a hotline uses them: the real built command in a process,
// the CSV read back by a strict RFC 4180 reader written here (not the exporter's own code).
import { execFileSync, spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { toCsv } from '../../src/export.js'
import { ROOT } from '../../src/paths.js'

const BIN = join(ROOT, 'bin/policy-guide.js')
const cli = (args: string[]) => execFileSync('node', [BIN, ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })
const run = (args: string[]) => spawnSync('node', [BIN, ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })

/** RFC 4180, strictly: a bare quote, CR or LF outside a quoted field is an error, lines end in CRLF. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let field = ''
  let quoted = false
  let wasQuoted = false
  for (let i = 0; i < text.length; i++) {
    const c = text[i]
    if (quoted) {
      if (c !== '"') field += c
      else if (text[i + 1] === '"') (field += '"'), i++
      else quoted = false
      continue
    }
    if (c === '"' && field === '' && !wasQuoted) quoted = wasQuoted = true
    else if (c === ',') {
      row.push(field)
      field = ''
      wasQuoted = false
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field)
      rows.push(row)
      row = []
      field = ''
      wasQuoted = false
      i++
    } else if (c === '"' || c === '\r' || c === '\n' || wasQuoted) throw new Error(`not RFC 4180 at character ${i}: ${JSON.stringify(text.slice(i - 20, i + 20))}`)
    else field += c
  }
  if (quoted) throw new Error('unterminated quoted field')
  if (field !== '' || row.length) throw new Error('the last record does not end in CRLF')
  return rows
}

const HEADER = ['编号', '标题', '地区', '内容', '适用对象', '办理条件', '申请材料', '办理时限', '办理地点', '责任部门', '政策依据', '有效性']
const dir = mkdtempSync(join(tmpdir(), 'pg-export-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

interface Listed {
  id: string
  source: { quote: string; line: number }
}

describe('policy-guide search', { timeout: 60_000 }, () => {
  it('lists the 嘉兴 CMMI reward first, with region, status and source, and summarises it', () => {
    const out = cli(['search', '--as-of', '2026-11-23', '嘉兴 CMMI 五级'])
    const [first] = out.split('\n')
    expect(first).toMatch(/^1\. jiaxing-cmmi-certification-reward\t嘉兴市\t征求意见稿\tCMMI三级以上资质认证奖励$/)
    expect(out).toContain('《关于加快软件产业高质量发展的实施意见（征求意见稿）》四、（四）')
    // the first result's summary: what it gives, on what conditions, the clause, the validity
    const summary = out.slice(out.indexOf('【'))
    expect(summary).toContain('金额：每超过2的CMMI')
    expect(summary).toMatch(/条件：\n {2}1\. 注册地位于嘉兴市\n {2}2\. CMMI三级以上\n {2}3\. 首次通过该级认证/)
    expect(summary).toContain('“2.对企业首次通过CMMI、T/SIA009-2020三级以上资质认证的，每提高一级给予20万元奖励”')
    expect(summary).toMatch(/效力：征求意见稿.*截至2026-11-23/)
  })

  it('refuses a search without words, exit code 2', () => {
    const r = run(['search'])
    expect(r.status).toBe(2)
    expect(r.stderr).toContain('请给出查询词')
  })
})

describe('policy-guide export --format csv', { timeout: 60_000 }, () => {
  let rules: Listed[], csv: string, header: string[], rows: string[][], byId: Map<string, Record<string, string>>
  beforeAll(() => {
    rules = JSON.parse(cli(['rules', '--json']))
    csv = cli(['export', '--format', 'csv', '--as-of', '2026-11-23'])
    ;[header, ...rows] = parseCsv(csv.replace(/^\uFEFF/, ''))
    byId = new Map(rows.map((r) => [r[0], Object.fromEntries(HEADER.map((h, i) => [h, r[i]]))]))
  }, 60_000)

  it('starts with a UTF-8 BOM and has the GB/T 44191 fields in its header', () => {
    expect(csv.startsWith('\uFEFF')).toBe(true)
    expect(header).toEqual(HEADER)
  })

  it('has one row per rule, each with every field', () => {
    expect(rows.length).toBe(rules.length)
    expect(new Set(byId.keys())).toEqual(new Set(rules.map((r) => r.id)))
    for (const r of rows) {
      expect(r).toHaveLength(HEADER.length)
      for (const [i, h] of HEADER.entries()) expect(r[i], `${r[0]} ${h}`).not.toBe('')
    }
  })

  it('round-trips a quote with a comma and cells with line breaks', () => {
    const withComma = rules.find((r) => r.id === 'liaocheng-park-rent-subsidy')!
    expect(withComma.source.quote).toContain(',')
    expect(byId.get(withComma.id)!['政策依据']).toContain(`三、（五）：“${withComma.source.quote}”`)
    const cmmi = byId.get('jiaxing-cmmi-certification-reward')!
    expect(cmmi['办理条件']).toBe('1. 注册地位于嘉兴市\n2. CMMI三级以上\n3. 首次通过该级认证，或这次从较低一级升到该级（每提高一级给予奖励；同级复评、换证的不算）\n4. 已通过该认证（不是还在申请、评审中或没通过）\n5. 认证现仍有效（未被撤销、取消，复评未失败，证书未过期失效）\n6. 软件企业，或集成电路企业，且集成电路设计企业（二、（四）所称“集成电路设计软件企业”；晶圆制造、封装测试不是）')
    expect(cmmi['地区']).toBe('嘉兴市')
    expect(cmmi['政策依据']).toBe('《关于加快软件产业高质量发展的实施意见（征求意见稿）》四、（四）：“2.对企业首次通过CMMI、T/SIA009-2020三级以上资质认证的，每提高一级给予20万元奖励”')
    // every cited quote comes back verbatim
    for (const r of rules) expect(byId.get(r.id)!['政策依据'], r.id).toContain(r.source.quote)
  })

  it('says the validity as of the date asked', () => {
    expect(byId.get('jiaxing-cmmi-certification-reward')!['有效性']).toMatch(/^征求意见稿/)
    const lapsed = rules.find((r) => r.source.line === 3030)!
    expect(byId.get(lapsed.id)!['有效性']).toMatch(/^已失效：已于2020-12-31失效/)
    const then = parseCsv(cli(['export', '--format', 'csv', '--as-of', '2019-06-01']).slice(1)).find((r) => r[0] === lapsed.id)!
    expect(then[11]).toMatch(/^现行有效/)
  })

  it('writes the same bytes to --out', () => {
    const file = join(dir, '知识库.csv')
    const r = run(['export', '--format', 'csv', '--as-of', '2026-11-23', '--out', file])
    expect(r.status).toBe(0)
    expect(r.stdout).toBe('')
    expect(r.stderr).toContain(`已导出 ${rules.length} 条`)
    expect(readFileSync(file, 'utf8')).toBe(csv)
  })

  it('refuses another format in Chinese with exit code 2', () => {
    const r = run(['export', '--format', 'xlsx'])
    expect(r.status).toBe(2)
    expect(r.stdout).toBe('')
    expect(r.stderr).toContain('不支持的导出格式“xlsx”：目前只支持 --format csv')
  })
})

describe('CSV encoding', () => {
  it('quotes commas, quotes and line breaks so a strict reader gets the text back', () => {
    const cells = [['他说"按,计"', '第一行\n第二行', '回车\r\n换行', '普通'], ['', ',', '"', 'x']]
    const text = toCsv(cells)
    expect(text.startsWith('\uFEFF')).toBe(true)
    expect(parseCsv(text.slice(1))).toEqual(cells)
  })

  it('keeps a cell that starts like a spreadsheet formula as text', () => {
    expect(parseCsv(toCsv([['=HYPERLINK("x")', '+1', '@a']]).slice(1))).toEqual([["'=HYPERLINK(\"x\")", "'+1", "'@a"]])
  })
})
