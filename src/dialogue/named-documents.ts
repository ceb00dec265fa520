// Does the asker name a document by its title (按万企转型实施方案, 民营经济若干意见说…)? People
// shorten titles: they keep the words that tell one document from another (民营经济, 政银保)
// and the kind of text it is (意见, 方案), and drop the issuer, the years and the stock phrases.
// A title counts as named when a word of its own and its kind are both in the message; a 文号 is
// read elsewhere (DOC_NUMBER).
import { chineseNumeral } from '../rules/numbers.js'

// the kind of text, as people say it after the title's own words
const KIND = /(?:实施意见|若干意见|指导意见|意见|实施方案|工作方案|行动方案|方案|行动计划|计划|若干措施|政策措施|措施|管理办法|实施办法|办法|通知|公告|解读|条例|法)$/
// words that many titles share: they tell no document from another
const STOCK = new Set(
  ('河北省 深圳市 嘉兴市 聊城市 关于 财政部 税务总局 国家税务总局 科技部 海关总署 国家发展改革委 工业和信息化部 ' +
    '加快 促进 推进 推动 支持 进一步 大力 全面 深入 实施 发展 高质量 高质量发展 产业 企业 有关 问题 政策 部分 若干 ' +
    '中小企业 小微企业 民营企业 三年 行动 工作 管理 实施方案 转型升级 提高 延长 调整 扩大 完善 全省 我省 全国 试行 征求意见稿 中华人民共和国')
    .split(' '),
)
const MIN_OWN = 3 // 政银保 is three characters of its own and names one document; 企业融资 has two
const KIND_WITHIN = 8 // 政银保 … 若干措施: the words between the own word and the kind

/**
 * The longest run of a title's own characters (not only stock words) that the message says with
 * the title's kind shortly after it (民营经济若干意见, 科技创新三年行动计划): 0 when none.
 */
function ownWordLength({ bare: title, kinds, own }: Prepared, text: string): number {
  let best = 0
  for (let i = 0; i < title.length; i++) {
    for (let j = title.length; j - i >= MIN_OWN && j - i > best; j--) {
      const piece = title.slice(i, j)
      const at = text.indexOf(piece)
      if (at < 0 || own.slice(i, j).filter(Boolean).length < MIN_OWN) continue
      // 法 alone is in too many words (办法, 方法): right after the own word only (增值税法)
      const after = text.slice(at + piece.length, at + piece.length + (kinds[0].length < 2 ? 1 : KIND_WITHIN))
      if (kinds.some((k) => after.includes(k))) {
        best = j - i
        break
      }
    }
  }
  return best
}

const STOCK_RUN = new RegExp([...STOCK].sort((a, b) => b.length - a.length).join('|') + '|的', 'g')
/** Which of the title's characters are its own, not part of a stock word (企业 in 中小企业融资 is not). */
function ownMask(title: string): boolean[] {
  const own = new Array(title.length).fill(true)
  for (const m of title.matchAll(STOCK_RUN)) own.fill(false, m.index, m.index + m[0].length)
  return own
}

/** The bare title: no years or draft marks in brackets, no quotation marks (首台（套） stays 首台套). */
const bare = (title: string) =>
  title
    .normalize('NFKC')
    .replace(/\([^)]*(?:\d|征求意见稿|试行)[^)]*\)/g, '')
    .replace(/[“”"《》()\s]/g, '')

/**
 * The titles the message names, best first: those sharing the longest own word with it (万企转型
 * 实施方案 names the 实施方案 before the 若干政策措施 of the same campaign).
 */
export function namedDocuments(text: string, titles: Iterable<string>): string[] {
  const t = text.normalize('NFKC').replace(/[“”"《》\s]/g, '')
  const scored: { title: string; score: number }[] = []
  for (const title of new Set(titles)) {
    const p = prepared(title)
    // most titles' kind is not said at all: nothing more to look for (a question is read in ~1 ms otherwise)
    if (!p || !p.kinds.some((k) => t.includes(k))) continue
    // the whole title (less its issuer's province or city) is named however it is said around it
    if (t.includes(p.whole)) {
      scored.push({ title, score: p.bare.length + 100 })
      continue
    }
    const own = ownWordLength(p, t)
    if (own) scored.push({ title, score: own + (t.includes(p.kind) ? p.kind.length : 0) })
  }
  const top = Math.max(0, ...scored.map((s) => s.score))
  return scored.filter((s) => s.score === top).map((s) => s.title)
}

interface Prepared {
  bare: string
  whole: string // the bare title less its issuer's province or city
  kind: string
  kinds: string[] // the kind in full or its last two characters (意见 for 实施意见)
  own: boolean[] // which characters are the title's own, not a stock word's
}
const preparedTitles = new Map<string, Prepared | null>()
function prepared(title: string): Prepared | null {
  if (!preparedTitles.has(title)) {
    const b = bare(title)
    const kind = b.match(KIND)?.[0]
    preparedTitles.set(title, kind ? { bare: b, whole: b.replace(/^[\u4e00-\u9fa5]{2,3}[省市]/, ''), kind, kinds: [...new Set([kind, kind.slice(-2)])], own: ownMask(b) } : null)
  }
  return preparedTitles.get(title)!
}

/**
 * The title of the document a line belongs to: a compilation holds several documents one after
 * another, so a line is in the document of the nearest rule above it in the same file.
 */
export function titlesByLine(rules: { documentTitle: string; source: { document: string; line: number } }[]): (document: string, line: number) => string | undefined {
  const byFile = new Map<string, { line: number; title: string }[]>()
  for (const r of rules) {
    const list = byFile.get(r.source.document) ?? byFile.set(r.source.document, []).get(r.source.document)!
    list.push({ line: r.source.line, title: r.documentTitle })
  }
  // last first: the first rule at or above the line is the nearest
  for (const list of byFile.values()) list.sort((a, b) => b.line - a.line)
  return (document, line) => byFile.get(document)?.find((x) => x.line <= line)?.title
}

/** The message less the words it shares with the titles (3 characters or more at a time). */
export function withoutTitles(text: string, titles: string[]): string {
  const bares = titles.map(bare)
  let out = ''
  for (let i = 0; i < text.length; ) {
    let j = text.length
    while (j - i >= 3 && !bares.some((b) => b.includes(text.slice(i, j)))) j--
    if (j - i >= 3) i = j
    else out += text[i++]
  }
  return out
}

/** A title long enough that its words are not the subject itself (增值税法 is; 民营经济…若干意见 is not). */
export const longTitle = (title: string) => bare(title).replace(/^中华人民共和国/, '').length >= 10

const ARTICLE_ASKED = /第([一二三四五六七八九十百零〇两]+|\d+)条/
/** The article a message asks of a named document (第九条, 第12条), or null. */
export function articleAsked(text: string): number | null {
  const m = text.normalize('NFKC').match(ARTICLE_ASKED)
  return m ? (/^\d+$/.test(m[1]) ? Number(m[1]) : chineseNumeral(m[1])) : null
}

/** The article a clause label ends in: 第二章 第五条 → 5; 一、8. (items numbered through the document) → 8. */
export function articleOf(clause: string | undefined): number | null {
  if (!clause) return null
  const article = clause.match(/第([一二三四五六七八九十百零〇两]+)条\s*$/)
  if (article) return chineseNumeral(article[1])
  const item = clause.match(/(\d+)\.\s*$/)
  return item ? Number(item[1]) : null
}
