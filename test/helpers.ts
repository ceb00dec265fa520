// Shared fixtures: the project's own facts catalogue and region tree, and a rule builder.
import { RegionTree } from '../src/engine/regions.js'
import type { Ctx } from '../src/engine/facts.js'
import { loadFacts, loadRegions } from '../src/rules/load.js'
import { Rule, type LoadedRule, type RuleInput } from '../src/rules/schema.js'

export const ctx: Ctx = { facts: loadFacts(), regions: new RegionTree(loadRegions()) }

export function rule(input: Partial<RuleInput> & Pick<RuleInput, 'source'>): LoadedRule {
  const r = Rule.parse({ id: 'test-rule', title: '测试', ...input })
  return {
    ...r,
    file: 'rules/test.yaml',
    documentTitle: '测试文件',
    region: r.region ?? '全国',
    validity: r.validity ?? { status: 'in_force' },
    source: { ...r.source, document: r.source.document ?? '003_9b63cbf1cc771657.txt', alsoAt: r.source.alsoAt.map((p) => ({ ...p, document: p.document ?? '003_9b63cbf1cc771657.txt' })) },
  }
}
