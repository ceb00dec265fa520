import { describe, expect, it } from 'vitest'
import { beijingDay } from '../src/today.js'

describe('the day asked', () => {
  it('is Beijing\'s day, not UTC\'s', () => {
    // 2026-12-04 23:30 UTC is 07:30 on the 5th in Beijing
    expect(beijingDay(Date.UTC(2026, 11, 4, 23, 30))).toBe('2026-12-05')
    expect(beijingDay(Date.UTC(2026, 11, 4, 15, 59))).toBe('2026-12-04')
    expect(beijingDay(Date.UTC(2026, 11, 4, 16, 0))).toBe('2026-12-05')
  })

  it("is Beijing's date at 01:00 Beijing time", () => {
    // 01:00 on 1 January in Beijing is still 31 December in UTC (17:00)
    expect(beijingDay(Date.UTC(2026, 11, 31, 17, 0))).toBe('2027-01-01')
  })
})
