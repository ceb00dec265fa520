// Short forms people use, read from the facts catalogue's own pairs of cues: the search is given
// the words the policies write them out in.
import { describe, expect, it } from 'vitest'
import { abbreviationsOf, writtenOut } from '../../src/dialogue/abbreviations.js'
import { knowledge } from '../../src/knowledge.js'

const k = knowledge()
const abbreviations = abbreviationsOf(k.facts, k.rules)

describe('abbreviations', () => {
  it.each([
    ['厂里的流贷快到期了', '流动资金贷款'],
    ['牵头主持国标两项', '主持国家标准'],
    ['跟财险公司买了保险', '财产保险公司'],
    ['开了一家小贷公司', '小额贷款公司'],
  ])('%s → %s', (text, long) => {
    expect(writtenOut(text, abbreviations)).toContain(long)
  })

  it('adds nothing when the message writes the word out, or the long form is in most policies', () => {
    expect(writtenOut('流动资金贷款（流贷）到期', abbreviations)).toBe('')
    expect(writtenOut('我们是民企', abbreviations)).toBe('')
  })
})
