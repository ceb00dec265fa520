// One message in, one Answer out: understand, merge facts into the session, find and evaluate
// the relevant rules, compose the reply.
import { aboutPolicies, classify, isSmallTalk, POLICY_INTENTS } from '../intents/classify.js'
import { extractFacts, saidOf } from '../intents/extract.js'
import { compose, LIST_ASKED, policyAnswer } from './answer/compose.js'
import { citation } from './format.js'
import { share } from './answer/relevance.js'
import type { Answer, PolicyAnswer } from './answer/schema.js'
import { evaluateRule, factsRead, statusOn, type Evaluation, type Notice } from './engine/evaluate.js'
import { beyondKnown, governing, periodOf, replacementsOf, type Replacement } from './engine/supersession.js'
import type { LoadedRule, Status } from './rules/schema.js'
import type { NumberSpan } from '../intents/numbers.js'
import { amountFactsOf } from './engine/amount.js'
import { factsOf } from './engine/conditions.js'
import type { Profile } from './engine/facts.js'
import type { Knowledge } from './knowledge.js'
import { RuleIndex, tokenize, type Hit } from './search.js'
import { headingsOf, headingWords } from './dialogue/headed.js'
import { profileFor, sayBounds } from './dialogue/bounds.js'
import { leaning, staying } from './dialogue/follow-up.js'
import { mergeFacts } from './dialogue/merge.js'
import { awaited, closeTurn, missingQuestions } from './dialogue/pending.js'
import { acrossPolicies, acrossSubjects, itemized } from './dialogue/items.js'
import { overYears } from './dialogue/years.js'
import { askedParts } from './dialogue/asked-parts.js'
import { homophonesOf, type Homophones } from '../intents/homophones.js'
import { eitherKind, Subjects } from './dialogue/scoped.js'
import { sumUp, widen } from './dialogue/readings.js'
import { clearSession, type Session } from './dialogue/session.js'
import { countedAfter, referredPolicy } from './dialogue/refers.js'
import { coveredPlaces, isVague, splittingFacts } from './dialogue/opening.js'
import { subjectWords } from './dialogue/subject.js'
import { abbreviationsOf, ruleWords, writtenOut, type Abbreviations } from './dialogue/abbreviations.js'
import { articleAsked, articleOf, longTitle, namedDocuments, titlesByLine, withoutTitles } from './dialogue/named-documents.js'

export { newSession, type Session } from './dialogue/session.js'

const DOC_NUMBER = /[\u4e00-\u9fff]{1,8}\s*[〔\[［(（]\s*\d{4}\s*[〕\]］)）]\s*\d+\s*号/g
const normDocNumber = (s: string) => s.normalize('NFKC').replace(/\s/g, '').replace(/[〔\[［(（]/, '〔').replace(/[〕\]］)）]/, '〕')
const ASKS_AMOUNT = new Set(['compute_amount', 'compare'])
const PLACE_ONLY_WORDS = /[那呢的吧呀啊吗么？?。，,!！\s]|还有|换成|换到|如果|要是|放在|在|那边|这边|那里|的话|怎么样|咋样|情况/g
// words of a subject that say no more than that support is asked about
const GENERIC_SUBJECT = /^(?:做|增长|支持|扶持|政策|项目|企业|公司|奖励|补贴|优惠|能拿|多少|省里|市里|区里|县里|省级|市级|国家级|国家|类似)+$/
// 详细 / 原文 / 展开说说: the whole of the policy just given, not a new question
const DETAIL = /^(?:请|麻烦)?(?:看看?|给我|发一?下|说说)?(?:详细|详情|展开|完整|全部|具体|原文|条文|原话|全文)(?:说说|说明|内容|信息|条件|一点|点|的)?(?:呢|吧|看看)?[。！!？?]*$/
// an enterprise speaking of itself in a vague first message
const FIRM_SPEAKS = /企业|公司|厂|门店|门市/
const ASKS_PLAN = /目标|计划|规划|到20\d\d年/
const FIGURE_TYPES = new Set(['money', 'ratio', 'count', 'level', 'year'])
// who the asker is and where it builds: scope more than subject, so a rule is not the likelier for checking it
const WHO = new Set(['region', 'projectRegion', 'industry', 'applicantType', 'vatTaxpayerType'])
// what a turn without a subject of its own asks of the policies just discussed
const FOLLOW_UP_INTENTS = new Set(['deadline', 'documents', 'where_to_apply', 'status', 'explain', 'compute_amount'])

/** Longer messages are cut to this many characters. */
export const MAX_QUESTION = 4000

export class Bot {
  private index: RuleIndex
  private byId: Map<string, Knowledge['rules'][number]>
  private links: Map<string, Replacement[]>
  private laterNotices: Set<string> // the documents that replace earlier rules
  private subjects: Subjects
  // the message being answered: its words and where it said each per-item fact
  // what this message said, for judging each policy: its text, the facts it scoped or denied, and
  // a sum it gave without saying what it is
  private said: Pick<ReturnType<typeof extractFacts>, 'scoped' | 'both' | 'denied'> & { text: string; lone?: NumberSpan } = { text: '', scoped: {}, both: {}, denied: [] }
  private referred: string | undefined // the last answer's policy a message points back to
  private titles: string[]
  private abbreviations: Abbreviations
  private titleAt: (document: string, line: number) => string | undefined
  private headingWords: (rule: LoadedRule) => ReadonlySet<string>
  private splitting: string[] | undefined // the facts a vague first message is asked, counted once
  constructor(private k: Knowledge) {
    this.index = k.index ?? new RuleIndex(k.rules)
    this.byId = new Map(k.rules.map((r) => [r.id, r]))
    this.links = replacementsOf(k.rules)
    this.laterNotices = new Set(k.rules.filter((r) => r.supersedes.length).map((r) => r.source.document))
    this.subjects = new Subjects(k.rules)
    this.titles = [...new Set(k.rules.map((r) => r.documentTitle))]
    this.titleAt = titlesByLine(k.rules)
    this.headingWords = headingWords(k.rules, k.headings ?? headingsOf(k.rules))
    this.abbreviations = k.abbreviations ?? abbreviationsOf(k.facts, k.rules)
  }

  /** Whether the rule is of a document the asker named, or restated in one (民营经济若干意见 restating a tax notice). */
  private ofNamed(rule: LoadedRule, named: Set<string>): 'own' | 'restated' | null {
    if (named.has(rule.documentTitle)) return 'own'
    return rule.source.alsoAt.some((a) => named.has(this.titleAt(a.document, a.line) ?? '')) ? 'restated' : null
  }

  // built at the first question, so that loading the bot stays quick
  private corrector: Homophones | null | undefined
  private homophones(): Pick<Homophones, 'correct'> {
    if (this.corrector === undefined) this.corrector = homophonesOf(this.index)
    return this.corrector ?? { correct: (t: string) => t }
  }

  /** The facts a policy is judged on: bounds read for it, per-item facts from its own clauses. */
  private judge(rule: Knowledge['rules'][number], session: Session): Profile {
    const own = this.subjects.judge(rule, profileFor(rule, session.profile, session.bounds, this.k), this.said.text, this.said.scoped)
    return eitherKind(rule, own, this.said.both, this.k)
  }


  /** A policy judged for this asker. */
  private evaluate(rule: LoadedRule, session: Session, asOf: string, question?: string): Evaluation {
    return evaluateRule(rule, this.judge(rule, session), asOf, this.k, question)
  }

  /**
   * A sum the message gives without saying what it is (准备融资5亿，发资产支持票据) is the one sum the
   * figure of the policy it asks about still lacks, when the message speaks of that sum elsewhere;
   * said as taken so. (Not for the others listed: 月薪一万出头 is no enterprise's taxable income.)
   */
  private takeLone(e: Evaluation, session: Session, asOf: string, question: string): Evaluation {
    const lone = this.said.lone
    const [fact, ...more] = e.amount?.value == null ? (e.amount?.missing ?? []) : []
    const f = fact ? this.k.facts[fact] : undefined
    if (!lone || !f || more.length || e.eligible === false || f.type !== 'money' || !saidOf(this.said.text, f.cues ?? [])) return e
    const taken = evaluateRule(e.rule, { ...this.judge(e.rule, session), [fact]: lone.value }, asOf, this.k, question)
    return { ...taken, taken: `按您说的${lone.text}计` }
  }

  ask(message: string, session: Session, asOf: string): Answer {
    // nobody's question is longer; the patterns' time grows with the text (100 KB of digits took 9 s)
    const text = this.homophones().correct(message.slice(0, MAX_QUESTION))
    const extracted = extractFacts(text, this.k)
    this.said = { text, scoped: extracted.scoped, both: extracted.both, denied: extracted.denied }
    if (DETAIL.test(text.normalize('NFKC').trim()) && session.lastPolicies.length) return this.detail(session, asOf)
    // a place or a trade alone (杭州周末冷不冷, 光伏板块行情) does not make a message about policies;
    // a figure of the enterprise does, and so do a place and a trade together (苏州做封装的 想扩产)
    const describesFirm =
      Object.keys(extracted.profile).some((f) => FIGURE_TYPES.has(this.k.facts[f]?.type ?? '')) ||
      extracted.unassigned.some((n) => n.kind === 'money' || n.kind === 'ratio') ||
      (extracted.profile.region !== undefined && extracted.profile.industry !== undefined)
    const guess = classify(text, describesFirm)
    // in a conversation, a message that gives the facts asked for (公司在嘉兴的, 增长了13%) answers
    // the bot, an elliptical one (那五级呢) leans on the previous subject, and one that names an
    // item the last policies do not mention (多元件集成电路呢) moves to it
    const lastTexts = session.lastPolicies.flatMap((id) => {
      const r = this.byId.get(id)
      return r ? [ruleWords(r)] : []
    })
    const told = Object.keys(extracted.profile).filter((f) => !this.k.facts[f]?.itemNames)
    const lean = leaning(text, session, guess, told, extracted.unassigned.length > 0, this.k, lastTexts)
    // words that match no intent may still name a policy: a hotline look-up such as 长三角数字工匠学院
    const unsure = guess.intent === 'out_of_scope' && guess.confidence < 0.5
    let intent = unsure && (lean.leans || this.namesPolicy(text)) ? (lean.leans ? 'compute_amount' : 'find_policies') : guess.intent
    // 多少 / 要不要 / 怎么走 are everyday words: a message with no policy word and no figure of the
    // enterprise (黄金多少钱一克, 高速几点封路) is out of scope, unless it follows up the
    // conversation (什么时候截止) or names a policy
    if (POLICY_INTENTS.has(intent) && !describesFirm && !aboutPolicies(text) && !lean.leans) {
      const followsUp = session.topic && (guess.by === 'pattern' || FOLLOW_UP_INTENTS.has(intent))
      if (!followsUp && !this.namesPolicy(text)) intent = 'out_of_scope'
    }
    if (intent === 'reset' || intent === 'forget_me') {
      clearSession(session)
      const reply = intent === 'reset' ? '好的，之前的信息已清空，我们重新开始。请说说企业所在地区、行业和想了解的事项。' : '您在本会话中提供的信息已删除。'
      return { intent, reply, asOf, policies: [], missing: [] }
    }
    if (intent === 'out_of_scope' || intent === 'help') {
      const reply =
        intent === 'help'
          ? '您好！我可以查询嘉兴、聊城、河北、深圳等地的产业扶持政策和国家税收优惠：能拿多少、要什么条件和材料、向哪里申请、文件是否有效。请说说企业所在地、行业和具体情况。'
          : isSmallTalk(text.normalize('NFKC').trim())
            ? '不客气！有企业扶持政策、奖励补贴或税收优惠方面的问题，随时问我。'
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

    if (POLICY_INTENTS.has(intent) && isVague(text, extracted, session, this.k)) return this.opening(text, intent, extracted.profile, session, asOf)
    const placeless = mergeFacts(session, extracted, this.k).filter((n) => n.kind === 'money')
    if (placeless.length === 1) this.said.lone = placeless[0]
    // a follow-up that names no new subject (五级呢, 要准备啥材料) stays with the last policies
    const staid = staying(text, intent, lean, this.k, session)
    const { pure, stay } = staid
    // the enterprise's own figures say nothing about which policy is meant: search without them
    // 那深圳呢: a place alone moves the question there; its name is where to look, not what
    const bare = text.normalize('NFKC').replace(PLACE_ONLY_WORDS, '')
    const placeOnly = bare.length > 0 && extracted.regions.some((r) => r.startsWith(bare))
    const query = placeOnly ? '' : extracted.spans.reduceRight((q, sp) => q.slice(0, sp.start) + ' ' + q.slice(sp.end), text.normalize('NFKC'))
    const toldNow = new Set(Object.keys(extracted.profile))
    const counted = session.counted ?? session.lastPolicies
    const pointed = referredPolicy(text, counted.map((id) => ({ id, title: this.byId.get(id)?.title ?? '' })))
    this.referred = pointed.id
    const onPolicies = pointed.away ? 0 : staid.onPolicies
    // 那深圳呢: the conversation moves to a place none of the last answer's policies is of
    const moved = stay > 0 && extracted.regions.length > 0 && !session.lastPolicies.some((id) => this.k.regions.related(extracted.regions[0], this.byId.get(id)?.region ?? ''))
    // the answer to the opening's questions (嘉兴的，做软件): what the place and trade can apply for
    const opened = session.pending.length > 0 && this.splitting !== undefined && session.pending.every((f) => this.splitting!.includes(f))
    let ranked = opened && typeof session.profile.region === 'string' ? this.overview(session, asOf) : this.rank(query, session, intent, extracted.regions, asOf, stay, onPolicies, toldNow)
    // what the words leave open (which fact, one figure or their sum) the policies in question settle
    const used = new Set(ranked.slice(0, 3).flatMap((e) => [...factsOf(e.rule.conditions), ...amountFactsOf(e.rule.amount)]))
    const read = widen(session, extracted.alternatives, used, new Set(Object.keys(extracted.profile)))
    const summed = sumUp(session, extracted.totals, ranked.slice(0, 3).map((e) => e.rule), text, this.k)
    if (read || summed) ranked = this.rank(query, session, intent, extracted.regions, asOf, stay, onPolicies, toldNow)
    // 放在嘉兴和聊城分别能拿多少: each place's best policy as if the enterprise were there
    const compared = intent === 'compare' ? this.perPlace(query, session, intent, extracted.regions, asOf, stay, onPolicies, toldNow) : []
    if (compared.length > 1) ranked = [...compared.map((c) => c.e), ...ranked.filter((e) => !compared.some((c) => c.e.rule.id === e.rule.id))].slice(0, 5)
    // 2项国家标准加1项地方标准，合计多少: each policy's figure summed over the items it covers
    if (Object.keys(extracted.items).length)
      ranked = ranked.map((e) => itemized(e, extracted.items, this.judge(e.rule, session), asOf, this.k, text) ?? e)
    // 补两年总共多少: the first policy's yearly figure over those years
    if (ranked[0]) ranked[0] = overYears(ranked[0], text) ?? ranked[0]
    const missing = missingQuestions(ranked, this.k)
    const asking = awaited(ranked[0])
    // 要准备啥材料 about the policy just given: the answer to that alone, not the policy again
    const followUp = pure && ranked[0] !== undefined && ranked[0].rule.id === session.lastPolicies[0]
    closeTurn(session, query, pure, ranked, asking)
    session.counted = countedAfter(pointed, counted, session.lastPolicies)
    // a fact said as a bound (超过500万) is read per policy: see dialogue/bounds.ts
    const judged = (e: Evaluation) => this.judge(e.rule, session)
    const asked = this.subQuestions(text, ranked, session, asOf)
    const across = Object.keys(extracted.items).length ? acrossPolicies(ranked, extracted.items, judged, asOf, this.k, text) : null
    ranked = across ?? (Object.keys(extracted.items).length ? null : acrossSubjects(ranked, toldNow, text)) ?? ranked
    const uncovered = moved ? this.uncovered(extracted.regions[0], session.topic, ranked) : undefined
    return compose({ intent, asOf, ranked, profileOf: judged, missing, asking: asking.length > 0, question: text, ctx: this.k, asked, compared: compared.length > 1 ? compared : [], uncovered, followUp, say: this.saying(session) })
  }

  // each policy's conditions as judged on its own reading of the bounds, said as the asker said them
  private saying(session: Session): ((t: string) => string) | undefined {
    return Object.keys(session.bounds ?? {}).length ? (t: string) => sayBounds(t, session.bounds, this.k) : undefined
  }

  /** 详细 / 原文: the whole of the policies just given, in the same order, judged again on the facts known now. */
  private detail(session: Session, asOf: string): Answer {
    const out = session.lastPolicies.flatMap((id) => {
      const rule = this.byId.get(id)
      return rule ? [{ e: this.evaluate(rule, session, asOf), score: 0 }] : []
    })
    out.forEach((x, i) => (x.score = out.length - i))
    this.governed(out, session, asOf, session.topic, new Set(namedDocuments(session.topic ?? '', this.titles)))
    const ranked = out.sort((a, b) => b.score - a.score).map((x) => x.e)
    return compose({ intent: 'explain', asOf, ranked, profileOf: (e) => this.judge(e.rule, session), missing: [], asking: false, question: session.topic, ctx: this.k, detail: true, say: this.saying(session) })
  }

  /**
   * A message asking several things (要填什么表？能当场办吗？): the clause of the same document that
   * answers each question, when the first three policies do not hold it.
   */
  private subQuestions(text: string, ranked: Evaluation[], session: Session, asOf: string): { part: string; e: Evaluation; step: string }[] {
    const top = ranked[0]
    const parts = askedParts(text)
    // 要上一条产线，另外打算申报研发机构，两件事分别怎么支持: one question of each subject
    if (parts.length === 1 && EACH_ASKED.test(parts[0])) parts.splice(0, 1, ...eachSubject(text, parts[0]))
    if (!top || !parts.length) return []
    const shown = new Set(ranked.slice(0, 3).map((e) => e.rule.id))
    const out: { part: string; e: Evaluation; step: string }[] = []
    const sameFile = (h: Hit) => h.rule.source.document === top.rule.source.document
    for (const part of parts) {
      // 什么时候报 / 要什么材料: the first policy answers it when it states that step; else a clause
      // that states it, found by the whole message (the part names no subject)
      const step = classify(part, false).intent
      // a message asking one thing is answered by its first policy, unless that policy does not
      // state the step asked and another clause of its notice does
      if (statesProcedure(step, top.rule) || (parts.length < 2 && !PROCEDURES.has(step))) continue
      // (a step of applying is the notice's own: another notice of a compilation has other steps)
      const stating = PROCEDURES.has(step) ? this.index.search(text, 200).filter((h) => h.rule.documentTitle === top.rule.documentTitle && statesProcedure(step, h.rule)) : []
      // the best clause for it, or one nearly as good when the best is already shown; in a
      // compilation, a clause of the first policy's own notice before those of the others
      const found = stating.length ? stating : this.index.search(part, 10).filter(sameFile)
      // (a clause of another notice that this one restates is its own too: 推行无还本续贷 in 若干意见)
      const own = found.filter((h) => h.rule.documentTitle === top.rule.documentTitle || h.rule.source.alsoAt.some((a) => this.titleAt(a.document, a.line) === top.rule.documentTitle))
      const hits = own.length ? own : found
      // (a step's clause counts even when listed among the others, whose lines do not state steps)
      const near = hits.filter((h) => h.score >= 0.85 * hits[0].score && (!shown.has(h.rule.id) || (stating.length > 0 && h.rule.id !== top.rule.id)))
      // a question of money is answered by a clause that gives some, of those nearly as good
      const hit = (MONEY_ASKED.test(part) && near.find((h) => h.rule.amount)) || near[0]
      if (!hit) continue
      shown.add(hit.rule.id)
      out.push({ part, e: this.evaluate(hit.rule, session, asOf, part), step })
    }
    return out
  }

  /**
   * The best policy of each place a comparison names, judged as if the enterprise were there,
   * the one giving more first (a figure, else a ceiling; a place whose texts give it nothing last).
   */
  private perPlace(query: string, session: Session, intent: string, regions: string[], asOf: string, stay: number, onPolicies: number, told: Set<string>): { place: string; e: Evaluation }[] {
    // (嘉兴 and the 浙江省 of 浙江省重点软件企业 are one place, not two to compare)
    const places = regions.filter((r, i) => r !== '全国' && !regions.some((o, j) => j !== i && o !== r && this.k.regions.related(o, r)))
    if (places.length < 2) return []
    const worth = (e: Evaluation) => (e.eligible === false ? -1 : (e.amount?.value ?? e.amount?.max ?? 0))
    return places
      .flatMap((place) => {
        const there = { ...session, profile: { ...session.profile, region: place } }
        const e = this.rank(query, there, intent, [place], asOf, stay, onPolicies, told).find((x) => this.k.regions.related(place, x.rule.region) && x.rule.region !== '全国')
        return e ? [{ place, e }] : []
      })
      .sort((a, b) => worth(b.e) - worth(a.e))
  }

  /** A hotline look-up: the best policies for a few keywords, with their validity on the date. */
  lookup(query: string, asOf: string, limit = 10): { id: string; title: string; region: string; status: Status; documentTitle: string; line: number; citation: string }[] {
    return this.index.search(query, limit).map(({ rule }) => ({
      id: rule.id,
      title: rule.title,
      region: rule.region,
      status: statusOn(rule.validity, asOf),
      documentTitle: rule.documentTitle,
      line: rule.source.line,
      citation: citation(rule.documentTitle, rule.docNumber, rule.source.clause),
    }))
  }

  /** One policy evaluated for the facts given (none: what it offers in general). */
  /**
   * Whether a later rule is for this asker in place of the earlier one: its conditions other than
   * its period do not fail (a period past its end is the known notices' end, told as such), and
   * what it still waits on is no category the earlier rule did not ask about (2023年第44号's 120%
   * is for IC and 工业母机 firms: one that has not said it is one keeps 2023年第7号's 100%).
   */
  private appliesTo(session: Session, asOf: string): (later: LoadedRule, earlier: string) => boolean {
    return (later, earlier) => {
      const profile = this.judge(later, session)
      const e = evaluateRule(later, profile, asOf, this.k)
      const period = new Set(later.supersedes.map((l) => l.by))
      const prior = this.byId.get(earlier)
      const before = new Set(factsOf(prior?.conditions))
      // past the later rule's own years it governs only where the earlier one has ended too
      // (2023年第7号's 100% has no end: an IC firm's 2028 is not 2023年第44号's)
      const link = later.supersedes.find((l) => l.rule === earlier)
      const priorEnded = !!prior?.validity.to && periodOf(link?.by, profile, asOf) > prior.validity.to
      if (e.eligible === false) return priorEnded && e.failing.every((f) => period.has(f.fact))
      return e.eligible === true || e.missing.every((f) => period.has(f) || before.has(f) || !factsOf(later.conditions).includes(f))
    }
  }

  policy(id: string, profile: Profile, asOf: string): PolicyAnswer | null {
    const rule = this.byId.get(id)
    if (!rule) return null
    const g = governing(id, this.links, profile, asOf)
    const e = evaluateRule(rule, profile, asOf, this.k)
    return policyAnswer(g ? { ...e, replacedBy: notice(g.rule, g.first.from, g.last.note) } : e, profile, this.k, asOf)
  }

  /**
   * Do the words of a message that no intent claims name a policy (长三角数字工匠学院)? Most of
   * them must stand in the best hit's text: a place named in passing (石家庄 in a question about
   * traffic) does not make the message a look-up.
   */
  private namesPolicy(text: string): boolean {
    const top = this.index.search(text, 1)[0]
    if (!top || top.score <= 12) return false
    const r = top.rule
    // (judged on however few words it has: 茅台…能不能抄底 is three, and names no policy)
    return share(text, [r.title, r.documentTitle, ...r.topics, r.summary ?? '', r.source.quote].join(' '), 1) >= 0.5
  }

  /** The facts a fact can be read from: itself, its fallback, the inputs it is derived from. */
  private sources(id: string): readonly string[] {
    let out = this.sourcesOf.get(id)
    if (!out) {
      const f = this.k.facts[id]
      this.sourcesOf.set(id, (out = [id, ...(f?.fallback ? this.sources(f.fallback) : []), ...(f?.derive?.of.flatMap((x) => this.sources(x)) ?? [])]))
    }
    return out
  }
  // (the catalogue does not change under a bot: each fact's sources are listed once)
  private sourcesOf = new Map<string, readonly string[]>()

  /** A vague first message: ask what splits the knowledge base most, and say where it has policies. */
  private opening(text: string, intent: Answer['intent'], told: Profile, session: Session, asOf: string): Answer {
    this.splitting ??= splittingFacts(this.k.rules, (f) => this.k.facts[f]?.type, 4)
    // 咱们企业 / 公司想了解: an enterprise asks, so who applies needs no question
    const known: Profile = told.applicantType === undefined && FIRM_SPEAKS.test(text) ? { ...told, applicantType: 'enterprise' } : told
    const missing = this.splitting.filter((f) => known[f] === undefined).slice(0, 2).map((fact) => ({ fact, question: this.k.facts[fact]?.question ?? fact }))
    Object.assign(session.profile, told)
    session.topic = text.normalize('NFKC')
    session.pending = missing.map((m) => m.fact)
    const places = coveredPlaces(this.k.rules, (p) => this.k.regions.ancestors(p)).map((p) => (p === '全国' ? '国家税收优惠' : p)).join('、')
    const reply = `可以帮您查。为找准适用的政策，请先说说：${missing.map((m, i) => `${i + 1}. ${m.question}`).join(' ')}\n（目前收录：${places}的扶持政策。）`
    return { intent, reply, asOf, policies: [], missing }
  }

  /**
   * 那深圳呢 after a question about software revenue: when none of the place's first measures
   * speaks of the subject, the place has nothing for it; say so and name what it has.
   */
  private uncovered(place: string, topic: string, ranked: Evaluation[]): { place: string; subject: string[]; documents: string[] } | undefined {
    const subject = subjectWords(topic, this.k).filter((w) => w.length >= 2 && !GENERIC_SUBJECT.test(w))
    const ours = (r: LoadedRule) => r.region !== '全国' && this.k.regions.related(place, r.region)
    const local = ranked.filter((e) => ours(e.rule)).slice(0, 3)
    const speaks = (e: Evaluation) => {
      const said = ruleWords(e.rule)
      return subject.some((w) => said.includes(w) || spokenInPart(w, said))
    }
    if (!subject.length || local.some(speaks)) return undefined
    return { place, subject, documents: [...new Set(this.k.rules.filter(ours).map((r) => r.documentTitle))] }
  }

  /**
   * What an enterprise of that place and trade may apply for, in money: the measures of its place
   * (then national ones) its facts do not rule out, in force or not yet expired first, the largest
   * sums first.
   */
  private overview(session: Session, asOf: string): Evaluation[] {
    const place = session.profile.region as string
    const live = (e: Evaluation) => (e.status === 'expired' ? 0 : 1)
    const local = (e: Evaluation) => (e.rule.region === '全国' ? 0 : 1)
    const sum = (e: Evaluation) => e.amount?.value ?? e.amount?.max ?? 0
    return this.k.rules
      .filter((r) => r.amount && this.k.regions.related(place, r.region))
      .map((r) => this.evaluate(r, session, asOf))
      .filter((e) => e.eligible !== false && e.amount && !e.replacedBy)
      .sort((a, b) => live(b) - live(a) || local(b) - local(a) || sum(b) - sum(a))
      .slice(0, 5)
  }

  /**
   * `stay`, `onPolicies` (0 to 1): how much a follow-up leans on the previous topic and policies;
   * `told`: the facts this message gave (those of earlier turns count half for a rule's likelihood).
   */
  private rank(text: string, session: Session, intent: string, regions: string[], asOf: string, stay: number, onPolicies: number, told: Set<string>): Evaluation[] {
    // each search's scores are scaled to its best hit, so a long topic cannot drown a new question
    const scores = new Map<string, number>()
    const add = (q: string, w: number, keep?: (r: LoadedRule) => boolean) => {
      const hits = this.index.search(q, 30, keep)
      const top = hits[0]?.score ?? 1
      for (const h of hits) scores.set(h.rule.id, (scores.get(h.rule.id) ?? 0) + (h.score / top) * w)
    }
    // the words of a title the asker names find every clause of that document alike: the rest of
    // the message says which (照那份若干意见，我们的贷款贴息怎么算), unless it asks of the document
    // itself (那份方案里有没有写到家具)
    const named = new Set(namedDocuments(text, this.titles))
    // (a short title is its subject: 增值税法 says what the question is about)
    const long = [...named].filter(longTitle)
    add(text, long.length ? 0.5 : 1)
    // 流贷, 主持国标: the words the policies write them out in
    const spelled = writtenOut(text, this.abbreviations)
    if (spelled) add(spelled, 0.5)
    if (long.length) add(withoutTitles(text, long), 1)
    if (session.topic && session.topic !== text) add(session.topic, Math.max(stay, 0.3))
    // 那聊城呢: the same subject among the measures of the place named now, which the topic's own
    // words (嘉兴…软件) would leave out of the best thirty
    if (session.topic && session.topic !== text && regions.length && stay > 0)
      add(session.topic, stay, (r) => r.region !== '全国' && regions.some((p) => this.k.regions.related(p, r.region)))
    // a follow-up is about what was just discussed, whatever else its words match
    session.lastPolicies.forEach((id, i) => scores.set(id, (scores.get(id) ?? 0) + onPolicies / (i + 1)))
    if (this.referred) scores.set(this.referred, (scores.get(this.referred) ?? 0) + 10)
    const places = regions.length ? regions : typeof session.profile.region === 'string' ? [session.profile.region] : []
    // a sum said to be none (没有形成无形资产) tells what the asker lacks, not what it asks about
    const known = new Set(Object.keys(session.profile).filter((f) => !this.said.denied.includes(f)))
    told = new Set([...told].filter((f) => !this.said.denied.includes(f)))
    // a 文号 in the question names the document outright
    const cited = [...text.normalize('NFKC').matchAll(DOC_NUMBER)].map((m) => normDocNumber(m[0]))
    // (the text searched has its figures taken out: the article is read from the message as said)
    const article = named.size || cited.length ? articleAsked(this.said.text) : null
    const ofCited = (r: LoadedRule) => !!r.docNumber && cited.some((c) => c.endsWith(normDocNumber(r.docNumber!)) || normDocNumber(r.docNumber!).endsWith(c))
    // that article's clauses, and those it restates (a provincial opinion's article restating national tax
    // measures), are candidates whatever else the message says (第九条说的啥)
    const atArticle = (r: LoadedRule) =>
      article !== null &&
      (((named.has(r.documentTitle) || ofCited(r)) && articleOf(r.source.clause) === article) ||
        r.source.alsoAt.some((a) => named.has(this.titleAt(a.document, a.line) ?? '') && articleOf(a.clause) === article))
    if (article !== null) for (const r of this.k.rules) if (atArticle(r)) scores.set(r.id, (scores.get(r.id) ?? 0) + 1)
    const describesFirm = [...known].some((f) => !WHO.has(f))
    const asked = new Set(tokenize(`${text} ${session.topic ?? ''}`))
    const level = PROVINCE_ASKED.test(text) ? { other: 'city' } : CITY_ASKED.test(text) ? { other: 'province' } : null
    const out: { e: Evaluation; score: number }[] = []
    for (const [id, s] of scores) {
      const rule = this.byId.get(id)!
      const e = this.evaluate(rule, session, asOf, text)
      let score = s
      if (places.length) {
        const related = places.some((p) => this.k.regions.related(p, rule.region))
        // a place named in this message prefers its own measures to national ones (那深圳呢)
        score *= !related ? 0.15 : rule.region === '全国' && regions.length ? 1.1 : 1.3
      }
      // a fact from an earlier turn about another subject (首次认定 a Liaocheng centre) says less of
      // what this message asks than one it gives itself
      let overlap = 0
      for (const f of factsRead(rule)) {
        if (WHO.has(f)) continue
        const src = this.sources(f)
        overlap += src.some((x) => told.has(x)) ? 1 : src.some((x) => known.has(x)) ? 0.5 : 0
      }
      score *= 1 + 0.8 * Math.min(overlap, 3)
      if (ASKS_AMOUNT.has(intent) && rule.amount) score *= 1.3
      // a question of procedure wants the clause that states it (申报时间, 受理部门, 材料)
      // (documents listed on the clause's own line, 信贷资产证券化需提供：…, before a measure's list that
      // gathers them from the notice's other lines)
      if (statesProcedure(intent, rule)) score *= intent === 'documents' && !listsHere(rule) ? 1.3 : 1.6
      // what the asker's own facts rule out goes after what may still apply
      if (e.eligible === false) score *= 0.85
      // and what the asker's facts settle goes before what still waits on one
      else if (e.eligible === true && describesFirm && e.rule.conditions) score *= 1.05
      if (cited.length && rule.docNumber) {
        const own = normDocNumber(rule.docNumber)
        score *= cited.some((c) => c.endsWith(own) || own.endsWith(c)) ? 3 : 0.5
      }
      // so does a title, as people shorten it (民营经济若干意见); a later notice named for a period
      // before it began (增值税法 of a sale in 2025) is left to its period's reckoning below
      // (the document's own clause before another's restating it)
      const of = named.size ? this.ofNamed(rule, named) : null
      if (named.size) score *= NAMED_WEIGHT[!of ? 'other' : this.laterNotices.has(rule.source.document) ? 'later' : of]
      // 第九条 of the document named (or cited by its 文号): that article's clauses first
      if (atArticle(rule)) score *= 3
      // 省里给多少 asks what the province gives, 市里 what the city gives: a measure of another level
      // goes after (a city's 首版次 reward is no answer to 省里奖多少)
      if (level && this.k.regions.level(rule.region) === level.other) score *= OTHER_LEVEL
      // a clause headed by what is asked before one that names it among others (a step of applying
      // asked is the clause that states it, whatever heads the measure)
      if (!PROCEDURES.has(intent) && shares(this.headingWords(rule), asked)) score *= HEADED
      // an asker who describes the enterprise wants what the enterprise can get, before plans and
      // targets that read nothing it said (a clause whose conditions it leaves untold is no nearer),
      // unless it asks for the plan itself (全省打算建几家, 到2022年的目标)
      if (describesFirm && !rule.amount && overlap === 0 && !ASKS_PLAN.test(text)) score *= 0.6
      out.push({ e, score })
    }
    // one clause split by category (特聘专家 / 领军人才 at one line): the part the asker's own
    // category fails goes after the part it passes
    for (const x of out) {
      if (x.e.eligible !== false || !x.e.failing.every((f) => told.has(f.fact) && this.k.facts[f.fact]?.type === 'enum')) continue
      const sibling = out.some(
        (y) => y !== x && y.e.eligible !== false && sameClause(y.e.rule, x.e.rule) && x.e.failing.some((f) => factsOf(y.e.rule.conditions).includes(f.fact)),
      )
      if (sibling) x.score *= 0.5
    }
    this.governed(out, session, asOf, text, named)
    const ranked = out.sort((a, b) => b.score - a.score).map((x) => x.e)
    if (!ranked.length) return ranked
    ranked[0] = this.takeLone(ranked[0], session, asOf, text)
    // 有什么支持: a list asked is told the other measures of the first one's clause among those it
    // names (a line split into several rules: 引进封测企业, 陶瓷封装外壳生产线, 工艺升级), after the
    // best three
    if (LIST_ASKED.test(text)) {
      const top = ranked[0].rule
      const shown = new Set(ranked.slice(0, 3).map((e) => e.rule))
      const siblings = this.k.rules.filter((r) => !shown.has(r) && sameClause(r, top)).slice(0, 2)
      ranked.splice(3, 0, ...siblings.map((r) => ranked.find((e) => e.rule === r) ?? this.evaluate(r, session, asOf, text)))
    }
    return [...new Set(ranked)].slice(0, 5)
  }

  /**
   * A later notice governs the asker's period (the year it names, else today) in place of the
   * rule it replaces: the later rule takes the earlier one's place, and the earlier one goes after
   * it, told as replaced; past the last known notice of a chain, what applies is not known here.
   */
  private governed(out: { e: Evaluation; score: number }[], session: Session, asOf: string, text: string | undefined, named: Set<string>): void {
    // most questions touch no chain of notices: nothing to do
    if (!out.some((x) => this.links.has(x.e.rule.id) || this.laterNotices.has(x.e.rule.source.document))) return
    const applies = this.appliesTo(session, asOf)
    // a later notice whose own period begins after the asker's says nothing of it (the 2023
    // notice to a question about 2018, the VAT law to a sale of 2025)
    for (const x of out) {
      const r = x.e.rule
      if (!this.laterNotices.has(r.source.document)) continue
      const profile = this.judge(r, session)
      // nor does one not yet issued on the day asked
      if (r.validity.issued && r.validity.issued > asOf) x.score *= 0.4
      if (!r.validity.from) continue
      const periods = r.supersedes.length ? r.supersedes.map((l) => periodOf(l.by, profile, asOf)) : [periodOf(undefined, profile, asOf)]
      if (periods.every((p) => p < r.validity.from!)) x.score *= 0.4
    }
    for (const x of [...out]) {
      const g = governing(x.e.rule.id, this.links, this.judge(x.e.rule, session), asOf, applies)
      if (!g) continue
      x.e = { ...x.e, replacedBy: notice(g.rule, g.first.from, g.last.note) }
      let y = out.find((o) => o.e.rule.id === g.rule.id)
      if (!y) out.push((y = { e: this.evaluate(g.rule, session, asOf, text), score: 0 }))
      // an asker who names the earlier document hears what it said first, then what governs now
      const asked = this.ofNamed(x.e.rule, named) && !this.ofNamed(g.rule, named)
      y.score = Math.max(y.score, asked ? x.score * 0.9 : x.score)
      if (!y.e.replaces?.some((n) => n.title === x.e.rule.documentTitle)) y.e = { ...y.e, replaces: [...(y.e.replaces ?? []), notice(x.e.rule, g.first.from, g.last.note)] }
      if (!asked) x.score *= 0.5
    }
    for (const x of out) {
      const end = beyondKnown(x.e.rule, this.links, this.judge(x.e.rule, session), asOf, applies, (id) => this.byId.get(id)?.validity.to)
      if (!end) continue
      // failing only for its period is no "no": the notices known here stop before it
      const period = new Set(x.e.rule.supersedes.map((l) => l.by))
      const onlyPeriod = x.e.eligible === false && x.e.failing.every((f) => period.has(f.fact))
      x.e = { ...x.e, knownUntil: end, ...(onlyPeriod ? { eligible: null, failing: [], amount: null } : {}) }
    }
  }
}

/**
 * A long compound said in other words of the same kind (关键核心技术攻关 in 全力提升核心技术攻关能力):
 * most of its character pairs are in the text. A short word must be said whole.
 */
function spokenInPart(word: string, text: string): boolean {
  if (word.length < 4) return false
  const pairs = [...word].slice(1).map((c, i) => word[i] + c)
  return pairs.filter((p) => text.includes(p)).length >= 0.7 * pairs.length
}

const HEADED = 1.1
const PROVINCE_ASKED = /省里|省上|省政府|省财政/
const CITY_ASKED = /市里|市上|市政府|市财政/
const OTHER_LEVEL = 0.7
const NAMED_WEIGHT = { own: 2, restated: 1.6, later: 1, other: 0.8 } as const
const MONEY_ASKED = /奖励|补贴|补助|资助|多少钱|奖多少|补多少/
// a question of several subjects told before it (这两块各有什么, 分别能拿多少)
const EACH_ASKED = /各有|各能|各自|分别|两块|两项|两个|几块|几项/
const NEXT_SUBJECT = /[，,；;](?:另外|此外|还有|同时|另|以及|并且)/

/** The subjects a message tells one after another (…，另外…), each with the question asked of all. */
function eachSubject(text: string, question: string): string[] {
  const said = text.normalize('NFKC')
  const told = said.slice(0, said.lastIndexOf(question.trim()))
  const subjects = told.split(NEXT_SUBJECT).map((t) => t.replace(/^[，,；;\s]+|[，,；;\s]+$/g, ''))
  return subjects.length > 1 ? subjects.map((t) => `${t}，${question.trim()}`) : [question]
}

/** A notice as an answer names it, from one of its rules. */
const notice = (r: LoadedRule, from: string, note: string): Notice => ({ title: r.documentTitle, docNumber: r.docNumber ?? null, from, note })

const PROCEDURES = new Set(['deadline', 'where_to_apply', 'documents'])
/** Whether the clause's own quotes name its documents (a document's first words stand in them). */
const listsHere = (rule: LoadedRule) => {
  const quotes = [rule.source.quote, ...rule.source.alsoAt.map((a) => a.quote)]
  return rule.documents.some((d) => quotes.some((q) => q.includes(d.replace(/[（(].*$/, '').slice(0, 6))))
}
/** Whether a rule states the step of applying a question asks about (申报时间, 受理部门, 材料). */
const statesProcedure = (intent: string, rule: LoadedRule) =>
  (intent === 'deadline' && !!rule.deadline) || (intent === 'where_to_apply' && !!rule.applyTo) || (intent === 'documents' && rule.documents.length > 0)

const shares = (words: ReadonlySet<string>, asked: Set<string>) => {
  for (const w of words) if (asked.has(w)) return true
  return false
}
const sameClause = (a: LoadedRule, b: LoadedRule) => a.source.document === b.source.document && a.source.line === b.source.line
