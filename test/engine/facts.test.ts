import { describe, expect, it } from 'vitest'
import { resolve } from '../../src/engine/facts.js'
import { ctx } from '../helpers.js'

describe('a kind of enterprise within an industry', () => {
  it('is not held by an enterprise said to be of another industry, and says why', () => {
    const other = resolve('localFinancialInstitution', { industry: 'logistics' }, ctx)
    expect(other.value).toBe(false)
    expect(other.notes.join()).toContain('交通运输')
    // of that industry, or of none said, it is still to be asked
    expect(resolve('localFinancialInstitution', { industry: 'finance' }, ctx).missing).toEqual(['localFinancialInstitution'])
    expect(resolve('localFinancialInstitution', {}, ctx).missing).toEqual(['localFinancialInstitution'])
    // said outright, it stands
    expect(resolve('localFinancialInstitution', { industry: 'software', localFinancialInstitution: true }, ctx).value).toBe(true)
  })
})
