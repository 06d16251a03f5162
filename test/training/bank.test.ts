import { describe, expect, it } from 'vitest'
import { bankByModule, findItem, isModule, moduleIds, modules, questionBank } from '../../functions/training/bank'
import type { Localized, Module, QuestionItem } from '../../functions/training/bank'

const KEBAB = /^[a-z0-9]+(?:-[a-z0-9]+)*$/
const CJK = /[\u4e00-\u9fff]/
const LATIN = /[A-Za-z]/
const PREFIX: Record<Module, string> = {
  'wrong-swipes': 'ws-',
  'card-data': 'cd-',
  'updates-wifi': 'uw-',
  fraud: 'fr-',
  fees: 'fe-',
  consumers: 'co-',
}

/** Every localized text of an item, labelled for failure messages. */
function texts(item: QuestionItem): [string, Localized][] {
  return [
    ['prompt', item.prompt],
    ['explanation', item.explanation],
    ...(item.choices ?? []).map((c): [string, Localized] => [`choice ${c.id}`, c.text]),
  ]
}

describe('question bank', () => {
  it('has the six modules with titles in both languages', () => {
    expect(moduleIds).toEqual(['wrong-swipes', 'card-data', 'updates-wifi', 'fraud', 'fees', 'consumers'])
    expect(Object.keys(bankByModule).sort()).toEqual([...moduleIds].sort())
    for (const m of modules) {
      expect(m.title['zh-CN']).toMatch(CJK)
      expect(m.title.en).toMatch(LATIN)
      expect(isModule(m.id)).toBe(true)
    }
    expect(isModule('nope')).toBe(false)
  })

  it('has at least 16 items per module and 100 in all', () => {
    for (const id of moduleIds) {
      const items = bankByModule[id]
      expect(items.length, id).toBeGreaterThanOrEqual(16)
      for (const item of items) expect(item.module, item.id).toBe(id)
    }
    expect(questionBank.length).toBeGreaterThanOrEqual(100)
    expect(questionBank.length).toBe(moduleIds.reduce((n, id) => n + bankByModule[id].length, 0))
  })

  it('has unique kebab-case ids with the module prefix, and kebab-case topics', () => {
    const ids = questionBank.map((i) => i.id)
    expect(new Set(ids).size).toBe(ids.length)
    for (const item of questionBank) {
      expect(item.id, item.id).toMatch(KEBAB)
      expect(item.id.startsWith(PREFIX[item.module]), item.id).toBe(true)
      expect(item.topic, item.id).toMatch(KEBAB)
      expect(findItem(item.id)).toBe(item)
    }
    expect(findItem('no-such-item')).toBeUndefined()
  })

  it('has both languages, non-empty and different, in prompt, choices and explanation', () => {
    for (const item of questionBank) {
      for (const [where, t] of texts(item)) {
        const label = `${item.id} ${where}`
        expect(Object.keys(t).sort(), label).toEqual(['en', 'zh-CN'])
        expect(t['zh-CN'].trim(), label).not.toBe('')
        expect(t.en.trim(), label).not.toBe('')
        expect(t['zh-CN'], label).not.toBe(t.en)
        expect(t.en, label).toMatch(LATIN)
        if (where !== 'choice true' && where !== 'choice false') expect(t['zh-CN'], label).toMatch(CJK)
      }
      expect(item.explanation['zh-CN'], item.id).not.toBe(item.prompt['zh-CN'])
      expect(item.explanation.en, item.id).not.toBe(item.prompt.en)
    }
  })

  it('contains no full card numbers (no 13–19 digit runs, with or without separators)', () => {
    for (const item of questionBank) {
      for (const [where, t] of texts(item)) {
        for (const s of [t['zh-CN'], t.en]) {
          expect(s, `${item.id} ${where}`).not.toMatch(/\d{13,19}/)
          expect(s.replace(/(?<=\d)[ -](?=\d)/g, ''), `${item.id} ${where}`).not.toMatch(/\d{13,}/)
        }
      }
    }
  })

  it('has unique choice ids and texts within each item', () => {
    for (const item of questionBank) {
      const choices = item.choices ?? []
      expect(new Set(choices.map((c) => c.id)).size, item.id).toBe(choices.length)
      expect(new Set(choices.map((c) => c.text['zh-CN'])).size, item.id).toBe(choices.length)
      expect(new Set(choices.map((c) => c.text.en)).size, item.id).toBe(choices.length)
    }
  })

  it('has a valid key for every item type', () => {
    for (const item of questionBank) {
      const ids = (item.choices ?? []).map((c) => c.id)
      switch (item.type) {
        case 'single':
          expect(ids.length, item.id).toBeGreaterThanOrEqual(3)
          expect(ids, item.id).toContain(item.answer)
          break
        case 'multiple':
          expect(item.answer.length, item.id).toBeGreaterThanOrEqual(2)
          expect(new Set(item.answer).size, item.id).toBe(item.answer.length)
          for (const a of item.answer) expect(ids, item.id).toContain(a)
          expect(ids.length - item.answer.length, item.id).toBeGreaterThanOrEqual(1)
          break
        case 'true_false':
          expect(ids, item.id).toEqual(['true', 'false'])
          expect(['true', 'false'], item.id).toContain(item.answer)
          break
        case 'ordering':
          expect(ids.length, item.id).toBeGreaterThanOrEqual(3)
          expect([...item.answer].sort(), item.id).toEqual([...ids].sort())
          // Stored order must not give the answer away if a client shows it unshuffled.
          expect(item.answer, item.id).not.toEqual(ids)
          break
        case 'amount':
          expect(item.choices, item.id).toBeUndefined()
          expect(Number.isSafeInteger(item.answer) && item.answer > 0, item.id).toBe(true)
          expect(item.prompt['zh-CN'], item.id).toContain('以元为单位')
          expect(item.prompt.en, item.id).toContain('in yuan')
          break
        default: {
          const never: never = item
          throw new Error(`unknown type in ${JSON.stringify(never)}`)
        }
      }
    }
  })

  it('mixes item types and spreads the keys of single-choice items across positions', () => {
    const types = new Set(questionBank.map((i) => i.type))
    expect([...types].sort()).toEqual(['amount', 'multiple', 'ordering', 'single', 'true_false'])
    for (const id of moduleIds) expect(new Set(bankByModule[id].map((i) => i.type)).size, id).toBeGreaterThanOrEqual(3)
    expect(bankByModule.fees.filter((i) => i.type === 'amount').length).toBeGreaterThanOrEqual(5)

    const singles = questionBank.filter((i) => i.type === 'single')
    const counts = new Map<string, number>()
    for (const i of singles) counts.set(i.answer, (counts.get(i.answer) ?? 0) + 1)
    for (const [key, n] of counts) expect(n / singles.length, `key ${key}`).toBeLessThanOrEqual(0.35)

    // Neither true nor false should be a safe guess.
    const tf = questionBank.filter((i) => i.type === 'true_false')
    const trues = tf.filter((i) => i.answer === 'true').length
    expect(trues / tf.length).toBeGreaterThanOrEqual(0.35)
    expect(trues / tf.length).toBeLessThanOrEqual(0.65)
  })

  it('gets every fee amount right by exact integer arithmetic', () => {
    /** amount (fen) × rate (parts per million), rounded half-up to the fen. */
    const fee = (fen: number, ppm: number) => Math.floor((fen * ppm * 2 + 1_000_000) / 2_000_000)
    const yuan = (y: number) => y * 100
    const expected: Record<string, number> = {
      'fe-debit-cap': Math.min(fee(yuan(5000), 3500), yuan(13)),
      'fe-network-fee': Math.min(fee(yuan(2000), 325), 325),
      'fe-acquirer-share': fee(yuan(10000), 6000) - fee(yuan(10000), 4500) - Math.min(fee(yuan(10000), 325), 325),
      'fe-round-small': fee(yuan(10), 5500),
      'fe-round-230': fee(yuan(230), 5500),
      'fe-round-qr': fee(yuan(10), 3800),
      'fe-round-per-sale': fee(yuan(10), 5500) * 2,
      'fe-d0-fee': fee(yuan(1000), 6000) + yuan(2),
      'fe-spread': fee(yuan(10000), 6000 - 5200),
      'fe-multi-level-top': fee(yuan(10000), 5200 - 5000),
      'fe-multi-level-sub': fee(yuan(50000), 6000 - 5300),
    }
    // Spot values stated in the domain notes.
    expect(expected['fe-round-small']).toBe(6)
    expect(expected['fe-round-230']).toBe(127)
    expect(expected['fe-spread']).toBe(800)
    expect(expected['fe-multi-level-top']).toBe(200)
    expect(expected['fe-acquirer-share']).toBe(1175)

    const amountItems = bankByModule.fees.filter((i) => i.type === 'amount')
    expect(amountItems.map((i) => i.id).sort()).toEqual(Object.keys(expected).sort())
    for (const item of amountItems) expect(item.answer, item.id).toBe(expected[item.id])

    const ws = (id: string) => findItem(id)?.answer
    expect(ws('ws-refund-remaining')).toBe(yuan(800) - yuan(200) - yuan(350))
    expect(ws('ws-amount-too-low')).toBe(yuan(1280) - yuan(1208))
  })
})
