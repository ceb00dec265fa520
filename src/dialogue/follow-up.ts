// How a message leans on the conversation: does it answer the bot's question (公司在嘉兴的), lean on
// the previous subject (那五级呢, 要是…), or stay with the policies just discussed (要准备啥材料)?
import type { IntentGuess } from '../../intents/classify.js'
import type { Vocabulary } from '../../intents/segment.js'
import { hasSubject, newItems } from './subject.js'
import type { Session } from './session.js'

// 那五级呢 / 要是… / 如果换成…: the message leans on the previous one
const ELLIPTICAL = /^(那|那么|要是|如果|假如|若是|换成)|呢[？?]?$/
// words that point back at what was said (说回发债那件事, 刚才那条, 这个也要吗): the open topic
const BACK = /说回|回到(刚才|之前|前面|上面)|(刚才|之前|前面|上面)(那|这|说的|讲的|提到)|(那|这)(件事|个事|事儿)|^[^，。,？?]{0,4}(也|还)[^，。,]{0,8}吗[？?]?$/
// intents that are about the policies already on the table
const FOLLOW_UP = new Set(['documents', 'deadline', 'where_to_apply', 'status', 'explain'])

export interface Leaning {
  answersUs: boolean // a statement of facts in reply to the bot: short, or giving the fact it asked for
  leans: boolean // elliptical, or a bare figure: it means the previous subject
  moves: boolean // it names an item the policies just discussed do not mention
}

/** `lastTexts`: the words of the policies just discussed. */
export function leaning(text: string, session: Session, guess: IntentGuess, given: string[], bareFigures: boolean, v: Vocabulary, lastTexts: string[]): Leaning {
  const talking = Boolean(session.topic)
  // 多元件集成电路呢 after the 5%→6% export rebate keeps the topic but moves to a sibling item
  const moves = talking && lastTexts.length > 0 && newItems(text, v, lastTexts).length > 0
  // a statement that gives what the bot asked for answers it, however long it is
  const statement = guess.intent === 'find_policies' && !moves
  const answersUs = talking && statement && given.length > 0 && (text.length <= 24 || given.some((f) => session.pending.includes(f)))
  const leans = answersUs || (talking && (ELLIPTICAL.test(text.trim()) || BACK.test(text.trim()) || bareFigures))
  return { answersUs, leans, moves }
}

export interface Staying {
  pure: boolean // names no new subject: the answer is about the last policies
  stay: number // 0 to 1: how much the ranking leans on the previous topic
  onPolicies: number // 0 to 1: how much it leans on the policies just discussed
}

export function staying(text: string, intent: string, l: Leaning, v: Vocabulary, session: Session): Staying {
  const followUp = FOLLOW_UP.has(intent) || l.leans
  // the first message of a conversation has nothing to stay with (nor to pay jieba's load for)
  if (!followUp || !session.topic) return { pure: false, stay: 0, onPolicies: 0 }
  const pure = l.answersUs || !hasSubject(text, v)
  if (pure) return { pure, stay: 1, onPolicies: 1 }
  // 那深圳呢: the same subject in another place — the topic whole, not the last place's policies
  const places = l.leans ? v.regions.names().filter((n) => n.length >= 2 && text.includes(n)) : []
  if (places.length && !hasSubject(places.reduce((t, n) => t.split(n).join(''), text), v)) return { pure: false, stay: 1, onPolicies: 0 }
  return { pure, stay: 0.3, onPolicies: l.moves ? 0 : 0.3 }
}
