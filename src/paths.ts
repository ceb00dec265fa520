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
// POLICY_GUIDE_RULES points at another rules folder, e.g. a copy an official is editing
export const RULES_DIR = process.env.POLICY_GUIDE_RULES ?? join(ROOT, 'rules')
export const SOURCES_DIR = join(RULES_DIR, 'sources')
export const VOCAB_DIR = join(ROOT, 'intents', 'vocab')
