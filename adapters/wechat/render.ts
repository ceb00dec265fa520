// An Answer as WeChat shows it: plain text (WeChat renders no markdown), pieces that fit one
// message, cut at paragraph ends.
import type { Answer } from '../../src/answer/schema.js'
import { splitReply } from '../../src/outbound.js'

/** WeChat takes longer texts, but accounts sending walls of text get limited; 1,800 leaves room. */
export const WECHAT_MAX_CHARS = 1800

/** The reply as a phone shows it well: no markdown marks, no runs of blank lines, no trailing spaces. */
export function toWechatText(answer: Answer): string {
  return answer.reply
    .replace(/\r\n?/g, '\n')
    .replace(/\*\*(.+?)\*\*/g, '$1')
    .replace(/^#{1,6}\s+/gm, '')
    .replace(/[ \t]+$/gm, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim()
}

/** Pieces of at most `max` characters once `prefix` (the @-mention of the asker) is put before the first. */
export function wechatPieces(answer: Answer, max = WECHAT_MAX_CHARS, prefix = ''): string[] {
  return splitReply(toWechatText(answer), Math.max(1, max - prefix.length))
}
