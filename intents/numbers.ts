// Number spans in colloquial Chinese: 3500万, 3.5千万, 三千五百万, 1.2个亿, 500w, 百分之十二,
// 三成, 一成半, 翻了一番, 42个人. Each span keeps where it is, so facts can be read from the words around it.
import { chineseNumeral } from '../src/rules/numbers.js'

export interface NumberSpan {
  start: number
  end: number
  value: number
  kind: 'money' | 'ratio' | 'count' | 'level' | 'plain' | 'year' | 'date'
  date?: { year: number; month: number; day?: number }
  currency?: 'USD' | 'CNY' // when the text says which: 美元 / 元, 人民币
  text: string
  // 超过500万 / 3000万以上 / 不到100人: the figure is a bound, not the value (set by the fact reader)
  bound?: '>' | '>=' | '<' | '<='
  // 三千多万, 二三百万, 过两千万: the bound is the least value of a round figure, up to its next step
  approx?: true
}

const CN = '零〇一二两三四五六七八九十百千万亿'
// Latin shorthands as people type them: w = 万, k = 千, kw = 千万 (8kw = 8000万), M = million
const MONEY_UNIT: Record<string, number> = { 万亿: 1e12, 千万: 1e7, 百万: 1e6, 亿: 1e8, 万: 1e4, 千: 1e3, w: 1e4, k: 1e3, kw: 1e7, m: 1e6 }
const unitValue = (u: string) => MONEY_UNIT[u] ?? MONEY_UNIT[u.toLowerCase()]

const CURRENCY = '(元|块钱|块|美元|美金|人民币|RMB|rmb|CNY)'
const usd = (cur: string | undefined) => (!cur ? undefined : cur === '美元' || cur === '美金' ? 'USD' : 'CNY')

const PATTERNS: { re: RegExp; read: (m: RegExpExecArray) => Omit<NumberSpan, 'start' | 'end' | 'text'> | null }[] = [
  // dates and years: 2018年9月12日, 2018年10月, 2015年
  {
    re: /((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月(?:\s*(\d{1,2})\s*[日号])?/g,
    read: (m) => ({ value: Number(m[1]), kind: 'date', date: { year: Number(m[1]), month: Number(m[2]), day: m[3] ? Number(m[3]) : undefined } }),
  },
  // 18年7月20号: two digits of the year, with a month after them (18年 alone is a duration)
  {
    re: /(?<![\d.])([12]\d)\s*年\s*(\d{1,2})\s*月(?:\s*(\d{1,2})\s*[日号])?/g,
    read: (m) => ({ value: 2000 + Number(m[1]), kind: 'date', date: { year: 2000 + Number(m[1]), month: Number(m[2]), day: m[3] ? Number(m[3]) : undefined } }),
  },
  { re: /((?:19|20)\d{2})\s*年(?!\d{1,2}\s*月)/g, read: (m) => ({ value: Number(m[1]), kind: 'year' }) },
  // 19年买的, 21年底: two digits of a year when an event or a part of the year follows (干了19年 stays a duration)
  { re: /(?<![\d.])([12]\d)\s*年(?=[就才刚]?(?:买|购|成立|注册|认定|取得|投产|建成|出口|评上|获得|拿到|入选|底|初|末|上半年|下半年|度|的时候))/g, read: (m) => ({ value: 2000 + Number(m[1]), kind: 'year' }) },
  // 百分之十二, 百分之12.5
  { re: new RegExp(`百分之([\\d.]+|[${CN}]+(?:点[${CN}]+)?)`, 'g'), read: (m) => ({ value: num(m[1]) / 100, kind: 'ratio' }) },
  // 翻了一番 / 翻番 / 翻一番: growth of 100%
  { re: /翻了?一?番/g, read: () => ({ value: 1, kind: 'ratio' }) },
  // 15%, 15％, 5‰
  { re: /(?<![\d.])(\d+(?:\.\d+)?)\s*(%|％|‰)/g, read: (m) => ({ value: Number(m[1]) / (m[2] === '‰' ? 1000 : 100), kind: 'ratio' }) },
  // 三成, 两成, 一成半, 6成
  { re: new RegExp(`(?<![\\d.])([\\d.]+|[一二两三四五六七八九十])成(半)?`, 'g'), read: (m) => ({ value: num(m[1]) / 10 + (m[2] ? 0.05 : 0), kind: 'ratio' }) },
  // 千分之一
  { re: new RegExp(`千分之([\\d.]+|[${CN}]+)`, 'g'), read: (m) => ({ value: num(m[1]) / 1000, kind: 'ratio' }) },
  // money in two units: 1亿2千万, 1亿2000万, 2万5千; and a last digit in the next unit down: 1亿2, 2万5
  {
    re: new RegExp(`(?<![\\d.])(\\d+(?:\\.\\d+)?)\\s*(亿|万)\\s*(\\d+(?:\\.\\d+)?)\\s*((?:千|百)(?:多|来|余)?万|万|千|百)(?:多|来|余)?\\s*${CURRENCY}?`, 'g'),
    read: (m) => {
      // 1亿1千多万: the 多 between 千 and 万 leaves the unit 千万
      const [hi, lo] = [unitValue(m[2]), unitValue(m[4].replace(/[多来余]/, '')) ?? 100]
      if (lo >= hi) return null
      return { value: Number(m[1]) * hi + Number(m[3]) * lo, kind: 'money', currency: usd(m[5]) }
    },
  },
  // 3万零500, 1亿零300万: the part after 零 in its own unit, or in yuan
  {
    re: new RegExp(`(?<![\\d.])(\\d+(?:\\.\\d+)?)\\s*(亿|万)\\s*零\\s*(\\d+)\\s*(万|千|百)?\\s*${CURRENCY}?`, 'g'),
    read: (m) => {
      const [hi, lo] = [unitValue(m[2]), m[4] ? unitValue(m[4]) ?? 100 : 1]
      return lo >= hi ? null : { value: Number(m[1]) * hi + Number(m[3]) * lo, kind: 'money', currency: usd(m[5]) }
    },
  },
  {
    re: new RegExp(`(?<![\\d.])(\\d+)\\s*(亿|万|千)\\s*([1-9])(?![\\d.%％‰年月日号天周季期次笔批户个成倍级人名位家项台套款万千百亿wWkK])\\s*${CURRENCY}?`, 'g'),
    read: (m) => ({ value: Number(m[1]) * unitValue(m[2]) + (Number(m[3]) * unitValue(m[2])) / 10, kind: 'money', currency: usd(m[4]) }),
  },
  // money with a unit: 3500万, 3.5千万, 1.2个亿, 500w, 两千二百万, 一亿一千万, 八百万元, 500万美元,
  // 三千多万, 八百来万, 3000余万 (a round figure: the lower bound); 110千伏 and 35kV are no money
  {
    re: new RegExp(`(?<![\\d.])(\\d+(?:\\.\\d+)?|[${CN}]+)(?:多|来|余)?\\s*(?:个)?\\s*(?:多)?(万亿|千万|百万|亿|万|千(?![伏瓦米克帕赫焦卡])|[kK][wW](?![hH时])|w|W|[kK](?![VvWwGgMmBbHhAa])|M(?![BbHhAaGg]))?(?:多)?\\s*${CURRENCY}?`, 'g'),
    read: (m) => {
      const raw = m[1]
      const unit = m[2]
      const cur = m[3]
      const spelled = /[万亿]/.test(raw) // 三千五百万 carries its unit inside
      if (!unit && !cur && !spelled) return null
      if (/^[一二两三四五六七八九十]$/.test(raw) && !unit) return null // 一元 in prose
      if (!/[\d零〇一二两三四五六七八九十]/.test(raw)) return null // 万企转型, 千万别: a unit alone counts nothing
      // 一亿一千来万, 三亿两千多万: the unit after counts the part after the numeral's own 亿 or 万
      const own = unit ? /^(.*[亿万])([^亿万]+)$/.exec(raw) : null
      const head = own && unitValue(own[1].slice(-1)) > unitValue(unit) ? chineseNumeral(own[1]) : 0
      const n = num(head ? own![2] : raw)
      if (!Number.isFinite(n)) return null
      // 2.5kW beside 功率 / 装机 is power, not money
      if (unit && /^[kK][wW]$/.test(unit) && /(功率|装机|容量|电机|千瓦)/.test(m.input.slice(Math.max(0, m.index - 8), m.index))) return null
      const v = head + n * (unit ? unitValue(unit) : 1)
      return { value: v, kind: 'money', currency: usd(cur) }
    },
  },
  // levels: CMMI三级, 5级, 四级
  { re: /([一二三四五六七八九]|\d)\s*级/g, read: (m) => ({ value: num(m[1]), kind: 'level' }) },
  // 3个季度 is nine months; 半年 is half a year (not 上半年, 半年度, 半年报)
  { re: new RegExp(`(?<![\\d.])(\\d+|[${CN}]+)\\s*个季度`, 'g'), read: (m) => ({ value: num(m[1]) * 3, kind: 'count' }) },
  { re: /(?<![上下前后\d零〇一二两三四五六七八九十])半年(?![度报])/g, read: () => ({ value: 0.5, kind: 'count' }) },
  // durations: 一年多, 2年, 1.5年, 5个月, 两年半, 一个半月 (a year such as 2018年 is read above)
  { re: new RegExp(`(?<![\\d.])(\\d+(?:\\.\\d+)?|[${CN}]+)\\s*(年半?|个半?月)(?![底初度月])`, 'g'), read: (m) => ({ value: num(m[1]) + (/半/.test(m[2]) ? 0.5 : 0), kind: 'count' }) },
  // counts: 80人, 42个人, 12个新员工, 11家, 两项, 一百二十名, 五十多人, 十来个人 (the lower bound); 千人计划 is a name
  { re: new RegExp(`(?<![\\d.])(\\d+|[${CN}]+)(?:多|来|余)?\\s*(?:个|名|位)?\\s*(?:新)?(人|员工|职工|家|项|台|套|款|个|名|位)(?!计划)`, 'g'), read: (m) => ({ value: num(m[1]), kind: 'count' }) },
  // 俩 and 仨 are 两个 and 三个: 主持了俩国际标准, 仨人
  { re: /(俩|仨)(?![月年天])/g, read: (m) => ({ value: m[1] === '俩' ? 2 : 3, kind: 'count' }) },
  // ordinals spelled out: 排第二, 考核第三 (第10名 is read as a count above)
  { re: /(?<=第)([一二三四五六七八九十]{1,3})(?![万亿千百次回批届季期轮])/g, read: (m) => ({ value: num(m[1]), kind: 'count' }) },
  // plain numbers (levels, years); four digits or more after Latin letters name a standard (ISO27001)
  { re: /(?<![A-Za-z]\d*)\d+(?:\.\d+)?|(?<=[A-Za-z])\d{1,3}(?!\d)/g, read: (m) => ({ value: Number(m[0]), kind: 'plain' }) },
]

/** 二三百, 五千二三百, 三四十: two digits side by side say a range, read as its lower end. */
export const RANGE = /([一二两三四五六七八九])(?=[一二两三四五六七八九])[一二两三四五六七八九]/g

export function num(s: string): number {
  if (/\d/.test(s)) return Number(s)
  s = s.replace(RANGE, '$1')
  // 二点五 is 2.5
  const dec = /^(.+)点([零〇一二三四五六七八九]+)$/.exec(s)
  if (dec) return chineseNumeral(dec[1]) + Number('0.' + [...dec[2]].map((c) => chineseNumeral(c)).join(''))
  // 两万五 is 25000, 三千五 is 3500 and 一亿二 is 120000000: a last digit after a unit counts in the next unit down
  const m = /^(.*)([亿万千百])([一二两三四五六七八九])$/.exec(s)
  if (m) {
    const unit = { 亿: 1e8, 万: 1e4, 千: 1e3, 百: 100 }[m[2] as '亿' | '万' | '千' | '百']
    return chineseNumeral(m[1] + m[2]) + chineseNumeral(m[3]) * (unit / 10)
  }
  return chineseNumeral(s)
}

export function findNumbers(text: string): NumberSpan[] {
  const taken: boolean[] = new Array(text.length).fill(false)
  const out: NumberSpan[] = []
  for (const p of PATTERNS) {
    p.re.lastIndex = 0
    for (let m = p.re.exec(text); m; m = p.re.exec(text)) {
      const start = m.index
      const end = start + m[0].length
      if (m[0].length === 0) {
        p.re.lastIndex++
        continue
      }
      if (taken.slice(start, end).some(Boolean)) continue
      const r = p.read(m)
      if (!r || !Number.isFinite(r.value)) continue
      // 4万平米, 3万吨: a quantity, not a sum of money
      if (r.kind === 'money' && !/[元钱]|美/.test(m[0]) && /^\s*(平方米|平米|亩|公顷|吨|人|名|台|套|件|家|项|户)/.test(text.slice(end))) r.kind = 'count'
      // years such as 2023年 are dates, not amounts
      if (r.kind === 'plain' && /^年/.test(text.slice(end))) continue
      for (let i = start; i < end; i++) taken[i] = true
      out.push({ ...r, start, end, text: m[0] })
    }
  }
  return out.sort((a, b) => a.start - b.start)
}

/** The words of a figure after its digits: 个 of 12个, 万 of 3500万, 名 of 400名. */
export const tailOf = (span: Pick<NumberSpan, 'text'>) => span.text.replace(/^([\d.]+|[零〇一二两三四五六七八九十百千万亿]+)/, '')
