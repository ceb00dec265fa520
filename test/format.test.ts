// Money in the words a reply uses: 万 and 亿 where they read naturally, never a float's tail.
import { describe, expect, it } from 'vitest'
import { quantity, yuan } from '../src/format.js'

describe('money in words', () => {
  it.each([
    [14_000_000, '1400万元'],
    [20_000_000 * (70 / 100), '1400万元'], // 14000000.000000002 in floating point
    [300_000_000, '3亿元'],
    [12_345, '12345元'],
    [0.1 + 0.2, '0.3元'],
  ])('%s → %s', (n, words) => {
    expect(yuan(n)).toBe(words)
  })

  it('any unit in the same words', () => {
    expect(quantity(14_000_000, '吨')).toBe('1400万吨')
  })
})
