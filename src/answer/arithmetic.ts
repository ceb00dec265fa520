// The sum or the gap a question asks of the figures it gives, or of its one figure and the one
// the clause states in the same unit: "目标2000亿，现在1300亿，还差多少" → 2000亿元 − 1300亿元 = 700亿元.
// Only figures of one unit are combined; anything else gets no line.
import { findNumbers, tailOf, type NumberSpan } from '../../intents/numbers.js'
import { quantity } from '../format.js'

const ASKS_GAP = /还差|差多少|差了多少|少了多少|(?<![至最])少多少|差距|缺口|还要[^，。？！,.?!]{0,8}多少|还需[^，。？！,.?!]{0,8}多少|还得[^，。？！,.?!]{0,8}多少/
const ASKS_SUM = /加起来|加在一起|合计|一共|总共|共计|总计/
const MEASURE = /^[吨名人家个项台套座箱辆户所]/

interface Figure {
  value: number
  unit: string
  shown?: string // 3家 × 100亿元: how a figure made of a count and a sum each was reckoned
}

// a count of things each with a sum, in one clause: 3家营收超100亿的企业 is 3 × 100亿
const EACH_OF = /^[家个名位台套项户]/
const TOTAL_SAID = /[共合总]|[，。；？！,;?!]/

/** Money in 元; a count in the measure word said with it (300万吨, 400名). */
function figures(text: string): Figure[] {
  const spans = findNumbers(text)
  const multipliers = new Set<NumberSpan>()
  const times = new Map<NumberSpan, NumberSpan>()
  spans.forEach((s, i) => {
    const before = spans[i - 1]
    if (s.kind !== 'money' || before?.kind !== 'count' || !EACH_OF.test(tailOf(before) || text.slice(before.end))) return
    if (TOTAL_SAID.test(text.slice(before.end, s.start))) return
    multipliers.add(before)
    times.set(s, before)
  })
  return spans.flatMap((s: NumberSpan) => {
    if (multipliers.has(s)) return []
    const n = times.get(s)
    if (n) return [{ value: n.value * s.value, unit: '元', shown: `${n.text} × ${quantity(s.value, '元')}` }]
    if (s.kind === 'money') return [{ value: s.value, unit: '元' }]
    if (s.kind !== 'count') return []
    const said = tailOf(s).replace(/^[万亿]/, '')
    const unit = said || (MEASURE.exec(text.slice(s.end)) ?? [''])[0]
    return unit ? [{ value: s.value, unit }] : []
  })
}

/** One line of arithmetic for the question, or null when it asks none or the units differ. */
export function statedArithmetic(question: string, quote = ''): string | null {
  const gap = ASKS_GAP.test(question)
  const sum = !gap && ASKS_SUM.test(question)
  if (!gap && !sum) return null
  const asked = figures(question)
  if (!asked.length) return null
  const unit = asked.map((f) => f.unit).sort((a, b) => asked.filter((f) => f.unit === b).length - asked.filter((f) => f.unit === a).length)[0]
  const same = asked.filter((f) => f.unit === unit)
  const show = (f: Figure) => f.shown ?? quantity(f.value, f.unit)
  // the total of what the question counts in that unit (一共多少人, 合计多少亿), not of other things
  const said = /^[名人位]$/.test(unit) ? '[名人位]' : unit
  const asksUnit = unit === '元' ? /多少(钱|万|亿|元)|(收入|营收|产值|金额|投资|资金|规模)[^，。？！,.?!]{0,4}多少/.test(question) : new RegExp(`(多少|几)(个)?(万|亿)?${said}`).test(question)
  if (sum && same.length >= 2 && asksUnit) return `合计：${same.map(show).join(' + ')} = ${quantity(same.reduce((n, f) => n + f.value, 0), unit)}`
  if (!gap) return null
  // the gap between two figures said, or between the one said and the clause's one of that unit
  const stated = same.length === 1 ? figures(quote).filter((f) => f.unit === unit) : []
  const pair = same.length === 2 ? same : stated.length === 1 ? [same[0], stated[0]] : null
  if (!pair) return null
  const [hi, lo] = pair[0].value >= pair[1].value ? pair : [pair[1], pair[0]]
  return `相差：${show(hi)} − ${show(lo)} = ${quantity(hi.value - lo.value, unit)}`
}

/** 封顶前后差多少 / 没有上限的话差几万: what the ceiling cut off the computed figure. */
export function gapToCeiling(question: string, amount: { max: number | null; uncapped?: number } | null | undefined): string | null {
  if (!ASKS_GAP.test(question) || amount?.uncapped == null || amount.max == null) return null
  return `相差：按比例${quantity(amount.uncapped, '元')} − 上限${quantity(amount.max, '元')} = ${quantity(amount.uncapped - amount.max, '元')}`
}
