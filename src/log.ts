// One logger for the process. Every line pino writes goes through two filters before it leaves:
// the values of secret settings become [secret], and phone numbers, ID card numbers and unified
// social credit codes are masked — wherever they sit, at any depth, in an error message too.
import pino from 'pino'

const MASKS: [RegExp, (m: string) => string][] = [
  // 18-character unified social credit code (GB 32100-2015); 18-digit ID card numbers match it too
  [/(?<![0-9A-Z])[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{9}[0-9A-HJ-NPQRTUWXY](?![0-9A-Z])/gi, (m) => `${m.slice(0, 2)}************${m.slice(-4)}`],
  // mainland mobile numbers, with or without +86 and separators: 138****5678
  [/(?<![\d+])(\+?86[- ]?)?(1[3-9]\d)[- ]?\d{4}[- ]?(\d{4})(?!\d)/g, (m) => m.replace(/^(\+?86[- ]?)?(1[3-9]\d)[- ]?\d{4}[- ]?(\d{4})$/, (_, cc = '', head, tail) => `${cc}${head}****${tail}`)],
]

export function mask(text: string): string {
  return MASKS.reduce((t, [re, f]) => t.replace(re, f), text)
}

/** Settings whose values must never be written anywhere. */
export const SECRET_SETTINGS = ['FEISHU_APP_SECRET', 'FEISHU_ENCRYPT_KEY', 'FEISHU_VERIFICATION_TOKEN', 'WECHATY_PUPPET_SERVICE_TOKEN', 'REDIS_URL', 'WECOM_KF_SECRET', 'WECOM_TOKEN', 'WECOM_AES_KEY'] as const

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/** `secrets`: the values to hide (short ones are left: they would hide ordinary words). */
export function createLogger(level = process.env.LOG_LEVEL ?? 'info', secrets: (string | undefined)[] = [], out: { write(line: string): unknown } = process.stdout) {
  const hidden = secrets.filter((s): s is string => Boolean(s && s.length >= 6))
  // the JSON line holds a secret as JSON would write it
  const secretRe = hidden.length ? new RegExp(hidden.map((s) => escapeRe(JSON.stringify(s).slice(1, -1))).join('|'), 'g') : null
  return pino(
    { level, redact: { paths: ['req.headers.authorization', 'req.headers.cookie', 'headers.cookie'], censor: '[secret]' } },
    { write: (line: string) => out.write(mask(secretRe ? line.replace(secretRe, '[secret]') : line)) },
  )
}
export type Logger = ReturnType<typeof createLogger>
