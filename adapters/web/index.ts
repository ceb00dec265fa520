// The web chat: the page at / (with its script and style) and the chat socket behind it.
// botkit is unmaintained and trusts the browser's `user` id (shared/design/channels.md): it
// stays in this folder, and who is talking is decided by the cookie issued here.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Adapter } from '../../src/app.js'
import { sendPage } from '../../src/http.js'
import { ROOT } from '../../src/paths.js'
import { startChatSocket } from './chat-socket.js'
import { ChatSessions, sessionSecret } from './session.js'

// served from the source folder: tsc compiles only the .ts files
const PAGE_DIR = join(ROOT, 'adapters', 'web', 'page')

function page(name: string, type: string) {
  const body = readFileSync(join(PAGE_DIR, name), 'utf8')
  return { body, type }
}

export const web: Adapter = {
  name: 'web chat',
  enabled: () => true,
  async start(ctx) {
    const sessions = new ChatSessions(sessionSecret(ctx.config))
    const files = {
      html: page('index.html', 'text/html; charset=utf-8'),
      js: page('chat.js', 'text/javascript; charset=utf-8'),
      css: page('chat.css', 'text/css; charset=utf-8'),
    }
    ctx.http.route('GET', '/', (req, res) => {
      sessions.issue(req, res)
      res.setHeader('cache-control', 'no-store')
      sendPage(res, files.html.body, files.html.type)
    })
    // the page calls this before each (re)connect, so a cookie that expired while the tab stayed open is replaced
    ctx.http.route('GET', '/chat/session', (req, res) => {
      sessions.issue(req, res)
      res.writeHead(204, { 'cache-control': 'no-store' }).end()
    })
    ctx.http.route('GET', '/chat/chat.js', (_req, res) => sendPage(res, files.js.body, files.js.type))
    ctx.http.route('GET', '/chat/chat.css', (_req, res) => sendPage(res, files.css.body, files.css.type))

    const chat = startChatSocket(ctx, sessions)
    return { stop: chat.stop, describe: '网页对话 {base}/' }
  },
}
