// The JSON API: POST /api/ask, GET /api/policies?q=, GET /api/policies/:id, GET /healthz.
import { randomUUID } from 'node:crypto'
import { z } from 'zod'
import type { Adapter } from '../../src/app.js'
import { MAX_QUESTION } from '../../src/conversation.js'
import { asOfParam, HttpError, readJson, sendJson } from '../../src/http.js'
import { callerOf, keyId } from './api-keys.js'

const AskBody = z.object({
  question: z.string({ error: '需要 question（字符串）' }).trim().min(1, 'question 不能为空').max(MAX_QUESTION, `question 不能超过 ${MAX_QUESTION} 个字符`),
  session: z.string({ error: 'session 需要是字符串' }).trim().min(1, 'session 不能为空').max(200, 'session 不能超过 200 个字符').optional(),
  // a client's own id makes a retried POST answer once
  messageId: z.string({ error: 'messageId 需要是字符串' }).min(1, 'messageId 不能为空').max(200, 'messageId 不能超过 200 个字符').optional(),
})


export const api: Adapter = {
  name: 'JSON API',
  required: true,
  enabled: () => true,
  async start({ http, conversations, bot, today, admit, config, health }) {
    const keys = new Set(config.API_KEYS.map(keyId))
    http.route('GET', '/healthz', (_req, res) => sendJson(res, 200, health.snapshot()))
    http.route('POST', '/api/ask', async (req, res) => {
      const parsed = AskBody.safeParse(await readJson(req, MAX_QUESTION * 4 + 1024))
      if (!parsed.success) {
        const issue = parsed.error.issues[0]
        throw new HttpError(issue.code === 'too_big' ? 413 : 400, issue.message.startsWith('Invalid input') ? `${issue.path.join('.')} 有误` : issue.message)
      }
      const { question, session, messageId } = parsed.data
      // a conversation is the key's: without one, the session id and message id are ignored
      const caller = callerOf(req, keys)
      const scoped = caller && session ? `${caller}:${session}` : undefined
      const wait = admit(req.socket.remoteAddress ?? '', scoped)
      if (wait) {
        res.setHeader('retry-after', String(Math.ceil(wait / 1000)))
        throw new HttpError(429, `提问太频繁，请 ${Math.ceil(wait / 1000)} 秒后再试`)
      }
      const turn = await conversations.handle(
        {
          channel: 'api',
          platformMsgId: scoped && messageId ? `${scoped}:${messageId}` : randomUUID(),
          conversation: { chatId: scoped ?? `once-${randomUUID()}`, isGroup: false },
          sender: { id: scoped ?? 'anonymous' },
          text: question,
        },
        { remember: scoped !== undefined, redelivered: scoped !== undefined && messageId !== undefined },
      )
      if (!turn) throw new HttpError(409, '这条消息已经回答过（messageId 重复）')
      sendJson(res, 200, { answer: turn.answer, remembered: scoped !== undefined })
    })
    http.route('GET', '/api/policies', (_req, res, _p, url) => {
      const q = (url.searchParams.get('q') ?? '').trim()
      if (!q) throw new HttpError(400, '需要查询词 q，例如 /api/policies?q=嘉兴 CMMI 五级')
      if (q.length > 200) throw new HttpError(413, '查询词不能超过 200 个字符')
      const asOf = asOfParam(url, today)
      sendJson(res, 200, { results: bot.lookup(q, asOf, Math.min(Number(url.searchParams.get('limit')) || 10, 50)) })
    })
    http.route('GET', '/api/policies/:id', (_req, res, { id }, url) => {
      const asOf = asOfParam(url, today)
      const policy = bot.policy(id, {}, asOf)
      if (!policy) throw new HttpError(404, `没有编号为 ${id} 的政策条款`)
      sendJson(res, 200, { policy })
    })
    return { stop: async () => {}, describe: 'API {base}/api/ask  {base}/api/policies?q=  {base}/healthz' }
  },
}
