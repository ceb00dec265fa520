// The facts a condition or a formula may use, and the region tree.
import { z } from 'zod'
import { FactId } from '../rules/schema.js'

const EnumValue = z.strictObject({
  id: z.string(),
  label: z.string(),
  cues: z.array(z.string()).default([]), // words in a question that mean this value
})

export const Fact = z.strictObject({
  type: z.enum(['money', 'ratio', 'count', 'level', 'boolean', 'enum', 'region', 'year']),
  label: z.string(), // 软件业务收入
  unit: z.string().optional(), // 元, 人, 级
  question: z.string(), // the question that asks for it: 去年软件业务收入是多少？
  cues: z.array(z.string()).default([]), // words that introduce it in a question: 软件业务收入, 软件收入
  falseCues: z.array(z.string()).default([]), // for a boolean, words that mean no: 又, 再次, 连续第二年
  values: z.array(EnumValue).optional(), // for enum facts
  derive: z
    // beforeGrowth: the figure of the year before, from this year's and the growth (of: [figure, growth])
    .strictObject({ op: z.enum(['product', 'difference', 'sum', 'beforeGrowth']), of: z.array(FactId).min(2) })
    .optional(),
  // when a derivation lacks this input, assume it and say so (e.g. 土地费用 not given → 0, stated in the explanation)
  // when this fact is missing, read that one instead and say so (软件业务收入 ← 营业收入 of a software firm)
  fallback: FactId.optional(),
  // the fact holding this quantity one period earlier (今年补助3000万，上年是2000万 → citySubsidyLastYear)
  earlier: FactId.optional(),
  // a kind of enterprise within these values of another fact (a 地方法人金融机构 is of 金融业): one
  // said to be of another (一家物流公司) is not of this kind
  kindOf: z.strictObject({ fact: FactId, values: z.array(z.string()).min(1) }).optional(),
  assume: z.strictObject({ value: z.union([z.number(), z.boolean(), z.string()]), note: z.string() }).optional(),
  // its cues name items of the policies (the products of a rebate list): a follow-up naming one
  // (多元件集成电路呢) moves to that item rather than answering the bot
  itemNames: z.boolean().optional(),
  // said of one item among several (首次, 国家级): a policy reads it from the clauses that name its
  // own subject (CMMI三级早就有了，今年头一回拿到ISO27001: 首次 is ISO27001's, not CMMI's)
  perItem: z.boolean().optional(),
})
export type Fact = z.infer<typeof Fact>
export const FactCatalogue = z.record(FactId, Fact)
export type FactCatalogue = z.infer<typeof FactCatalogue>

export const RegionNode = z.strictObject({
  name: z.string(), // 嘉兴市
  parent: z.string().nullable(), // 浙江省; null for 全国
  aliases: z.array(z.string()).default([]), // 嘉兴, 禾
})
export const RegionList = z.array(RegionNode)
export type RegionNode = z.infer<typeof RegionNode>
