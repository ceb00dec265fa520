// Where the project's data lives, whether running from src/ (tests) or dist/ (the command).
import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

function findRoot(start: string): string {
  let dir = start
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir)
    if (up === dir) throw new Error(`policy-guide: no package.json above ${start}`)
    dir = up
  }
  return dir
}

export const ROOT = findRoot(dirname(fileURLToPath(import.meta.url)))
export const RULES_DIR = join(ROOT, 'rules')
export const SOURCES_DIR = join(RULES_DIR, 'sources')
export const VOCAB_DIR = join(ROOT, 'intents', 'vocab')
