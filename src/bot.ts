// One message in, one Answer out: understand, merge facts into the session, find and evaluate
// the relevant rules, compose the reply.
import { classify } from '../intents/classify.js'
import { extractFacts } from '../intents/extract.js'
import { compose } from './answer/compose.js'
import type { Answer } from './answer/schema.js'
import { evaluateRule, rankMissing, type Evaluation } from './engine/evaluate.js'
import { amountFactsOf } from './engine/amount.js'
import { factsOf } from './engine/conditions.js'
import type { Profile } from './engine/facts.js'
import type { Knowledge } from './knowledge.js'
import { RuleIndex } from './search.js'

export interface Session {
  profile: Profile
  lastFacts: string[] // facts set most recently, newest last: where an elliptical figure goes
  topic: string // the last message that named a subject, for follow-ups such as 要准备啥材料
  lastPolicies: string[]
}
export const newSession = (): Session => ({ profile: {}, lastFacts: [], topic: '', lastPolicies: [] })

const FOLLOW_UP = new Set(['documents', 'deadline', 'where_to_apply', 'status', 'explain'])
const ASKS_AMOUNT = new Set(['compute_amount', 'compare', 'find_policies'])

export class Bot {
  private index: RuleIndex
  constructor(private k: Knowledge) {
    this.index = new RuleIndex(k.rules)
  }

  ask(text: string, session: Session, asOf: string): Answer {
    const extracted = extractFacts(text, this.k)
    const { intent } = classify(text, Object.keys(extracted.profile).length > 0)
    if (intent === 'reset' || intent === 'forget_me') {
      Object.assign(session, newSession())
      const reply = intent === 'reset' ? '好的，之前的信息已清空，我们重新开始。请说说企业所在地区、行业和想了解的事项。' : '您在本会话中提供的信息已删除。'
      return { intent, reply, asOf, policies: [], missing: [] }
    }
    if (intent === 'out_of_scope' || intent === 'help') {
      const reply =
        intent === 'help'
          ? '您好！我可以查询嘉兴、聊城、河北、深圳等地的产业扶持政策和国家税收优惠：能拿多少、要什么条件和材料、向哪里申请、文件是否有效。请说说企业所在地、行业和具体情况。'
          : '抱歉，这个问题不在我的服务范围内。我可以帮您查询企业扶持政策、奖励补贴和税收优惠。'
      return { intent, reply, asOf, policies: [], missing: [] }
    }
    if (intent === 'handoff') {
      return {
        intent,
        reply: '好的，已为您转接人工，工作人员将在工作时间内尽快回复您（通常1个工作日内）。您之前提供的企业信息会一并转给工作人员。',
        asOf,
        policies: [],
        missing: [],
      }
    }

    this.merge(session, extracted.profile, extracted.unassigned)
    const followUp = FOLLOW_UP.has(intent) || (Object.keys(extracted.profile).length > 0 && this.index.search(text, 1)[0]?.score < 8)
    const ranked = this.rank(text, session, intent, extracted.regions, asOf, followUp)
    const weights = ranked.map((_, i) => (i === 0 ? 1 : 0.3 / i))
    const missing = rankMissing(ranked.slice(0, 3), weights).map((fact) => ({ fact, question: this.k.facts[fact]?.question ?? fact }))
    if (!followUp || !session.topic) session.topic = text
    session.lastPolicies = ranked.slice(0, 3).map((e) => e.rule.id)
    return compose({ intent, asOf, ranked, profile: session.profile, missing, ctx: this.k })
  }

  private merge(session: Session, facts: Profile, unassigned: { kind: string; value: number }[]) {
    for (const [id, v] of Object.entries(facts)) {
      session.profile[id] = v
      session.lastFacts = [...session.lastFacts.filter((f) => f !== id), id]
    }
    // a figure without its words (那五千五百万呢) replaces the latest fact of the same kind
    for (const span of unassigned) {
      const kind = span.kind === 'money' ? 'money' : span.kind === 'ratio' ? 'ratio' : span.kind === 'level' ? 'level' : 'count'
      const target = [...session.lastFacts].reverse().find((f) => this.k.facts[f]?.type === kind)
      if (target) session.profile[target] = span.value
    }
  }

  private rank(text: string, session: Session, intent: string, regions: string[], asOf: string, followUp: boolean): Evaluation[] {
    const scores = new Map<string, number>()
    const add = (q: string, w: number) => {
      for (const h of this.index.search(q)) scores.set(h.rule.id, (scores.get(h.rule.id) ?? 0) + h.score * w)
    }
    add(text, 1)
    if (session.topic && session.topic !== text) add(session.topic, followUp ? 1 : 0.3)
    if (followUp) session.lastPolicies.forEach((id, i) => scores.set(id, (scores.get(id) ?? 0) * 1.5 + 20 / (i + 1)))
    const places = regions.length ? regions : typeof session.profile.region === 'string' ? [session.profile.region] : []
    const known = new Set(Object.keys(session.profile))
    const byId = new Map(this.k.rules.map((r) => [r.id, r]))
    const out: { e: Evaluation; score: number }[] = []
    for (const [id, s] of scores) {
      const rule = byId.get(id)!
      let score = s
      if (places.length) {
        const related = places.some((p) => this.k.regions.related(p, rule.region))
        score *= related ? (places.some((p) => this.k.regions.canonical(p) === rule.region) ? 1.6 : 1.2) : 0.15
      }
      const used = new Set([...factsOf(rule.conditions), ...amountFactsOf(rule.amount)].filter((f) => f !== 'region'))
      const overlap = [...used].filter((f) => known.has(f) || known.has(this.k.facts[f]?.fallback ?? '')).length
      score *= 1 + 0.4 * Math.min(overlap, 3)
      if (ASKS_AMOUNT.has(intent) && rule.amount) score *= 1.3
      out.push({ e: evaluateRule(rule, session.profile, asOf, this.k), score })
    }
    return out.sort((a, b) => b.score - a.score).slice(0, 5).map((x) => x.e)
  }
}
