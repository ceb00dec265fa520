// Does a follow-up name a subject of its own (那研发的呢 does, 要准备啥材料 does not)? Its words,
// as jieba cuts them with our vocabulary, less conversational words, figures and places, are what
// it is about. Whole words, not characters: 多 is chatter, 多元件集成电路 is a product; 表 is
// chatter, 代表 is not; 个 is chatter, 个税 is not.
import { segmenter, type Vocabulary } from '../../intents/segment.js'

// conversational words that name no subject; a word made only of them (那要, 能否) is one too
const CHATTER = new Set(
  ('那么 那 要是 如果 假如 若是 换成 呢 吗 吧 啊 了 的 我们 我 公司 企业 这个 那个 这样 多少 能不能 能否 可以 能 还 也 都 又 再 ' +
    '的话 换 换到 搬到 放到 挪到 要交 交 去 哪儿 哪里 在哪 到哪 办理 有没有 没有 有 是不是 不是 是 超过 超 过 到 冲到 达到 肯定 大概 左右 明年 今年 去年 前年 以后 之后 现在 时间 截止 材料 准备 要 啥 ' +
    '什么 怎么 哪些 哪个 谁 交给 申请 提交 填 表 给 拿 奖励 补贴 多 少 呀 哦 对 正式 文件 靠谱 钱 这 个 们 问下 问 一下 另外 还有 情况 ' +
    '部分 情形 补 奖 退 扣 领 批 报 办 咋 咋办 怎样 如何 请问 想 知道 一 下 就 会 该 应该 需要 需 得 比较 可 按 算 行 对吧 好 嗯 喔 哈 ' +
    // words pointing back at what was said name no new subject
    '刚才 刚刚 之前 前面 上面 说回 回到 那件事 这件事 事儿 那条 这条 那项 这项 刚说的 ' +
    // a correction names no subject either
    '不对 看错 说错 报错 写错 搞错 记错 弄错 填错 更正 纠正 其实 应该是 算是 不好意思 抱歉')
    .split(' '),
)
const FIGURE = /^(?:[\d.%％]+|[零〇一二两三四五六七八九十百千万亿]+[万亿元级年月人个家项]?|[\d.]+[万亿元级年月人个家项wW]+)$/

/** Can the word be cut into words of these sets only? */
function madeOf(word: string, ...sets: Set<string>[]): boolean {
  const ok = [true, ...new Array(word.length).fill(false)]
  for (let i = 0; i < word.length; i++) {
    if (!ok[i]) continue
    for (let n = 1; i + n <= word.length; n++) if (sets.some((s) => s.has(word.slice(i, i + n)))) ok[i + n] = true
  }
  return ok[word.length]
}
const chatter = (word: string) => madeOf(word, CHATTER)

const CHATTER_RUN = new RegExp([...CHATTER].sort((a, b) => b.length - a.length).join('|'), 'g')

/**
 * The words of a message that name what it is about. Characters jieba leaves single (靠/谱 of an
 * unknown 靠谱) are read together, less the conversational words among them.
 */
export function subjectWords(text: string, v: Vocabulary): string[] {
  const out: string[] = []
  let run = ''
  const flush = () => {
    for (const rest of run.replace(CHATTER_RUN, ' ').split(' ')) if (rest) out.push(rest)
    run = ''
  }
  for (const w of segmenter(v).cut(text)) {
    if (/^[\u4e00-\u9fff]$/.test(w)) {
      run += w
      continue
    }
    flush()
    if (/[\u4e00-\u9fff]|[A-Za-z]/.test(w) && !chatter(w)) out.push(w)
  }
  flush()
  return out.filter((w) => !FIGURE.test(w) && v.regions.canonical(w) === undefined)
}

/** A word of our vocabulary (ITSS, 首版次) is a subject by itself; otherwise two characters of content. */
export function hasSubject(text: string, v: Vocabulary): boolean {
  const words = subjectWords(text, v)
  const seg = segmenter(v)
  if (words.some((w) => w.length >= 2 && seg.known(w))) return true
  const units = words.reduce((n, w) => n + (/^[A-Za-z]/.test(w) ? 1 : w.length), 0)
  return units >= 2
}

const cueSets = new WeakMap<object, Set<string>>()
/** The cue words of the facts catalogue: 软件收入, 增长, 集成电路. */
function cueWords(v: Vocabulary): Set<string> {
  let set = cueSets.get(v)
  if (!set) {
    set = new Set(Object.values(v.facts).filter((f) => !f.itemNames).flatMap((f) => [...f.cues, ...(f.values ?? []).flatMap((x) => x.cues)]).filter((c) => c.length >= 2))
    cueSets.set(v, set)
  }
  return set
}

/**
 * The items of our vocabulary a message names that are neither facts about the enterprise
 * (软件收入, 增长) nor in the policies just discussed (`lastTexts`): 多元件集成电路 after a talk
 * about 5% products. Words outside the vocabulary (看错, 靠谱) name no item.
 */
export function newItems(text: string, v: Vocabulary, lastTexts: string[]): string[] {
  const cues = cueWords(v)
  const seg = segmenter(v)
  return subjectWords(text, v).filter((w) => w.length >= 2 && seg.known(w) && !madeOf(w, cues, CHATTER) && !lastTexts.some((t) => t.includes(w)))
}
