import { chineseNumeral } from './numbers.js'

// Where a reader finds a cited line. Nobody can find 第50行 of a text file; people find 第五条,
// 三、（二）, 1. — the labels of the headings above the line, outermost first, as the document
// itself writes them. A heading holds every line down to the next heading of its own or a higher
// level; a line that starts with a heading belongs to it.

// The numbering schemes of the sources, outermost first. The order is fixed rather than learnt
// from the order of appearance: the texts mix variants (（一） and (一), 1. and 1．) and a
// learnt order would take a variant for a new level.
const TEXT = 0 // a text within the text, numbered afresh: 附件2, or one issuer's part of a joint text
const CHAPTER = 1 // 第一章
const SECTION = 2 // 第一节
const ARTICLE = 3 // 第一条
const PART = 4 // 一、 第一、
const SUBPART = 5 // （一） (一)
const ITEM = 6 // 1. 1． 1、
const SUBITEM = 7 // （1） (1)
const CIRCLED = 8 // ①

interface Heading {
  level: number
  label: string // as written, without the spaces some texts put inside it
  n: number // its number, where the level is told by what follows (1、 for 一、)
}

const CN = '[一二三四五六七八九十百零〇]+'
const SCHEMES: { level: number; re: RegExp }[] = [
  // alone on its line: 附件：1. …, 附件：…方案 in a notice lists the attachments, it heads nothing
  { level: TEXT, re: /^附件\s*(\d*)\s*[:：]?$/ },
  // 第X条 is followed by a space; 第一条所称 in a sentence is not
  { level: CHAPTER, re: new RegExp(`^第(${CN})章(?=\\s|$)`) },
  { level: SECTION, re: new RegExp(`^第(${CN})节(?=\\s|$)`) },
  { level: ARTICLE, re: new RegExp(`^第(${CN})条(?=\\s|$)`) },
  { level: PART, re: new RegExp(`^第?(${CN})[、．.]`) },
  { level: SUBPART, re: new RegExp(`^[（(]\\s*(${CN})\\s*[）)]`) },
  // 1.5倍 or 2018年 open no item
  { level: ITEM, re: /^(\d{1,2})\s*[.．、](?!\d)/ },
  { level: SUBITEM, re: /^[（(]\s*(\d{1,2})\s*[）)]/ },
  { level: CIRCLED, re: /^([①-⑳])/ },
]

function numberOf(level: number, written: string): number {
  if (level === CIRCLED) return written.charCodeAt(0) - '①'.charCodeAt(0) + 1
  return /^\d+$/.test(written) ? Number(written) : chineseNumeral(written) || 1
}

/** The heading a line opens, if it opens one. */
export function headingOf(text: string): Heading | undefined {
  for (const { level, re } of SCHEMES) {
    const m = re.exec(text)
    if (m) return { level, label: m[0].replace(/[\s:：]+/g, ''), n: numberOf(level, m[1]) }
  }
  return undefined
}

/**
 * What a clause's heading says it is about: the short phrase after its label that the clause then
 * goes on from ((五) 先进封测提升工程。紧贴…); nothing where the label opens a provision (1. 对经认定的
 * 技术先进型服务企业，减按15%…), which has clauses of its own.
 */
export function headingText(line: string): string {
  const text = bare(line)
  const h = headingOf(text)
  if (!h) return ''
  const body = text.slice(text.indexOf(h.label.slice(-1)) + 1)
  const [first, ...rest] = body.split(/[。；;：:]/)
  const phrase = first.trim()
  return phrase.length <= 24 && !/[，,、\d]/.test(phrase) && rest.join('').trim() ? phrase : ''
}

// Word markup left in some texts ([bookmark: _GoBack]), and the indent of any width
const bare = (line: string) => line.replace(/^\s*\[bookmark:[^\]]*\]/, '').trim()

// An issuer's name alone on a line (财政部 税务总局, 河北省财政厅) signs a text off or heads the
// next one; so do 特此公告, a date alone and a compilation's 第二部分. Nothing above it holds the
// lines below.
const ISSUER = /^(?:\p{Script=Han}+(?:部|局|署|厅|委|政府|委员会|办公室|小组)\s*)+$/u
const CLOSING = new RegExp(`^(?:特此(?:公告|通知)[。.]?|\\d{4}年\\d{1,2}月\\d{1,2}日|第${CN}部分)$`)
const isIssuer = (text: string) => text.length <= 40 && ISSUER.test(text)
const closes = (text: string) => CLOSING.test(text) || isIssuer(text)

// 附件：1. … on one line, then 2. … 3. … on the next: the list names files, it opens no items
const ATTACHMENT_LIST = /^附件\s*[:：]\s*\S/

/** Labels joined as a reader says them: 三、（二）, 二、（一）3., 第三章 第十二条, 附件2 一、. */
export function joinLabels(labels: string[]): string {
  let out = ''
  for (const l of labels) out += out && !/[、.．)）]$/.test(out) && !/^[（(]/.test(l) ? ` ${l}` : l
  return out
}

/** A line as the headings see it: one it opens, or the end of all (an issuer's name, 特此公告). */
interface Line {
  at: number
  heading?: Heading
  closes?: boolean
  issuer?: string // the name, when an issuer's line is what closes
}

/** What each line of the range does to the headings. */
function scan(lines: string[], first: number, last: number): Line[] {
  const out: Line[] = []
  let listing = false
  for (let at = first; at <= last; at++) {
    const text = bare(lines[at - 1])
    if (!text) out.push({ at })
    else if (closes(text)) {
      listing = false
      out.push({ at, closes: true, ...(isIssuer(text) ? { issuer: text.replace(/\s+/g, '') } : {}) })
    } else {
      const listed: boolean = listing && /^\d/.test(text)
      listing = ATTACHMENT_LIST.test(text) || listed
      out.push({ at, heading: listed ? undefined : headingOf(text) })
    }
  }
  return out
}

/**
 * 1、 where a text numbers its chapters 一、 二、: a chapter written in the wrong digits (003's
 * "1、 基本思路" before "二、空间布局"), when no chapter is open and the next one continues its
 * count.
 */
function chapterInDigits(text: Line[], index: number, open: Heading[]): boolean {
  const h = text[index].heading!
  if (h.level !== ITEM || !h.label.endsWith('、') || open.some((o) => o.level <= PART)) return false
  const next = text.slice(index + 1).find((l) => l.heading && l.heading.level <= PART)?.heading
  return next?.level === PART && next.n === h.n + 1
}

/**
 * The issuers' names that head parts of a text several issuers wrote in turn, each part numbered
 * afresh (the 2018 compilation's 解读: 工信厅, 发改委, 科技厅, 财政厅, 税务局): an issuer's line
 * followed by numbered headings before anything closes them. One such line is only the issuer
 * of the whole text (its header, or a notice's signature above the plan it issues), which the
 * document's title already names.
 */
function issuerParts(text: Line[]): Map<number, Heading> {
  const parts = new Map<number, Heading>()
  let issuer: Line | undefined
  for (const l of text) {
    if (l.closes) issuer = l.issuer ? l : undefined
    else if (issuer && l.heading) {
      parts.set(issuer.at, { level: TEXT, label: issuer.issuer!, n: parts.size + 1 })
      issuer = undefined
    }
  }
  return parts.size > 1 ? parts : new Map()
}

/** A heading closes those of its own and lower levels, and opens beneath the rest. */
function enter(open: Heading[], h: Heading) {
  while (open.length && open[open.length - 1].level >= h.level) open.pop()
  open.push(h)
}

/**
 * The clause of every line of a document, or of the sub-document in `range` (1-based, inclusive;
 * a compilation's sub-document starts afresh at its first line). Returns, for a 1-based line,
 * the labels of the headings that hold it, or undefined where none does (a preamble, a
 * signature, a line outside the range).
 */
export function clauses(lines: string[], range: [number, number] = [1, lines.length]): (line: number) => string | undefined {
  const text = scan(lines, Math.max(1, range[0]), Math.min(lines.length, range[1]))
  const parts = issuerParts(text)
  const found = new Map<number, string>()
  const open: Heading[] = []
  text.forEach((l, index) => {
    if (l.closes) {
      open.length = 0
      const part = parts.get(l.at)
      if (part) open.push(part)
    } else if (l.heading) {
      enter(open, chapterInDigits(text, index, open) ? { ...l.heading, level: PART } : l.heading)
    }
    if (open.length) found.set(l.at, joinLabels(open.map((o) => o.label)))
  })
  return (line) => found.get(line)
}
