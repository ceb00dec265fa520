// The officials' desk: questions the bot cannot answer (or whose asker wants a person) become
// tickets; an allowlisted official's answer goes back to the asker on the channel they used,
// and may become an FAQ entry the bot answers from next time. Everything is kept in the store
// and every decision is in the audit log.
import { randomUUID } from 'node:crypto'
import type { Answer } from '../answer/schema.js'
import { yuan } from '../format.js'
import type { Bot, Session } from '../bot.js'
import type { Turn } from '../conversation.js'
import type { Senders } from '../outbound.js'
import { scrub } from '../personal.js'
import type { Store } from '../store/store.js'
import { AuditEntry, FaqEntry, Ticket, type Asker } from './schema.js'
import { similarity } from './similar.js'
import { weeklyStats } from './stats.js'
import { Subscriptions } from './subscriptions.js'

export interface DeskOptions {
  /** open_ids allowed to answer, each optionally with its department: `ou_x` or `ou_x=嘉兴市经信局` */
  officials: string[]
  today: () => string
  now?: () => Date
}

/** What happened to an official's action, for the card or message that answers them. */
export type Outcome =
  | { ok: true; ticket: Ticket; faq?: FaqEntry; /** settles once the asker has it (or it is kept in their inbox) */ delivered: Promise<void>; /** the asker's channel cannot take it now: kept until they write */ kept?: boolean }
  | { ok: false; reason: 'not_allowed' | 'unknown_ticket' | 'closed' | 'unknown_guess' }

export const REFUSAL: Record<Exclude<Outcome, { ok: true }>['reason'], string> = {
  not_allowed: '您不在答复人名单中，答复未发送。',
  unknown_ticket: '找不到这张工单。',
  closed: '这张工单已经处理过了。',
  unknown_guess: '这不是本工单的候选政策。',
}

/** How alike a later question must be to an FAQ question to be answered from it. */
export const FAQ_MATCH = 0.6
/** What the asker is told to expect. */
export const REPLY_WITHIN = '一般在2个工作日内'

const TICKETS = 'tickets'
const FAQ = 'faq'
const AUDIT = 'audit'
const INBOX = 'inbox'

/** Where a person asked, to answer them later on the same channel. */
export function askerOf({ message: m, session }: Pick<Turn, 'message' | 'session'>): Asker {
  return { channel: m.channel, chatId: m.conversation.chatId, senderId: m.sender.id, session, isGroup: m.conversation.isGroup, messageId: m.platformMsgId }
}

export class Desk {
  private departments: Map<string, string>
  /** Set by the Feishu adapter: shows a new ticket to the officials, returns the card's message id. */
  notify: ((t: Ticket) => Promise<string | undefined>) | null = null
  private now: () => Date
  readonly subscriptions: Subscriptions

  constructor(
    private store: Store,
    private bot: Bot,
    private senders: Senders,
    private opts: DeskOptions,
  ) {
    this.departments = new Map(opts.officials.map((o) => (o.includes('=') ? [o.slice(0, o.indexOf('=')), o.slice(o.indexOf('=') + 1)] : [o, ''])))
    this.now = opts.now ?? (() => new Date())
    this.subscriptions = new Subscriptions(store, bot, opts.today)
  }

  stats() {
    return weeklyStats(this.store, this.now())
  }

  /** Tells every follower what changed since the last check. */
  async notifyChanges(): Promise<number> {
    const changes = await this.subscriptions.changes()
    for (const c of changes) {
      await this.deliver(c.asker, c.text)
      await this.audit('bot', 'notify')
    }
    return changes.length
  }

  isOfficial(openId: string) {
    return this.departments.has(openId)
  }

  // ---------- tickets

  /** `session` gives the facts and, when this turn found no policy (转人工), the ones discussed before. */
  async handOff(turn: Turn, session: Session, reason: Ticket['reason']): Promise<Ticket> {
    const today = this.opts.today()
    const guesses = turn.answer.policies.length ? turn.answer.policies : session.lastPolicies.flatMap((id) => this.bot.policy(id, session.profile, today) ?? [])
    const asker = askerOf(turn)
    const ticket = Ticket.parse({
      id: `T${this.now().toISOString().slice(2, 10).replace(/-/g, '')}-${randomUUID().slice(0, 6)}`,
      asker,
      // the officials need the question, not the asker's phone or name in it
      question: scrub(turn.message.text),
      facts: session.profile,
      guesses: guesses.slice(0, 3).map((p) => ({
        id: p.id,
        title: p.title,
        source: p.citation,
        status: p.status,
      })),
      reason,
      created: this.now().toISOString(),
      status: 'open',
    })
    await this.store.put(TICKETS, ticket.id, ticket)
    await this.audit('bot', 'handoff', { ticket: ticket.id, detail: reason })
    if (this.notify) {
      const card = await this.notify(ticket)
      if (card) await this.store.put(TICKETS, ticket.id, { ...ticket, card })
    }
    return ticket
  }

  async ticket(id: string): Promise<Ticket | undefined> {
    const t = await this.store.get(TICKETS, id)
    return t ? Ticket.parse(t) : undefined
  }

  async ticketByCard(cardMessageId: string): Promise<Ticket | undefined> {
    return (await this.tickets()).find((t) => t.card === cardMessageId)
  }

  async tickets(): Promise<Ticket[]> {
    return (await this.store.list(TICKETS)).map((t) => Ticket.parse(t))
  }

  /** An official's own answer. Only allowlisted officials may answer; the refusal is audited too. */
  answer(ticketId: string, official: string, text: string, ruleIds: string[] = []): Promise<Outcome> {
    const answer = { text: text.trim(), official, department: this.departments.get(official) || '政策咨询工作人员', date: this.opts.today(), ruleIds }
    return this.close(ticketId, official, 'answer', { status: 'answered', answer }, (t) => `【工作人员答复】${answer.text}\n——${answer.department}，${answer.date}\n（您的问题：${t.question}）`)
  }

  /** The official picks one of the bot's guesses: the asker gets that policy worked out for their facts. */
  async answerWithGuess(ticketId: string, official: string, ruleId: string): Promise<Outcome> {
    const t = await this.ticket(ticketId)
    if (t && !t.guesses.some((g) => g.id === ruleId)) return { ok: false, reason: 'unknown_guess' }
    const p = t && this.bot.policy(ruleId, t.facts as never, this.opts.today())
    if (!t || !p) return this.answer(ticketId, official, '', [ruleId])
    const amount = p.amount?.value != null ? `可获${yuan(p.amount.value)}。` : p.amount?.max != null ? `最高${yuan(p.amount.max)}。` : ''
    const text = `适用政策：${p.title}。${amount}依据${p.citation}：“${p.source.quote}”`
    return this.answer(ticketId, official, text, [ruleId])
  }

  notPolicy(ticketId: string, official: string): Promise<Outcome> {
    return this.close(ticketId, official, 'not_policy', { status: 'not_policy' }, (t) => `您的问题“${t.question}”经工作人员确认不属于政策咨询范围，建议通过12345热线或相关部门办理。`)
  }

  /** Closes an open ticket for an allowlisted official, audits it, and tells the asker. */
  private async close(ticketId: string, official: string, action: 'answer' | 'not_policy', change: Partial<Ticket>, message: (t: Ticket) => string): Promise<Outcome> {
    if (!this.isOfficial(official)) {
      await this.audit(official, 'answer_refused', { ticket: ticketId })
      return { ok: false, reason: 'not_allowed' }
    }
    const open = await this.ticket(ticketId)
    if (!open) return { ok: false, reason: 'unknown_ticket' }
    if (open.status !== 'open') return { ok: false, reason: 'closed' }
    // a channel with a reply window (微信客服: 48 hours after the asker's last message) that is shut
    // now keeps the answer for the asker's next message, and the official is told so
    const kept = !(await this.senders.reachable(open.asker))
    const ticket: Ticket = { ...open, ...change, closed: this.now().toISOString(), ...(kept ? { kept } : {}) }
    await this.store.put(TICKETS, ticket.id, ticket)
    await this.audit(official, action, { ticket: ticket.id })
    const text = message(ticket)
    return { ok: true, ticket, kept, delivered: kept ? this.keep(ticket.asker.session, text) : this.deliver(ticket.asker, text) }
  }

  // ---------- FAQ

  async addFaq(ticketId: string, official: string): Promise<Outcome> {
    if (!this.isOfficial(official)) return { ok: false, reason: 'not_allowed' }
    const ticket = await this.ticket(ticketId)
    if (!ticket?.answer) return { ok: false, reason: 'unknown_ticket' }
    // the entry says nothing of whose question it was: its id is its own, not the ticket's
    const faq = FaqEntry.parse({
      id: `F${this.now().toISOString().slice(2, 10).replace(/-/g, '')}-${randomUUID().slice(0, 6)}`,
      questions: [scrub(ticket.question)],
      answer: ticket.answer.text,
      department: ticket.answer.department,
      date: ticket.answer.date,
      ruleIds: ticket.answer.ruleIds,
      status: 'live',
      updated: this.now().toISOString(),
    })
    await this.store.put(FAQ, faq.id, faq)
    await this.audit(official, 'faq_add', { faq: faq.id, ticket: ticket.id })
    return { ok: true, ticket, faq, delivered: Promise.resolve() }
  }

  /** Edits an entry: a new answer, or another question variant it should match. */
  async editFaq(id: string, official: string, change: { answer?: string; addQuestion?: string }): Promise<FaqEntry | null> {
    const faq = await this.faq(id)
    if (!faq || !this.isOfficial(official)) return null
    const next = FaqEntry.parse({
      ...faq,
      answer: change.answer?.trim() || faq.answer,
      questions: change.addQuestion ? [...faq.questions, scrub(change.addQuestion.trim())] : faq.questions,
      date: change.answer ? this.opts.today() : faq.date,
      updated: this.now().toISOString(),
    })
    await this.store.put(FAQ, id, next)
    await this.audit(official, 'faq_edit', { faq: id })
    return next
  }

  async retireFaq(id: string, official: string): Promise<FaqEntry | null> {
    const faq = await this.faq(id)
    if (!faq || !this.isOfficial(official)) return null
    const next = { ...faq, status: 'retired' as const, updated: this.now().toISOString() }
    await this.store.put(FAQ, id, next)
    await this.audit(official, 'faq_retire', { faq: id })
    return next
  }

  async faq(id: string): Promise<FaqEntry | undefined> {
    const f = await this.store.get(FAQ, id)
    return f ? FaqEntry.parse(f) : undefined
  }

  async faqs(): Promise<FaqEntry[]> {
    return (await this.store.list(FAQ)).map((f) => FaqEntry.parse(f))
  }

  /** The live entry whose questions are most like this one, when alike enough. */
  async faqMatch(question: string): Promise<FaqEntry | null> {
    let best: { f: FaqEntry; s: number } | null = null
    for (const f of await this.faqs()) {
      if (f.status !== 'live') continue
      const s = Math.max(...f.questions.map((q) => similarity(q, question)))
      if (s >= FAQ_MATCH && (!best || s > best.s)) best = { f, s }
    }
    return best?.f ?? null
  }

  faqAnswer(f: FaqEntry, asOf: string): Answer {
    const policies = f.ruleIds.flatMap((id) => this.bot.policy(id, {}, asOf) ?? [])
    return {
      intent: 'lookup',
      reply: `${f.answer}\n\n（以上来自${f.department}工作人员${f.date}的答复，仅供参考，以主管部门最终认定为准。）`,
      asOf,
      policies,
      missing: [],
    }
  }

  // ---------- messages to askers, forget-me, audit

  /** Sent on the asker's channel; kept in their inbox when the channel cannot take it now. */
  async deliver(to: Asker, text: string): Promise<void> {
    try {
      await this.senders.send(to, text)
    } catch {
      await this.keep(to.session, text)
    }
  }

  private async keep(session: string, text: string): Promise<void> {
    const box = ((await this.store.get(INBOX, session)) as string[] | undefined) ?? []
    await this.store.put(INBOX, session, [...box, text])
  }

  /** The person wrote again: what was kept for them goes now (what still cannot go is kept again). */
  async release(to: Asker): Promise<number> {
    const kept = await this.takeInbox(to.session)
    for (const text of kept) await this.deliver(to, text)
    return kept.length
  }

  /** Messages kept for a conversation that could not be reached, handed over once. */
  async takeInbox(session: string): Promise<string[]> {
    const box = ((await this.store.get(INBOX, session)) as string[] | undefined) ?? []
    if (box.length) await this.store.remove(INBOX, session)
    return box
  }

  /**
   * Forget-me: the person's tickets, undelivered messages and subscriptions go; an FAQ entry made
   * from their question keeps the question (scrubbed when it was made) and nothing that leads back
   * to them; the audit keeps only that it happened.
   */
  async forget(session: string): Promise<void> {
    for (const t of await this.tickets()) {
      if (t.asker.session !== session) continue
      await this.store.remove(TICKETS, t.id)
      // an entry made before questions were scrubbed is named after its ticket and holds the words as said
      const legacy = await this.faq(`F${t.id.slice(1)}`)
      if (legacy) await this.store.put(FAQ, legacy.id, { ...legacy, questions: legacy.questions.map(scrub) })
    }
    await this.store.remove(INBOX, session)
    await this.subscriptions.forget(session)
    await this.audit('asker', 'forget_me')
  }

  /**
   * Retention: a ticket closed before `before` keeps what the statistics count (when, why, which
   * policies, its outcome) and loses the question, the facts, the answer's text and who asked.
   */
  async clearClosedBefore(before: Date): Promise<number> {
    const old = (await this.tickets()).filter((t) => t.status !== 'open' && !t.cleared && Date.parse(t.closed ?? t.created) < before.getTime())
    for (const t of old) {
      const asker = { ...t.asker, chatId: '', senderId: '', session: '', messageId: '' }
      const answer = t.answer && { ...t.answer, text: '' }
      await this.store.put(TICKETS, t.id, { ...t, asker, question: '', facts: {}, answer, cleared: this.now().toISOString() })
    }
    return old.length
  }

  async audit(actor: string, action: AuditEntry['action'], extra: Partial<AuditEntry> = {}): Promise<void> {
    const at = this.now().toISOString()
    const entry = AuditEntry.parse({ id: `${at}-${randomUUID().slice(0, 8)}`, at, actor, action, ...extra })
    await this.store.put(AUDIT, entry.id, entry)
  }

  async auditLog(limit = 50): Promise<AuditEntry[]> {
    const all = (await this.store.list(AUDIT)).map((a) => AuditEntry.parse(a))
    return all.sort((a, b) => b.id.localeCompare(a.id)).slice(0, limit)
  }
}
