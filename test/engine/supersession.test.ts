// Which of a chain of notices governs the asker's period: the year it names, else the day asked.
import { describe, expect, it } from 'vitest'
import { beyondKnown, governing, periodOf, replacementsOf } from '../../src/engine/supersession.js'
import type { LoadedRule } from '../../src/rules/schema.js'

// only what the links read: a rule's id, its period and the rules it replaces
const rule = (id: string, from: string, to: string | null, supersedes: { rule: string; from: string }[] = []) =>
  ({
    id,
    documentTitle: `notice ${id}`,
    docNumber: id,
    validity: { status: 'in_force', from, to, issued: id === 'y2023' ? '2023-08-02' : undefined },
    supersedes: supersedes.map((l) => ({ ...l, part: 'full', by: 'eitTaxYear', note: `${id} replaces ${l.rule}` })),
  }) as unknown as LoadedRule

const chain = [
  rule('y2018', '2018-01-01', '2020-12-31'),
  rule('y2019', '2019-01-01', '2021-12-31', [{ rule: 'y2018', from: '2019-01-01' }]),
  rule('y2021', '2021-01-01', '2022-12-31', [{ rule: 'y2019', from: '2021-01-01' }]),
  rule('y2023', '2023-01-01', '2027-12-31', [{ rule: 'y2021', from: '2023-01-01' }]),
]
const links = replacementsOf(chain)
const last = chain[3]

describe('which notice governs the asker\'s period', () => {
  it('reads the period from the year named, else the day asked', () => {
    expect(periodOf('eitTaxYear', { eitTaxYear: 2019 }, '2026-12-05')).toBe('2019-12-31')
    expect(periodOf('eitTaxYear', {}, '2026-12-05')).toBe('2026-12-05')
  })

  it.each([
    [2018, undefined],
    [2019, 'y2019'],
    [2020, 'y2019'],
    [2021, 'y2021'],
    [2022, 'y2021'],
    [2024, 'y2023'],
  ])('tax year %i of the 2018 rule is governed by %s', (year, want) => {
    expect(governing('y2018', links, { eitTaxYear: year }, '2026-12-05')?.rule.id).toBe(want)
  })

  it('follows the chain to today when no year is named, and says which link ended the first rule', () => {
    const g = governing('y2018', links, {}, '2026-12-05')!
    expect(g.rule.id).toBe('y2023')
    expect(g.first.from).toBe('2019-01-01')
    expect(g.last.note).toBe('y2023 replaces y2021')
  })

  it('says where the known notices end when the period lies after the last one', () => {
    const ended = (id: string) => chain.find((r) => r.id === id)?.validity.to
    expect(beyondKnown(last, links, { eitTaxYear: 2028 }, '2026-12-05', undefined, ended)).toBe('2027-12-31')
    expect(beyondKnown(last, links, { eitTaxYear: 2027 }, '2026-12-05')).toBeUndefined()
    expect(beyondKnown(last, links, {}, '2026-12-05')).toBeUndefined()
    // a rule that a later one governs in place of is not the end of the chain
    expect(beyondKnown(chain[2], links, { eitTaxYear: 2028 }, '2026-12-05')).toBeUndefined()
    // nor one narrowing a rule that runs on without an end
    expect(beyondKnown(last, links, { eitTaxYear: 2028 }, '2026-12-05', undefined, () => null)).toBeUndefined()
  })
})

describe('a notice not yet issued', () => {
  it('governs nothing on a day before it was issued, even for the period it will cover', () => {
    expect(governing('y2018', links, { eitTaxYear: 2024 }, '2023-06-01')?.rule.id).toBe('y2021')
    expect(governing('y2018', links, { eitTaxYear: 2024 }, '2023-09-01')?.rule.id).toBe('y2023')
  })
})

describe('a later rule for some askers only', () => {
  it('replaces the earlier one only for those it is for', () => {
    const forManufacturers = (later: LoadedRule) => later.id !== 'y2021'
    // the 2021 rule is not for this asker: the 2019 one governs 2021, then the 2023 one (which
    // replaces the 2021 rule only) does not reach back past it
    expect(governing('y2018', links, { eitTaxYear: 2021 }, '2026-12-05', forManufacturers)?.rule.id).toBe('y2019')
    expect(governing('y2018', links, { eitTaxYear: 2021 }, '2026-12-05')?.rule.id).toBe('y2021')
  })
})
