// What the operator reads out to the caller: the figure for the caller's facts, what is still
// to confirm, the clause it rests on and whether the text is in force — short enough to say.
import type { Condition, PolicyAnswer } from '../../src/answer/schema.js'
import { yuan } from '../../src/format.js'

/** The figure as the page shows it large: 60万元, 最高100万元, 20万元至50万元. */
export function amountText(p: PolicyAnswer): string {
  const a = p.amount
  if (!a) return '原文未写明金额'
  if (p.eligible === false) return a.max !== null ? `不符合条件（该项最高${yuan(a.max)}）` : '不符合条件'
  if (a.value !== null) return yuan(a.value)
  if (a.min !== null && a.max !== null) return `${yuan(a.min)}至${yuan(a.max)}`
  if (a.max !== null) return `最高${yuan(a.max)}`
  return '需按情况计算'
}

export const ELIGIBILITY = { true: '符合所列条件', false: '不符合条件', null: '条件待确认' } as const
export const eligibilityText = (p: PolicyAnswer) => ELIGIBILITY[String(p.eligible) as keyof typeof ELIGIBILITY]

/** The conditions in one state, in words. */
const inState = (p: PolicyAnswer, state: Condition['state']) => p.conditions.filter((c) => c.state === state).map((c) => c.text)

export function readout(p: PolicyAnswer): string {
  const a = p.amount
  const parts = [`关于“${p.title}”（${p.region}）：`]
  const how = a?.explanation ? `（${a.explanation}）` : ''
  if (p.eligible === false) parts.push(`按您说的情况，目前不符合条件：${inState(p, 'failed').join('；')}。`)
  else if (a?.value != null) parts.push(`${p.eligible ? '按您说的情况，可获' : '如符合全部条件，可获'}${yuan(a.value)}${how}。`)
  else if (a) parts.push(`${amountText(p)}${how}。`)
  const open = inState(p, 'unknown')
  if (p.eligible !== false && open.length) parts.push(`还需确认：${open.join('；')}。`)
  if (p.documents.length) parts.push(`需准备：${p.documents.join('、')}。`)
  if (p.deadline) parts.push(`时间：${p.deadline}。`)
  if (p.applyTo || p.department) parts.push(`受理：${[p.applyTo, p.department].filter(Boolean).join('，')}。`)
  parts.push(`依据：${p.citation}：“${p.source.quote}”。`)
  parts.push(`效力：${p.validity.note.replace(/。$/, '')}。`)
  parts.push('以上为政策咨询参考，最终以主管部门审核为准。')
  return parts.join('')
}
