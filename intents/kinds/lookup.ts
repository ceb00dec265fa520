// a document by 文号, title or clause
import type { IntentKind } from './kind.js'

export const lookup: IntentKind = {
  intent: 'lookup',
  pattern: /〔\d{4}〕|\[\d{4}\]|第[一二三四五六七八九十\d]+条|文号/,
  confidence: 0.75,
  examples: ['冀财金〔2016〕27号第五条', '第九条讲的什么', '这个文件的文号是什么'],
}
