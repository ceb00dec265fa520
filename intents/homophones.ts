// One mistyped character that sounds like the right one (融资担宝 for 担保, 集成电录 for 电路): a
// pair of characters the policy texts use at most twice, which sounds like exactly one pair the policies' names
// (titles, topics) use sharing one of its characters, is read as that pair, provided it then makes
// four characters of a policy's name with its neighbours (融资担保, 集成电路) and the character
// changed makes no common word with its other neighbour. The words are the search index's; the
// sounds come from dist/sounds.json (scripts/build-sounds.mjs).
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { ROOT } from '../src/paths.js'

export type Sounds = Record<string, string[]>
const LITTLE = /[不没的了是在有和与或吗呢吧啊呀也都就还又很把被给对向从到说要会能可这那个些么啥几去各共先想找做里天零〇一二两三四五六七八九十百千万亿]/
export const SOUNDS_FILE = process.env.POLICY_GUIDE_SOUNDS ?? join(ROOT, 'dist', 'sounds.json')

/** What the policies' words say of a pair of characters (the search index answers). */
export interface Words {
  countOf(pair: string): number // how often the policies' words hold it
  named(pair: string): boolean // a policy's title or topics hold it
  names(words: string): boolean // a policy's title or topics say these words as they stand
}

export class Homophones {
  private alike = new Map<string, string[]>() // a character → the others with one of its sounds, as asked
  private bySound = new Map<string, string[]>()

  constructor(private words: Words, private sounds: Sounds) {
    for (const [c, readings] of Object.entries(sounds))
      for (const r of readings) {
        const same = this.bySound.get(r)
        if (same) same.push(c)
        else this.bySound.set(r, [c])
      }
  }

  private alikeOf(c: string): string[] {
    let out = this.alike.get(c)
    if (!out) this.alike.set(c, (out = [...new Set((this.sounds[c] ?? []).flatMap((r) => this.bySound.get(r) ?? []))].filter((x) => x !== c)))
    return out
  }

  /** The text with each such typo read as the texts' pair; the same text when there is none. */
  correct(text: string): string {
    let out = text
    for (let i = 0; i + 1 < out.length; i++) {
      const pair = out.slice(i, i + 2)
      // a pair the texts use often is no typo; one they use once or twice (液化气 in one list of
      // goods) may still be one where a policy's name fits around it (孵化气 → 孵化器)
      if (!/^[\u4e00-\u9fff]{2}$/.test(pair) || this.words.countOf(pair) > 2) continue
      const like = [...this.alikeOf(pair[0]).map((x) => x + pair[1]), ...this.alikeOf(pair[1]).map((x) => pair[0] + x)]
      const around = (c: string) => [out.slice(Math.max(0, i - 2), i) + c, out.slice(Math.max(0, i - 1), i) + c + out.slice(i + 2, i + 3), c + out.slice(i + 2, i + 4)]
      // a character that makes a common word with its other neighbour (高企研: 高企) is no typo,
      // nor is a little word, nor does one come of it (能报不, 低了)
      const common = (p: string) => p.length === 2 && (this.words.countOf(p) >= 3 || this.words.named(p))
      const sound = (c: string) => {
        const changed = c[0] !== pair[0] ? pair[0] : pair[1]
        const into = c[0] !== pair[0] ? c[0] : c[1]
        return !LITTLE.test(changed) && !LITTLE.test(into) && (c[0] !== pair[0] ? !common(out.slice(Math.max(0, i - 1), i) + pair[0]) : !common(pair[1] + out.slice(i + 2, i + 3)))
      }
      const fits = like.filter((c) => this.words.named(c) && sound(c) && around(c).some((w) => /^[\u4e00-\u9fff]{4}$/.test(w) && this.words.names(w)))
      if (fits.length === 1) out = out.slice(0, i) + fits[0] + out.slice(i + 2)
    }
    return out
  }
}

let sounds: Sounds | null | undefined
/** The corrector over these words, or null when the sounds were not built. */
export function homophonesOf(words: Words): Homophones | null {
  if (sounds === undefined) sounds = existsSync(SOUNDS_FILE) ? (JSON.parse(readFileSync(SOUNDS_FILE, 'utf8')) as Sounds) : null
  return sounds ? new Homophones(words, sounds) : null
}
