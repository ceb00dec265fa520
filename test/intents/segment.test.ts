// Word segmentation with jieba's default dictionary plus our vocabularies.
import { describe, expect, it } from 'vitest'
import { segmenter, vocabulary } from '../../intents/segment.js'
import { knowledge } from '../../src/knowledge.js'

const k = knowledge()

describe('the segmenter', { timeout: 20_000 }, () => {
  it('builds its user dictionary from our vocabularies', () => {
    const words = new Set(vocabulary(k))
    // fact cues, place names and abbreviations, rule topics, certifications
    for (const w of ['软件业务收入', '嘉兴', '阳谷县', '石家庄', '多元件集成电路', 'CMMI', 'ITSS', '专精特新', '小巨人', '首版次']) expect(words, w).toContain(w)
    // cue phrases made for substring matching are no words
    for (const w of ['主持了', '我们主持']) expect(words, w).not.toContain(w)
  })

  it('keeps our words whole and still knows ordinary Chinese', () => {
    const s = segmenter(k)
    expect(s.cut('专精特新小巨人有什么奖励')).toEqual(['专精特新', '小巨人', '有', '什么', '奖励'])
    expect(s.cut('首版次软件产品怎么认定')).toContain('首版次软件产品')
    expect(s.cut('多元件集成电路呢')).toEqual(['多元件集成电路', '呢'])
    expect(s.cut('嘉兴 CMMI 五级').filter((w) => w.trim())).toEqual(['嘉兴', 'CMMI', '五级'])
    expect(s.cut('那要准备啥材料')).toContain('材料')
    expect(s.known('itss')).toBe(true)
    expect(s.known('今天')).toBe(false)
  })
})
