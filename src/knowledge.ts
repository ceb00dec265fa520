// Everything the bot knows, loaded once: rules, facts catalogue and region tree.
import { RegionTree } from './engine/regions.js'
import type { Ctx } from './engine/facts.js'
import { loadFacts, loadRegions, loadRules } from './rules/load.js'
import type { LoadedRule } from './rules/schema.js'

export interface Knowledge extends Ctx {
  rules: LoadedRule[]
}

let cached: Knowledge | undefined
export function knowledge(): Knowledge {
  cached ??= { rules: loadRules(), facts: loadFacts(), regions: new RegionTree(loadRegions()) }
  return cached
}
