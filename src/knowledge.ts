// Everything the bot knows, loaded once: rules, facts catalogue and region tree.
// Parsing and validating ~1,400 rules of YAML takes seconds and building their search index half
// a second, so both are kept in dist/knowledge-cache.bin, reused while no rule, fact or region
// file (nor the code that reads, indexes or caches them) has changed. Every start of every
// process reads that cache, so it is made for reading fast (figures: scripts/bench.mjs):
// - it holds only what the bot reads at run time: not the rules' tests, which only check-rules
//   reads, and it reads the YAML;
// - the index's ~410k postings are typed arrays after one JSON head, handed to the index as they
//   lie in the file: no per-term objects to build (JSON took ~200 ms and ~50 MB more).
import { createHash } from 'node:crypto'
import { closeSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, renameSync, statSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { RegionTree } from './engine/regions.js'
import type { Ctx } from './engine/facts.js'
import type { FactCatalogue, RegionNode } from './facts/schema.js'
import { ROOT, RULES_DIR, VOCAB_DIR } from './paths.js'
import type * as Loaders from './rules/load.js'
import type { LoadedRule } from './rules/schema.js'
import { RuleIndex, type IndexData } from './search.js'
import { abbreviationsOf, type Abbreviations } from './dialogue/abbreviations.js'
import { headingsOf } from './dialogue/headed.js'

export interface Knowledge extends Ctx {
  rules: LoadedRule[]
  index?: RuleIndex // prebuilt when the knowledge came through the cache
  abbreviations?: Abbreviations // likewise (流贷 → 流动资金贷款)
  headings?: [string, string[]][] // likewise: each cited line's heading words (read from the sources)
}
export const CACHE = join(ROOT, 'dist', 'knowledge-cache.bin')
// "PGK" and a format number; bump it when the layout below changes
const MAGIC = 'PGK7'

/** Names, sizes and times of every data file, and the code that makes the cache: any edit changes it. */
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
  // by content, not time: every build rewrites dist/, and a rebuild must not cost the next start 3 s
  for (const f of ['rules/schema.js', 'rules/load.js', 'rules/clauses.js', 'rules/sources.js', 'facts/schema.js', 'search.js', 'dialogue/abbreviations.js', 'dialogue/headed.js', 'knowledge.js']) h.update(readFileSync(join(dirname(CACHE), 'src', f)))
  return h.digest('hex')
}

/** The fingerprint the cache file was written for, from its first bytes only. */
function cachedFingerprint(): string | undefined {
  try {
    const fd = openSync(CACHE, 'r')
    try {
      const b = Buffer.alloc(44)
      return readSync(fd, b, 0, 44, 0) === 44 && b.toString('latin1', 0, 4) === MAGIC ? b.toString('latin1', 4, 44) : undefined
    } finally {
      closeSync(fd)
    }
  } catch {
    return undefined
  }
}

const print = fingerprint()
// The YAML loaders bring yaml and zod (~150 ms to import): only when the cache cannot serve.
// Run from the sources (vitest), modules are .ts files only the test runner can load, and start-up
// time does not matter there: import them up front.
let loaders: typeof Loaders | undefined = import.meta.url.endsWith('.ts') || cachedFingerprint() !== print ? await import('./rules/load.js') : undefined
function load(): typeof Loaders {
  if (loaders) return loaders
  try {
    // synchronous, as knowledge() is: Node ≥ 20.19 requires an ES module without top-level await
    return (loaders = createRequire(import.meta.url)('./rules/load.js') as typeof Loaders)
  } catch (e) {
    if ((e as { code?: string }).code === 'ERR_REQUIRE_ESM') throw new Error(`policy-guide 需要 Node 20.19 或更新版本 / needs Node ≥ 20.19 (this is ${process.version})`)
    throw e
  }
}

interface Head {
  rules: LoadedRule[]
  facts: FactCatalogue
  regions: RegionNode[]
  abbreviations: [string, string[]][]
  headings: [string, string[]][]
  fields: { name: string; avg: number; terms: string; count: number; total: number }[]
}

/*
 * Layout: MAGIC, the 40-hex fingerprint, the head's length in bytes (u32 LE), the head (JSON in
 * UTF-16LE: mostly Chinese, it decodes ~10× faster than from UTF-8, 2 ms instead of 18), zero bytes
 * to a multiple of 4, then for each field of the index, as u32 arrays: where each term's postings
 * start (count + 1), the documents (total), the term frequencies (total), each rule's field length.
 */
function pack(head: Omit<Head, 'fields'>, index: IndexData): Buffer {
  const fields: Head['fields'] = []
  const arrays: Uint32Array[] = []
  for (const [name, d] of Object.entries(index)) {
    // tokens never hold a line break (see tokenize), so one string carries all terms
    fields.push({ name, avg: d.avg, terms: d.terms.join('\n'), count: d.terms.length, total: d.docs.length })
    arrays.push(d.starts, d.docs, d.tfs, d.length)
  }
  const json = Buffer.from(JSON.stringify({ ...head, fields }), 'utf16le')
  const pre = Buffer.alloc(48)
  pre.write(MAGIC + print, 0, 'latin1')
  pre.writeUInt32LE(json.length, 44)
  const pad = Buffer.alloc((4 - ((48 + json.length) % 4)) % 4)
  return Buffer.concat([pre, json, pad, ...arrays.map((a) => Buffer.from(a.buffer, a.byteOffset, a.byteLength))])
}

function unpack(buf: Buffer): Knowledge {
  const size = buf.readUInt32LE(44)
  const head = JSON.parse(buf.toString('utf16le', 48, 48 + size)) as Head
  // typed arrays need an aligned buffer
  const aligned = buf.byteOffset % 4 === 0 ? buf : Buffer.from(buf)
  let at = 48 + size + ((4 - ((48 + size) % 4)) % 4)
  const u32 = (n: number) => {
    const a = new Uint32Array(aligned.buffer, aligned.byteOffset + at, n)
    at += 4 * n
    return a
  }
  const data: IndexData = {}
  for (const f of head.fields) data[f.name] = { terms: f.terms.split('\n'), starts: u32(f.count + 1), docs: u32(f.total), tfs: u32(f.total), length: u32(head.rules.length), avg: f.avg }
  return { rules: head.rules, facts: head.facts, regions: new RegionTree(head.regions), index: new RuleIndex(head.rules, data), abbreviations: new Map(head.abbreviations), headings: head.headings }
}

function loadAll(): Knowledge {
  try {
    const buf = readFileSync(CACHE)
    if (buf.toString('latin1', 0, 44) === MAGIC + print) return unpack(buf)
  } catch {
    // no cache yet, or an unreadable one: load from the sources
  }
  const { loadRules, loadFacts, loadRegions } = load()
  const rules = loadRules()
  const facts = loadFacts()
  const regions = loadRegions()
  const index = new RuleIndex(rules)
  const abbreviations = abbreviationsOf(facts, rules)
  const headings = headingsOf(rules)
  try {
    mkdirSync(dirname(CACHE), { recursive: true })
    // renamed into place: several processes (tests, bot workers) may build it at once
    const tmp = `${CACHE}.${process.pid}.tmp`
    writeFileSync(tmp, pack({ rules: rules.map((r) => ({ ...r, tests: [] })), facts, regions, abbreviations: [...abbreviations], headings }, index.toData()))
    renameSync(tmp, CACHE)
  } catch {
    // a read-only install still works, only slower
  }
  return { rules, facts, regions: new RegionTree(regions), index, abbreviations, headings }
}

let cached: Knowledge | undefined
/**
 * All rules (cached), or, read afresh from the YAML, those of the named files (all when the
 * list is empty): the rule check never trusts the cache.
 */
export function knowledge(only?: string[]): Knowledge {
  if (only) {
    const { loadRules, loadFacts, loadRegions } = load()
    return { rules: loadRules(undefined, only), facts: loadFacts(), regions: new RegionTree(loadRegions()) }
  }
  return (cached ??= loadAll())
}
