// One message in, one Answer out: understand, merge facts into the session, find and evaluate
// the relevant rules, compose the reply.
import { classify } from '../intents/classify.js'
import { extractFacts } from '../intents/extract.js'
import { compose, policyAnswer } from './answer/compose.js'
import type { Answer, PolicyAnswer } from './answer/schema.js'
import { evaluateRule, rankMissing, statusOn, type Evaluation } from './engine/evaluate.js'
import type { Status } from './rules/schema.js'
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
  pending: string[] // the facts the bot asked for last: an unlabelled figure answers them
}
export const newSession = (): Session => ({ profile: {}, lastFacts: [], topic: '', lastPolicies: [], pending: [] })

// 那五级呢 / 要是… / 如果换成…: the message leans on the previous one
const ELLIPTICAL = /^(那|那么|要是|如果|假如|若是|换成)|呢[？?]?$/
// conversational words that name no subject: what is left of a message without them,
// its figures and its places, is what it is about
const CHATTER =
  /那么|那|要是|如果|假如|若是|换成|呢|吗|吧|啊|了|的|我们|我|公司|企业|这个|那个|这样|多少|能不能|能否|可以|能|还|也|都|又|再|有没有|没有|有|是不是|不是|是|超过|超|过|到|冲到|达到|肯定|大概|左右|明年|今年|去年|前年|以后|之后|现在|时间|截止|材料|准备|要|啥|什么|怎么|哪些|哪个|谁|交给|申请|提交|填|表|给|拿|奖励|补贴|多|少|呀|哦|对|正式|文件|靠谱|钱|这|个|们|问下|问|一下|另外|还有|情况|部分|情形/g
const hasSubject = (text: string, regionNames: string[]) => {
  let t = text.normalize('NFKC')
  for (const r of regionNames) t = t.split(r).join(' ')
  t = t.replace(/[\d.%]+|[零〇一二两三四五六七八九十百千万亿]+[万亿元级年月人个]?/g, ' ').replace(CHATTER, ' ')
  return (t.match(/[\u4e00-\u9fff]|[A-Za-z]+/g) ?? []).length >= 2
}

const DOC_NUMBER = /[\u4e00-\u9fff]{1,8}\s*[〔\[［(（]\s*\d{4}\s*[〕\]］)）]\s*\d+\s*号/g
const normDocNumber = (s: string) => s.normalize('NFKC').replace(/\s/g, '').replace(/[〔\[［(（]/, '〔').replace(/[〕\]］)）]/, '〕')
const FOLLOW_UP = new Set(['documents', 'deadline', 'where_to_apply', 'status', 'explain'])
const ASKS_AMOUNT = new Set(['compute_amount', 'compare'])

export class Bot {
  private index: RuleIndex
  private byId: Map<string, Knowledge['rules'][number]>
  constructor(private k: Knowledge) {
    this.index = k.index ?? new RuleIndex(k.rules)
    this.byId = new Map(k.rules.map((r) => [r.id, r]))
  }

  ask(text: string, session: Session, asOf: string): Answer {
    const extracted = extractFacts(text, this.k)
    const guess = classify(text, Object.keys(extracted.profile).length + extracted.unassigned.length > 0)
    const givesFacts = Object.keys(extracted.profile).length > 0
    // in a conversation, a short message that only gives facts (公司在嘉兴的, 增长了13%) answers the
    // bot, and an elliptical one (那五级呢) leans on the previous subject
    const answersUs = Boolean(session.topic) && givesFacts && guess.intent === 'find_policies' && text.length <= 24
    const leans = answersUs || (Boolean(session.topic) && (ELLIPTICAL.test(text.trim()) || extracted.unassigned.length > 0))
    // words that match no intent may still name a policy: a hotline look-up such as 长三角数字工匠学院
    const unsure = guess.intent === 'out_of_scope' && guess.confidence < 0.5
    const intent = unsure && (leans || (this.index.search(text, 1)[0]?.score ?? 0) > 12) ? (leans ? 'compute_amount' : 'find_policies') : guess.intent
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
      // officials' hand-off is not wired yet: say so, and name whom to ask meanwhile
      const last = this.byId.get(session.lastPolicies[0])
      const who = last?.department ? `可先咨询该政策的责任单位：${last.department}。` : '可先咨询当地工业和信息化、财政或税务主管部门。'
      const reply = `好的，您需要人工服务。目前转人工尚未接通，您的问题还不能自动转给工作人员；${who}`
      return { intent, reply, asOf, policies: [], missing: [] }
    }

    this.merge(session, extracted.profile, extracted.unassigned)
    const followUp = FOLLOW_UP.has(intent) || leans
    // a follow-up that names no new subject (五级呢, 要准备啥材料) stays with the last policies
    const pure = answersUs || (followUp && !hasSubject(text, this.k.regions.names().filter((n) => text.includes(n))))
    // the enterprise's own figures say nothing about which policy is meant: search without them
    const query = extracted.spans.reduceRight((q, sp) => q.slice(0, sp.start) + ' ' + q.slice(sp.end), text.normalize('NFKC'))
    const stay = followUp ? (pure ? 1 : 0.3) : 0
    let ranked = this.rank(query, session, intent, extracted.regions, asOf, stay)
    // words that may mean several facts go to the ones the policies in question use
    const used = new Set(ranked.slice(0, 3).flatMap((e) => [...factsOf(e.rule.conditions), ...amountFactsOf(e.rule.amount)]))
    let widened = false
    for (const [id, alts] of Object.entries(extracted.alternatives))
      for (const alt of alts)
        if (used.has(alt) && session.profile[alt] === undefined) {
          session.profile[alt] = session.profile[id]
          widened = true
        }
    if (widened) ranked = this.rank(query, session, intent, extracted.regions, asOf, stay)
    const weights = ranked.map((_, i) => (i === 0 ? 1 : 0.3 / i))
    const missing = rankMissing(ranked.slice(0, 3), weights).map((fact) => ({ fact, question: this.k.facts[fact]?.question ?? fact }))
    // the bot asks only about its first answer; a bare figure in the next message answers that
    const top = ranked[0]
    const asking = top && (top.eligible === null || (top.amount !== null && top.amount.value === null)) ? top.missing : []
    if (!pure || !session.topic) session.topic = query
    session.lastPolicies = ranked.slice(0, 3).map((e) => e.rule.id)
    session.pending = asking
    return compose({ intent, asOf, ranked, profile: session.profile, missing, asking: asking.length > 0, question: text, ctx: this.k })
  }

  /** A hotline look-up: the best policies for a few keywords, with their validity on the date. */
  lookup(query: string, asOf: string, limit = 10): { id: string; title: string; region: string; status: Status; documentTitle: string; line: number }[] {
    return this.index.search(query, limit).map(({ rule }) => ({
      id: rule.id,
      title: rule.title,
      region: rule.region,
      status: statusOn(rule.validity, asOf),
      documentTitle: rule.documentTitle,
      line: rule.source.line,
    }))
  }

  /** One policy evaluated for the facts given (none: what it offers in general). */
  policy(id: string, profile: Profile, asOf: string): PolicyAnswer | null {
    const rule = this.byId.get(id)
    return rule ? policyAnswer(evaluateRule(rule, profile, asOf, this.k), profile, this.k) : null
  }

  private merge(session: Session, facts: Profile, unassigned: { kind: string; value: number }[]) {
    const kinds = new Set(Object.keys(facts).map((f) => this.k.facts[f]?.type))
    for (const [id, v] of Object.entries(facts)) {
      session.profile[id] = v
      session.lastFacts = [...session.lastFacts.filter((f) => f !== id), id]
    }
    // a figure without its words answers the question just asked, or (那五千五百万呢) replaces
    // the latest fact of the same kind
    for (const span of unassigned) {
      const kind = span.kind === 'plain' ? 'count' : span.kind
      if (kinds.has(kind as never)) continue // the message named its figures of this kind already
      const fits = (f: string) => this.k.facts[f]?.type === kind
      const target = session.pending.find(fits) ?? [...session.lastFacts].reverse().find(fits)
      if (!target) continue
      session.profile[target] = span.value
      session.lastFacts = [...session.lastFacts.filter((f) => f !== target), target]
    }
  }

  /** The facts a fact can be read from: itself, its fallback, the inputs it is derived from. */
  private sources(id: string): string[] {
    const f = this.k.facts[id]
    return [id, ...(f?.fallback ? this.sources(f.fallback) : []), ...(f?.derive?.of.flatMap((x) => this.sources(x)) ?? [])]
  }

  /** `stay` (0 to 1): how much a follow-up leans on the previous topic and policies. */
  private rank(text: string, session: Session, intent: string, regions: string[], asOf: string, stay: number): Evaluation[] {
    // each search's scores are scaled to its best hit, so a long topic cannot drown a new question
    const scores = new Map<string, number>()
    const add = (q: string, w: number) => {
      const hits = this.index.search(q)
      const top = hits[0]?.score ?? 1
      for (const h of hits) scores.set(h.rule.id, (scores.get(h.rule.id) ?? 0) + (h.score / top) * w)
    }
    add(text, 1)
    if (session.topic && session.topic !== text) add(session.topic, Math.max(stay, 0.3))
    // a follow-up is about what was just discussed, whatever else its words match
    session.lastPolicies.forEach((id, i) => scores.set(id, (scores.get(id) ?? 0) + stay / (i + 1)))
    const places = regions.length ? regions : typeof session.profile.region === 'string' ? [session.profile.region] : []
    const known = new Set(Object.keys(session.profile))
    // a 文号 in the question names the document outright
    const cited = [...text.normalize('NFKC').matchAll(DOC_NUMBER)].map((m) => normDocNumber(m[0]))
    const describesFirm = [...known].some((f) => !['region', 'industry'].includes(f))
    const out: { e: Evaluation; score: number }[] = []
    for (const [id, s] of scores) {
      const rule = this.byId.get(id)!
      const e = evaluateRule(rule, session.profile, asOf, this.k)
      let score = s
      if (places.length) {
        const related = places.some((p) => this.k.regions.related(p, rule.region))
        score *= related ? 1.3 : 0.15
      }
      const used = new Set([...factsOf(rule.conditions), ...amountFactsOf(rule.amount)].filter((f) => f !== 'region'))
      const overlap = [...used].filter((f) => this.sources(f).some((x) => known.has(x))).length
      score *= 1 + 0.8 * Math.min(overlap, 3)
      if (ASKS_AMOUNT.has(intent) && rule.amount) score *= 1.3
      // what the asker's own facts rule out goes after what may still apply
      if (e.eligible === false) score *= 0.85
      if (cited.length && rule.docNumber) {
        const own = normDocNumber(rule.docNumber)
        score *= cited.some((c) => c.endsWith(own) || own.endsWith(c)) ? 3 : 0.5
      }
      // an asker who describes the enterprise wants what the enterprise can get, before plans and targets
      if (describesFirm && !rule.amount && used.size === 0) score *= 0.6
      out.push({ e, score })
    }
    return out.sort((a, b) => b.score - a.score).slice(0, 5).map((x) => x.e)
  }
}
