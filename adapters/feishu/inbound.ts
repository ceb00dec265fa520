// An `im.message.receive_v1` event (as the SDK's EventDispatcher hands it over: header and event
// fields side by side) → the InboundMessage the core takes. Feishu types stay in this folder.
import { z } from 'zod'
import type { InboundMessage } from '../../src/inbound.js'

const Mention = z.object({
  key: z.string(),
  id: z.object({ open_id: z.string().optional(), user_id: z.string().optional(), union_id: z.string().optional() }).optional(),
  name: z.string().optional(),
})
type Mention = z.infer<typeof Mention>

export const ReceiveMessageEvent = z.object({
  event_id: z.string().optional(),
  sender: z.object({
    sender_id: z.object({ open_id: z.string().optional(), user_id: z.string().optional(), union_id: z.string().optional() }).optional(),
    sender_type: z.string(),
  }),
  message: z.object({
    message_id: z.string().min(1),
    root_id: z.string().optional(), // set on replies in a thread: the message the thread hangs from
    parent_id: z.string().optional(),
    chat_id: z.string().min(1),
    chat_type: z.string(),
    message_type: z.string(),
    content: z.string(),
    create_time: z.string(),
    mentions: z.array(Mention).optional(),
  }),
})
export type ReceiveMessageEvent = z.infer<typeof ReceiveMessageEvent>

// a rich-text (post) message: paragraphs of elements, sometimes wrapped in a locale
const PostElement = z.object({ tag: z.string(), text: z.string().optional(), user_id: z.string().optional(), user_name: z.string().optional() })
const PostBody = z.object({ title: z.string().optional(), content: z.array(z.array(PostElement)) })
const Post = z.union([PostBody, z.record(z.string(), PostBody).transform((locales) => Object.values(locales)[0])])

function rawText(type: string, content: string): string | null {
  let json: unknown
  try {
    json = JSON.parse(content)
  } catch {
    return null
  }
  if (type === 'text') {
    const t = z.object({ text: z.string() }).safeParse(json)
    return t.success ? t.data.text : null
  }
  if (type === 'post') {
    const p = Post.safeParse(json)
    if (!p.success || !p.data) return null
    const lines = p.data.content.map((para) => para.map((e) => (e.tag === 'at' ? (e.user_id ?? '') : (e.text ?? ''))).join(''))
    return [p.data.title, ...lines].filter(Boolean).join('\n')
  }
  return null // images, files, stickers: nothing the bot can read
}

/** Without the bot's open_id any @ may be the bot: Feishu delivers group messages only when the bot is @-ed, unless the app may read every group message. */
const isBot = (m: Mention, botOpenId?: string) => m.key !== '@_all' && (botOpenId ? m.id?.open_id === botOpenId : true)

/** The text a person typed: the bot's @ removed, other people's @ as their names, @所有人 dropped. */
export function messageText(type: string, content: string, mentions: Mention[] = [], botOpenId?: string): string | null {
  let text = rawText(type, content)
  if (text === null) return null
  for (const m of [...mentions].sort((a, b) => b.key.length - a.key.length)) // @_user_10 before @_user_1
    text = text.split(m.key).join(isBot(m, botOpenId) ? ' ' : m.name ? `@${m.name}` : '')
  return text
    .replace(/@_all\b/g, ' ')
    .split('\n')
    .map((line) => line.replace(/[ \t]{2,}/g, ' ').trim())
    .join('\n')
    .trim()
}

/** The message for the core, or null when it is nothing the bot can read. */
export function toInbound(event: ReceiveMessageEvent, botOpenId?: string): InboundMessage | null {
  const { message, sender } = event
  const senderId = sender.sender_id?.open_id ?? sender.sender_id?.user_id ?? sender.sender_id?.union_id
  if (!senderId) return null
  const text = messageText(message.message_type, message.content, message.mentions, botOpenId)
  if (text === null) return null
  const time = Number(message.create_time)
  return {
    channel: 'feishu',
    platformMsgId: message.message_id,
    conversation: { chatId: message.chat_id, isGroup: message.chat_type === 'group' },
    sender: { id: senderId, role: sender.sender_type === 'app' ? 'self' : 'user' },
    text,
    mentionsBot: (message.mentions ?? []).some((m) => isBot(m, botOpenId)),
    platformTime: Number.isFinite(time) && time > 0 ? time : undefined,
  }
}
