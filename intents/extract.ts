// Reading an enterprise's facts out of one message, using the cue words of the facts catalogue:
// "去年软件业务收入3500万，比前年增长15%" → { softwareRevenue: 35000000, revenueGrowth: 0.15 }.
import type { Ctx, Profile } from '../src/engine/facts.js'
import type { Fact } from '../src/facts/schema.js'
import { findNumbers, num, RANGE, tailOf, type NumberSpan } from './numbers.js'

export interface Extracted {
  profile: Profile
  regions: string[] // every place named, canonical, in order of mention
  unassigned: NumberSpan[] // figures whose fact the words do not tell (ellipsis: 那五千五百万呢)
  // other facts the same words may mean (全年销售额: taxableSales, and chipProductSales by 销售额);
  // the dialogue gives them the figure when the rules in question use them
  alternatives: Record<string, string[]>
  spans: NumberSpan[] // the figures read as facts (money, ratios, counts), to leave out of a search
  // 超过500万: the fact is known only to lie beyond the figure (the dialogue decides, per policy,
  // whether that settles its conditions)
  // approx: a round figure or a range (三千多万, 二三百万), the bound its least value and upTo its most
  bounds: Record<string, { op: NonNullable<NumberSpan['bound']>; value: number; approx?: true; upTo?: number }>
  // several figures of one fact (三个项目各投500万, 注册资本分别60亿、50亿、30亿): their sum, for
  // the facts that are totals; the profile keeps the single figure
  totals: Record<string, { sum: number; parts: number }>
  corrects: boolean // 说错了 / 其实是: the message corrects what was said before
  // several items of one fact a total is asked for (2项国家标准加1项地方标准，合计多少): each value
  // with its count, in order; the profile keeps the first
  items: Record<string, Item[]>
  // where each word about a per-item fact stands (首次 at 31), for the policies to read their own
  scoped: Record<string, { value: string | number | boolean; at: number }[]>
  // 没有形成无形资产: sums said to be none (0 in the profile); they tell what the asker lacks, not what it asks about
  denied: string[]
  // 抵押贷款和纯信用贷款都出了坏账: two kinds of one enum named together, each policy judged on its own
  both: Record<string, string[]>
}
export interface Item {
  value: string | number
  count: number
  // where it is said: two facts reading the same words (行业标准) name one item
  at: number
  end: number
}

// a message is read against the whole catalogue of facts a dozen times over: its entries are
// listed once per catalogue, not at every pass (the catalogue is not changed once loaded)
const listedFacts = new WeakMap<Ctx['facts'], readonly [string, Fact][]>()
// 按月申报，这个月服务收入三万六: a sum whose cue names no period is of the period the message says
const MONTH_SAID = /这个月|本月|上个月|每月|每个月|一个月|月度|按月/
const QUARTER_SAID = /季度|按季|这个季|本季|每季/
const byLabel = new WeakMap<object, Map<string, string>>()
function inPeriodSaid(id: string, text: string, span: NumberSpan, ctx: Ctx): string {
  const label = ctx.facts[id]?.label ?? ''
  const quarterly = label.includes('季度')
  if (!quarterly && !label.includes('月')) return id
  const [from, to] = quarterly ? ['季度', '月'] : ['月', '季度']
  // the period to go to said in the figure's clause, or in the message with the other one nowhere
  const [said, other] = quarterly ? [MONTH_SAID, QUARTER_SAID] : [QUARTER_SAID, MONTH_SAID]
  const clause = clauseOf(text, span.start)
  if (other.test(clause) || !(said.test(clause) || (said.test(text) && !other.test(text)))) return id
  let labels = byLabel.get(ctx.facts)
  if (!labels) byLabel.set(ctx.facts, (labels = new Map(Object.entries(ctx.facts).map(([f, x]) => [x.label, f]))))
  return labels.get(label.replace(from, to)) ?? id
}

function factEntries(ctx: Ctx): readonly [string, Fact][] {
  let list = listedFacts.get(ctx.facts)
  if (!list) listedFacts.set(ctx.facts, (list = Object.entries(ctx.facts)))
  return list
}

// 我是 / 我们是 / 我们在 / 我司 / 本公司在: the words before a place the asker is in
const OWN_PLACE = /(?:我是|我们是|我们在|我们|我司|我司在|本公司在|公司在|我在)$/
export const CLAUSE_END = /[，。；？！,.;?!\n]/
const NEGATORS = /(没有|没|未|不是|不|非|无|尚未|还没|低于|不到|没超过?)(被|获|获得|进|受过|受到|有过)?(省级?|市级?|国家级?)?(认定为?|通过|获得|入选|达到|评上|拿到|超过|进入?|列入|纳入)?$/
const GENERIC_NO = /^(还|尚|也)?(没有?|未|不是|不)/
// a negation that goes on to name what it denies (没有任何资信评级, 还没向主管部门备案) is not generic
const isGenericNo = (cue: string) => {
  const m = GENERIC_NO.exec(cue)
  return !!m && cue.length - m[0].length < 4
}
// a negation a few words before what it denies: 不做房地产, 没上黑名单, 不属于国家和省优先发展产业,
// 自己不是培育服务机构 — unless something in between turns it round (不到两年就认定了)
const DENIER = /(不是|不属于|不在|不做|不投|不涉及|不搞|没有|没|未|非|无|不)(?!仅|少|断|错|但|论|久|到|足|低于|超过|高于|同|过)/g
// what it is now, after what it was (市级…今年升级为省级, 以前拿过提名奖，今年获得中国质量奖)
// (现在想问特色名园 asks about one, it does not say what the firm holds)
const NOW_BEFORE = /(升级|升为|升格|晋级|晋升|提升为|变成|成了|改为|今年|现在|目前|如今)[^问想能可申打准计要]*$/
const TURNS = /[就才但却而已]|也是/
// …黑名单也没有, 房地产都没碰过: the denial after what it denies, closing the clause
const DENIED_AFTER = /^(也|都|倒是?)?(没有|没|无)(过|碰过|沾过)?(?=$|[，。；？！,.;?!])/
// 两增两控考核没通过, 攻关项目我们还没申报: what it names, failed or not yet done
const FAILED_AFTER = /^.{0,4}?(还|也|都|尚|仍)?(没有?|未|不)(通过|达标|合格|获批|批下来|申报|报上去|列入|入选|认定|评上|过关)/
// the levels of a list denied together after it: 三级四级都没评过
const LEVEL_DENIED_AFTER = /^[\s、和及与跟或零〇一二两三四五六七八九十\d级等]*(都|也|均|还|并|从来|从)?(没有?|未|不曾)/
function deniedBefore(text: string, at: number, reach = 8): boolean {
  const before = text.slice(Math.max(0, at - reach), at)
  const clause = before.split(CLAUSE_END).pop()!
  let last: RegExpExecArray | null = null
  for (const m of clause.matchAll(DENIER)) {
    // 能不能 / 是不是 / 有没有 ask, they do not deny
    const after = clause[m.index + m[0].length] ?? text[at]
    if (m.index > 0 && clause[m.index - 1] === after) continue
    last = m as RegExpExecArray
  }
  return !!last && !TURNS.test(clause.slice(last.index + last[0].length))
}

/** A cue said, and none denied in its clause (去年没有专门给农业企业的保证信用保险补贴). */
export function saidOf(text: string, cues: string[]): boolean {
  const at = cues.flatMap((c) => occurrences(text, c))
  return at.length > 0 && !at.some((i) => deniedBefore(text, i, Infinity))
}

const SELF = /^(我|本|咱)/
// a fact that is a comparison (超过全市平均) is denied by the comparison said the other way:
// 增速比全市平均慢一截, 跟平均水平比差一点
const ABOVE = /超过|高于|超出|领先|以上/
// (高不少, 高出不少 say the opposite: 不少 and 不低 are much, not little)
const BELOW_AFTER = /^[^，。；？！,;?!]{0,2}?(还|要|略|稍)?(?<!不)(低|少|慢|差|落后|不如|不到|不及|没达到)/
const AGAIN = /^(又|再|再次|也)$/

// 软件企业百强的那个20万奖励能拿吗 names the award asked about, not a title held: a title followed
// by the award's words, with nothing before it in its clause saying the firm got it
const AWARD_AFTER = /^的?((那个|这个|那项|这项|那笔)[^，。；？！,;?!]{0,6}?|[\d.零〇一二两三四五六七八九十百千万]+万?元?的?)?(奖励|补贴|补助|资助|奖金|政策|补差|优惠)/
const GOT_BEFORE = /(认定|入选|获得|获评|获|通过|列入|纳入|评为|评上|拿到|成为|属于|是|过了|进了)[^，。；？！,;?!]{0,10}$/
function namesTheAward(text: string, at: number, end: number): boolean {
  if (!AWARD_AFTER.test(text.slice(end, end + 14))) return false
  const clause = text.slice(Math.max(0, at - 14), at).split(CLAUSE_END).pop()!
  return !GOT_BEFORE.test(clause)
}
// a message that corrects what was said before
const CORRECTS = /说错|搞错|写错|报错|更正|纠正|其实是|应该是|不对，|不是.{1,12}而是/

// cues match whatever the case of the Latin letters: cmmi三级, Itss, iso27001
export const fold = (s: string) => s.replace(/[a-z]/g, (c) => c.toUpperCase())
const foldedCues = new WeakMap<string[], string[]>()
// 研发费 800万, 培训费两万: a cost named without its 用 (…费用 cues of four characters or more)
const shortForms = (cue: string) => (cue.length >= 4 && cue.endsWith('费用') ? [cue, cue.slice(0, -1)] : [cue])
const cuesOf = (cues: string[]) => {
  let f = foldedCues.get(cues)
  if (!f) foldedCues.set(cues, (f = [...new Set(cues.map(fold).flatMap(shortForms))]))
  return f
}
/** text.slice(from, to) up to the end of its first clause: what `.split(CLAUSE_END)[0]` gives, without the split. */
function clauseFrom(text: string, from: number, to: number): string {
  const end = Math.min(to, text.length)
  let b = from
  while (b < end && !CLAUSE_END.test(text[b])) b++
  return text.slice(from, b)
}
const clauseOf = (text: string, at: number) => {
  let a = at
  let b = at
  while (a > 0 && !CLAUSE_END.test(text[a - 1])) a--
  while (b < text.length && !CLAUSE_END.test(text[b])) b++
  return text.slice(a, b)
}
const HOPED_AFTER = /^(元|块钱?)?的?(?=奖励|补贴|补助|资助|奖金|能|可以|可不可以)(奖励|补贴|补助|资助|奖金)?((能|可以|能不能|可不可以)(拿|领|给|批|申请|享受)(到|下来)?)?(吗|么|不)[？?]?(\s|[，。,]|$)/
const BENEFIT = /(能|可以|可|就能|想|要)(拿|奖|补|给|获得?|得到|领|退)(到|了)?$/
const DECREASE = /(下降|减少|降了|下滑|少了)/
const TYPE_OF_SPAN: Record<NumberSpan['kind'], Fact['type'][]> = {
  money: ['money'],
  ratio: ['ratio'],
  count: ['count'],
  level: ['level'],
  plain: ['level', 'count', 'ratio', 'money'],
  year: ['year'],
  date: ['year'],
}

// most cues are not in a message: they all share one empty answer rather than allocate their own
const NOWHERE: readonly number[] = []
/** Positions of every occurrence of `cue` in `text`, said with spaces or little words inside it too. */
function occurrences(text: string, cue: string): readonly number[] {
  // 主持了一项国家标准 says 主持国家标准, 摆了展位 says 摆展位: 了 or a count of one inside a cue's
  // words (the count itself is read as a figure elsewhere); a cue with such a word of its own
  // (涨了, 一个) is looked for as it is
  const { squeezed, at } = squeeze(text, FILLER_WORD.test(cue) ? SPACES : FILLERS)
  if (!squeezed.includes(cue)) return NOWHERE
  const out: number[] = []
  for (let i = squeezed.indexOf(cue); i >= 0; i = squeezed.indexOf(cue, i + 1)) {
    if (!at) {
      out.push(i)
      continue
    }
    // across a space each side says two characters of the cue at least (基金 奖励 says no 金奖; 摆了展位
    // says 摆展位)
    let whole = true
    for (let k = i + 1; k < i + cue.length; k++) if (at[k] - at[k - 1] > 1 && /\s/.test(text.slice(at[k - 1] + 1, at[k])) && (k - i < 2 || i + cue.length - k < 2)) whole = false
    if (whole) out.push(at[i])
  }
  return out
}
// keywords typed apart (首台套 综合险 保费) still say the words the cue joins: spaces between two
// Chinese characters are dropped for matching, each character keeping its place in the text
const SPACES = /(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])/g
const FILLERS = /(?<=[\u4e00-\u9fff])(?:\s+|了|[一两][项个件次])+(?=[\u4e00-\u9fff])/g
const FILLER_WORD = /了|[一两][项个件次]/
interface Squeezed {
  squeezed: string
  at: number[] | null // the place in the text of each character kept (null: all kept)
}
// the texts of the message being read (as written, as spoken), squeezed once each way
const squeezedTexts = new Map<RegExp, Map<string, Squeezed>>([
  [SPACES, new Map()],
  [FILLERS, new Map()],
])
function squeeze(text: string, gaps: RegExp): Squeezed {
  const cache = squeezedTexts.get(gaps)!
  const known = cache.get(text)
  if (known) return known
  if (cache.size > 8) cache.clear()
  gaps.lastIndex = 0
  const any = gaps.test(text)
  // (matchAll starts where test left off)
  gaps.lastIndex = 0
  if (!any) {
    const plain = { squeezed: text, at: null }
    cache.set(text, plain)
    return plain
  }
  const at: number[] = []
  let squeezed = ''
  let from = 0
  for (const m of [...text.matchAll(gaps), { index: text.length, 0: '' }]) {
    for (let i = from; i < m.index!; i++) at.push(i)
    squeezed += text.slice(from, m.index)
    from = m.index! + m[0].length
  }
  at.push(text.length)
  const out = { squeezed, at }
  cache.set(text, out)
  return out
}

// a one-character cue such as 省 must not be part of 省里 / 全省 / 省政府, nor 厂 of 厂房
const loneCueOk = (text: string, at: number, cue: string) =>
  cue.length > 1 || (!/[里委政财厅内份外多了下钱点掉去房区长]/.test(text[at + 1] ?? '') && !/[全本我该每各外能可节]/.test(text[at - 1] ?? ''))

interface Place {
  name: string
  at: number
  len: number // of the words that named it (天津武清 or 武清)
}
function findRegions(text: string, ctx: Ctx, held: Set<string>): Place[] {
  const taken = new Array(text.length).fill(false)
  const found: Place[] = []
  for (const alias of namesHeld(ctx.regions.names(), held)) {
    for (const at of occurrences(text, alias)) {
      if (taken.slice(at, at + alias.length).some(Boolean)) continue
      // single-character abbreviations (冀, 浙) only when they stand alone, as in "冀 资产证券化"
      if (alias.length === 1 && (/[\u4e00-\u9fff]/.test(text[at - 1] ?? '') || /[\u4e00-\u9fff]/.test(text[at + 1] ?? ''))) continue
      for (let i = at; i < at + alias.length; i++) taken[i] = true
      // a customers' or a trip's place is not where the enterprise is: 接了杭州客户的单子, 去深圳参展
      const after = text.slice(at + alias.length, at + alias.length + 6)
      const before = text.slice(Math.max(0, at - 2), at)
      // (换到深圳, 搬去深圳, 迁往深圳 move the enterprise there)
      const trip = /(去|到|赴|往|接了|接)$/.test(before) && !/[换搬迁挪放改转落](?:到|去|往)$/.test(before)
      if (/^([和、与及]?[\u4e00-\u9fff]{0,3})?(的)?(客户|订单|单子|市场|展会|的电子展|参展)/.test(after) || trip) continue
      // nor is where it came from: 一家北京迁来的企业, 从苏州搬过来
      if (/^(迁移|迁来|迁出|迁过来|搬迁|搬来|搬过来|转移|过来的)/.test(after) || /(从|来自|自)$/.test(before)) continue
      found.push({ name: ctx.regions.canonical(alias)!, at, len: alias.length })
    }
  }
  return found.sort((a, b) => a.at - b.at)
}

// 到邯郸投资55亿, 在天津武清建厂: where a project is built, which may not be where the firm is
const GOES_TO = /(在|到|去|来|赴|落户|落地|选址)$/
const BUILD_WORDS = '投资|建厂|建设|新建|建一|建个|建了|设立|落户|落地|办厂|开厂|扩产|上项目|拿地|买地|摘地|拿了.{0,4}地'
const BUILDS = new RegExp(`^[^，。；？！,;?!]{0,8}?(${BUILD_WORDS})`)
const BUILDS_ANY = new RegExp(BUILD_WORDS)
function projectPlace(text: string, ctx: Ctx, held: Set<string>): string | undefined {
  if (!BUILDS_ANY.test(text)) return undefined
  const named = namesHeld(ctx.regions.names(), held)
  let best: { name: string; at: number; len: number } | undefined
  for (const alias of named) {
    if (alias.length < 2) continue
    for (const at of occurrences(text, alias)) {
      if (!GOES_TO.test(text.slice(Math.max(0, at - 2), at)) || !BUILDS.test(text.slice(at + alias.length))) continue
      // the longest name at the earliest place: 天津武清 over 天津
      if (!best || at < best.at || (at === best.at && alias.length > best.len)) best = { name: ctx.regions.canonical(alias)!, at, len: alias.length }
    }
  }
  if (!best) return undefined
  // the most specific place named right after it: 天津武清 → 武清区
  const rest = text.slice(best.at + best.len, best.at + best.len + 6)
  for (const alias of named) {
    const name = ctx.regions.canonical(alias)!
    if (alias.length >= 2 && rest.startsWith(alias) && ctx.regions.ancestors(name).includes(best.name)) return name
  }
  return best.name
}

const BODY = /^(人民政府|政府|财政局|财政|商务局|发改委|发展改革委|发展和改革局|工信局|工业和信息化局|科技局|税务局)/
/**
 * A place followed by a government office (邢台市财政局, 安国市政府): the asker is that government,
 * a 设区的市 (its parent is a province), a county, a county-level city or a district.
 */
function governmentBody(text: string, regions: Place[], ctx: Ctx): Profile | undefined {
  for (const r of regions) {
    if (!BODY.test(text.slice(r.at + r.len).replace(/^[市县区]/, ''))) continue
    const up = ctx.regions.ancestors(r.name)
    const prefecture = up.length === 2 && up[1] === '全国' && /市$/.test(r.name)
    const kind = prefecture ? 'city' : /县$/.test(r.name) ? 'county' : /市$/.test(r.name) ? 'countyCity' : /区$/.test(r.name) ? 'district' : undefined
    if (!kind) continue
    const out: Profile = {}
    if (ctx.facts.applicantType?.values?.some((v) => v.id === 'countyGovernment')) out.applicantType = 'countyGovernment'
    if (ctx.facts.governmentLevel) out.governmentLevel = prefecture ? 'city' : 'county'
    if (ctx.facts.countyType && kind !== 'city') out.countyType = kind
    return out
  }
  return undefined
}

/** The facts whose cue word stands right after the figure: 12个新员工, 95个人, 三千万的软件收入. */
const UNIT_CUE = /^(个月|年|个|家|人|名|台|套|件|项)$/
function factsAfter(text: string, span: NumberSpan, types: Fact['type'][], ctx: Ctx, skipUnits = false): string[] {
  const tail = tailOf(span)
  const follow = text.slice(span.end, span.end + 16).split(CLAUSE_END)[0]
  // 三千万的软件收入, 两成是政府引导基金: what links a figure to what it is of
  const heads = [tail + follow, tail.replace(/^[个名位新]+/, '') + follow, follow].map((h) => h.replace(/^(整|左右|上下)?(份|度的?|的|是|为|来自|属于)/, ''))
  let best: { ids: string[]; len: number } | undefined
  const measure = measureOf(span)
  for (const [id, fact] of factEntries(ctx)) {
    if (!types.includes(fact.type) || !countFits(measure, fact)) continue
    for (const cue of cuesOf(fact.cues)) {
      if (cue.length < 2 && fact.type !== 'count') continue
      if (skipUnits && UNIT_CUE.test(cue)) continue
      if (!heads.some((h) => h.startsWith(cue))) continue
      if (!best || cue.length > best.len) best = { ids: [id], len: cue.length }
      else if (cue.length === best.len && !best.ids.includes(id)) best.ids.push(id)
    }
  }
  if (best) return best.ids
  if (span.kind === 'count') return qualifiedAfter(follow, types, measure, ctx)
  return span.kind === 'money' ? valueOfThing(follow, ctx) : []
}

// 没有 / 没 / 无 / 未 / 不涉及 just before a sum's name (有没有 asks, it does not deny)
const DENIES_SUM = /(?<!有)(没有|没|无|未|不涉及)(发生|产生|拿到|收到|获得)?$/
const DENIES_ANY = /没|无|未|不涉及/
/** 没有形成无形资产 / 没有政府引导基金: a sum or share the asker says there is none of is 0, unless a figure says more. */
function deniedSums(text: string, ctx: Ctx, profile: Profile): string[] {
  const out: string[] = []
  // most messages deny nothing: no pass over every sum's cues for them
  if (!DENIES_ANY.test(text)) return out
  for (const [id, fact] of factEntries(ctx)) {
    if ((fact.type !== 'money' && fact.type !== 'ratio') || profile[id] !== undefined) continue
    // a cue's 了 and closing 的 drop when it is denied (形成了无形资产 → 没有形成无形资产)
    const denied = new Set(cuesOf(fact.cues).map((c) => c.replace(/了/g, '').replace(/的$/, '')).filter((c) => c.length >= 3))
    for (const cue of denied)
      for (const at of occurrences(text, cue)) {
        const clause = clauseOf(text, at)
        if (!DENIES_SUM.test(text.slice(Math.max(0, at - 6), at)) || findNumbers(clause).some((n) => n.kind === 'money' || n.kind === 'ratio')) continue
        profile[id] = 0
        if (!out.includes(id)) out.push(id)
      }
  }
  return out
}

/** The facts asked as 第几年, those whose label shares most of the message's words first. */
function ordinalYearFacts(text: string, ctx: Ctx): string[] {
  const words = bigrams(text)
  const scored = factEntries(ctx)
    .filter(([, f]) => f.type === 'count' && f.label.includes('第几年'))
    .map(([id, f]) => ({ id, n: [...bigrams(f.label)].filter((b) => words.has(b)).length }))
  const best = Math.max(0, ...scored.map((x) => x.n))
  return best ? scored.filter((x) => x.n === best).map((x) => x.id) : []
}

// 项目投资额, 贷款金额, 资产总额: a fact that is the money of a thing, named by the thing
const MONEY_OF = /^(.{2,8}?)(投资额|总投资|金额|价值|总额|原值)$/
/** 一个3000万的技改项目 / 1000万整的贷款: a sum said before the thing it is the money of. */
function valueOfThing(follow: string, ctx: Ctx): string[] {
  const said = /^(?:整|左右|上下)?的([^，。；？！,.;?!\d]{1,12})/.exec(follow)?.[1]
  if (!said) return []
  let best: { ids: string[]; len: number } | undefined
  for (const [id, fact] of factEntries(ctx)) {
    const thing = fact.type === 'money' ? MONEY_OF.exec(fact.label)?.[1] : undefined
    if (!thing || !said.includes(thing)) continue
    if (!best || thing.length > best.len) best = { ids: [id], len: thing.length }
    else if (thing.length === best.len) best.ids.push(id)
  }
  return best?.ids ?? []
}

/** 2名高层次领军人才: what is counted after a few words that qualify it, with no other figure between. */
function qualifiedAfter(follow: string, types: Fact['type'][], measure: string | undefined, ctx: Ctx): string[] {
  let best: { ids: string[]; at: number; len: number } | undefined
  for (const [id, fact] of factEntries(ctx)) {
    if (!types.includes(fact.type) || !countFits(measure, fact)) continue
    for (const cue of cuesOf(fact.cues)) {
      const at = follow.indexOf(cue)
      // (员工72人 劳务派遣15人: a space typed in between parts what follows from the count)
      if (cue.length < 2 || at < 1 || at > 5 || /[\d零〇一二两三四五六七八九十百千万亿\s]/.test(follow.slice(0, at))) continue
      if (!best || at < best.at || (at === best.at && cue.length > best.len)) best = { ids: [id], at, len: cue.length }
      else if (at === best.at && cue.length === best.len && !best.ids.includes(id)) best.ids.push(id)
    }
  }
  return best?.ids ?? []
}

const measureOf = (span: NumberSpan) => (span.kind === 'count' ? (/季度$/.test(span.text) ? '月' : /(家|个|位|名|人|项|台|套|款|件|只|条|年|月|次)$/.exec(span.text)?.[1]) : undefined)
// a count's measure word and a fact's unit that can mean the same (个 counts 人, 月 counts in 年)
const unitsAgree = (measure: string, unit: string) =>
  unit.includes(measure) ||
  (/[年月]/.test(measure) && /[年月]/.test(unit)) ||
  (/[个位名人]/.test(measure) && /[个位名人]/.test(unit)) ||
  (/[个项件款台套]/.test(measure) && /[个项件款台套]/.test(unit))
// 投了一家…: a count of firms is no number of years
const countFits = (measure: string | undefined, fact: Fact) => !measure || !fact.unit || fact.type !== 'count' || unitsAgree(measure, fact.unit)

/** A count whose items are named further on in its clause: 有2项作品拿了红点之星, 引进了3位从美国回来的专家. */
function countedLater(text: string, span: NumberSpan, ctx: Ctx): string[] {
  const rest = text.slice(span.end, span.end + 12).split(CLAUSE_END)[0]
  // the count's own unit must be the fact's: 一家私募基金给我们投了 counts firms, not years
  const unit = span.text.replace(/^([\d.]+|[零〇一二两三四五六七八九十百千万亿]+)(多|来|余)?/, '').replace(/^[个新]/, '')
  let best: { id: string; at: number } | undefined
  for (const [id, fact] of factEntries(ctx)) {
    if (fact.type !== 'count' || fact.derive || !unit || !fact.unit?.includes(unit)) continue
    for (const cue of cuesOf(fact.cues)) {
      const at = cue.length < 2 ? -1 : rest.indexOf(cue)
      if (at >= 0 && (!best || at < best.at)) best = { id, at }
    }
  }
  return best ? [best.id] : []
}

// 发了3000万信用贷款: a cue (发了信用贷款) said with the figure inside it, after its verb and 了
const byVerb = new WeakMap<object, Map<string, { id: string; rest: string; type: Fact['type'] }[]>>()
function wrappedCue(before: string, after: string, types: Fact['type'][], ctx: Ctx): string | undefined {
  const verb = /[\u4e00-\u9fff]了$/.exec(before)?.[0]
  if (!verb) return undefined
  let map = byVerb.get(ctx.facts)
  if (!map) {
    byVerb.set(ctx.facts, (map = new Map()))
    for (const [id, fact] of factEntries(ctx))
      for (const cue of cuesOf(fact.cues))
        if (cue.length >= 4 && cue[1] === '了') (map.get(cue.slice(0, 2)) ?? map.set(cue.slice(0, 2), []).get(cue.slice(0, 2))!).push({ id, rest: cue.slice(2), type: fact.type })
  }
  const rest = after.replace(/^[元块]?的?/, '')
  return map.get(verb)?.filter((c) => types.includes(c.type) && rest.startsWith(c.rest)).sort((a, b) => b.rest.length - a.rest.length)[0]?.id
}

const BARE_TOTAL = /^(合计|共计|总计|一共|总共|加起来)$/
const PER_ITEM = /^(每|人均|单个|单台|单项|平均)/
/**
 * The facts whose cue stands nearest before the figure in the same clause (or just after it).
 * Facts that share that cue all take the figure: 销售额 means the same figure for each of them.
 */
/** Every fact of these types with a cue in the words, where its nearest cue ends; a derived fact may be stated as such (培训费一共6000). */
function cuedIn(before: string, types: Fact['type'][], measure: ReturnType<typeof measureOf>, ctx: Ctx): { id: string; end: number; len: number }[] {
  const found: { id: string; end: number; len: number }[] = []
  // 不含税价 is no 含税价, 非货币资产 no 货币资产, 没形成无形资产的 no 无形资产 either: a name after
  // 不/非/没 names the opposite, and so do the shorter names that end where it ends
  const negated = new Map<number, number>() // where a negated name ends → where its 不/没 stands
  for (const [id, fact] of factEntries(ctx)) {
    if (!types.includes(fact.type) || !countFits(measure, fact)) continue
    let mine: { id: string; end: number; len: number } | undefined
    for (const cue of cuesOf(fact.cues)) {
      let i = before.lastIndexOf(cue)
      if (!OPPOSITE.test(cue[0]))
        for (let n = negationBefore(before, i); n; n = negationBefore(before, i)) {
          negated.set(i + cue.length, i - n)
          i = before.lastIndexOf(cue, i - 1)
        }
      if (i < 0) continue
      const end = i + cue.length
      if (!mine || end > mine.end || (end === mine.end && cue.length > mine.len)) mine = { id, end, len: cue.length }
    }
    if (mine) found.push(mine)
  }
  // (a name that holds the 不 itself, 不含税销售额, says the opposite outright and stays)
  return negated.size ? found.filter((f) => !negated.has(f.end) || f.end - f.len <= negated.get(f.end)!) : found
}

const OPPOSITE = /[不非未免没]/
const NEGATION = /[不非未免没]有?$/
/** How long the 不 / 没有 right before position i is (0 when none). */
const negationBefore = (before: string, i: number) => (i > 0 ? (NEGATION.exec(before.slice(Math.max(0, i - 2), i))?.[0].length ?? 0) : 0)
const DOC_NUMBER = /[〔\[（(]?(?:19|20)\d{2}[〕\]）)]?\s*年?\s*第?\s*\d{1,4}\s*号/g
const docNumbersIn = (text: string): [number, number][] => [...text.matchAll(DOC_NUMBER)].map((m) => [m.index!, m.index! + m[0].length])
const FOUNDED = /^(的时候)?[就才刚]?(成立|注册|创办|创立|开业|建厂|落户|入驻|搬)/
const LINK_WORDS = /(合计|共计|总计|累计|一共|总共|加起来|共|约|大约|为|是|达|有)+$/
const PART_IN_BRACKETS = /^[^，。；,;]{0,4}[（(](其中|含|包含|包括)[^）)]*$/
function factsFor(text: string, span: NumberSpan, ctx: Ctx): string[] {
  // 参与了两个行业标准: what the asker only took part in is no count of what it led
  const joined = JOINED_ONLY.test(clauseOf(text, span.start))
  return factsForSpan(text, span, ctx).filter((id) => !(joined && LEADS.test(ctx.facts[id]?.label ?? '')))
}
// 参与 / 参加 without 牵头 / 主持 / 主导 in the clause; facts of what was led
const JOINED_ONLY = /^(?!.*(?:牵头|主持|主导)).*(?:参与|参加)/
const LEADS = /主持|牵头|主导/

function factsForSpan(text: string, span: NumberSpan, ctx: Ctx): string[] {
  const types = TYPE_OF_SPAN[span.kind]
  // 第五年: an ordinal of years is the year count a fact asks as 第几年
  if (span.kind === 'count' && text[span.start - 1] === '第' && /年$/.test(span.text)) {
    const ordinal = ordinalYearFacts(text, ctx)
    if (ordinal.length) return ordinal
  }
  // what is counted may be named right after the count (12个新员工) and win over a unit-like cue
  if (span.kind === 'count') {
    const after = factsAfter(text, span, types, ctx, true)
    if (after.length) return after
  }
  let clauseStart = span.start
  // the words that only link a name to its figure (合计, 一共是) do not use up the window
  const reach = 16 + (text.slice(0, span.start).match(LINK_WORDS)?.[0].length ?? 0)
  // a level's scheme may stand in an earlier clause: 那CMMI呢，我们第一次过了四级
  while (clauseStart > 0 && (span.kind === 'level' || (!CLAUSE_END.test(text[clauseStart - 1]) && span.start - clauseStart < reach))) clauseStart--
  // 营收翻了一番，达到6000万: a figure the clause only links to names the quantity of the clause before
  if (clauseStart > 0 && REACHES.test(text.slice(clauseStart, span.start)))
    for (clauseStart--; clauseStart > 0 && !CLAUSE_END.test(text[clauseStart - 1]); ) clauseStart--
  const before = text.slice(clauseStart, span.start)
  const wrapped = wrappedCue(before, text.slice(span.end, span.end + 12), types, ctx)
  if (wrapped) return [wrapped]
  const found = cuedIn(before, types, measureOf(span), ctx)
  // a bare 合计 / 一共 names a fact only when nothing else in the clause does (培训费用合计一万二),
  // or when it is the total of what the clause names (注册资本加起来 → 合计注册资本)
  const cueOf = (f: (typeof found)[number]) => before.slice(f.end - f.len, f.end)
  const named = found.filter((f) => !BARE_TOTAL.test(cueOf(f)))
  if (named.length && named.length < found.length) {
    const totalOf = found.filter((f) => BARE_TOTAL.test(cueOf(f)) && named.some((n) => ctx.facts[f.id].label.includes(cueOf(n))))
    found.splice(0, found.length, ...(totalOf.length ? totalOf : named))
  }
  if (!found.length) {
    const after = factsAfter(text, span, types, ctx)
    if (after.length) return after
    // 我们出口豆粕，2018年11月以后: a date with no subject of its own is the previous clause's,
    // unless that clause has its date already (2009年成立，2016至2018年…)
    const prev = clauseStart > 0 ? text.slice(0, clauseStart - 1).split(CLAUSE_END).pop()! : ''
    if ((span.kind === 'year' || span.kind === 'date') && prev && !findNumbers(prev).some((n) => n.kind === 'year' || n.kind === 'date')) {
      const earlier = cuedIn(prev, types, measureOf(span), ctx)
      const last = Math.max(...earlier.map((f) => f.end))
      if (earlier.length) return earlier.filter((f) => f.end === last).sort((a, b) => b.len - a.len).map((f) => f.id).slice(0, 1)
    }
    if (span.kind === 'count') return countedLater(text, span, ctx)
    // named in other words before it, or right after it (600立方米的铸用生铁高炉 ~ 立方米的高炉)
    const loose = looselyNamed(before.slice(-14), types, ctx)
    if (loose.length) return loose
    return looselyNamed(tailOf(span) + text.slice(span.end, span.end + 12).split(CLAUSE_END)[0], types, ctx, 0.6, 4, true)
  }
  const end = Math.max(...found.map((f) => f.end))
  // 净利润增长18%: a growth said of another quantity than revenue is not the revenue's growth
  const other = span.kind === 'ratio' && OTHER_QUANTITY.test(before.slice(0, end))
  const nearest = found.filter((f) => f.end === end && !(other && GROWS.test(ctx.facts[f.id].label))).sort((a, b) => b.len - a.len)
  if (!nearest.length) return []
  // a short cue (销售额) gives way to a longer one said in other words (提供服务的销售额 ~ 服务销售额)
  if (nearest[0].len <= 3 && !BARE_TOTAL.test(cueOf(nearest[0]))) {
    const loose = looselyNamed(before.slice(-14), types, ctx, 0.75, nearest[0].len + 2)
    if (loose.length) return loose
  } else {
    // or the cue ends a longer name said in other words, anywhere in the clause (省里分成的那部分
    // 企业所得税增量 holds 所得税增量 but names the province's share)
    const clause = spoken(text.slice(0, span.start).split(CLAUSE_END).pop()!)
    const loose = looselyNamed(clause, types, ctx, 0.8, nearest[0].len + 3, false, cueOf(nearest[0]))
    if (loose.length) return loose
  }
  // 每人培训费 is a figure per person: the total the shorter 培训费 would mean is not an alternative
  return (PER_ITEM.test(cueOf(nearest[0])) ? nearest.filter((f) => f.len === nearest[0].len) : nearest).map((f) => f.id)
}

// the period a figure is of, from the words just before it in its clause: 前年 < 去年 < 今年, or a
// year; figures of one fact in two periods give its latest value and the growth between them
const PERIOD_WORDS: [RegExp, number][] = [
  [/(前年|上上年|上上个?年度)/g, -2],
  [/(去年|上年|上一年|上个?年度|上一年度)/g, -1],
  [/(今年|本年|当年|本年度)/g, 0],
]
function periodsIn(text: string): { at: number; end: number; key: number }[] {
  const out: { at: number; end: number; key: number }[] = []
  for (const [re, key] of PERIOD_WORDS) for (const m of text.matchAll(re)) out.push({ at: m.index, end: m.index + m[0].length, key: 10000 + key })
  for (const m of text.matchAll(/((?:19|20)\d{2})\s*年(?!\d{1,2}\s*月)/g)) out.push({ at: m.index, end: m.index + m[0].length, key: Number(m[1]) })
  // 上上年 holds 上年: the longer word is the period
  return out.filter((p) => !out.some((q) => q !== p && q.at <= p.at && q.end >= p.end && q.end - q.at > p.end - p.at)).sort((a, b) => a.at - b.at)
}
const periodOf = (text: string, periods: ReturnType<typeof periodsIn>, span: NumberSpan) => {
  let start = span.start
  while (start > 0 && !CLAUSE_END.test(text[start - 1])) start--
  return periods.filter((p) => p.at >= start && p.end <= span.start).at(-1)?.key
}
// comparable periods: both relative (前年, 去年) or both years
const sameKind = (a: number, b: number) => a > 9000 === b > 9000
// a growth figure is of a revenue-like fact: 收入, 营收, 销售额
const GROWS = /收入|营收|销售|产值/
// a quantity other than revenue named last before a growth figure
const OTHER_QUANTITY = /(利润|净利|税收|纳税额|缴税|出口额|研发投入|研发费用|人数|员工|产量)(?![^，。；？！,;?!]*(营收|营业收入|收入|销售))[^，。；？！,;?!]*$/
// 达到6000万 / 增长到2300万: the figure goes on the quantity the clause before spoke of
const REACHES = /(达到了?|增长到|增加到|涨到|增至|提高到|到了)$/

const bigrams = (t: string) => new Set([...t].slice(0, -1).map((c, i) => c + t[i + 1]))
const cuePairs = new Map<string, string[]>()
const pairsOf = (cue: string) => {
  let p = cuePairs.get(cue)
  if (!p) cuePairs.set(cue, (p = [...bigrams(cue)]))
  return p
}
/**
 * A fact named in other words than its cue (市外客户的订单 for 市外订单, 研发花的钱 for
 * 研发费用): most of a cue's character pairs stand in the words before the figure.
 * Only where no cue stands there as such.
 */
const MONEY_HEAD = /(金额|数额|额度)$/
function looselyNamed(window: string, types: Fact['type'][], ctx: Ctx, least = 0.6, minLen = 4, anchored = false, holding?: string): string[] {
  // nothing but figures and commas names no fact (and 4,000 of them must stay fast)
  if (!/[\u4e00-\u9fff]{2}/.test(window)) return []
  const have = bigrams(window)
  let best: { ids: string[]; score: number; len: number } | undefined
  for (const [id, fact] of factEntries(ctx)) {
    if (!types.includes(fact.type)) continue
    for (const full of cuesOf(fact.cues)) {
      // a sum of money already says 金额: 合同实际执行了九百万 names 实际执行金额
      const cue = fact.type === 'money' ? full.replace(MONEY_HEAD, '') : full
      if (cue.length < minLen || !have.has(cue.slice(0, 2)) || (holding && !cue.includes(holding))) continue
      // of two cues as well matched, the one whose words begin nearer the figure
      const near = window.lastIndexOf(cue.slice(0, 2)) / 100
      const pairs = pairsOf(cue)
      // its first and last words must be there: 公司开了 is not 分公司开了; after a figure, the cue
      // begins right at it (600立方米的…高炉)
      if (!have.has(pairs[0]) || !have.has(pairs[pairs.length - 1]) || (anchored && !window.startsWith(pairs[0]))) continue
      const shared = pairs.filter((p) => have.has(p)).length
      const score = shared / pairs.length + near
      if (shared < 2 || score < least) continue
      if (!best || score > best.score || (score === best.score && cue.length > best.len)) best = { ids: [id], score, len: cue.length }
      else if (score === best.score && cue.length === best.len && !best.ids.includes(id)) best.ids.push(id)
    }
  }
  return best?.ids ?? []
}

// spoken level words read as the written ones when cues are compared loosely: 省里的 ~ 省级
const spoken = (t: string) => t.replace(/([省市县])里/g, '$1级')
interface Span {
  at: number
  end: number
}
// what most cues share: they are not in the message at all (frozen, so that no caller can add to it)
const NO_SPANS: readonly Span[] = []

/**
 * Where a long cue (five characters or more) is said in other words: a stretch of one clause,
 * at most a few characters longer than the cue, that begins with the cue's first pair of
 * characters, ends with its last, and holds four in five of its pairs.
 */
function looseOccurrences(t: string, cue: string): readonly Span[] {
  if (cue.length === 4) return splitOccurrences(t, cue)
  if (cue.length < 5 || !t.includes(openingOf(cue))) return NO_SPANS
  const pairs = pairsOf(cue)
  const first = pairs[0]
  const last = pairs[pairs.length - 1]
  const out: Span[] = []
  for (const at of occurrences(t, first)) {
    const stretch = clauseFrom(t, at, at + cue.length + 4)
    const lastAt = stretch.lastIndexOf(last)
    if (lastAt < 0) continue
    const have = bigrams(stretch.slice(0, lastAt + 2))
    if (pairs.filter((p) => have.has(p)).length >= 0.8 * pairs.length) out.push({ at, end: at + lastAt + 2 })
  }
  return out
}

// a cue's first two characters, cut once per cue (most long cues are tried on every message)
const openings = new Map<string, string>()
function openingOf(cue: string): string {
  let o = openings.get(cue)
  if (o === undefined) openings.set(cue, (o = cue.slice(0, 2)))
  return o
}

const CONTENT_WORD = /^(?![我本咱你他她它])[\u4e00-\u9fff]*[^的了过着吗呢]$/
// a four-character cue's two words, or null when they are not two words (read once per cue)
const cueHalves = new Map<string, { head: string; tail: string } | null>()
function halvesOf(cue: string) {
  let h = cueHalves.get(cue)
  if (h === undefined) {
    const [head, tail] = [cue.slice(0, 2), cue.slice(2)]
    // two words, not a pronoun and a verb (我们建的 is not said by 我们在深圳新建的)
    cueHalves.set(cue, (h = CONTENT_WORD.test(head) && CONTENT_WORD.test(tail) ? { head, tail } : null))
  }
  return h
}
/** A cue of two words said with a few others between them (外地的几家老客户 ~ 外地客户), in one clause. */
function splitOccurrences(t: string, cue: string): readonly Span[] {
  const halves = halvesOf(cue)
  if (!halves) return NO_SPANS
  let out: Span[] | undefined
  for (const at of occurrences(t, halves.head)) {
    const gap = t.slice(at + 2, at + 2 + 6 + 2).split(CLAUSE_END)[0].indexOf(halves.tail)
    if (gap > 0) (out ??= []).push({ at, end: at + 2 + gap + 2 })
  }
  return out ?? NO_SPANS
}

// words that make a figure a bound: 超过500万, 不到100人, 3000万以上, 五十人出头
const BOUND_BEFORE: [RegExp, NonNullable<NumberSpan['bound']>][] = [
  [/(不超过|没超过|未超过|没有超过|不高于|不大于|不多于)了?$/, '<='],
  [/(不到|不足|不满|低于|少于|小于|没到|没有到|未到|未达到|没达到|没有达到)了?$/, '<'],
  [/(不低于|不少于|不小于|至少|起码|最少)$/, '>='],
  [/(超过|超出|超|高于|多于|大于|突破|逾)了?$/, '>'],
]
const BOUND_AFTER: [RegExp, NonNullable<NumberSpan['bound']>][] = [
  [/^(以上|及以上|或以上)/, '>='],
  [/^(以下|及以下|或以下|以内|之内)/, '<='],
  [/^(出头|挂零)/, '>'],
]
// 超没超100人 / 是否超过500万 / 超过3000万了吗 ask about the bound: they say nothing of the figure
const ASKS_BOUND = /(.)[没不]\1|是否|有没有|会不会|能不能|吗|么/
function boundOf(text: string, span: NumberSpan): NumberSpan['bound'] {
  if (!['money', 'ratio', 'count', 'level'].includes(span.kind)) return undefined
  if (ASKS_BOUND.test(clauseOf(text, span.start))) return undefined
  const before = wordsBefore(text, span, 6)
  for (const [re, op] of BOUND_BEFORE) if (re.test(before)) return op
  if ((span.kind === 'money' || span.kind === 'count') && PASSED.test(before)) return '>'
  const after = text.slice(span.end, span.end + 4)
  for (const [re, op] of BOUND_AFTER) if (re.test(after)) return op
  if (approximate(span)) return '>='
  return undefined
}
/** 三千多万, 两百来万, 3000余万, 五十多人, 二三百万: a round figure or a range, said as the least it is. */
const approximate = (span: NumberSpan) => APPROXIMATE.test(span.text) || SIDE_BY_SIDE.test(span.text)
// 头一回过两千万, 破了三个亿: a milestone just passed (做过, 参加过 are no bound; CMMI过了四级 is a level reached)
// (超过 says more than, not a milestone: no upper end is read into it)
const PASSED = /(?<![做办干搞参看用去来见拿得获评经通超])(过|破)了?$/
/** Was the span's bound said as a round figure (三千多万) or a milestone passed (过两千万)? */
const roundBound = (text: string, span: NumberSpan, op: NumberSpan['bound']) =>
  (op === '>=' && approximate(span)) || (op === '>' && PASSED.test(wordsBefore(text, span, 3)))
/** The words right before a figure, less an adverb (已经, 都, 才) between them and it. */
const wordsBefore = (text: string, span: NumberSpan, n: number) => text.slice(Math.max(0, span.start - n), span.start).replace(/(都|已经|已|就|才|也|还|均)$/, '')
const boundOfSpan = (span: NumberSpan, value: number): Extracted['bounds'][string] =>
  span.approx && value > 0 ? { op: span.bound!, value, approx: true, upTo: value + placeOf(value) } : { op: span.bound!, value }
/** The place of a figure's last digit that is not 0: 八万多 is below 9万, 两千二百多万 below 2300万. */
function placeOf(v: number): number {
  let p = 1
  while (v % (p * 10) === 0) p *= 10
  return p
}
const APPROXIMATE = /[\d零〇一二两三四五六七八九十百千万亿](多|来|余)/
const SIDE_BY_SIDE = new RegExp(RANGE.source)

// a list of figures: 80亿、70亿、40亿 / 2000万和3000万 / 分别是80亿，70亿 (a comma alone does not
// make a list: 超过三千万，3200万 says one figure twice)
const LIST_GAP = /^\s*[、和及与跟]\s*$/
const COMMA = /^\s*[,，]\s*$/
// 突破三千万，达到3200万: the figure after a bound, with a linking verb or none
const RESTATES = /^\s*[,，]\s*(达到了?|到了|做到了?|是|为|共|有)?\s*$/
const LINKED = /^\s*[,，]\s*(达到了?|到了|做到了?|实际是|具体是)\s*$/
/** Is `b` the next figure of a list that `first` opens and `a` (its latest figure) continues? */
const isList = (text: string, first: NumberSpan, a: NumberSpan, b: NumberSpan) =>
  LIST_GAP.test(text.slice(a.end, b.start)) || (COMMA.test(text.slice(a.end, b.start)) && /分别(是|为)?$/.test(text.slice(Math.max(0, first.start - 4), first.start)))
const within = (v: number, b: { op: string; value: number }) =>
  b.op === '>' ? v > b.value : b.op === '>=' ? v >= b.value : b.op === '<' ? v < b.value : v <= b.value
// 两只基金，各投了2000万 / 三个项目每个500万: the figure counts once for each
const EACH = /(各自?|每(个|只|支|家|项|台|套|笔|户|所|条|款|位|名)?)[^，。；？！,;?!]{0,10}$/
const COUNT_OF_ITEMS = /(\d+|[一二两三四五六七八九十]+)\s*(个|只|支|家|项|台|套|笔|户|所|条|款|位|名)(?=[^。；？！;?!]{0,16}$)/g

// 和 / 与 / 及 / 以及 / 、 / 跟 / 还有, after at most a shared word (专利质押贷款与抵押贷款): two kinds both held
const JOINS = /^[\u4e00-\u9fff]{0,2}?(?:和|与|及|以及|跟|、|还有|加上)$/

/** 首次入围省重点软件企业和首次入围国家规划布局内重点软件企业: after the joint, the words said before the first. */
function parallel(text: string, a: Mention, b: Mention): boolean {
  const m = /^(?:和|与|及|以及|跟|、|还有)([\u4e00-\u9fff]{1,4})$/.exec(text.slice(a.end, b.at))
  return m !== null && (text.slice(0, a.at).endsWith(m[1]) || GOT_AGAIN.test(m[1]))
}
// …和首次入围 / 和又评上: the second of two titles got, said with its own verb
const GOT_AGAIN = /(入围|进入|入选|获评|评上|评为|认定为?|列入|纳入|通过|获得|拿到|成为)$/

/** The values of one enum named side by side (抵押贷款和纯信用贷款), in order; [] when none are. */
function conjoined(text: string, seen: Mention[]): string[] {
  // the longest cue is the mention (信用贷款, not 信用贷; 浙江省重点软件企业, not 省重点软件企业 inside it)
  const sorted = [...seen].sort((a, b) => a.at - b.at || b.end - a.end).filter((m, i, all) => !all.some((o, j) => j < i && o.end >= m.end))
  const out: string[] = []
  for (let i = 1; i < sorted.length; i++) {
    const [a, b] = [sorted[i - 1], sorted[i]]
    if (a.value === b.value || !(JOINS.test(text.slice(a.end, b.at)) || parallel(text, a, b))) continue
    for (const v of [a.value, b.value]) if (!out.includes(String(v))) out.push(String(v))
  }
  return out
}

export function extractFacts(raw: string, ctx: Ctx): Extracted {
  const original = raw.normalize('NFKC')
  const text = fold(original)
  const profile: Profile = {}
  const unassigned: NumberSpan[] = []
  const alternatives: Record<string, string[]> = {}
  const spans: NumberSpan[] = []
  const bounds: Extracted['bounds'] = {}
  const read: { span: NumberSpan; id: string; value: number; period?: number }[] = [] // figures read as a fact
  const mentions: Record<string, Mention[]> = {} // every value of an enum or level fact named, for items
  const chosen: Record<string, Chosen> = {} // the value each enum took, and where
  const scoped: Extracted['scoped'] = {}
  const both: Extracted['both'] = {}
  const periods = periodsIn(text)

  const spokenText = spoken(text)
  // the message's pieces of one and two characters: a word none of whose openings is among them is not in it
  const held = piecesOf([text, spokenText])
  const regions = findRegions(text, ctx, held)
  // 国家级 / 中国驰名商标 name no place where an enterprise is, nor 北京银行 in 北京银行石家庄分行
  const named = regions.filter((r) => r.name !== '全国')
  const banks = named.filter((r) => /^(银行|农商|商业银行|农村商业银行)/.test(text.slice(r.at + r.len)))
  const places = banks.length < named.length ? named.filter((r) => !banks.includes(r)) : named
  if (places.length) {
    // the place the asker gives as its own (我是正定县财政局的, 我们保定) outranks one said of another
    // (一家北京企业的总部注册到我们县), unless the message says where it registers (在保定注册的子公司);
    // else the place nearest 注册; else the first named
    const registered = places.find((r) => (/在$/.test(text.slice(r.at - 1, r.at)) && /^.{0,3}注册(?!过)/.test(text.slice(r.at + r.len))) || /注册(?:在|于)$/.test(text.slice(Math.max(0, r.at - 3), r.at)))
    const own = places.find((r) => OWN_PLACE.test(text.slice(Math.max(0, r.at - 5), r.at)))
    const reg = text.search(/注册/)
    let pick = registered ?? own ?? (reg >= 0 ? places.reduce((a, b) => (Math.abs(b.at - reg) < Math.abs(a.at - reg) ? b : a)) : places[0])
    // the most specific place named inside it: 深圳南山, 河北省保定市, 山东聊城阳谷县
    for (const r of places) if (ctx.regions.ancestors(r.name).includes(pick.name)) pick = r
    profile.region = pick.name
  }

  const project = projectPlace(text, ctx, held)
  if (project && ctx.facts.projectRegion) profile.projectRegion = project
  // 我是邢台市财政局的 / 安国市财政局: a government body speaks, at the level of its place
  const body = governmentBody(text, regions, ctx)
  if (body) Object.assign(profile, body)

  let prev: { first: NumberSpan; span: NumberSpan; ids: string[] } | undefined
  const numbers = findNumbers(original)
  const numbered = docNumbersIn(text)
  const inNumber = (n: NumberSpan) => numbered.some(([a, b]) => n.start < b && n.end > a)
  for (const found of numbers) {
    // 财税〔2018〕99号, 2019年第39号: a notice's number, no figure of the enterprise
    if (inNumber(found)) continue
    const bound = boundOf(text, found)
    const span: NumberSpan = { ...found, bound, ...(roundBound(text, found, bound) && { approx: true as const }) }
    if (span.kind === 'money' || span.kind === 'ratio' || span.kind === 'count') spans.push(span)
    // 能拿150万 / 补贴50万 is the benefit hoped for, not a fact about the enterprise
    if (span.kind === 'money' && BENEFIT.test(text.slice(Math.max(0, span.start - 4), span.start))) continue
    // 那20万能拿吗 / 有10万奖励吗: the sum asked about, after it
    if (span.kind === 'money' && HOPED_AFTER.test(text.slice(span.end, span.end + 10))) continue
    const same = prev && prev.span.kind === span.kind ? prev : undefined
    // the later figures of a list (80亿、70亿、40亿) are of the first one's fact
    const listed = same && isList(text, same.first, same.span, span)
    // 1500万元人民币 is no sum in 美元, nor 500万美元 one in 元
    let ids = (listed ? same.ids : factsFor(text, span, ctx)).filter((id) => !span.currency || (ctx.facts[id].unit === '美元') === (span.currency === 'USD')).map((id) => inPeriodSaid(id, text, span, ctx))
    // 超过三千万，3200万: a bare figure right after a bound it meets says the figure itself
    const pb = same?.span.bound
    const between = text.slice(same?.span.end ?? 0, span.start)
    if (!ids.length && same && pb && !span.bound && RESTATES.test(between) && within(span.value, { op: pb, value: same.span.value })) ids = same.ids
    // 过三千万，到了3200万: a figure the sentence goes on to state exactly
    else if (!ids.length && same && !span.bound && LINKED.test(between)) ids = same.ids
    // 软件收入前年2600万，去年3100万: the same quantity in another period
    const period = periodOf(text, periods, span)
    if (!ids.length && span.kind === 'money' && !span.bound && period !== undefined) {
      const other = [...read].reverse().find((r) => r.span.kind === 'money' && r.period !== undefined && r.period !== period && sameKind(r.period, period))
      if (other) ids = [other.id]
    }
    // 85人（含派遣的10人）: a figure in brackets that says what the one before includes is a part of it
    if (same && PART_IN_BRACKETS.test(text.slice(same.span.end, span.start)) && ids.some((id) => same.ids.includes(id))) continue
    // 之前没评过三级, 三级四级都没评过: a level denied is not the one held
    if (span.kind === 'level' && (deniedBefore(text, span.start) || LEVEL_DENIED_AFTER.test(text.slice(span.end).split(CLAUSE_END)[0]))) continue
    prev = ids.length ? { first: listed ? same.first : span, span, ids } : undefined
    if (!ids.length) {
      if (!['plain', 'year', 'date'].includes(span.kind)) unassigned.push(span)
      continue
    }
    // a date fills its subject's year, month and day facts: exportYear, exportMonth, exportDay
    if (span.date) {
      const stem = ids[0].replace(/Year$/, '')
      profile[ids[0]] = span.date.year
      if (ctx.facts[stem + 'Month']) profile[stem + 'Month'] = span.date.month
      if (span.date.day && ctx.facts[stem + 'Day']) profile[stem + 'Day'] = span.date.day
      continue
    }
    let value = span.value
    if (span.kind === 'ratio' && DECREASE.test(text.slice(Math.max(0, span.start - 6), span.start))) value = -value
    // durations in the fact's own unit: 持股快三年 → 36 个月
    const unit = ctx.facts[ids[0]].unit ?? ''
    if (/年半?$/.test(span.text) && /月/.test(unit)) value *= 12
    else if (/(个半?月|个季度)$/.test(span.text) && unit === '年') value /= 12
    // beyond what a number holds (1e300万): not a figure anyone has; rounding would make it Infinity
    if (!Number.isFinite(value * 1e6)) continue
    profile[ids[0]] = Math.round(value * 1e6) / 1e6
    if (ids.length > 1) alternatives[ids[0]] = ids.slice(1)
    // a figure given exactly replaces a bound said before it, and the other way round
    if (span.bound) bounds[ids[0]] = boundOfSpan(span, profile[ids[0]] as number)
    else delete bounds[ids[0]]
    if (span.kind === 'money' || span.kind === 'count' || span.kind === 'level') read.push({ span, id: ids[0], value: profile[ids[0]] as number, period })
  }
  const totals = totalsOf(text, read)
  inPeriods(profile, bounds, read, periods, ctx)
  // 主持了2项…、又主持了3项…，合计…: counts of one fact add up when a total is asked
  if (SUM_ASKED.test(text))
    for (const id of new Set(read.filter((r) => r.span.kind === 'count').map((r) => r.id))) {
      const counts = read.filter((r) => r.id === id && r.span.kind === 'count')
      // of one period (去年主持了1项…、2项…): counts said for different years are not one total
      if (counts.length > 1 && new Set(counts.map((r) => r.period)).size === 1 && ctx.facts[id]?.type === 'count') profile[id] = counts.reduce((n, r) => n + r.value, 0)
    }

  // (a pass of its own, out of this long function, so that V8 optimizes it: it runs over every fact)
  namedFacts(text, spokenText, held, ctx, { profile, scoped, both, mentions, chosen })
  // 市级企业技术中心今年升级为省级: the level said now, in its general words, is the platform's too
  for (const [id, c] of Object.entries(chosen)) {
    const general = ctx.facts[id].fallback
    const later = general ? chosen[general] : undefined
    if (later?.now && !c.now && later.at > c.at && ctx.facts[id].values!.some((v) => v.id === later.v)) profile[id] = later.v
  }
  for (const r of read) if (r.span.kind === 'level') (mentions[r.id] ??= []).push({ value: r.value, at: r.span.start, end: r.span.end })
  const denied = deniedSums(text, ctx, profile)
  const items = itemsOf(text, mentions)
  // the one year the message names, for the period a later notice is judged on
  // (the year the firm was founded or moved in is its history, never the period asked about)
  // (nor is the year of a notice's number: 财税2018年99号, 2019年第39号公告)
  const years = new Set(numbers.filter((n) => (n.kind === 'year' || n.kind === 'date') && !FOUNDED.test(text.slice(n.end, n.end + 5)) && !inNumber(n)).map((n) => n.date?.year ?? n.value))
  if (years.size === 1) profile.askedYear = [...years][0]
  return { profile, regions: [...new Set(regions.map((r) => r.name))], unassigned, alternatives, spans, bounds, totals, corrects: CORRECTS.test(text), items, scoped, both, denied }
}

/** The yes/no and enum facts the message names: their values, where each is said, which are joined. */
function namedFacts(text: string, spokenText: string, held: Set<string>, ctx: Ctx, into: { profile: Profile; scoped: Extracted['scoped']; both: Extracted['both']; mentions: Record<string, Mention[]>; chosen: Record<string, Chosen> }): void {
  const { profile, scoped, both, mentions, chosen } = into
  const entries = factEntries(ctx)
  // most facts are named nowhere in a message: nothing to read (an enum's empty mentions make no items)
  for (const i of heldAmong(entries, ([, fact]) => wordsNaming(fact), held)) {
    const [id, fact] = entries[i]
    if (fact.type === 'boolean') {
      const all = yesNoWords(fact, text, spokenText)
      const last = all.at(-1)
      if (last) profile[id] = last.v
      if (fact.perItem && all.length) scoped[id] = all.map((m) => ({ value: m.v, at: m.at }))
    } else if (fact.type === 'enum' && fact.values) {
      const { first, seen } = enumWords(fact.values, text)
      if (first) profile[id] = first.v
      if (first) chosen[id] = first
      mentions[id] = seen
      // (two values named side by side take two mentions at least)
      const joined = seen.length > 1 ? conjoined(text, seen) : []
      if (joined.length > 1) both[id] = joined
      if (fact.perItem && seen.length) scoped[id] = seen.map((m) => ({ value: m.value, at: m.at }))
    }
  }
}

/**
 * Every word that can name a yes/no or enum fact: its cues, its "no" words, its values' cues. A
 * message holding none of their first two characters names the fact nowhere, not even in other
 * words (those begin with a cue's first two characters too).
 */
const wordsNaming = (fact: Fact): string[] =>
  fact.type === 'boolean' ? [...cuesOf(fact.cues), ...cuesOf(fact.falseCues)] : fact.type === 'enum' ? (fact.values ?? []).flatMap((v) => cuesOf(v.cues)) : []

/**
 * The places, in order, of the items (thousands of place names, hundreds of facts) one of whose
 * words begins with a piece held (its first two characters, or its only one): a message holds few.
 * Each list is indexed by those openings once.
 */
function heldAmong<T>(items: readonly T[], wordsOf: (item: T) => readonly string[], held: Set<string>): number[] {
  let byOpening = openingIndexes.get(items)
  if (!byOpening) {
    const index = new Map<string, number[]>()
    items.forEach((item, i) => {
      for (const o of new Set(wordsOf(item).map((w) => w.slice(0, 2)))) {
        const at = index.get(o)
        if (at) at.push(i)
        else index.set(o, [i])
      }
    })
    openingIndexes.set(items, (byOpening = index))
  }
  const found: number[] = []
  for (const piece of held) for (const i of byOpening.get(piece) ?? []) found.push(i)
  // (an item with several openings held is found once for each)
  return found.sort((a, b) => a - b).filter((i, k, all) => k === 0 || all[k - 1] !== i)
}
const openingIndexes = new WeakMap<readonly unknown[], Map<string, number[]>>()
const namesHeld = (names: string[], held: Set<string>) => heldAmong(names, (n) => [n], held).map((i) => names[i])

/** Every piece of one or two characters of the texts, as written and with their spaces (and 了…) squeezed out. */
function piecesOf(texts: string[]): Set<string> {
  const out = new Set([''])
  for (const t of texts)
    for (const s of [t, squeeze(t, SPACES).squeezed, squeeze(t, FILLERS).squeezed])
      for (let i = 0; i < s.length; i++) {
        out.add(s.slice(i, i + 1))
        out.add(s.slice(i, i + 2))
      }
  return out
}

/**
 * Every value of an enum fact named in the message (`seen`, in the order of the values and their
 * cues), and the one that is the asker's (`first`): the asker speaking of itself (我们企业, 我行,
 * 我县) outranks others it names (县里, 一家私募基金).
 */
function enumWords(values: NonNullable<Fact['values']>, text: string) {
  let first: { v: string; at: number; len: number; self: boolean; now: boolean } | undefined
  const seen: Mention[] = []
  for (const val of values)
    for (const cue of cuesOf(val.cues))
      for (const at of occurrences(text, cue)) {
        // 不是院士: a value denied is not the asker's, nor an item of a total
        if (!loneCueOk(text, at, cue) || NEGATORS.test(text.slice(Math.max(0, at - 6), at))) continue
        seen.push({ value: val.id, at, end: at + cue.length })
        const self = SELF.test(cue)
        const now = NOW_BEFORE.test(text.slice(Math.max(0, at - 10), at).split(CLAUSE_END).pop()!)
        const better = !first || (now && !first.now) || (now === first.now && ((self && !first.self) || (self === first.self && (at < first.at || (at === first.at && cue.length > first.len)))))
        if (better) first = { v: val.id, at, len: cue.length, self, now }
      }
  return { first, seen }
}

/** Where each of the cues stands in the text, in the order of the cues. */
function spansOf(text: string, cues: string[]): readonly Span[] {
  let out: Span[] | undefined
  for (const cue of cues) for (const at of occurrences(text, cue)) (out ??= []).push({ at, end: at + cue.length })
  return out ?? NO_SPANS
}

/**
 * Every word about a yes/no fact in the message, in order, each a yes or a no: the last wins. A
 * "no" word (没买, 连续第二年) also covers the cue right after it; a plain negation (还没认定,
 * 未备案) says "no" only about a fact named in the same clause. (Most facts go unmentioned: for
 * them this returns before building anything.)
 */
function yesNoWords(fact: Fact, text: string, spokenText: string): readonly { v: boolean; at: number; end: number }[] {
  const cues = cuesOf(fact.cues)
  // cues that touch or overlap (失信黑名单, 化工园区里) are one mention: a negation before it covers all
  const exact = spansOf(text, cues)
  const noAt = deniedAt(text, cues, cuesOf(fact.falseCues), exact)
  // none said as such: a long cue said in other words (入选了省里的绿色制造示范企业)
  const said = exact.length || noAt.length ? exact : looseSpansOf(spokenText, cues)
  if (!said.length && !noAt.length) return NO_WORDS
  const mentions = said
    .filter(({ at }) => !noAt.some((n) => at >= n.at && at <= n.end + 8 && !CLAUSE_END.test(text.slice(n.end, at))))
    .filter(({ at, end }) => !namesTheAward(text, at, end))
    .sort((a, b) => a.at - b.at || b.end - a.end)
  let run: { end: number; v: boolean } | undefined
  const yesAt = mentions.map(({ at, end }) => {
    if (run && at <= run.end) run.end = Math.max(run.end, end)
    // 没有被纳入失信联合惩戒的黑名单: a later word for the same fact in a denied clause stays denied
    else if (run && !run.v && !CLAUSE_END.test(text.slice(run.end, at)) && !TURNS.test(text.slice(run.end, at))) run.end = end
    else
      run = {
        end,
        v:
          !NEGATORS.test(text.slice(Math.max(0, at - 6), at)) &&
          !deniedBefore(text, at) &&
          !DENIED_AFTER.test(text.slice(end, end + 6)) &&
          !FAILED_AFTER.test(text.slice(end, end + 10).split(CLAUSE_END)[0]) &&
          !(ABOVE.test(fact.label) && BELOW_AFTER.test(text.slice(end, end + 6))),
      }
    return { v: run.v, at, end: at }
  })
  return [...noAt, ...yesAt].sort((a, b) => a.at - b.at)
}
const NO_WORDS: readonly { v: boolean; at: number; end: number }[] = []

/** The "no" words of a yes/no fact (falseCues) that deny it, in the order of the cues. */
function deniedAt(text: string, cues: string[], falseCues: string[], exact: readonly Span[]): { v: false; at: number; end: number }[] {
  let out: { v: false; at: number; end: number }[] | undefined
  for (const cue of falseCues)
    for (const at of occurrences(text, cue)) {
      const end = at + cue.length
      // 又首次 / 再次首次: "again" joined to the fact's own word qualifies it, it does not deny it
      if (AGAIN.test(cue) && anyStartsAt(text, end, cues)) continue
      // a "no" word inside or begun inside a "yes" cue (收费 in 不收费, 收费的 in 不收费的) is that cue's
      if (insideAny(at, end, exact)) continue
      // a plain negation (还没认定) denies only a fact named in its clause
      if (genericNo(cue) && !anyIn(cue, cues) && !anyIn(clauseOf(text, at), cues)) continue
      ;(out ??= []).push({ v: false, at, end })
    }
  return out ?? []
}
// (these run for every "no" word of every fact a message holds: loops, not closures)
function anyStartsAt(text: string, at: number, words: string[]): boolean {
  for (const w of words) if (text.startsWith(w, at)) return true
  return false
}
function anyIn(text: string, words: string[]): boolean {
  for (const w of words) if (text.includes(w)) return true
  return false
}
function insideAny(at: number, end: number, spans: readonly Span[]): boolean {
  for (const e of spans) if ((e.at < at && at < e.end) || (e.at <= at && end <= e.end && e.end - e.at > end - at)) return true
  return false
}
// whether a "no" word is generic, read once per word
const genericNoWords = new Map<string, boolean>()
function genericNo(cue: string): boolean {
  let g = genericNoWords.get(cue)
  if (g === undefined) genericNoWords.set(cue, (g = isGenericNo(cue)))
  return g
}

/** Where any of the long cues is said in other words, in the order of the cues. */
function looseSpansOf(t: string, cues: string[]): readonly Span[] {
  let out: Span[] | undefined
  for (const cue of cues) for (const s of looseOccurrences(t, cue)) (out ??= []).push(s)
  return out ?? NO_SPANS
}

/**
 * Figures of one quantity in two periods: the latest is its value, the one before goes to the
 * fact that holds the earlier period (citySubsidyLastYear) or gives the growth; a figure of an
 * earlier period and a growth said of a later one give the later figure (前年1500万，去年翻了一番).
 */
function inPeriods(profile: Profile, bounds: Extracted['bounds'], read: { id: string; value: number; period?: number; span: NumberSpan }[], periods: ReturnType<typeof periodsIn>, ctx: Ctx) {
  // a quantity and the fact of its earlier period are one family: 软件收入前年2600万，去年3100万
  const head = (id: string) => Object.keys(ctx.facts).find((f) => ctx.facts[f].earlier === id) ?? id
  const setTo = (id: string, r: { value: number; span: NumberSpan }) => {
    profile[id] = r.value
    if (r.span.bound) bounds[id] = boundOfSpan(r.span, r.value)
    else delete bounds[id]
  }
  for (const id of new Set(read.map((r) => head(r.id)))) {
    const fact = ctx.facts[id]
    const dated = read.filter((r) => head(r.id) === id && r.period !== undefined)
    const growth = profile.revenueGrowth
    const grows = GROWS.test(fact.label)
    if (dated.length >= 2 && dated.every((r) => sameKind(r.period!, dated[0].period!))) {
      const [before, latest] = [...dated].sort((a, b) => a.period! - b.period!).slice(-2)
      if (before.period === latest.period) continue
      setTo(id, latest)
      if (fact.earlier) setTo(fact.earlier, before)
      if (grows && growth === undefined && before.value > 0 && !before.span.bound && !latest.span.bound)
        profile.revenueGrowth = Math.round((latest.value / before.value - 1) * 1e4) / 1e4
    } else if (typeof growth === 'number' && grows && growth > -1) {
      const only = dated.length === 1 && !dated[0].span.bound ? dated[0] : undefined
      const later = only && periods.some((p) => p.at > only.span.end && sameKind(p.key, only.period!) && p.key > only.period!)
      if (only && later) {
        // 前年1500万，去年翻了一番: the later figure from the earlier one and the growth
        profile[id] = Math.round(only.value * (1 + growth))
        if (fact.earlier) profile[fact.earlier] = only.value
      }
    }
  }
}

interface Chosen {
  v: string
  at: number
  now: boolean
}
interface Mention {
  value: string | number
  at: number
  end: number
}
// a total asked for: 一共 / 加起来 / 两项合计 / 按每项算
export const SUM_ASKED = /一共|总共|合计|共计|总计|加起来|加在一起|累计|按每[项个件]|分别.{0,6}(加|合)/
// no ordinal (第10个月) and no magnitude or span of time (8个亿, 14个月, 3个季度)
const NOT_A_COUNT = String.raw`(?![亿万月]|季度|工作日|小时)`
const COUNT_BEFORE = new RegExp(String.raw`(?<![第\d.])(\d+|[一二两三四五六七八九十]+)\s*(项|个|家|台|套|款|件|只|条|次|座|条)${NOT_A_COUNT}[^，。；？！,;?!\d]{0,12}$`)
// a count after the item, not across a list joint (国家标准和2项行业标准: the 2 is the next item's)
const COUNT_AFTER = new RegExp(String.raw`^[^，。；？！,;?!\d、和及与跟]{0,6}?(?<![第\d.])(\d+|[一二两三四五六七八九十]+)\s*(项|个|家|台|套|款|件|只|次|座|条)${NOT_A_COUNT}`)
/**
 * The items of a fact a total is asked for: each mention of a value with the count said before it
 * in its clause (3项地方标准, 另外两家车间评上了数字化车间); one value said once with no count
 * is no list, nor the same value named twice without counts (软件企业…软件收入).
 */
function itemsOf(text: string, mentions: Record<string, Mention[]>): Record<string, Item[]> {
  if (!SUM_ASKED.test(text)) return {}
  const out: Record<string, Item[]> = {}
  for (const [id, all] of Object.entries(mentions)) {
    // overlapping cues (省级数字化车间, 数字化车间) are one mention: the longest
    const ms = all
      .sort((a, b) => a.at - b.at || b.end - a.end)
      .filter((m, i, xs) => !xs.slice(0, i).some((o) => m.at < o.end))
    const items = ms.map((m, i) => {
      const from = Math.max(i ? ms[i - 1].end : 0, 0)
      // the count before the item (2项行业标准) or right after it in its clause (行业标准主持了4项)
      const upTo = i + 1 < ms.length ? ms[i + 1].at : text.length
      const c = COUNT_BEFORE.exec(text.slice(from, m.at).split(CLAUSE_END).pop()!) ?? COUNT_AFTER.exec(text.slice(m.end, upTo).split(CLAUSE_END)[0])
      return { value: m.value, count: c ? num(c[1]) : 1, counted: !!c, at: m.at, end: m.end }
    })
    // 沙发厂，有两款沙发: a value named without a count beside the same value counted names the
    // kind, not one more item
    const kept = items.filter((x) => x.counted || !items.some((y) => y.counted && y.value === x.value))
    const distinct = new Set(kept.map((x) => x.value)).size
    if (!kept.some((x) => x.counted && x.count > 1) && (distinct < 2 || kept.length < 2)) continue
    if (!kept.some((x) => x.counted) && distinct < 2) continue
    out[id] = kept.map(({ value, count, at, end }) => ({ value, count, at, end }))
  }
  return out
}

/** Sums of a fact's figures: a list of them (80亿、70亿、40亿), or one figure for each of N items (两只基金各2000万). */
function totalsOf(text: string, read: { span: NumberSpan; id: string }[]): Extracted['totals'] {
  const totals: Extracted['totals'] = {}
  for (let i = 0; i < read.length; i++) {
    const { span, id } = read[i]
    let j = i
    while (j + 1 < read.length && read[j + 1].id === id && isList(text, span, read[j].span, read[j + 1].span)) j++
    if (j > i) {
      const parts = read.slice(i, j + 1)
      totals[id] = { sum: parts.reduce((a, p) => a + p.span.value, 0), parts: parts.length }
      i = j
      continue
    }
    const before = text.slice(0, span.start)
    const each = EACH.exec(before)
    if (!each) continue
    // the count nearest before 各: 同一个发起人的三只基金，各… is three
    const items = [...before.slice(0, each.index).matchAll(COUNT_OF_ITEMS)].at(-1)
    const n = items ? num(items[1]) : NaN
    if (Number.isInteger(n) && n > 1) totals[id] = { sum: span.value * n, parts: n }
  }
  return totals
}
