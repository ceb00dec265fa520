// The reply window a channel declares (微信客服: 48 hours, 5 messages a user message), counted in
// the store so that a restart counts on where it stopped.
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { KF_REPLY_WINDOW } from '../adapters/wecom-kf/index.js'
import { ReplyWindows } from '../src/reply-window.js'
import { LowdbStore } from '../src/store/lowdb.js'

const HOUR = 3600_000
const t0 = Date.UTC(2026, 11, 5, 8)

describe('reply windows', () => {
  it('allows 5 messages within 48 hours of a message, and 5 again after the next one', async () => {
    const store = await LowdbStore.open(join(mkdtempSync(join(tmpdir(), 'window-')), 'store.json'))
    const w = new ReplyWindows(store, KF_REPLY_WINDOW, 'windows')
    expect(await w.left('kf:a', t0)).toBe(0) // never wrote: nothing may go
    await w.heard('kf:a', t0, 'm1')
    expect(await w.take('kf:a', 3, t0 + HOUR)).toBe(3)
    expect(await w.take('kf:a', 3, t0 + 2 * HOUR)).toBe(2) // two of three: the allowance is five
    expect(await w.left('kf:a', t0 + 2 * HOUR)).toBe(0)
    await w.heard('kf:a', t0, 'm1') // the same message delivered again opens nothing
    expect(await w.left('kf:a', t0 + 2 * HOUR)).toBe(0)
    await w.heard('kf:a', t0 + 3 * HOUR, 'm2')
    expect(await w.left('kf:a', t0 + 3 * HOUR)).toBe(5)
    await w.heard('kf:a', t0 + HOUR, 'm0') // an older message pulled late changes nothing
    expect(await w.left('kf:a', t0 + 3 * HOUR + 48 * HOUR - 1)).toBe(5)
    expect(await w.left('kf:a', t0 + 3 * HOUR + 48 * HOUR)).toBe(0) // 48 hours on, shut
    await store.close()
  })

  it('counts sends taken at once without losing any, shuts when the platform says so, and keeps counting after a restart', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'window-')), 'store.json')
    let store = await LowdbStore.open(file)
    let w = new ReplyWindows(store, KF_REPLY_WINDOW, 'windows')
    await w.heard('kf:b', t0, 'm1')
    const taken = await Promise.all([1, 2, 3, 4, 5, 6, 7].map(() => w.take('kf:b', 1, t0)))
    expect(taken.filter((n) => n === 1)).toHaveLength(5)
    await w.heard('kf:b', t0 + HOUR, 'm2')
    expect(await w.take('kf:b', 2, t0 + HOUR)).toBe(2)
    await store.close()
    store = await LowdbStore.open(file)
    w = new ReplyWindows(store, KF_REPLY_WINDOW, 'windows')
    expect(await w.left('kf:b', t0 + HOUR)).toBe(3)
    await w.close('kf:b')
    expect(await w.left('kf:b', t0 + HOUR)).toBe(0)
    await w.forget('kf:b')
    expect(await store.get('windows', 'kf:b')).toBeUndefined()
    await store.close()
  })
})
