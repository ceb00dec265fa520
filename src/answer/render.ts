// The chat reply, rendered from the structured policies: the answer first, the reason that decides
// it, the clause and its validity, one next step, at most two other candidates. 详细 gives the whole.
import { yuan } from '../format.js'
import type { Intent, PolicyAnswer } from './schema.js'

/** What a reply says beside the policies themselves. */
export interface Extras {
  intent: Intent
  sums: string | null // 还差多少 / 加起来: the arithmetic the question asks of its own figures
  ask: string | null // the one fact that would settle the first policy
  asked: { part: string; policy: PolicyAnswer; step: string | null }[] // the message's further questions
  compared: { place: string; policy: PolicyAnswer }[]
  uncovered: { place: string; subject: string[]; documents: string[] } | null
  elsewhere: boolean // another clause of the notice, given below, states the step asked
  several: boolean // the message asks more than one thing (…补多少？另外要交什么？)
  listing: boolean // the message asks for the measures there are (有哪些措施)
  followUp: boolean // the first policy is the one just given
  steps: Intent[] // the steps of applying the question asks besides its intent (…要填什么表 去哪办 最晚什么时候)
}

const SHORT_QUOTE = 100
// the steps of applying a follow-up may ask about alone
const STEPS = new Set<Intent>(['documents', 'deadline', 'where_to_apply'])
// intents that ask what measures there are, rather than what one gives this enterprise
const LISTS = new Set<Intent>(['find_policies', 'lookup', 'status'])
// the word put after another candidate's title when it is not simply in force (its own answer says more)
const SHORT_STATUS: Record<PolicyAnswer['status'], string> = { in_force: '', draft: '（征求意见稿）', expired: '（已失效）', not_yet: '（尚未施行）', unknown: '（效力待核实）' }
const tag = (p: PolicyAnswer) => SHORT_STATUS[p.status]

/** The line a policy gives for one step of applying (材料, 时间, 受理), if it states that step. */
export function stepLine(p: PolicyAnswer, step: string | null): string | null {
  if (step === 'documents' && p.documents.length) return `材料：${p.documents.map((d, i) => `${i + 1}. ${d}`).join(' ')}`
  if (step === 'deadline' && p.deadline) return `时间：${p.deadline}`
  if (step === 'where_to_apply' && p.applyTo) return `受理：${p.applyTo}`
  return null
}

// what the text leaves out when that step is asked
const UNSTATED: Partial<Record<Intent, string>> = {
  documents: '材料：原文未列明申请材料，请向受理部门咨询。',
  deadline: '时间：原文未写明申报截止时间。',
  where_to_apply: '受理部门：原文未写明。',
}

/** The steps of applying the question asks for, and the department when it asks where. */
function askedSteps(p: PolicyAnswer, x: Extras): string[] {
  const line = stepLine(p, x.intent)
  const lines = line ? [line] : UNSTATED[x.intent] && !x.elsewhere && !(x.intent === 'where_to_apply' && p.department) ? [UNSTATED[x.intent]!] : []
  for (const step of x.steps) if (step !== x.intent) lines.push(...[stepLine(p, step)].filter((l) => l !== null))
  if (p.department && (x.intent === 'where_to_apply' || x.intent === 'deadline' || x.intent === 'documents')) lines.push(`责任单位：${p.department}`)
  return lines
}

/** 哪个多 / 差多少 between two measures of one place both reckoned for the asker: the other's sum, and the gap. */
function gapLine(p: PolicyAnswer, vs: PolicyAnswer | undefined, x: Extras): string[] {
  if (x.intent !== 'compare' || x.compared.length || !vs || p.eligible === false || vs.eligible === false) return []
  const [a, b] = [p.amount?.value, vs.amount?.value]
  if (a == null || b == null) return []
  return [`对比：【${vs.title}】${yuan(b)}；${a === b ? '两者相同' : `本条${a > b ? '多' : '少'}${yuan(Math.abs(a - b))}`}`]
}

/** One other candidate in a line: its title and what it means for this asker. */
const brief = (p: PolicyAnswer) => `【${p.title}】${p.headline}${tag(p)}`

/** A policy listed under another's answer: enough to recognise it and find it. */
export function shortLine(p: PolicyAnswer): string {
  const replaced = p.supersededBy ? `（自${p.supersededBy.from}起已被取代）` : ''
  return `· ${brief(p)}${replaced}：${p.summary ?? p.source.quote}`
}

/** The reply a phone shows. */
export function chatReply(policies: PolicyAnswer[], x: Extras): string {
  const lines: string[] = []
  if (x.uncovered) {
    const { place, subject, documents } = x.uncovered
    const nearest = policies.filter((p) => p.region !== '全国').slice(0, 3)
    lines.push(`收录的${place}政策中没有关于“${subject.join('、')}”的条款。${place}收录的是${documents.map((d) => `《${d}》`).join('、')}。`)
    if (nearest.length) lines.push('其中最接近的：', ...nearest.map((p) => `· ${brief(p)}`))
    return lines.join('\n')
  }
  const [p, ...rest] = policies
  if (!p) return '没有找到与您的问题对应的政策条款。可以说说企业所在地区、行业和想了解的支持事项（如奖励、补贴、税收优惠）。'
  // 要准备啥材料 / 什么时候报 / 去哪儿办 about the policy just given: that step, and where it says so
  if (x.followUp && STEPS.has(x.intent) && !x.asked.length) return [`【${p.title}】`, ...askedSteps(p, x), `依据：${p.citation}`].join('\n')
  if (x.compared.length > 1) lines.push(`按所述情况分别放在${x.compared.map((c) => c.place).join('和')}对比：`, ...x.compared.map((c) => `· ${c.place}：【${c.policy.title}】${c.policy.headline || '文中未写金额'}`))
  // the validity goes with the answer: 可获50万元（征求意见稿）
  lines.push(`【${p.title}】${p.headline}（${p.validity.label}）`)
  if (x.sums) lines.push(x.sums)
  // what the measure says, when that is what is asked or no figure or verdict stands for it
  // (a figure reckoned for the asker says it already, with its reckoning below)
  const summarised = p.summary && (LISTS.has(x.intent) || p.amount?.value == null || p.eligible === false)
  if (summarised) lines.push(p.summary!)
  // the reason that decides it: what fails, else how the figure was reckoned
  if (p.eligible === false) lines.push(`原因：${p.failing.slice(0, 2).join('；')}`)
  // a reckoning, not a ceiling said again (最高50万元，具体数额由主管部门核定)
  else if (p.reckoning) lines.push(`计算：${p.reckoning}`)
  for (const f of p.figures) lines.push(`另：${f.label}${yuan(f.value)}（${f.how}）`)
  lines.push(...gapLine(p, rest[0], x))
  // the words of the clause that answer what the question asks beyond its title (是一次性的吗)
  if (p.answering && (!summarised || p.answering.words.some((w) => !p.summary!.includes(w)))) lines.push(`原文：“${p.answering.text}”`)
  lines.push(...askedSteps(p, x))
  // a restatement that says more of what was asked, when it is short enough for a phone (详细 gives any)
  if (p.restatement && p.restatement.quote.length <= SHORT_QUOTE) lines.push(`另见${p.restatement.clause ?? ''}：“${p.restatement.quote}”`)
  // who runs a measure is part of what a measure is
  if (LISTS.has(x.intent) && p.department && !lines.some((l) => l.startsWith('责任单位'))) lines.push(`责任单位：${p.department}`)
  // what replaced what, with the difference it made, and what the asker must not add up
  for (const n of p.notes.filter((n) => /^(已被取代|取代|不可叠加)：/.test(n))) lines.push(n)
  for (const n of p.notes.filter((n) => n.startsWith('注意：'))) lines.push(firstSentence(n))
  lines.push(`依据：${p.citation}`)
  for (const { part, policy, step } of x.asked)
    lines.push(`您还问到“${part.trim().replace(/[<>]/g, '')}”：${brief(policy)}（${policy.citation}）`, ...[stepLine(policy, step)].filter((l) => l !== null))
  lines.push(x.ask ? `还需确认：${x.ask}` : '回复“详细”看条件、材料和原文。')
  const asked = new Set(x.asked.map((a) => a.policy.id))
  const others = rest.filter((o) => !asked.has(o.id)).slice(0, x.intent === 'compare' || x.intent === 'status' ? 3 : x.several ? 2 : 1)
  // a question for measures in general wants each in a sentence; one about this enterprise, their names
  if (others.length && LISTS.has(x.intent)) {
    lines.push(`也可看：${shortLine(others[0]).slice(2)}`)
    // a list asked for gets the names of a few more; a message asking several things, the next one
    // (…贴息能申请不 担保费有没有补助: the second may be what the second question asks)
    const more = x.listing ? rest.filter((o) => !asked.has(o.id) && o !== others[0]).slice(0, 3) : others.slice(1)
    if (more.length) lines.push(`另有：${more.map((o) => `【${o.title}】`).join('；')}`)
  }
  // a settled answer to one question needs no others; an open one, a comparison or a message asking
  // several things names them
  else if (others.length && (p.eligible === null || x.intent === 'compare' || x.several)) lines.push(`也可看：${others.map(brief).join('；')}`)
  if (x.intent === 'status') for (const o of policies.slice(1, 4).filter((o) => o.status !== 'in_force')) lines.push(`《${o.source.title}》：${o.validity.label}`)
  return lines.join('\n')
}

/** The whole of the first policy: every condition, the reckoning, the steps, the clause in full. */
export function detailReply(policies: PolicyAnswer[], x: Extras): string {
  const [p, ...rest] = policies
  if (!p) return chatReply(policies, x)
  const mark = { met: '✔', failed: '✘', unknown: '？' } as const
  const lines = [`【${p.title}】${p.headline}（${p.validity.label}）`]
  if (p.summary) lines.push(p.summary)
  if (p.amount?.explanation && p.eligible !== false) lines.push(`计算：${p.amount.explanation}`)
  for (const f of p.figures) lines.push(`另：${f.label}${yuan(f.value)}（${f.how}）`)
  lines.push(...gapLine(p, rest[0], x))
  if (p.conditions.length) lines.push(`条件：${p.conditions.map((c) => `${mark[c.state]} ${c.text}`).join('；')}`)
  for (const step of ['documents', 'deadline', 'where_to_apply']) {
    const line = stepLine(p, step)
    if (line) lines.push(line)
  }
  if (p.department) lines.push(`责任单位：${p.department}`)
  lines.push(`依据：${p.citation}：“${p.source.quote}”`)
  if (p.restatement) lines.push(`另见${p.restatement.clause ?? ''}：“${p.restatement.quote}”`)
  lines.push(`效力：${p.validity.note}`, ...p.notes)
  if (rest.length) lines.push('其他相关条款：', ...rest.slice(0, 2).map(shortLine))
  return lines.join('\n')
}

const firstSentence = (t: string) => t.split(/(?<=。)/)[0]
