// An Answer as WeChat shows it: plain text, since WeChat renders no markdown.
import type { Answer } from '../../src/answer/schema.js'

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
