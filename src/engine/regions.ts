// The region tree: 阳谷县 ⊂ 聊城市 ⊂ 山东省 ⊂ 全国.
import type { RegionNode } from '../facts/schema.js'

export class RegionTree {
  private parent = new Map<string, string | null>()
  private byAlias = new Map<string, string>()
  private longestFirst: string[]

  constructor(nodes: RegionNode[]) {
    for (const n of nodes) {
      this.parent.set(n.name, n.parent)
      this.byAlias.set(n.name, n.name)
      for (const a of n.aliases) if (!this.byAlias.has(a)) this.byAlias.set(a, n.name)
    }
    this.longestFirst = [...this.byAlias.keys()].sort((a, b) => b.length - a.length)
  }

  /** The canonical name for 嘉兴 / 嘉兴市, or undefined when the place is not in the tree. */
  canonical(name: string): string | undefined {
    return this.byAlias.get(name)
  }

  /** Every name and alias, longest first, for finding places in text. */
  names(): string[] {
    return this.longestFirst
  }

  ancestors(name: string): string[] {
    const out: string[] = []
    for (let p = this.parent.get(name); p; p = this.parent.get(p)) out.push(p)
    return out
  }

  /**
   * Is `place` inside `area`? true / false, or null when it cannot be told:
   * 浙江省 may or may not be inside 嘉兴市's reach (the enterprise could be anywhere in the province).
   */
  within(place: string, area: string): boolean | null {
    const p = this.canonical(place) ?? place
    const a = this.canonical(area) ?? area
    if (p === a || this.ancestors(p).includes(a)) return true
    if (this.ancestors(a).includes(p)) return null
    return false
  }

  /** 全国, a province, or a city and what lies within one. */
  level(name: string): 'national' | 'province' | 'city' {
    const depth = this.ancestors(name).length
    return depth === 0 ? 'national' : depth === 1 ? 'province' : 'city'
  }

  /** Can a rule of `area` concern someone in `place` at all (either contains the other)? */
  related(place: string, area: string): boolean {
    return this.within(place, area) !== false
  }
}
