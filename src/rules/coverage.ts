// Coverage of the sources: every line that carries a figure or a support word must be cited by
// a rule (source, alsoAt or the validity statement) or be listed in rules/not-provisions/*.yaml
// with the reason it is no provision, so that nothing is skipped silently.
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'yaml'
import { z } from 'zod'
import { RULES_DIR, SOURCES_DIR } from '../paths.js'
import type { LoadedRule } from './schema.js'
import { sourceLines } from './sources.js'

const SUPPORT = /奖励|奖补|补助|补贴|资助|贴息|减按|免征|减征|退还|退税|扣除|给予|优先|支持|鼓励|扶持|减免|免除|税率|征收率|留抵|抵扣|加计|一次性|最高|不超过|以上|以下|责任单位|牵头|负责|申报|申请|材料|截止|之前|前报送|有效期|执行期限|施行|废止|失效/
const FIGURE = /\d|[一二两三四五六七八九十百千万亿]+(元|万|亿|%|％|个|家|项|年|倍|成|级)/

export const NotProvision = z.strictObject({
  document: z.string(),
  line: z.number().int().positive(),
  reason: z.string().min(2),
})
export const NotProvisions = z.array(NotProvision)

export interface DocCoverage {
  document: string
  candidates: number
  cited: number
  explained: number
  uncited: { line: number; text: string }[]
}

export function isCandidate(line: string): boolean {
  const t = line.trim()
  return t.length > 0 && (SUPPORT.test(t) || FIGURE.test(t))
}

export function loadNotProvisions(dir = join(RULES_DIR, 'not-provisions')) {
  if (!existsSync(dir)) return []
  return readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .flatMap((f) => {
      const r = NotProvisions.safeParse(parse(readFileSync(join(dir, f), 'utf8')) ?? [])
      if (!r.success) throw new Error(`rules/not-provisions/${f}: ${r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`)
      return r.data
    })
}

export function coverage(rules: LoadedRule[], notProvisions = loadNotProvisions()): DocCoverage[] {
  const cited = new Map<string, Set<number>>()
  const mark = (doc: string, line: number) => {
    if (!cited.has(doc)) cited.set(doc, new Set())
    cited.get(doc)!.add(line)
  }
  for (const r of rules) {
    for (const p of [r.source, ...r.source.alsoAt]) mark(p.document, p.line)
    if (r.validity.source) mark(r.validity.source.document ?? r.source.document, r.validity.source.line)
  }
  const explained = new Map<string, Set<number>>()
  for (const n of notProvisions) {
    if (!explained.has(n.document)) explained.set(n.document, new Set())
    explained.get(n.document)!.add(n.line)
  }
  return readdirSync(SOURCES_DIR)
    .filter((f) => f.endsWith('.txt'))
    .sort()
    .map((document) => {
      const lines = sourceLines(document) ?? []
      const out: DocCoverage = { document, candidates: 0, cited: 0, explained: 0, uncited: [] }
      lines.forEach((text, i) => {
        if (!isCandidate(text)) return
        out.candidates++
        if (cited.get(document)?.has(i + 1)) out.cited++
        else if (explained.get(document)?.has(i + 1)) out.explained++
        else out.uncited.push({ line: i + 1, text: text.trim() })
      })
      return out
    })
}
