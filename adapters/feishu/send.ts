// Talking to the Feishu open API through the SDK's Client: cards sent to a chat or a person, in
// reply to a message, and patched after a card action. Every send carries a uuid so a retry
// (ours or after a crash) is delivered once; transient failures are retried, the last one thrown.
import { createHash } from 'node:crypto'
import * as lark from '@larksuiteoapi/node-sdk'
import type { Config } from '../../src/config.js'
import type { Logger } from '../../src/log.js'
import { withRetry } from '../../src/outbound.js'
import type { Card } from './card.js'

/** A failure the open API reported (its code and message), or that the call could not reach it. */
export class FeishuApiError extends Error {
  name = 'FeishuApiError'
  constructor(
    message: string,
    readonly code: number | null,
    readonly retryable: boolean,
  ) {
    super(message)
  }
}

// rate limits: worth waiting for; anything else the API refuses will be refused again
const RETRY_CODES = new Set([99991400, 230020, 11232, 11233])

/** Feishu keeps a uuid for an hour and at most 50 characters: the same parts give the same key. */
export const idempotencyKey = (...parts: string[]) => createHash('sha256').update(parts.join('\n')).digest('hex').slice(0, 32)

/** The SDK's own log lines go to ours (masked, secrets redacted), at warn: they are about failures. */
export function sdkLogger(log: Logger) {
  const line = (msg: unknown[]) =>
    msg
      .map((m) => (typeof m === 'string' ? m : JSON.stringify(m)))
      .join(' ')
      .slice(0, 2000)
  const to = (level: 'warn' | 'debug') => (...msg: unknown[]) => log[level]({ sdk: line(msg) }, 'feishu sdk')
  return { error: to('warn'), warn: to('warn'), info: to('debug'), debug: to('debug'), trace: to('debug') }
}

export const feishuDomain = (config: Config): string | lark.Domain => config.FEISHU_DOMAIN?.replace(/\/+$/, '') ?? lark.Domain.Feishu

/** The SDK's HTTP calls without a time limit would hang a turn forever on a stalled connection. */
export function withTimeout(base: lark.HttpInstance, ms: number): lark.HttpInstance {
  const t = <O extends { timeout?: number }>(o?: O) => ({ timeout: ms, ...o }) as O
  return {
    request: (o) => base.request(t(o)),
    get: (u, o) => base.get(u, t(o)),
    delete: (u, o) => base.delete(u, t(o)),
    head: (u, o) => base.head(u, t(o)),
    options: (u, o) => base.options(u, t(o)),
    post: (u, d, o) => base.post(u, d, t(o)),
    put: (u, d, o) => base.put(u, d, t(o)),
    patch: (u, d, o) => base.patch(u, d, t(o)),
  }
}

export const HTTP_TIMEOUT_MS = 10_000

export function createLarkClient(config: Config, log: Logger): lark.Client {
  return new lark.Client({
    appId: config.FEISHU_APP_ID!,
    appSecret: config.FEISHU_APP_SECRET!,
    domain: feishuDomain(config),
    // the SDK types its own instance as axios's; it is the HttpInstance its Client takes
    httpInstance: withTimeout(lark.defaultHttpInstance as unknown as lark.HttpInstance, HTTP_TIMEOUT_MS),
    loggerLevel: lark.LoggerLevel.error,
    logger: sdkLogger(log),
  })
}

interface ApiBody {
  code?: number
  msg?: string
  data?: { message_id?: string }
}

function classify(e: unknown): FeishuApiError {
  if (e instanceof FeishuApiError) return e
  const err = e as { response?: { status?: number; data?: ApiBody }; message?: string; isAxiosError?: boolean }
  if (err?.response) {
    const status = err.response.status ?? 0
    const code = err.response.data?.code ?? null
    const retry = status === 429 || status >= 500 || (code !== null && RETRY_CODES.has(code))
    return new FeishuApiError(`HTTP ${status}${code !== null ? ` code ${code}` : ''}: ${err.response.data?.msg ?? err.message ?? ''}`, code, retry)
  }
  // no response at all: the network, a timeout, or the token endpoint unreachable
  return new FeishuApiError(String(err?.message ?? e), null, Boolean(err?.isAxiosError))
}

function checked(body: ApiBody | undefined): ApiBody {
  if (!body || (body.code !== undefined && body.code !== 0))
    throw new FeishuApiError(`code ${body?.code}: ${body?.msg ?? 'no body'}`, body?.code ?? null, body?.code !== undefined && RETRY_CODES.has(body.code))
  return body
}

export type ReceiveIdType = 'chat_id' | 'open_id' | 'user_id' | 'union_id' | 'email'

export class FeishuClient {
  private botId?: Promise<string | undefined>
  private botIdRetryAt = 0

  constructor(
    readonly sdk: lark.Client,
    private retry = { tries: 4, firstWaitMs: 500 },
  ) {}

  /** Retries what may pass next time; gives up at once on what the API refuses for good. */
  private async call(work: () => Promise<ApiBody | undefined>): Promise<ApiBody> {
    let fatal: FeishuApiError | undefined
    const body = await withRetry(
      async () => {
        try {
          return checked(await work())
        } catch (e) {
          const err = classify(e)
          if (!err.retryable) {
            fatal = err
            return undefined
          }
          throw err
        }
      },
      this.retry.tries,
      this.retry.firstWaitMs,
    ).catch((e) => {
      throw classify(e)
    })
    if (fatal || !body) throw fatal ?? new FeishuApiError('no body', null, false)
    return body
  }

  /** Replies to a message; the default uuid makes a second reply to the same message a no-op. Returns the new message's id. */
  async replyCard(messageId: string, card: Card, uuid = idempotencyKey('reply', messageId)): Promise<string | undefined> {
    const body = await this.call(() =>
      this.sdk.im.v1.message.reply({ path: { message_id: messageId }, data: { msg_type: 'interactive', content: JSON.stringify(card), uuid } }),
    )
    return body.data?.message_id
  }

  /** Plain text in reply: what is left when a card is refused. */
  async replyText(messageId: string, text: string, uuid = idempotencyKey('reply-text', messageId)): Promise<string | undefined> {
    const body = await this.call(() =>
      this.sdk.im.v1.message.reply({ path: { message_id: messageId }, data: { msg_type: 'text', content: JSON.stringify({ text }), uuid } }),
    )
    return body.data?.message_id
  }

  /** Sends a card to a chat (or a person by open_id); pass a uuid derived from what caused the send. */
  async sendCard(receiveId: string, card: Card, uuid: string, receiveIdType: ReceiveIdType = 'chat_id'): Promise<string | undefined> {
    const body = await this.call(() =>
      this.sdk.im.v1.message.create({
        params: { receive_id_type: receiveIdType },
        data: { receive_id: receiveId, msg_type: 'interactive', content: JSON.stringify(card), uuid },
      }),
    )
    return body.data?.message_id
  }

  /** Replaces a sent card (after a card action has been answered within its 3 s). */
  async patchCard(messageId: string, card: Card): Promise<void> {
    await this.call(() => this.sdk.im.v1.message.patch({ path: { message_id: messageId }, data: { content: JSON.stringify(card) } }))
  }

  /**
   * The bot's own open_id, to tell an @ of the bot from an @ of someone else in a group.
   * Asked once; after a failure, asked again a minute later (meanwhile: unknown).
   */
  botOpenId(now = Date.now()): Promise<string | undefined> {
    if (!this.botId && now >= this.botIdRetryAt) {
      this.botId = this.sdk
        .request<{ bot?: { open_id?: string }; data?: { bot?: { open_id?: string } } }>({ method: 'GET', url: '/open-apis/bot/v3/info' })
        .then((r) => r?.bot?.open_id ?? r?.data?.bot?.open_id)
        .catch(() => undefined)
        .then((id) => {
          if (!id) {
            this.botId = undefined
            this.botIdRetryAt = Date.now() + 60_000
          }
          return id
        })
    }
    return this.botId ?? Promise.resolve(undefined)
  }
}
