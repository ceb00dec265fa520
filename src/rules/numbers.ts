// The figures a piece of Chinese policy text states, as the numbers a rule may use:
// 2000万元 → 20000000, 10% → 0.1, 5‰ → 0.005, 三级 → 3, 三成 → 0.3, 1：1 → 1.

const DIGIT: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 }
const SMALL_UNIT: Record<string, number> = { 十: 10, 百: 100, 千: 1000 }

/** 三千五百万 → 35000000, 十二 → 12, 一百二十 → 120. Returns NaN when the text is not a numeral. */
export function chineseNumeral(s: string): number {
  let yi = 0 // the part counted in 亿
  let wan = 0 // the part counted in 万
  let section = 0
  let digit = 0
  for (const ch of s) {
    if (ch in DIGIT) digit = DIGIT[ch]
    else if (ch in SMALL_UNIT) {
      section += (digit || 1) * SMALL_UNIT[ch]
      digit = 0
    } else if (ch === '万') {
      wan = (section + digit || 1) * 1e4
      section = digit = 0
    } else if (ch === '亿') {
      yi = (yi + wan + section + digit || 1) * 1e8
      wan = section = digit = 0
    } else return NaN
  }
  return yi + wan + section + digit
}

const MULT: Record<string, number> = { 万亿: 1e12, 千万: 1e7, 百万: 1e6, 亿: 1e8, 万: 1e4, 千: 1e3, 百: 1e2 }
const NUM = String.raw`(\d+(?:\.\d+)?|[零〇一二两三四五六七八九十百千]+)`
const TOKEN = new RegExp(`${NUM}\\s*(万亿|千万|百万|亿|万|千|百)?\\s*(%|％|‰|成|倍)?`, 'g')

const near = (a: number, b: number) => Math.abs(a - b) <= Math.max(1e-9, Math.abs(b) * 1e-9)

/** Every value the text can be read to state. Lenient on lists: 20、30、50万元 gives 200000 for 20 too. */
export function figuresIn(text: string): number[] {
  const t = text.normalize('NFKC')
  const out = new Set<number>([0])
  const units = new Set<number>()
  const bare: number[] = []
  for (const m of t.matchAll(TOKEN)) {
    const n = /\d/.test(m[1]) ? Number(m[1]) : chineseNumeral(m[1])
    if (!Number.isFinite(n)) continue
    out.add(n)
    const mult = m[2] ? MULT[m[2]] : 1
    const v = n * mult
    out.add(v)
    if (m[2]) units.add(mult)
    if (m[3] === '%' || m[3] === '％') out.add(v / 100), units.add(0.01)
    if (m[3] === '‰') out.add(v / 1000), units.add(0.001)
    if (m[3] === '成') out.add(v / 10)
    if (!m[2] && !m[3]) bare.push(n)
  }
  for (const n of bare) for (const u of units) out.add(n * u)
  // 百分之十, 千分之一, 万分之二; 减半 is a half
  for (const m of t.matchAll(/(百|千|万)分之([\d.]+|[零〇一二两三四五六七八九十]+)/g)) {
    const n = /\d/.test(m[2]) ? Number(m[2]) : chineseNumeral(m[2])
    out.add(n / { 百: 100, 千: 1000, 万: 10000 }[m[1] as '百' | '千' | '万'])
  }
  if (t.includes('减半')) out.add(0.5)
  // ratios such as 1：1 or 1:1 state a multiplier of 1
  for (const m of t.matchAll(/(\d+)\s*[:：]\s*(\d+)/g)) out.add(Number(m[1]) / Number(m[2]))
  return [...out]
}

export function statedIn(value: number, text: string): boolean {
  return figuresIn(text).some((f) => near(f, value))
}

// 最高 / 不超过 / 上限 / 最多 make every figure after them in the same clause a ceiling
// (最高分别给予20万元、50万元); 以内 / 为限 make the figure just before them one.
const CEILING_BEFORE = /最高|不超过|不高于|上限|最多|封顶|至多/
const CEILING_AFTER = /^(?:元|万元|亿元|%|％)?(?:以内|为限|封顶)/

/** The figures a text states as ceilings rather than as sums. */
export function ceilingFiguresIn(text: string): number[] {
  const out: number[] = []
  for (const clause of text.normalize('NFKC').split(/[，,。；;：:]/)) {
    const m = CEILING_BEFORE.exec(clause)
    // the ceiling reaches to the next 及 / 并 / 和 (按不高于3%的费率上限及实际保费的80%: 80% is no ceiling)
    if (m) out.push(...figuresIn(clause.slice(m.index).split(/及|并|和|且/)[0]).filter((n) => n !== 0))
    for (const t of clause.matchAll(TOKEN)) {
      if (CEILING_AFTER.test(clause.slice(t.index + t[0].length))) out.push(...figuresIn(t[0]).filter((n) => n !== 0))
    }
  }
  return out
}

export const statedAsCeiling = (value: number, text: string) => ceilingFiguresIn(text).some((f) => near(f, value))
