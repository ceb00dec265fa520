import { describe, expect, it } from 'vitest'
import { DailyCap, Pacer, splitReply } from '../src/outbound.js'

describe('replies cut to a platform size', () => {
  it('cuts at paragraph ends, never over the limit, losing nothing', () => {
    const paras = Array.from({ length: 30 }, (_, i) => `第${i}段：` + '政策条件说明'.repeat(20))
    const text = paras.join('\n\n')
    const pieces = splitReply(text, 500)
    expect(pieces.every((p) => p.length <= 500)).toBe(true)
    expect(pieces.every((p) => p.startsWith('第'))).toBe(true)
    expect(pieces.join('\n\n')).toBe(text)
  })

  it('cuts one long line anywhere', () => {
    const pieces = splitReply('长'.repeat(4000), 1800)
    expect(pieces.map((p) => p.length)).toEqual([1800, 1800, 400])
  })
})

describe('the pacer', () => {
  it('spaces the sends to one chat and lets other chats go at once', async () => {
    const pacer = new Pacer(80)
    const at: Record<string, number[]> = { a: [], b: [] }
    const t0 = Date.now()
    const send = (chat: string) => pacer.send(chat, async () => void at[chat].push(Date.now() - t0))
    await Promise.all([send('a'), send('a'), send('a'), send('b')])
    expect(at.a[1] - at.a[0]).toBeGreaterThanOrEqual(75)
    expect(at.a[2] - at.a[1]).toBeGreaterThanOrEqual(75)
    expect(at.b[0]).toBeLessThan(60)
  })

  it('goes on after a failed send', async () => {
    const pacer = new Pacer(10)
    await expect(pacer.send('a', async () => Promise.reject(new Error('network')))).rejects.toThrow('network')
    await expect(pacer.send('a', async () => 'ok')).resolves.toBe('ok')
  })
})

describe('the daily cap', () => {
  it('allows so many sends a Beijing day, refusing what would go over, and starts again the next day', () => {
    let now = Date.parse('2026-11-23T15:00:00Z') // 23:00 in Beijing
    const cap = new DailyCap(5, () => now)
    expect(cap.take(3)).toBe(true)
    expect(cap.take(3)).toBe(false) // would make 6
    expect(cap.take(2)).toBe(true)
    expect(cap.take(1)).toBe(false)
    now = Date.parse('2026-11-23T16:00:01Z') // past midnight in Beijing
    expect(cap.take(5)).toBe(true)
  })
})
