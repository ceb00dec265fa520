#!/usr/bin/env node
// node scripts/train-intents.mjs (after tsc): trains the intent classifier on the example
// utterances of intents/kinds/ and writes it where the bot reads it (dist/intent-model.json,
// or POLICY_GUIDE_INTENT_MODEL). Prints how well a model trained on three quarters of the
// examples recognises the other quarter.
import { mkdirSync, renameSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { ALL_KINDS, MODEL_FILE } from '../dist/intents/classify.js'
import { heldOut, predict, train } from '../dist/intents/model.js'
import { IntentModel } from '../dist/intents/model-schema.js'

const examples = ALL_KINDS.flatMap((k) => k.examples.map((text) => ({ text, intent: k.intent })))
const { learn, check } = heldOut(examples, 4)
const trial = train(learn)
const right = check.filter((e) => predict(trial, e.text).ranked[0].intent === e.intent).length

const model = train(examples)
mkdirSync(dirname(MODEL_FILE), { recursive: true })
const tmp = `${MODEL_FILE}.${process.pid}.tmp`
// the whole file is checked here, once, so that starting the bot need not load zod to check it
writeFileSync(tmp, JSON.stringify(IntentModel.parse(model)))
renameSync(tmp, MODEL_FILE)
console.log(
  `intent model: ${examples.length} examples, ${model.intents.length} intents, ${model.vocabulary} n-grams → ${MODEL_FILE}` +
    ` (held-out: ${right}/${check.length} = ${((100 * right) / check.length).toFixed(1)}%)`,
)
