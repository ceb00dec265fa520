// Clauses: where a reader finds a cited line, by the document's own headings. The expected labels
// below were read off the source texts by hand; each test names the headings read.
import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { Answer } from '../../src/answer/schema.js'
import { Bot, newSession } from '../../src/bot.js'
import { knowledge } from '../../src/knowledge.js'
import { ROOT, SOURCES_DIR } from '../../src/paths.js'
import { clauses, headingOf, joinLabels } from '../../src/rules/clauses.js'
import { chineseNumeral } from '../../src/rules/numbers.js'
import { loadRules, parseRuleFile, ruleFiles } from '../../src/rules/load.js'
import { sourceLines } from '../../src/rules/sources.js'

type Span = [number, number]
const COMPILATION = '002_995e29078fff7534.txt'
// the sub-documents of 002, as the rule files' headers give them
const subDocuments = new Map<string, Span>(
  ruleFiles()
    .map((f) => [f.replace(/^.*\/hebei-2018\//, '').replace(/\.yaml$/, ''), parseRuleFile(f).document.lines] as const)
    .filter((e): e is [string, Span] => !!e[1]),
)
const clauseOf = (file: string, line: number, sub?: string) => clauses(sourceLines(file)!, sub ? subDocuments.get(sub)! : undefined)(line)

// [file, line, expected clause (undefined: none), the headings read in the text]
const WHOLE: [string, number, string | undefined, string][] = [
  ['000_b13c3e376b9f5cd5.txt', 16, '三、（一）2.', '三、落实支持政策 › （一）财税政策。 › 2.省战略性新兴产业发展…专项资金'],
  ['000_b13c3e376b9f5cd5.txt', 50, '四、（二）', '四、强化实施保障 › （二）建立企业项目库'],
  ['000_b13c3e376b9f5cd5.txt', 1, undefined, 'the preamble 为贯彻落实《国务院关于印发…》, under no heading'],
  ['001_a108ca76e60ef7cf.txt', 38, '三、（二）', '三、政策支持 › [bookmark: _GoBack]（二）推进企业进档升级'],
  ['001_a108ca76e60ef7cf.txt', 29, '二、（四）12.', '二、重要任务 › （四）做专软件产业 › 12.打造软件名企 (indented)'],
  ['001_a108ca76e60ef7cf.txt', 5, undefined, 'the preamble 新一代信息技术产业是…'],
  ['003_9b63cbf1cc771657.txt', 50, '四、（三）', '四、政策支持 › （三）做大做强。1.对软件企业…'],
  ['003_9b63cbf1cc771657.txt', 7, '1、（一）', '"1、 基本思路" (the first chapter, before 二、空间布局) › （一）总体要求。'],
  ['003_9b63cbf1cc771657.txt', 4, undefined, 'the preamble 为深入贯彻中央关于…'],
  ['004_b119eaaaf552dd72.txt', 67, '六、(二)', '六、保障措施 › (二) 加大财税支持力度 (half-width brackets)'],
  ['004_b119eaaaf552dd72.txt', 71, '六、(三)', '六、保障措施 › (三) 落实环保配套措施, its second paragraph'],
  ['004_b119eaaaf552dd72.txt', 5, undefined, 'the preamble 为落实《深圳市人民政府…》'],
  ['101_2019013.txt', 4, '二、', '二、对小型微利企业年应纳税所得额…'],
  ['101_2019013.txt', 7, '二、', '二、 and its definition 季度平均值=（季初值+季末值）÷2'],
  ['101_2019013.txt', 2, undefined, 'the 文号 财税〔2019〕13号'],
  ['102_2021012.txt', 6, '三、', '三、本公告执行期限为…'],
  ['102_2021012.txt', 8, undefined, 'the signature 财政部 税务总局, under no heading'],
  ['102_2021012.txt', 7, undefined, '特此公告。, which ends the articles'],
  ['103_2022013.txt', 9, '二、', '二、本公告所称小型微利企业… and its 年度中间开业…'],
  ['103_2022013.txt', 10, '三、', '三、本公告执行期限为2022年1月1日至2024年12月31日'],
  ['103_2022013.txt', 3, undefined, 'the preamble 为进一步支持小微企业发展'],
  ['104_2023006.txt', 11, '四、', '四、本公告执行期限为…'],
  ['104_2023006.txt', 7, '三、', '三、本公告所称小型微利企业 and its 从业人数…'],
  ['105_2023012.txt', 8, '五、', '五、本公告所称小型微利企业'],
  ['105_2023012.txt', 4, '一、', '一、自2023年1月1日至2027年12月31日，对个体工商户…'],
  ['105_2023012.txt', 3, undefined, 'the preamble 为进一步支持…'],
  ['111_20210006.txt', 3, undefined, 'a notice of one sentence, numbering nothing'],
  ['111_20210006.txt', 2, undefined, 'the 文号 财政部 税务总局公告2021年第6号'],
  ['112_20210013.txt', 5, '一、', '一、制造业企业… and its 本条所称制造业企业'],
  ['112_20210013.txt', 3, undefined, 'the preamble 为进一步激励企业加大研发投入'],
  ['113_20230007.txt', 6, '三、', '三、本公告自2023年1月1日起执行'],
  ['113_20230007.txt', 8, undefined, 'the signature 财政部 税务总局'],
  ['114_20230044.txt', 6, '二、（一）', '二、第一条所称集成电路企业 › （一）国家鼓励的集成电路生产企业'],
  ['114_20230044.txt', 5, '二、', '二、第一条所称… (第一条 in a sentence is no article)'],
  ['115_20230037.txt', 4, '一、', '一、企业在2024年1月1日至2027年12月31日期间新购进的设备'],
  ['115_20230037.txt', 7, undefined, 'the date 2023年8月18日'],
  ['116_20220016.txt', 7, '四、', '四、本公告自2022年1月1日起执行。'],
  ['116_20220016.txt', 9, undefined, 'the date 2022年3月23日 below the signature'],
  ['121_93cd4506579c1f49.txt', 4, '二、', '二、纳税人购进农产品…'],
  ['121_93cd4506579c1f49.txt', 2, undefined, 'the 文号 …公告2019年第39号'],
  ['122_4ccfe405ceed1967.txt', 6, '第十条（二）1.', '第十条　增值税税率 › （二）…税率为9% › 1.农产品、食用植物油、食用盐'],
  ['122_4ccfe405ceed1967.txt', 12, '第十条（五）', '第十条 › （五）境内单位和个人跨境销售…'],
  ['122_4ccfe405ceed1967.txt', 2, undefined, 'the preamble 《中华人民共和国增值税法》已由…通过'],
  ['123_e6316c67fe18749a.txt', 1, undefined, 'only the title'],
  ['123_e6316c67fe18749a.txt', 2, undefined, 'only the 文号'],
  ['124_db172587c731ed9a.txt', 4, '二、', '二、增值税小规模纳税人适用3%征收率的应税销售收入…'],
  ['124_db172587c731ed9a.txt', 6, undefined, 'the signature 财政部 税务总局'],
]

// [sub-document (its rule file under hebei-2018/), line of 002, expected clause, the headings read]
const COMPILED: [string, number, string | undefined, string][] = [
  ['interpretations', 62, '河北省工业和信息化厅 三、（一）', '河北省工业和信息化厅 › 三、对支持民营企业发展的政策 › （一）技改资金支持政策'],
  ['interpretations', 174, '河北省财政厅 一、', '河北省财政厅 › 一、省级产业发展资金有关情况 (each issuer numbers afresh)'],
  ['interpretations', 13, undefined, '前言, under no numbered heading'],
  ['interpretations', 294, undefined, '工信领域 after 第二部分, which ends the 解读'],
  ['industrial-upgrading', 304, '一、', '一、总体要求和主要目标 (a sub-document starts afresh: no 解读 heading leaks in)'],
  ['industrial-upgrading', 340, '三、（一）1.', '三、构建现代工业产业体系 › （一）集中培植7个战略性新兴产业 › 1. 高端装备产业'],
  ['wanqi-transformation-plan', 487, undefined, 'the plan\'s preamble 为深化供给侧结构性改革'],
  ['wanqi-transformation-plan', 639, '四、（三）', '四、保障措施 › （三）加大资金支持'],
  ['petrochemical', 973, '附件2 一、（一）1．', '附件2 › 一、健全工作机制 › （一）抓好统筹协调 › 1．加强组织领导 (full-width point)'],
  ['petrochemical', 889, undefined, '2. 河北省石化工业…, the second of the notice\'s 附件：1. … list, which opens no item'],
  ['building-materials', 1238, '附件2 二、（二）1.', '附件2 › 二、突出转型重点 › （二）传统建材产业改造提升 › 1. 水泥行业'],
  ['steel-transformation', 1378, '附件 三、（三）', '附件 › 三、保障措施 › （三）加大政策支持'],
  ['specialty-products', 1503, '附件3 二、4.', '附件3 (羊绒) › 二、加强品牌培育 › 4. 打造清河羊绒区域品牌'],
  ['specialty-products', 1407, '五、', '五、强化督导 above the 附件：1. … 2. … list of the notice'],
  ['specialty-products', 1674, '附件7 五、18.', 'the second 五、 of 附件7 (五、支撑能力建设, so numbered twice in the text) › 18.'],
  ['sme-financing', 1698, '八、', '    八、完善融资担保体系 (indented)'],
  ['mass-innovation', 1875, '三、(十三）', '三、促进实体经济转型升级 › (十三）鼓励高校、科研院所… (mixed brackets)'],
  ['private-economy', 1987, '二、12.', '二、进一步减轻企业税费负担 › 12. 落实所得税政策 (full-width indent)'],
  ['county-fiscal', 2199, '九、', '九、建立困难县补助(奖励)制度 and its paragraph'],
  ['county-fiscal', 2159, undefined, 'the date 2018年10月21日 under the notice\'s signature'],
  ['asset-securitization', 2262, '第三章 第九条 1．', '第三章  资金的申报和发放 › 第九条  申报材料 › 1．资金申请报告'],
  ['asset-securitization', 2256, '第二章 第八条', '第二章 支持的对象和标准 › 第八条  对于成功发行…'],
  ['first-set-insurance', 2450, '第四条（一）', '第四条  生产首台（套）… › （一）在河北省行政区域内注册'],
  ['first-set-insurance', 2440, undefined, 'the title 河北省财政保险合作支持首台（套）…实施办法'],
  ['tax-vat-refund-2018', 2881, '三、（一）2.', '三、退还期末留抵税额的计算 › （一）可退还的期末留抵税额 › 2. 2015年1月1日后…'],
  ['tax-vat-refund-2018', 2930, '附件', '附件: › the table row 汽车制造业'],
  ['tax-income-tax-incentive-procedures', 3390, '第九条', '第九条  企业对优惠事项…'],
  ['tax-small-business-vat-exemption', 2970, undefined, 'a notice of one paragraph, numbering nothing'],
]

describe('the clause of a line, read by hand in each source', () => {
  it.each(WHOLE)('%s line %i is %s: %s', (file, line, expected) => {
    expect(clauseOf(file, line)).toBe(expected)
  })

  it.each(COMPILED)('002 sub-document %s, line %i is %s: %s', (sub, line, expected) => {
    expect(clauseOf(COMPILATION, line, sub)).toBe(expected)
  })

  it('reads at least two lines of every source text', () => {
    const read = (file: string) => (file === COMPILATION ? COMPILED : WHOLE.filter((w) => w[0] === file)).length
    expect(readdirSync(SOURCES_DIR).filter((f) => f.endsWith('.txt') && read(f) < 2)).toEqual([])
  })
})

describe('the numbering schemes', () => {
  const text = (...lines: string[]) => clauses(lines)
  it('nests 第X章 第X节 第X条 一、 （一） 1. （1） ①, each closed by its own or a higher level', () => {
    const c = text('第一章 总则', '第一节 适用', '第一条 为了', '一、甲', '（一）乙', '1.丙', '（1）丁', '①戊', '②己', '（2）庚', '第二节 其他', '第二条 又')
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12].map(c)).toEqual([
      '第一章',
      '第一章 第一节',
      '第一章 第一节 第一条',
      '第一章 第一节 第一条 一、',
      '第一章 第一节 第一条 一、（一）',
      '第一章 第一节 第一条 一、（一）1.',
      '第一章 第一节 第一条 一、（一）1.（1）',
      '第一章 第一节 第一条 一、（一）1.（1）①',
      '第一章 第一节 第一条 一、（一）1.（1）②',
      '第一章 第一节 第一条 一、（一）1.（2）',
      '第一章 第二节',
      '第一章 第二节 第二条',
    ])
  })

  it('takes full-width and half-width punctuation and indents of either width alike', () => {
    const c = text('　　二、甲', '  (三) 乙', '\t4．丙', '　(5)丁')
    expect([1, 2, 3, 4].map(c)).toEqual(['二、', '二、(三)', '二、(三)4．', '二、(三)4．(5)'])
  })

  it('opens no heading for a figure, a year or an article named in a sentence', () => {
    for (const t of ['1.5倍以上的部分', '2018年起', '第一条所称集成电路企业', '一是降低增值税税率', '10万元以下']) expect(headingOf(t)).toBeUndefined()
  })

  it('counts in Chinese numerals', () => {
    expect(['一', '十', '十三', '二十', '二十七', '一百'].map(chineseNumeral)).toEqual([1, 10, 13, 20, 27, 100])
  })

  it('joins labels as a reader says them', () => {
    expect(joinLabels(['第三章', '第十二条'])).toBe('第三章 第十二条')
    expect(joinLabels(['三、', '（二）'])).toBe('三、（二）')
    expect(joinLabels(['第十条', '（二）', '1.'])).toBe('第十条（二）1.')
    expect(joinLabels(['附件2', '一、'])).toBe('附件2 一、')
  })

  it('gives no clause outside the range asked', () => {
    const c = clauses(['一、甲', '二、乙', '三、丙'], [2, 3])
    expect([1, 2, 3].map(c)).toEqual([undefined, '二、', '三、'])
  })
})

// The labels a reader may search for at the start of a line: the innermost of a clause
const INNERMOST = /(附件\d*|第[一二三四五六七八九十百]+[章节条、]|[一二三四五六七八九十]+[、．.]|[（(][一二三四五六七八九十]+[）)]|\d{1,2}[.．、]|[（(]\d{1,2}[）)]|[①-⑳]|\p{Script=Han}+(?:部|局|署|厅|委|政府|委员会))$/u
const squeezed = (line: string) => line.replace(/^\s*\[bookmark:[^\]]*\]/, '').replace(/[\s:：]+/g, '')

describe('the clauses of the loaded rules', () => {
  const rules = loadRules()
  const own = new Map(ruleFiles().map((f) => [f, parseRuleFile(f).document.lines]))
  const spanOf = (document: string, line: number, ruleFile: string): Span => {
    const mine = own.get(join(ROOT, ruleFile))
    if (document !== COMPILATION) return [1, sourceLines(document)!.length]
    return [mine, ...subDocuments.values()].find((s): s is Span => !!s && line >= s[0] && line <= s[1])!
  }

  it('give nearly every rule a clause', () => {
    expect(rules.filter((r) => r.source.clause).length / rules.length).toBeGreaterThanOrEqual(0.9)
  })

  it('name, innermost, a label that starts a line at or above the cited one, within its document or sub-document', () => {
    const wrong: string[] = []
    for (const r of rules)
      for (const p of [r.source, ...r.source.alsoAt]) {
        if (!p.clause) continue
        const innermost = INNERMOST.exec(p.clause)![1]
        const [first] = spanOf(p.document, p.line, r.file)
        const lines = sourceLines(p.document)!.slice(first - 1, p.line)
        if (!lines.some((l) => squeezed(l).startsWith(innermost))) wrong.push(`${r.id}: ${p.document}:${p.line} ${p.clause}`)
      }
    expect(wrong).toEqual([])
  })

  it('reach the Answer: source.clause and each alsoAt clause', () => {
    const bot = new Bot(knowledge())
    const a = Answer.parse(bot.ask('嘉兴的软件企业，去年软件业务收入3500万，增长15%，能拿多少奖励？', newSession(), '2026-11-22'))
    const milestone = a.policies.find((p) => p.id === 'jiaxing-software-revenue-milestone')!
    expect(milestone.source).toMatchObject({ line: 50, clause: '四、（三）' })
    const restated = rules.find((r) => r.source.alsoAt.some((x) => x.clause))!
    const p = bot.policy(restated.id, {}, '2026-11-22')!
    expect(p.source.alsoAt).toEqual(restated.source.alsoAt)
    expect(p.source.alsoAt.some((x) => x.clause)).toBe(true)
  })
})
