// The day in China (UTC+8, no daylight saving): validity is judged for the asker's day, not
// UTC's, which is still yesterday from 00:00 to 08:00 Beijing time.
export const beijingDay = (ms: number = Date.now()): string => new Date(ms + 8 * 3600_000).toISOString().slice(0, 10)
