// "有变化通知我": the asker follows the policies just discussed; when one changes status (a draft
// comes into force, a policy expires) or its rule is corrected, they get a message on their channel.
import { createHash } from 'node:crypto'
import { named, STATUS_LABEL } from '../answer/compose.js'
import type { PolicyAnswer } from '../answer/schema.js'
import type { Bot } from '../bot.js'
import type { Store } from '../store/store.js'
import { Subscription, type Asker } from './schema.js'

export const SUBSCRIBE = /(变化|变动|更新|调整|生效|失效|出台|正式|修订).{0,6}(通知|告诉|提醒|告知)我|(通知|提醒)我.{0,6}(变化|变动|更新|生效|失效)|订阅/

// a policy that comes into force 已生效, rather than the 现行有效 of a look-up
const STATUS: Record<string, string> = { ...STATUS_LABEL, in_force: '已生效' }
const SUBS = 'subscriptions'

// the later notice that governs in a policy's place today, if any: told once when it appears
const replacedBy = (p: PolicyAnswer) => p.supersededBy?.docNumber ?? p.supersededBy?.title
// what a person was told about a policy, apart from its status and clauses: a clause only says
// where the cited line (counted already) stands, and fingerprints kept before clauses existed
// must not all read as corrections
const unplaced = (s: PolicyAnswer['source']) => ({ ...s, clause: undefined, alsoAt: s.alsoAt.map((a) => ({ ...a, clause: undefined })) })
// the fields a follower was told, as they were first kept (conditions as ✔/✘/？ lines): the date in
// a validity note, a headline or a citation's wording change no content
const MARK = { met: '✔', failed: '✘', unknown: '？' } as const
const told = (p: PolicyAnswer) => {
  const { id, title, region, eligible, amount, documents, deadline, applyTo, department, conditions, source, supersededBy } = p
  const lines = conditions.map((c) => `${MARK[c.state]} ${c.text}`)
  return { id, title, region, eligible, amount, documents, deadline, applyTo, department, conditions: lines, source: unplaced(source), supersededBy }
}
const fingerprint = (p: PolicyAnswer) => createHash('sha256').update(JSON.stringify(told(p))).digest('hex').slice(0, 16)

export class Subscriptions {
  constructor(
    private store: Store,
    private bot: Bot,
    private today: () => string,
  ) {}

  /** Follows these policies for the asker; returns the ones now followed. */
  async follow(asker: Asker, ruleIds: string[]): Promise<PolicyAnswer[]> {
    const policies = ruleIds.flatMap((id) => this.bot.policy(id, {}, this.today()) ?? [])
    const before = await this.store.get(SUBS, asker.session)
    const watch = { ...(before ? Subscription.parse(before).watch : {}) }
    for (const p of policies) watch[p.id] = { status: p.status, fingerprint: fingerprint(p), supersededBy: replacedBy(p) }
    await this.store.put(SUBS, asker.session, Subscription.parse({ id: asker.session, asker, watch }))
    return policies
  }

  async forget(session: string) {
    await this.store.remove(SUBS, session)
  }

  /** Every change since the last check, as the message for each follower; the new state is kept. */
  async changes(): Promise<{ asker: Asker; text: string }[]> {
    const out: { asker: Asker; text: string }[] = []
    for (const raw of await this.store.list(SUBS)) {
      const sub = Subscription.parse(raw)
      const lines: string[] = []
      for (const [id, seen] of Object.entries(sub.watch)) {
        const p = this.bot.policy(id, {}, this.today())
        if (!p) continue
        const fp = fingerprint(p)
        // a later notice now governs in its place: say which, from when
        const by = p.supersededBy
        if (by && !seen.supersededBy) lines.push(`《${p.title}》：自${by.from}起已被${named(by)}取代，请按新规定重新查询核对`)
        else if (p.status !== seen.status) lines.push(`《${p.title}》：${STATUS[seen.status] ?? seen.status} → ${STATUS[p.status]}（截至${this.today()}）`)
        else if (fp !== seen.fingerprint) lines.push(`《${p.title}》：条款内容已更新，请重新查询核对`)
        sub.watch[id] = { status: p.status, fingerprint: fp, supersededBy: replacedBy(p) }
      }
      if (lines.length) {
        out.push({ asker: sub.asker, text: `您关注的政策有变化：\n${lines.join('\n')}\n详情可直接向我询问。` })
        await this.store.put(SUBS, sub.id, sub)
      }
    }
    return out
  }
}
