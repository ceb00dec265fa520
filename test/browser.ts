// Debian's chromium driven by playwright-core, for the browser tests: one headless browser,
// each page in a fresh context of its own (own cookies, own storage).
import { chromium, type Browser, type Page } from 'playwright-core'

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync']

export interface TestBrowser {
  browser: Browser
  /** A page in a new context: a second call is another visitor, not another tab. */
  newPage(): Promise<Page>
  close(): Promise<void>
}

export async function launchBrowser(): Promise<TestBrowser> {
  // launch() gives every run a fresh temporary profile (user-data-dir)
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS, timeout: 15_000 })
  return {
    browser,
    async newPage() {
      const context = await browser.newContext()
      return context.newPage()
    },
    close: () => browser.close(),
  }
}
