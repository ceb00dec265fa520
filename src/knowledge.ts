// Everything the bot knows, loaded once: rules, facts catalogue and region tree.
// Parsing and validating ~1,400 rules of YAML takes seconds and building their search index half
// a second, so both are kept in dist/knowledge-cache.json, reused while no rule, fact or region
// file (nor the code that reads them) has changed.
import { createHash } from 'node:crypto'
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { RegionTree } from './engine/regions.js'
import type { Ctx } from './engine/facts.js'
import type { FactCatalogue, RegionNode } from './facts/schema.js'
import { ROOT, RULES_DIR, VOCAB_DIR } from './paths.js'
import { loadFacts, loadRegions, loadRules } from './rules/load.js'
import { RuleIndex, type IndexData } from './search.js'
import type { LoadedRule } from './rules/schema.js'

export interface Knowledge extends Ctx {
  rules: LoadedRule[]
  index?: RuleIndex // prebuilt when the knowledge came through the cache
}
interface Cached {
  fingerprint: string
  rules: LoadedRule[]
  facts: FactCatalogue
  regions: RegionNode[]
  index: IndexData
}

const CACHE = join(ROOT, 'dist', 'knowledge-cache.json')

/** Names, sizes and times of every data file: any edit changes it. */
function fingerprint(): string {
  const h = createHash('sha1')
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const p = join(dir, name)
      const st = statSync(p)
      if (st.isDirectory()) walk(p)
      else if (/\.(ya?ml|txt)$/.test(name)) h.update(`${p}:${st.size}:${st.mtimeMs}\n`)
    }
  }
  walk(RULES_DIR)
  walk(VOCAB_DIR)
  // the code that validates and fills in rules is part of what they are
  for (const f of ['rules/schema.js', 'rules/load.js', 'facts/schema.js', 'search.js']) h.update(String(statSync(join(dirname(CACHE), 'src', f)).mtimeMs))
  return h.digest('hex')
}

function loadAll(): Cached {
  const fp = fingerprint()
  try {
    const cached = JSON.parse(readFileSync(CACHE, 'utf8')) as Cached
    if (cached.fingerprint === fp) return cached
  } catch {
    // no cache yet, or an unreadable one: load from the sources
  }
  const rules = loadRules()
  const fresh: Cached = { fingerprint: fp, rules, facts: loadFacts(), regions: loadRegions(), index: new RuleIndex(rules).toData() }
  try {
    mkdirSync(dirname(CACHE), { recursive: true })
    // renamed into place: several processes (tests, bot workers) may build it at once
    const tmp = `${CACHE}.${process.pid}.tmp`
    writeFileSync(tmp, JSON.stringify(fresh))
    renameSync(tmp, CACHE)
  } catch {
    // a read-only install still works, only slower
  }
  return fresh
}

let cached: Knowledge | undefined
/**
 * All rules (cached), or, read afresh from the YAML, those of the named files (all when the
 * list is empty): the rule check never trusts the cache.
 */
export function knowledge(only?: string[]): Knowledge {
  if (only) return { rules: loadRules(undefined, only), facts: loadFacts(), regions: new RegionTree(loadRegions()) }
  if (!cached) {
    const all = loadAll()
    cached = { rules: all.rules, facts: all.facts, regions: new RegionTree(all.regions), index: new RuleIndex(all.rules, all.index) }
  }
  return cached
}
