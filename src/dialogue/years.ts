// 补两年总共多少: a figure the clause grants per year, over the years the asker asks about.
// Only for a yearly figure (年度, 每年) given as one sum; a schedule already spreads its years.
import { num } from '../../intents/numbers.js'
import type { Evaluation } from '../engine/evaluate.js'
import { yuan } from '../format.js'

const YEARS = '(\\d+|[两二三四五六七八九十])年'
const TOTAL = '(一共|合计|总共|共计|累计|加起来|总计)'
// the number of years is the first group of either form (两年总共, 合计四年)
const ASKS_YEARS = [new RegExp(`${YEARS}[^，。？！,.?!]{0,6}?${TOTAL}`), new RegExp(`(?:${TOTAL.slice(1, -1)})[^，。？！,.?!]{0,4}?${YEARS}`)]
const YEARLY = /年度|每年|一年|按年|年均/

/** The evaluation with its figure over the years asked, or null when none are asked or the figure is not yearly. */
export function overYears(e: Evaluation, question: string): Evaluation | null {
  const m = ASKS_YEARS.map((re) => re.exec(question)).find(Boolean)
  const a = e.amount
  if (!m || !a || e.rule.amount?.kind === 'schedule' || !YEARLY.test(e.rule.source.quote)) return null
  const years = num(m[1])
  const each = a.value ?? a.max
  if (!Number.isInteger(years) || years < 2 || each == null) return null
  const total = each * years
  const ceiling = a.value == null
  return {
    ...e,
    amount: { ...a, value: ceiling ? null : total, max: total, steps: [...a.steps, `每年${ceiling ? '最高' : ''}${yuan(each)} × ${years}年 = ${ceiling ? '最高' : ''}${yuan(total)}（按每年数额相同计）`] },
  }
}
