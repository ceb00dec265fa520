// One HTTP server for every page and endpoint: a small router on node:http, with the body and
// error handling every route needs. Routes are added by the adapters that own them.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { Logger } from './log.js'
import type { RateLimiter } from './ratelimit.js'

export type Handler = (req: IncomingMessage, res: ServerResponse, params: Record<string, string>, url: URL) => unknown

/** An error the client caused: its status and a message in the user's language. */
export class HttpError extends Error {
  constructor(
    public status: number,
    message: string,
  ) {
    super(message)
  }
}

export const MAX_BODY = 16 * 1024
/** The most any route reads: a larger body is refused before any route sees it. */
export const MAX_ANY_BODY = 1024 * 1024

/** After a 413, the rest of the body is read and dropped so the client reads the status; a client still sending past this much or this long is cut off. */
const DRAIN_AT_MOST = 16 * 1024 * 1024
const DRAIN_MS = 10_000

const tooLarge = (limit: number) => new HttpError(413, `请求内容过大（上限 ${limit} 字节）`)

/**
 * The body as text, or a 413 as soon as it is known to exceed `limit` (from Content-Length, or
 * once that many bytes came): the rest is not buffered.
 */
export function readBody(req: IncomingMessage, limit = MAX_BODY): Promise<string> {
  if (Number(req.headers['content-length']) > limit) return Promise.reject(tooLarge(limit))
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    // not `for await`: leaving that loop early destroys the socket, and the 413 with it
    const onData = (chunk: Buffer) => {
      size += chunk.length
      if (size <= limit) return void chunks.push(chunk)
      req.off('data', onData).off('end', onEnd)
      reject(tooLarge(limit))
    }
    const onEnd = () => resolve(Buffer.concat(chunks).toString('utf8'))
    req.on('data', onData).on('end', onEnd).on('error', reject)
  })
}

/** Reads and drops what is left of a refused body, within bounds, so the response is read before the connection ends. */
function drain(req: IncomingMessage) {
  if (req.complete) return
  let bytes = 0
  const cut = () => req.socket.destroy()
  const timer = setTimeout(cut, DRAIN_MS).unref()
  req.on('data', (chunk: Buffer) => (bytes += chunk.length) > DRAIN_AT_MOST && cut())
  req.once('close', () => clearTimeout(timer))
  req.resume()
}

export async function readJson(req: IncomingMessage, limit = MAX_BODY): Promise<unknown> {
  const type = req.headers['content-type'] ?? ''
  if (type && !/json/i.test(type)) throw new HttpError(415, '请以 application/json 发送')
  const body = await readBody(req, limit)
  try {
    return JSON.parse(body)
  } catch {
    throw new HttpError(400, '请求不是有效的 JSON')
  }
}

/** The `asOf` date of a query (default: today), or a 400 saying what is wrong with it. */
export function asOfParam(url: URL, today: () => string): string {
  const asOf = url.searchParams.get('asOf') ?? today()
  if (!/^\d{4}-\d{2}-\d{2}$/.test(asOf)) throw new HttpError(400, 'asOf 需要日期 YYYY-MM-DD')
  return asOf
}

export function sendJson(res: ServerResponse, status: number, body: unknown) {
  const text = JSON.stringify(body)
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), 'x-content-type-options': 'nosniff' })
  res.end(text)
}

export function sendPage(res: ServerResponse, html: string, type = 'text/html; charset=utf-8') {
  res.writeHead(200, {
    'content-type': type,
    'x-content-type-options': 'nosniff',
    // pages run only their own scripts: nothing a user typed can run as code
    'content-security-policy': "default-src 'self'; connect-src 'self' ws: wss:; img-src 'self' data:; style-src 'self' 'unsafe-inline'",
  })
  res.end(html)
}

interface Route {
  method: string
  pattern: RegExp
  names: string[]
  handler: Handler
}

export class HttpServer {
  readonly server: Server
  private routes: Route[] = []

  /** `perAddress` counts every request of a client address, whatever the route (null: no limit). */
  constructor(
    private log: Logger,
    private perAddress: RateLimiter | null = null,
  ) {
    this.server = createServer((req, res) => void this.dispatch(req, res))
  }

  /** `path` may hold `:name` parts, given to the handler as params. */
  route(method: string, path: string, handler: Handler): this {
    const names: string[] = []
    const pattern = new RegExp(`^${path.replace(/:(\w+)/g, (_, n) => (names.push(n), '([^/]+)'))}$`)
    this.routes.push({ method, pattern, names, handler })
    return this
  }

  listen(port: number, host: string): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject)
      this.server.listen(port, host, () => {
        const a = this.server.address()
        resolve(typeof a === 'object' && a ? a.port : port)
      })
    })
  }

  close(): Promise<void> {
    this.server.closeAllConnections()
    return new Promise((resolve) => this.server.close(() => resolve()))
  }

  private async dispatch(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://localhost')
    try {
      const wait = this.perAddress?.take(req.socket.remoteAddress ?? '') ?? 0
      if (wait) {
        res.setHeader('retry-after', String(Math.ceil(wait / 1000)))
        throw new HttpError(429, `请求太频繁，请 ${Math.ceil(wait / 1000)} 秒后再试`)
      }
      if (Number(req.headers['content-length']) > MAX_ANY_BODY) throw tooLarge(MAX_ANY_BODY)
      const matches = this.routes.filter((r) => r.pattern.test(url.pathname))
      if (!matches.length) throw new HttpError(404, '没有这个地址')
      const route = matches.find((r) => r.method === req.method)
      if (!route) throw new HttpError(405, `此地址不接受 ${req.method}`)
      const m = url.pathname.match(route.pattern)!
      let params: Record<string, string>
      try {
        params = Object.fromEntries(route.names.map((n, i) => [n, decodeURIComponent(m[i + 1])]))
      } catch {
        throw new HttpError(400, '地址编码有误')
      }
      await route.handler(req, res, params, url)
    } catch (e) {
      if (res.headersSent) return void res.end()
      if (e instanceof HttpError) {
        if (e.status === 413) drain(req)
        return sendJson(res, e.status, { error: e.message })
      }
      this.log.error({ err: e, path: url.pathname }, 'request failed')
      sendJson(res, 500, { error: '服务器内部错误，请稍后再试' })
    }
  }
}
