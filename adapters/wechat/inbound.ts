// A wechaty Message → the InboundMessage the core takes. Only translation: dropping the bot's
// own messages, group chatter without @, replays and duplicates is the core's job.
import { types, type Message } from 'wechaty'
import type { InboundMessage } from '../../src/inbound.js'

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/**
 * Removes "@Name" mentions of the bot. WeChat clients put U+2005 after a mention, copied or
 * typed ones have a plain space, and a mention can end the message ("问一下 @政策助手").
 */
export function stripMention(text: string, names: string[]): string {
  let out = text
  for (const name of new Set(names.filter(Boolean))) out = out.replace(new RegExp(`@${escape(name)}(?:[\\u2005 ]|$)`, 'g'), ' ')
  return out.replace(/\u2005/g, ' ').replace(/[ \t]{2,}/g, ' ').trim()
}

/** The names the bot is called by in this chat: its own and, in a room, its alias there. */
async function botNames(msg: Message): Promise<string[]> {
  const self = msg.wechaty.currentUser
  const alias = await msg.room()?.alias(self).catch(() => undefined)
  return [self.name(), alias ?? '']
}

/** null for what the bot does not read: images, voice, files, cards, system notices. */
export async function toInbound(msg: Message): Promise<InboundMessage | null> {
  if (msg.type() !== types.Message.Text) return null
  const talker = msg.talker()
  const room = msg.room()
  const self = msg.self()
  return {
    channel: 'wechat',
    platformMsgId: msg.id,
    // a private chat is named by the other person (for the bot's own message, the one it spoke to)
    conversation: { chatId: room ? room.id : self ? (msg.listener()?.id ?? talker.id) : talker.id, isGroup: Boolean(room) },
    sender: { id: talker.id, role: self ? 'self' : 'user' },
    text: self ? msg.text() : stripMention(msg.text(), await botNames(msg)),
    mentionsBot: room && !self ? await msg.mentionSelf() : false,
    platformTime: msg.date().getTime(),
  }
}
