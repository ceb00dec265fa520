// A small arithmetic language for amounts the fixed kinds cannot say, written as the text says it:
//   min(premium, insuredAmount * 3%) * 80%      taxableIncome * 50% * 20%
// Literals take 万, 亿, % and ‰; names are fact ids; functions are min and max. Nothing else runs.

export type Node =
  | { t: 'num'; v: number; src: string }
  | { t: 'fact'; id: string }
  | { t: 'op'; op: '+' | '-' | '*' | '/'; a: Node; b: Node }
  | { t: 'call'; fn: 'min' | 'max'; args: Node[] }

const UNIT: Record<string, number> = { 万: 1e4, 亿: 1e8, '%': 0.01, '‰': 0.001 }
const TOKEN = /\s*(?:(\d+(?:\.\d+)?)(万|亿|%|‰)?|([A-Za-z][A-Za-z0-9]*)|([-+*/(),×÷]))/y

export function parseFormula(src: string): Node {
  const toks: ({ k: 'num'; v: number; src: string } | { k: 'id'; v: string } | { k: 'p'; v: string })[] = []
  TOKEN.lastIndex = 0
  let pos = 0
  while (pos < src.length) {
    if (/^\s*$/.test(src.slice(pos))) break
    TOKEN.lastIndex = pos
    const m = TOKEN.exec(src)
    if (!m) throw new Error(`formula "${src}": cannot read from "${src.slice(pos)}"`)
    pos = TOKEN.lastIndex
    if (m[1] !== undefined) toks.push({ k: 'num', v: Number(m[1]) * (m[2] ? UNIT[m[2]] : 1), src: m[1] + (m[2] ?? '') })
    else if (m[3] !== undefined) toks.push({ k: 'id', v: m[3] })
    else toks.push({ k: 'p', v: m[4] === '×' ? '*' : m[4] === '÷' ? '/' : m[4] })
  }
  let i = 0
  const peek = () => toks[i]
  const expect = (v: string) => {
    const t = toks[i++]
    if (!t || t.k !== 'p' || t.v !== v) throw new Error(`formula "${src}": expected "${v}"`)
  }
  const primary = (): Node => {
    const t = toks[i++]
    if (!t) throw new Error(`formula "${src}": ends too soon`)
    if (t.k === 'num') return { t: 'num', v: t.v, src: t.src }
    if (t.k === 'id') {
      if ((t.v === 'min' || t.v === 'max') && peek()?.v === '(') {
        expect('(')
        const args = [sum()]
        while (peek()?.v === ',') i++, args.push(sum())
        expect(')')
        return { t: 'call', fn: t.v, args }
      }
      return { t: 'fact', id: t.v }
    }
    if (t.v === '(') {
      const n = sum()
      expect(')')
      return n
    }
    throw new Error(`formula "${src}": unexpected "${t.v}"`)
  }
  const product = (): Node => {
    let n = primary()
    while (peek()?.v === '*' || peek()?.v === '/') n = { t: 'op', op: toks[i++].v as '*' | '/', a: n, b: primary() }
    return n
  }
  const sum = (): Node => {
    let n = product()
    while (peek()?.v === '+' || peek()?.v === '-') n = { t: 'op', op: toks[i++].v as '+' | '-', a: n, b: product() }
    return n
  }
  const root = sum()
  if (i < toks.length) throw new Error(`formula "${src}": unexpected "${toks[i].v}"`)
  return root
}

export function factsOfFormula(n: Node): string[] {
  if (n.t === 'fact') return [n.id]
  if (n.t === 'op') return [...factsOfFormula(n.a), ...factsOfFormula(n.b)]
  if (n.t === 'call') return n.args.flatMap(factsOfFormula)
  return []
}

export function numbersOfFormula(n: Node): number[] {
  if (n.t === 'num') return [n.v]
  if (n.t === 'op') return [...numbersOfFormula(n.a), ...numbersOfFormula(n.b)]
  if (n.t === 'call') return n.args.flatMap(numbersOfFormula)
  return []
}

/**
 * Evaluates with fact values; `show` renders each fact's value for the explanation, and `result`
 * the figure each reckoned choice of a min / max at the root comes to (800万 × 60% = 480万, so
 * that the asker sees what the cap cut), in the result's own unit.
 */
export function runFormula(n: Node, value: (id: string) => number, show: (id: string, v: number) => string, result?: (v: number) => string): { v: number; text: string } {
  switch (n.t) {
    case 'num':
      return { v: n.v, text: n.src }
    case 'fact': {
      const v = value(n.id)
      return { v, text: show(n.id, v) }
    }
    case 'op': {
      // (a min / max inside a product is no figure of its own: 80% of the smaller of two)
      const a = runFormula(n.a, value, show, n.a.t === 'op' ? result : undefined)
      const b = runFormula(n.b, value, show, n.b.t === 'op' ? result : undefined)
      const v = n.op === '+' ? a.v + b.v : n.op === '-' ? a.v - b.v : n.op === '*' ? a.v * b.v : a.v / b.v
      const sym = { '+': '+', '-': '−', '*': '×', '/': '÷' }[n.op]
      const sum = n.op === '+' || n.op === '-'
      const wrap = (x: { v: number; text: string }, child: Node) => {
        if (child.t !== 'op') return x.text
        const childSum = child.op === '+' || child.op === '-'
        if (childSum && !sum) return `(${x.text})`
        // 2000万元 × 70%（1400万元）− 1000万元: a product added or taken away is a figure of its own
        // (the deduction before the remainder carried forward), told on the way
        return !childSum && sum && result && Number.isFinite(x.v) ? `${x.text}（${result(x.v)}）` : x.text
      }
      return { v, text: `${wrap(a, n.a)} ${sym} ${wrap(b, n.b)}` }
    }
    case 'call': {
      const args = n.args.map((x) => runFormula(x, value, show, x.t === 'op' ? result : undefined))
      const v = n.fn === 'min' ? Math.min(...args.map((x) => x.v)) : Math.max(...args.map((x) => x.v))
      const texts = args.map((x, k) => (result && n.args[k].t === 'op' && Number.isFinite(x.v) ? `${x.text} = ${result(x.v)}` : x.text))
      return { v, text: `${n.fn === 'min' ? '取较小者' : '取较大者'}(${texts.join('，')})` }
    }
  }
}

/**
 * Does the formula only grow with the facts in `unknown`, each of them standing inside a min(…)?
 * Then setting them to +∞ leaves the other arguments of that min: an upper bound on the figure
 * (min(职工教育经费, 工资总额 × 8%) is at most 工资总额 × 8% whatever the expense).
 */
export function boundedAbove(n: Node, unknown: Set<string>, inMin = false): boolean {
  switch (n.t) {
    case 'num':
      return true
    case 'fact':
      return !unknown.has(n.id) || inMin
    case 'op':
      // a − x and a ÷ x fall as x grows: no bound from above through them
      if (n.op === '-' || n.op === '/') return boundedAbove(n.a, unknown, inMin) && !mentions(n.b, unknown)
      return boundedAbove(n.a, unknown, inMin) && boundedAbove(n.b, unknown, inMin)
    case 'call':
      return n.args.every((x) => boundedAbove(x, unknown, inMin || n.fn === 'min'))
  }
}

const mentions = (n: Node, ids: Set<string>): boolean =>
  n.t === 'fact' ? ids.has(n.id) : n.t === 'op' ? mentions(n.a, ids) || mentions(n.b, ids) : n.t === 'call' ? n.args.some((x) => mentions(x, ids)) : false
