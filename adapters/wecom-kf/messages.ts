// What kf/sync_msg hands back (developer.work.weixin.qq.com/document/path/94670), and where
// each message goes: a WeChat user's text to the core, anything else they send a "请发文字",
// events to the adapter. Platform types stay in this folder.
import { z } from 'zod'
import type { InboundMessage } from '../../src/inbound.js'

/** origin: 3 a WeChat user, 4 a system event, 5 an agent writing in the WeCom app. */
const FROM_USER = 3

export const KfEvent = z.looseObject({
  event_type: z.string(),
  open_kfid: z.string().optional(),
  external_userid: z.string().optional(),
  welcome_code: z.string().optional(),
  fail_msgid: z.string().optional(),
  fail_type: z.number().optional(),
})
export type KfEvent = z.infer<typeof KfEvent>

export const KfMessage = z.looseObject({
  msgid: z.string().min(1),
  open_kfid: z.string().min(1),
  external_userid: z.string().optional(),
  send_time: z.number(),
  origin: z.number(),
  msgtype: z.string(),
  text: z.object({ content: z.string() }).optional(),
  event: KfEvent.optional(),
})
export type KfMessage = z.infer<typeof KfMessage>

/** A WeChat user talking to one 客服 account: one conversation. */
export interface Person {
  openKfid: string
  externalUserId: string
}

// the conversation's chatId carries both ids, so an answer found later knows where to go
export const chatIdOf = (p: Person) => `${p.openKfid}/${p.externalUserId}`
export const personOf = (chatId: string): Person => {
  const at = chatId.indexOf('/')
  return { openKfid: chatId.slice(0, at), externalUserId: chatId.slice(at + 1) }
}
export const sessionOf = (p: Person) => `wecom-kf:${chatIdOf(p)}`

export type Sorted =
  | { kind: 'text'; person: Person; message: InboundMessage }
  | { kind: 'not_text'; person: Person }
  | { kind: 'event'; event: KfEvent }
  | { kind: 'ignored' }

/**
 * `resumed`: pulled after a stored cursor, so new to us whatever its age (a restart resumes);
 * without one the pull starts at WeCom's 3 days of history, which the core drops as replays.
 */
export function sort(m: KfMessage, resumed: boolean): Sorted {
  if (m.msgtype === 'event' && m.event) return { kind: 'event', event: m.event }
  if (m.origin !== FROM_USER || !m.external_userid) return { kind: 'ignored' }
  const person = { openKfid: m.open_kfid, externalUserId: m.external_userid }
  if (m.msgtype !== 'text' || !m.text) return { kind: 'not_text', person }
  return {
    kind: 'text',
    person,
    message: {
      channel: 'wecom-kf',
      platformMsgId: m.msgid,
      conversation: { chatId: chatIdOf(person), isGroup: false },
      sender: { id: m.external_userid, role: 'user' },
      text: m.text.content,
      platformTime: resumed ? undefined : m.send_time * 1000,
    },
  }
}
