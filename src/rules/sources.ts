// The source texts in rules/sources, read once, as lines (1-based in citations).
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { SOURCES_DIR } from '../paths.js'

const sourceCache = new Map<string, string[]>()
export function sourceLines(document: string): string[] | undefined {
  if (!sourceCache.has(document)) {
    try {
      sourceCache.set(document, readFileSync(join(SOURCES_DIR, document), 'utf8').split('\n'))
    } catch {
      return undefined
    }
  }
  return sourceCache.get(document)
}
