// How figures read in a reply: 500000 → 50万元, 0.1 → 10%.
const trim = (n: number) => String(Number(n.toFixed(4)))

export function yuan(n: number): string {
  return quantity(n, '元')
}

/** Any quantity in the same words: 14000000 吨 → 1400万吨, 4100 名 → 4100名. */
export function quantity(raw: number, unit: string): string {
  // 2000万 × 70% is 14000000.000000002 in floating point: to the cent first
  const n = Math.round(raw * 100) / 100
  if (Math.abs(n) >= 1e8 && n % 1e6 === 0) return `${trim(n / 1e8)}亿${unit}`
  if (Math.abs(n) >= 1e4 && n % 100 === 0) return `${trim(n / 1e4)}万${unit}`
  return `${trim(n)}${unit}`
}

/** Where a reader finds a provision: 《title》（文号）三、（二）, by the document's own labels, never a file's line. */
export function citation(title: string, docNumber: string | null | undefined, clause?: string | null): string {
  return `《${title}》${docNumber ? `（${docNumber}）` : ''}${clause ?? ''}`
}

export function percent(r: number): string {
  return `${trim(r * 100)}%`
}
