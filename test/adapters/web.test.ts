// The web chat in a real headless Chromium against the running app: the page, the websocket
// through botkit's web adapter, sessions bound to the server's cookie.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { request } from 'node:http'
import type { Socket } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { web } from '../../adapters/web/index.js'
import { startApp, type App } from '../../src/app.js'
import { Config } from '../../src/config.js'
import { ROOT } from '../../src/paths.js'
import { launchBrowser, type TestBrowser } from '../browser.js'

const JIAXING = '我们嘉兴做软件的，去年营收三千五百万，涨了20%，能拿啥奖励？'
const DOCUMENTS = '那要准备啥材料？'
const POLICY = '软件业务收入新达到规模奖励'
const XSS = '<img src=x onerror=alert(1)>'
const SCREENSHOT = join(ROOT, 'docs', 'screenshots', 'web-chat.png')

let dir: string
let app: App
let browser: TestBrowser
let first: Page // the first visitor, kept across the tests below (they run in order)
const dialogs: string[] = []
const pageErrors: string[] = []
const upgraded: Socket[] = [] // the chat sockets on the server side, to cut them

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'pg-web-'))
  app = await startApp(Config.parse({ PORT: 0, DATA_DIR: dir, LOG_LEVEL: 'silent' }), [web])
  app.http.server.prependListener('upgrade', (_req, socket: Socket) => upgraded.push(socket))
  browser = await launchBrowser()
}, 20_000)

afterAll(async () => {
  await browser?.close()
  await app?.stop()
  if (dir) rmSync(dir, { recursive: true, force: true })
})

async function visit(): Promise<Page> {
  const page = await browser.newPage()
  page.on('dialog', (d) => {
    dialogs.push(d.message())
    void d.dismiss()
  })
  page.on('pageerror', (e) => pageErrors.push(e.message))
  page.on('console', (m) => m.type() === 'error' && pageErrors.push(m.text()))
  await page.goto(`${app.url}/`)
  return page
}

/** Types a question, presses Enter and returns the bot's answer to it. */
async function ask(page: Page, text: string): Promise<string> {
  const answers = page.locator('#log .msg.bot:not(.pending)')
  const before = await answers.count()
  await page.fill('#input', text)
  await page.press('#input', 'Enter')
  const answer = answers.nth(before)
  await answer.waitFor({ timeout: 10_000 })
  return (await answer.textContent()) ?? ''
}

/** The status a websocket handshake at /chat/socket gets with these headers (101: opened). */
const openSocket = (headers: { cookie?: string; origin?: string }) =>
  new Promise<number>((resolve, reject) => {
    const req = request(`${app.url}/chat/socket`, {
      headers: { connection: 'Upgrade', upgrade: 'websocket', 'sec-websocket-version': '13', 'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==', ...headers },
    })
    req.on('response', (res) => resolve(res.statusCode ?? 0))
    req.on('upgrade', (_res, socket) => (socket.destroy(), resolve(101)))
    req.on('error', reject)
    req.end()
  })

async function sessionCookie(page: Page) {
  return (await page.context().cookies()).find((c) => c.name === 'pg_chat')
}

describe('web chat', () => {
  it('answers the 嘉兴 question on the page, line breaks kept', async () => {
    first = await visit()
    await first.setViewportSize({ width: 800, height: 1100 })
    expect(await first.title()).toBe('政策助手')
    const cookie = await sessionCookie(first)
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict' })
    expect(await first.evaluate(() => document.cookie)).not.toContain('pg_chat')

    const reply = await ask(first, JIAXING)
    expect(reply).toContain('50万')
    expect(reply).toContain('征求意见稿')
    expect(reply.split('\n').length).toBeGreaterThan(3)
    const answer = first.locator('#log .msg.bot').last()
    expect(await answer.evaluate((el) => getComputedStyle(el).whiteSpace)).toBe('pre-wrap')
    expect(await first.locator('#log .msg.user').last().textContent()).toBe(JIAXING)
    await expect(first.locator('.note').textContent()).resolves.toContain('仅供参考')

    mkdirSync(join(ROOT, 'docs', 'screenshots'), { recursive: true })
    await first.screenshot({ path: SCREENSHOT })
  }, 15_000)

  it('keeps the facts for the follow-up: the documents of the same policy', async () => {
    const reply = await ask(first, DOCUMENTS)
    expect(reply).toContain(POLICY)
    expect(reply).toContain('材料：')
  }, 15_000)

  it('keeps the session across a reload (same cookie)', async () => {
    const before = (await sessionCookie(first))?.value
    await first.reload()
    expect((await sessionCookie(first))?.value).toBe(before)
    expect(await first.locator('#log .msg.user').count()).toBe(0)
    expect(await ask(first, DOCUMENTS)).toContain(POLICY)
  }, 15_000)

  it('another visitor (another cookie) does not see the first one’s facts, and replies reach the right page', async () => {
    // both pages send the same `user` in their frames: only the cookie tells them apart
    const second = await visit()
    expect((await sessionCookie(second))?.value).not.toBe((await sessionCookie(first))?.value)
    const theirs = await ask(second, DOCUMENTS)
    expect(theirs).not.toContain(POLICY)
    expect(await ask(first, DOCUMENTS)).toContain(POLICY)
    expect(await second.locator('#log .msg.bot:not(.pending)').count()).toBe(2) // welcome + its one answer
    await second.context().close()
  }, 15_000)

  it('shows markup typed by a person as text, and nothing runs', async () => {
    await ask(first, XSS)
    expect(await first.locator('#log .msg.user').last().textContent()).toBe(XSS)
    expect(await first.locator('#log img').count()).toBe(0)
    expect(dialogs).toEqual([])
    expect(pageErrors).toEqual([]) // a CSP refusal would show here
  }, 15_000)

  it('refuses a socket without the session cookie', async () => {
    expect(await openSocket({})).toBe(401)
  })

  it("refuses a socket a page of another origin opens with the visitor's cookie; accepts the page's own", async () => {
    const cookie = (await first.context().cookies()).map((c) => `${c.name}=${c.value}`).join('; ')
    const host = new URL(app.url).host
    const upgrade = (origin: string) => openSocket({ cookie, origin })
    // another port of the same host shares the cookie (same-site): its page must not read the chat
    expect(await upgrade(`http://127.0.0.1:${Number(new URL(app.url).port) + 1}`)).toBe(401)
    expect(await upgrade('https://evil.example')).toBe(401)
    expect(await upgrade(`http://${host}`)).toBe(101)
  })

  it("replaces a cookie the server did not issue: a planted value gives the planter nothing of the visitor's", async () => {
    // what a page on another port of the host can set for it: a well-formed value of its choosing,
    // and a value the server signed with one character changed
    const issued = (await sessionCookie(first))!.value
    const tampered = issued.slice(0, 5) + (issued[5] === 'A' ? 'B' : 'A') + issued.slice(6)
    for (const planted of ['Pl4nt3dByAn0th3rP0rtOfTh1sH0st__', tampered]) {
      const visitor = await browser.newPage()
      await visitor.context().addCookies([{ name: 'pg_chat', value: planted, url: app.url }])
      await visitor.goto(`${app.url}/`)
      const own = (await sessionCookie(visitor))!.value
      expect(own).not.toBe(planted)
      expect(await ask(visitor, JIAXING)).toContain('50万')
      // the planter, with the value it planted, may not open the chat; with the visitor's it could
      expect(await openSocket({ cookie: `pg_chat=${planted}` })).toBe(401)
      expect(await openSocket({ cookie: `pg_chat=${own}` })).toBe(101)
      await visitor.context().close()
    }
  }, 30_000)

  it('reconnects when the socket drops, session intact', async () => {
    for (const s of upgraded) s.destroy()
    await first.locator('#status').waitFor({ state: 'visible', timeout: 5_000 })
    await first.locator('#status').waitFor({ state: 'hidden', timeout: 5_000 })
    expect(await ask(first, DOCUMENTS)).toContain(POLICY)
  }, 15_000)
})

describe("web chat and the officials' desk", () => {
  it("brings an official's answer to the open page, and to a page opened later", { timeout: 20_000 }, async () => {
    const shown: string[] = []
    app.desk.notify = async (t) => (shown.push(t.id), undefined)
    app.desk['departments'].set('ou_official', '嘉兴市经济和信息化局')
    try {
      const page = await visit()
      expect(await ask(page, '我想开个奶茶店有补贴吗')).toContain('工作人员')
      await app.desk.answer(shown[0], 'ou_official', '请咨询当地市场监管部门。')
      await page.locator('#log .msg.bot', { hasText: '请咨询当地市场监管部门' }).waitFor({ timeout: 10_000 })

      // the page is closed when the second answer comes: it is kept and shown on the next visit
      expect(await ask(page, '转人工')).toContain('工作人员')
      const cookies = await page.context().cookies()
      await page.close()
      const done = await app.desk.answer(shown[1], 'ou_official', '嘉兴暂无奶茶店专项补贴。')
      if (done.ok) await done.delivered // kept in the inbox: no page is open
      const again = await browser.newPage()
      await again.context().addCookies(cookies)
      await again.goto(`${app.url}/`)
      await again.locator('#log .msg.bot', { hasText: '嘉兴暂无奶茶店专项补贴' }).waitFor({ timeout: 10_000 })
    } finally {
      app.desk.notify = null
    }
  })
})
