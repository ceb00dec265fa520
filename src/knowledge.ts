// Everything the bot knows, loaded once: rules, facts catalogue and region tree.
import { RegionTree } from './engine/regions.js'
import type { Ctx } from './engine/facts.js'
import { loadFacts, loadRegions, loadRules } from './rules/load.js'
import type { LoadedRule } from './rules/schema.js'

export interface Knowledge extends Ctx {
  rules: LoadedRule[]
}

let cached: Knowledge | undefined
/** All rules (cached), or only those of the named files (for checking one file while others are edited). */
export function knowledge(only?: string[]): Knowledge {
  if (only) return { rules: loadRules(undefined, only), facts: loadFacts(), regions: new RegionTree(loadRegions()) }
  cached ??= { rules: loadRules(), facts: loadFacts(), regions: new RegionTree(loadRegions()) }
  return cached
}
