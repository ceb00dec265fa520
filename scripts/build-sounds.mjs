#!/usr/bin/env node
// node scripts/build-sounds.mjs (at build): the readings of every common character (GB2312 level
// one) and of every character the rules and facts use, toneless, to dist/sounds.json, so the bot
// can read a homophone typo (担宝 for 担保) without loading a pinyin library when it starts.
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { pinyin } from 'pinyin-pro'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const out = process.env.POLICY_GUIDE_SOUNDS ?? join(root, 'dist', 'sounds.json')

const chars = new Set()
// GB2312 level one: rows 0xB0-0xD7, cells 0xA1-0xFE (the last row ends at 0xF9)
const gb = new TextDecoder('gb18030')
for (let row = 0xb0; row <= 0xd7; row++)
  for (let cell = 0xa1; cell <= (row === 0xd7 ? 0xf9 : 0xfe); cell++) chars.add(gb.decode(new Uint8Array([row, cell])))
const walk = (dir) =>
  readdirSync(dir).forEach((f) => {
    const p = join(dir, f)
    if (statSync(p).isDirectory()) walk(p)
    else if (p.endsWith('.yaml')) for (const c of readFileSync(p, 'utf8').match(/[\u4e00-\u9fff]/g) ?? []) chars.add(c)
  })
walk(join(root, 'rules'))

const sounds = {}
for (const c of chars) if (/[\u4e00-\u9fff]/.test(c)) sounds[c] = [...new Set(pinyin(c, { toneType: 'none', multiple: true, type: 'array' }))]
mkdirSync(dirname(out), { recursive: true })
const tmp = `${out}.${process.pid}.tmp`
writeFileSync(tmp, JSON.stringify(sounds))
renameSync(tmp, out)
console.log(`sounds: ${Object.keys(sounds).length} characters → ${out}`)
