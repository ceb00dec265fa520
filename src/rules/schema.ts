// The rule model. Every type the engine uses is inferred from these schemas,
// so what an official writes in rules/*.yaml and what the code reads are one thing.
import { z } from 'zod'
import { parseFormula } from '../engine/formula.js'

export const FactId = z.string().regex(/^[a-z][A-Za-z0-9]*$/, 'a fact id is camelCase, e.g. softwareRevenue')
const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date is written YYYY-MM-DD')
const Scalar = z.union([z.number(), z.string(), z.boolean()])
export type Scalar = z.infer<typeof Scalar>

export const Place = z.strictObject({
  document: z.string().optional(), // defaults to the file's document
  line: z.number().int().positive(),
  quote: z.string().min(2),
})
export type Place = z.infer<typeof Place>

// a restatement that says something else than the original (another cap, other years, a tier
// left out): `differs` tells the asker the difference in one sentence; the answer follows the original
export const Restatement = Place.extend({ differs: z.string().min(4).optional() }).strict()
export const Source = Place.extend({ alsoAt: z.array(Restatement).default([]) }).strict()

export const Status = z.enum(['draft', 'in_force', 'expired', 'not_yet', 'unknown'])
export type Status = z.infer<typeof Status>

export const Validity = z.strictObject({
  // what the text itself says: a 征求意见稿 is a draft whatever the dates
  status: Status,
  issued: IsoDate.nullish(),
  from: IsoDate.nullish(),
  to: IsoDate.nullish(),
  note: z.string().optional(), // required in spirit when status is unknown: why we cannot tell
  source: Place.optional(), // where the text states its status or period
})
export type Validity = z.infer<typeof Validity>

// Conditions: a leaf compares one fact; all / any / not combine them.
const Op = z.enum(['>=', '>', '<=', '<', '==', '!=', 'in', 'within'])
export const Leaf = z.strictObject({
  fact: FactId,
  op: Op,
  value: z.union([Scalar, z.array(Scalar)]),
  label: z.string().optional(), // how the text states it, e.g. 增速在10%以上
  // checked only when the asker states the fact: the year of an event (购进年份, 纳税年度) bars an
  // asker who names another year, and one who names none is read within the text's own period
  ifStated: z.boolean().optional(),
})
export type Leaf = z.infer<typeof Leaf>
export type Condition = Leaf | { all: Condition[] } | { any: Condition[] } | { not: Condition }
export const Condition: z.ZodType<Condition> = z.lazy(() =>
  z.union([
    Leaf,
    z.strictObject({ all: z.array(Condition).min(1) }),
    z.strictObject({ any: z.array(Condition).min(1) }),
    z.strictObject({ not: Condition }),
  ]),
)

// A benefit whose stated ceiling is "最高X" has max; a definite sum has value.
// `ceiling: true` on a computed kind says the text grants *up to* the figure (按不超过销售额的1%):
// the asker learns a ceiling (max), never a sum (value).
const ceiling = z.boolean().optional()
const Sum = { value: z.number().nonnegative().optional(), max: z.number().nonnegative().optional() }
const Tier = z.strictObject({ from: z.number(), ...Sum, label: z.string().optional() })
const Option = z.strictObject({ when: Scalar, ...Sum, label: z.string().optional() })

export const Amount = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('fixed'), value: z.number().nonnegative() }),
  z.strictObject({ kind: z.literal('upTo'), max: z.number().nonnegative() }),
  z.strictObject({ kind: z.literal('range'), min: z.number().nonnegative(), max: z.number().nonnegative() }),
  // share of a base: rate × base, bounded by max; capOn says whether max bounds the result or the base
  z.strictObject({
    kind: z.literal('share'),
    base: FactId,
    rate: z.number().positive(),
    max: z.number().nonnegative().optional(),
    capOn: z.enum(['result', 'base']).default('result'),
    ceiling,
  }),
  // tiers by threshold: the highest tier whose `from` the fact reaches
  z.strictObject({ kind: z.literal('tiers'), by: FactId, tiers: z.array(Tier).min(1) }),
  // per level or category: national / provincial, CMMI 3 / 4 / 5
  z.strictObject({ kind: z.literal('byCategory'), by: FactId, options: z.array(Option).min(1) }),
  // per item: (count − offset) × unit, e.g. 每提高一级20万元 from level 2, 每项30万元
  z.strictObject({
    kind: z.literal('perUnit'),
    count: FactId,
    unit: z.number().positive(),
    offset: z.number().default(0),
    max: z.number().nonnegative().optional(),
    ceiling,
  }),
  // multi-year schedule: base × rate of each year, with a cumulative cap
  z.strictObject({
    kind: z.literal('schedule'),
    base: FactId,
    rates: z.array(z.number().positive()).min(1),
    cap: z.number().nonnegative().optional(),
    // the year of the schedule the enterprise is in (1 = the first): only that year and the later count
    year: FactId.optional(),
    // what earlier years already paid, counted against the cumulative cap (0 when not said)
    paid: FactId.optional(),
  }),
  // matching funds, e.g. 1:1 配套 of what the state or province grants
  z.strictObject({ kind: z.literal('matching'), base: FactId, ratio: z.number().positive(), max: z.number().nonnegative().optional(), ceiling }),
  // anything else, written as arithmetic over facts: min(premium, insuredAmount * 3%) * 80%
  z.strictObject({
    kind: z.literal('formula'),
    expr: z.string().superRefine((e, ctx) => {
      try {
        parseFormula(e)
      } catch (err) {
        ctx.addIssue({ code: 'custom', message: (err as Error).message })
      }
    }),
    max: z.number().nonnegative().optional(),
    label: z.string().optional(), // what the figure is: 应纳企业所得税, 可退税额
    ceiling,
  }),
  // a tax rate; with a base and the standard rate it saves (standardRate − rate) × base
  z.strictObject({
    kind: z.literal('taxRate'),
    rate: z.number().nonnegative(),
    base: FactId.optional(),
    standardRate: z.number().nonnegative().optional(),
  }),
])
export type Amount = z.infer<typeof Amount>

// Another figure a clause states for the asker's case than its main amount: the tax still payable
// beside the tax saved, the output tax beside the rate cut, the fee cap a borrower pays. A question
// with one of `askedBy` in it gets this figure as the answer's amount.
export const Figure = z.strictObject({
  label: z.string(), // what the figure is: 销项税额, 应缴企业所得税, 综合担保费上限
  expr: z.string().superRefine((e, ctx) => {
    try {
      parseFormula(e)
    } catch (err) {
      ctx.addIssue({ code: 'custom', message: (err as Error).message })
    }
  }),
  ceiling,
  askedBy: z.array(z.string().min(2)).min(1),
  // said beside the amount, never instead of it (比按25%少缴多少 beside 实际要交多少)
  beside: z.boolean().optional(),
})
export type Figure = z.infer<typeof Figure>

export const Deadline = z.strictObject({
  text: z.string(), // as the text says it: 每年7月30日前
  date: IsoDate.optional(), // a one-off date
  yearly: z.strictObject({ month: z.number().int().min(1).max(12), day: z.number().int().min(1).max(31) }).optional(),
})

export const Stacking = z.strictObject({
  group: z.string(),
  // exclusive: 不重复享受 (one of the group); highest: 就高不重复 (the largest one)
  mode: z.enum(['exclusive', 'highest']),
  quote: z.string().optional(),
})

// A later notice replacing an earlier rule (小型微利 brackets of 财税〔2019〕13号 over 77号's):
// from `from`, for an asker whose period (the year in fact `by`, else the day asked) falls on or
// after it, the later rule leads and the earlier one is told as replaced
export const Supersedes = z.strictObject({
  rule: z.string(), // the id of the rule replaced
  from: IsoDate, // the first day the later rule governs
  part: z.enum(['full', 'figures']).default('full'), // figures: only its rates, brackets or amounts changed
  by: FactId.optional(), // the fact giving the year of the asker's period (eitTaxYear); else the day asked
  note: z.string(), // the difference in one sentence, for the asker
})

export const RuleTest = z.strictObject({
  name: z.string().optional(),
  asOf: IsoDate.optional(),
  asks: z.string().optional(), // the question's words, where they choose one of the rule's figures
  profile: z.record(FactId, Scalar),
  expect: z.strictObject({
    eligible: z.boolean().nullable().optional(),
    amount: z.number().nullable().optional(), // amount.value
    max: z.number().nullable().optional(), // amount.max
    status: Status.optional(),
  }),
})
export type RuleTest = z.infer<typeof RuleTest>

export const Rule = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'a rule id is lower-case words joined by -'),
  title: z.string(),
  region: z.string().optional(), // defaults to the document's region; 全国 marks a national measure
  // a measure that attracts enterprises from elsewhere (招商引资, 落户): no region condition is
  // inherited, since the asker is, by definition, not there yet
  attractsNewcomers: z.boolean().optional(),
  issuer: z.string().nullish(),
  docNumber: z.string().nullish(),
  source: Source,
  validity: Validity.optional(), // defaults to the document's validity
  summary: z.string().optional(), // one plain sentence for the reply; the quote when absent
  topics: z.array(z.string()).default([]), // words people use for it, for look-up
  conditions: Condition.optional(),
  amount: Amount.nullable().default(null), // null: qualitative (优先支持, 给予支持)
  figures: z.array(Figure).default([]),
  documents: z.array(z.string()).default([]),
  deadline: Deadline.nullish(),
  applyTo: z.string().nullish(),
  department: z.string().nullish(),
  stacking: Stacking.optional(),
  supersedes: z.array(Supersedes).default([]),
  notes: z.array(z.string()).default([]), // readings of the text the official should know about
  tests: z.array(RuleTest).default([]),
  // a second reader, who did not write the rule, read it against the source and wrote its asker
  // test (rules/asker/); `changed` says what that reading corrected
  secondReading: z
    .strictObject({
      on: IsoDate,
      changed: z.array(z.enum(['scope', 'ceiling', 'category', 'direction', 'figure', 'conflict', 'validity', 'documents', 'other'])).default([]),
      note: z.string().optional(),
    })
    .optional(),
})
export type RuleInput = z.input<typeof Rule>

export const DocumentInfo = z.strictObject({
  file: z.string().regex(/^\d{3}_[0-9a-z-]+\.txt$/, 'the source file name as in rules/sources'),
  // where a later notice's text was copied from (official pages first), for an official to check
  copiedFrom: z.array(z.string()).default([]),
  title: z.string(),
  region: z.string(),
  issuer: z.string().nullish(),
  docNumber: z.string().nullish(),
  lines: z.tuple([z.number().int(), z.number().int()]).optional(), // a sub-document's span in a compilation
  validity: Validity,
  department: z.string().nullish(),
  // who the document is for beyond its region, where the text narrows it (000: 集成电路和软件企业);
  // every rule inherits it as a condition
  scope: Condition.optional(),
  // a part of the document that narrows it further: rules citing a line in `lines` inherit `scope`
  sections: z
    .array(z.strictObject({ lines: z.tuple([z.number().int(), z.number().int()]), title: z.string().optional(), scope: Condition }))
    .default([]),
})

export const RuleFile = z.strictObject({
  document: DocumentInfo,
  rules: z.array(Rule),
})
export type RuleFile = z.infer<typeof RuleFile>

// A cited place as loaded: its document filled in, and its clause, where a reader finds the line:
// the document's own labels of the headings above it, outermost first (三、（二）, 第三章 第十二条;
// see clauses.ts). No clause where no heading holds the line (a preamble).
export const CitedPlace = z.object({ document: z.string(), line: z.number().int().positive(), quote: z.string(), clause: z.string().optional() })
export const CitedSource = CitedPlace.extend({ alsoAt: z.array(CitedPlace.extend({ differs: z.string().optional() })) })
export type CitedSource = z.infer<typeof CitedSource>

// A rule as the engine sees it: document defaults filled in.
export type LoadedRule = Omit<z.infer<typeof Rule>, 'source' | 'validity' | 'region'> & {
  file: string // the YAML file it came from
  documentTitle: string
  region: string
  validity: Validity
  source: CitedSource
}
