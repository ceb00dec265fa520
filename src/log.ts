// One logger for the process. Every line pino writes goes through two filters before it leaves:
// the values of secret settings become [secret], and personal data is masked (src/personal.ts) —
// wherever it sits, at any depth, in an error message too.
import pino from 'pino'
import { mask } from './personal.js'

/** Settings whose values must never be written anywhere. */
export const SECRET_SETTINGS = ['FEISHU_APP_SECRET', 'FEISHU_ENCRYPT_KEY', 'FEISHU_VERIFICATION_TOKEN', 'WECHATY_PUPPET_SERVICE_TOKEN', 'REDIS_URL', 'WECOM_KF_SECRET', 'WECOM_TOKEN', 'WECOM_AES_KEY', 'SESSION_SECRET'] as const

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
