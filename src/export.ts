// The knowledge base in the fields of a 12345 hotline knowledge base (GB/T 44191-2024), one
// record per rule, and as RFC 4180 CSV for import into hotline systems (and Excel).
import { STATUS_LABEL, validityNote } from './answer/compose.js'
import { citation } from './format.js'
import { describe, factsOf } from './engine/conditions.js'
import { evaluateRule } from './engine/evaluate.js'
import type { Knowledge } from './knowledge.js'
import type { Condition, LoadedRule, Status } from './rules/schema.js'

export const HOTLINE_FIELDS = [
  ['id', '编号'],
  ['title', '标题'],
  ['region', '地区'],
  ['content', '内容'],
  ['appliesTo', '适用对象'],
  ['conditions', '办理条件'],
  ['materials', '申请材料'],
  ['timeLimit', '办理时限'],
  ['place', '办理地点'],
  ['department', '责任部门'],
  ['basis', '政策依据'],
  ['validity', '有效性'],
] as const
export type HotlineRecord = Record<(typeof HOTLINE_FIELDS)[number][0], string>

const topLevel = (c: Condition | undefined): Condition[] => (!c ? [] : 'all' in c ? c.all : [c])
const numbered = (items: string[]) => (items.length === 1 ? items[0] : items.map((x, i) => `${i + 1}. ${x}`).join('\n'))

/** Who may apply: the place and the kind of subject (enum facts: industry, subject type, scale). */
function appliesTo(rule: LoadedRule, k: Knowledge): string {
  const parts = topLevel(rule.conditions)
  if (!parts.length) return `${rule.region}（原文未限定具体对象）`
  const who = parts.filter((c) => factsOf(c).every((f) => f === 'region' || k.facts[f]?.type === 'enum')).map((c) => describe(c, k))
  return who.length ? who.join('；') : `${rule.region}范围内符合办理条件的企业（单位）`
}

/** 《title》（文号）三、（二）：“quote”, then each restatement. */
function basis(rule: LoadedRule, titles: Map<string, string>): string {
  const s = rule.source
  const main = `${citation(rule.documentTitle, rule.docNumber, s.clause)}：“${s.quote}”`
  const also = s.alsoAt.map((p) => `另见${p.document === s.document ? '' : `《${titles.get(p.document) ?? p.document}》`}${p.clause ?? ''}：“${p.quote}”`)
  return [main, ...also].join('\n')
}

/** The note, led by the status word a system can filter on (已失效, 征求意见稿). */
const validity = (status: Status, note: string) => (note.startsWith(STATUS_LABEL[status]) ? note : `${STATUS_LABEL[status]}：${note}`)

/** The document title of each source file, for citing a restatement in another file; a file that
 * compiles several documents (002) has no one title and is cited by its name. */
export function documentTitles(k: Knowledge): Map<string, string> {
  const seen = new Map<string, Set<string>>()
  for (const r of k.rules) seen.set(r.source.document, (seen.get(r.source.document) ?? new Set()).add(r.documentTitle))
  return new Map([...seen].filter(([, t]) => t.size === 1).map(([doc, t]) => [doc, [...t][0]]))
}

export function hotlineRecord(rule: LoadedRule, k: Knowledge, asOf: string, titles = documentTitles(k)): HotlineRecord {
  const e = evaluateRule(rule, {}, asOf, k)
  const amount = e.amount?.steps.join('；')
  const content = [rule.summary ?? rule.source.quote, amount && `金额：${amount}`, ...rule.notes.map((n) => `说明：${n}`)].filter(Boolean).join('\n')
  const conditions = topLevel(rule.conditions).map((c) => describe(c, k))
  return {
    id: rule.id,
    title: rule.title,
    region: rule.region,
    content,
    appliesTo: appliesTo(rule, k),
    conditions: conditions.length ? numbered(conditions) : '原文未列明具体条件',
    materials: rule.documents.length ? numbered(rule.documents) : '原文未列明，请向受理部门咨询',
    timeLimit: rule.deadline?.text ?? '原文未写明',
    place: rule.applyTo ?? '原文未写明',
    department: rule.department ?? rule.issuer ?? '原文未写明',
    basis: basis(rule, titles),
    validity: validity(e.status, validityNote(e, asOf)),
  }
}

export function hotlineRecords(k: Knowledge, asOf: string): HotlineRecord[] {
  const titles = documentTitles(k)
  return k.rules.map((r) => hotlineRecord(r, k, asOf, titles))
}

/** One RFC 4180 field: quoted when it holds a comma, quote or line break; quotes doubled. */
export function csvField(value: string): string {
  // a cell that starts like a formula would run as one in Excel: make it plain text
  const v = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v
}

/** Rows as CSV: CRLF line ends and a UTF-8 BOM so Excel reads the Chinese as UTF-8. */
export function toCsv(rows: string[][]): string {
  return '\uFEFF' + rows.map((r) => r.map(csvField).join(',') + '\r\n').join('')
}

export function hotlineCsv(k: Knowledge, asOf: string): string {
  const header = HOTLINE_FIELDS.map(([, zh]) => zh)
  return toCsv([header, ...hotlineRecords(k, asOf).map((r) => HOTLINE_FIELDS.map(([key]) => r[key]))])
}
