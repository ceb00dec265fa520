// One logger for the process. Secrets are never logged; phone numbers, ID card numbers and
// unified social credit codes in anything logged are masked.
import pino from 'pino'

const MASKS: [RegExp, (m: string) => string][] = [
  // 18-character unified social credit code (GB 32100-2015) and 18-digit ID card number
  [/(?<![0-9A-Z])[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{9}[0-9A-HJ-NPQRTUWXY](?![0-9A-Z])/gi, (m) => `${m.slice(0, 2)}************${m.slice(-4)}`],
  [/(?<!\d)\d{17}[\dXx](?!\d)/g, (m) => `${m.slice(0, 3)}***********${m.slice(-4)}`],
  // mainland mobile numbers, with or without +86
  [/(?<!\d)(\+?86[- ]?)?1[3-9]\d[- ]?\d{4}[- ]?\d{4}(?!\d)/g, (m) => m.replace(/\d(?=(?:\D*\d){4})/g, (d, i) => (i < m.length - 8 ? d : '*'))],
]

export function mask(text: string): string {
  return MASKS.reduce((t, [re, f]) => t.replace(re, f), text)
}

const SECRET_KEYS = ['FEISHU_APP_SECRET', 'FEISHU_ENCRYPT_KEY', 'FEISHU_VERIFICATION_TOKEN', 'WECHATY_PUPPET_SERVICE_TOKEN', 'REDIS_URL', 'authorization', 'cookie']

export function createLogger(level = process.env.LOG_LEVEL ?? 'info') {
  return pino({
    level,
    redact: { paths: [...SECRET_KEYS, ...SECRET_KEYS.map((k) => `*.${k}`)], censor: '[secret]' },
    hooks: {
      // every string argument and string field at the top level of an object goes through mask()
      logMethod(args, method) {
        const clean = args.map((a) =>
          typeof a === 'string' ? mask(a) : a && typeof a === 'object' && !(a instanceof Error) ? Object.fromEntries(Object.entries(a).map(([k, v]) => [k, typeof v === 'string' ? mask(v) : v])) : a,
        )
        return method.apply(this, clean as Parameters<typeof method>)
      },
    },
  })
}
export type Logger = ReturnType<typeof createLogger>
