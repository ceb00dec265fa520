// What every adapter turns a platform event into (shared/design/channels.md): platform types
// never leave adapters/<name>/.
import { z } from 'zod'

export const Channel = z.enum(['wechat', 'feishu', 'web', 'api', 'terminal', 'wecom-kf'])
export type Channel = z.infer<typeof Channel>

export const InboundMessage = z.object({
  channel: Channel,
  platformMsgId: z.string().min(1),
  conversation: z.object({ chatId: z.string().min(1), isGroup: z.boolean() }),
  sender: z.object({ id: z.string().min(1), role: z.enum(['user', 'official', 'self']).default('user') }),
  text: z.string(), // the bot's @-mention already stripped
  mentionsBot: z.boolean().default(false),
  platformTime: z.number().optional(), // ms since epoch, when the platform says
})
export type InboundMessage = z.input<typeof InboundMessage>

/** One conversation per person: in a group each member keeps their own facts. */
export const sessionKey = (m: InboundMessage) =>
  m.conversation.isGroup ? `${m.channel}:${m.conversation.chatId}:${m.sender.id}` : `${m.channel}:${m.conversation.chatId}`
