import { describe, expect, it } from 'vitest'
import { bankByModule, findItem, moduleIds, questionBank } from '../../functions/training/bank'
import { choiceOrder, drawExam, drawPractice, examPool, pickItems, practicePool, presentItem, shuffle, type Random } from '../../functions/training/draw'
import { exams, findExam, isPass, itemCount } from '../../functions/training/exams'

/** Deterministic random for repeatable draws (mulberry32). */
function seeded(seed: number): Random {
  return () => {
    seed |= 0
    seed = (seed + 0x6d2b79f5) | 0
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

describe('drawing items', () => {
  it('shuffles without losing or repeating anything', () => {
    const xs = Array.from({ length: 50 }, (_, i) => i)
    const out = shuffle(xs, seeded(1))
    expect([...out].sort((a, b) => a - b)).toEqual(xs)
    expect(out).not.toEqual(xs)
  })

  it('spreads a short quiz over different topics before repeating one', () => {
    for (const m of moduleIds) {
      const topics = new Set(bankByModule[m].map((i) => i.topic))
      for (let seed = 0; seed < 20; seed++) {
        const picked = pickItems(bankByModule[m], 4, seeded(seed))
        expect(new Set(picked.map((i) => i.id)).size).toBe(4)
        expect(new Set(picked.map((i) => i.topic)).size).toBe(Math.min(4, topics.size))
      }
    }
  })

  it('draws at most the module’s practice pool, and every item belongs to the module', () => {
    const all = drawPractice('fees', 500, seeded(3))
    expect(all.length).toBe(practicePool('fees').length)
    expect(all.every((d) => findItem(d.id)?.module === 'fees')).toBe(true)
    expect(drawPractice('fraud', 5, seeded(4)).length).toBe(5)
  })

  it('never shows an ordering item in its answer order, even with a random source that always says 0', () => {
    const orderings = questionBank.filter((i) => i.type === 'ordering')
    expect(orderings.length).toBeGreaterThan(0)
    for (const item of orderings) {
      if (item.type !== 'ordering') continue
      for (const random of [() => 0, () => 0.999999, seeded(7), seeded(8)]) {
        const order = choiceOrder(item, random)
        expect(order).not.toEqual(item.answer)
        expect([...order].sort()).toEqual([...item.answer].sort())
      }
    }
  })

  it('keeps true/false as "true, false" and shuffles single and multiple choices', () => {
    const tf = questionBank.find((i) => i.type === 'true_false')!
    expect(choiceOrder(tf, seeded(1))).toEqual(['true', 'false'])
    const single = questionBank.find((i) => i.type === 'single' && i.choices.length === 4)!
    const orders = new Set(Array.from({ length: 30 }, (_, s) => choiceOrder(single, seeded(s)).join()))
    expect(orders.size).toBeGreaterThan(5)
  })

  it('never lets practice, which shows keys, draw an item an exam can draw', () => {
    const exam = findExam('pos-staff-2026')!
    for (const m of moduleIds) {
      const practice = new Set(practicePool(m).map((i) => i.id)), onExam = examPool(m).map((i) => i.id)
      expect(onExam.filter((id) => practice.has(id)), m).toEqual([])
      expect(practice.size + onExam.length, m).toBe(bankByModule[m].length)
      expect(onExam.length, m).toBeGreaterThanOrEqual(exam.blueprint[m] + 2) // some variety between attempts
      // Both pools teach the module: every topic with two or more items is in each.
      const topics = (pool: readonly { topic: string }[]) => new Set(pool.map((i) => i.topic))
      const shared = [...topics(bankByModule[m])].filter((t) => bankByModule[m].filter((i) => i.topic === t).length > 1)
      for (const t of shared) expect(topics(examPool(m)).has(t) && topics(practicePool(m)).has(t), `${m} ${t}`).toBe(true)
    }
    for (let seed = 0; seed < 20; seed++) {
      const drawnOnExam = new Set(drawExam(exam, seeded(seed)).map((d) => d.id))
      for (const m of moduleIds) expect(drawPractice(m, 500, seeded(seed)).filter((d) => drawnOnExam.has(d.id))).toEqual([])
    }
  })

  it('draws the exam by blueprint: 4 items from each of the 6 modules, 24 distinct', () => {
    const exam = findExam('pos-staff-2026')!
    expect(itemCount(exam)).toBe(24)
    for (let seed = 0; seed < 10; seed++) {
      const drawn = drawExam(exam, seeded(seed))
      expect(new Set(drawn.map((d) => d.id)).size).toBe(24)
      for (const m of moduleIds) expect(drawn.filter((d) => findItem(d.id)!.module === m).length).toBe(4)
    }
  })

  it('passes at exactly 80 %: 19 of 24 fails, 20 of 24 passes, 4 of 5 passes', () => {
    const exam = exams[0]!
    expect(isPass(exam, 19, 24)).toBe(false)
    expect(isPass(exam, 20, 24)).toBe(true)
    expect(isPass(exam, 4, 5)).toBe(true)
    expect(isPass(exam, 0, 0)).toBe(false)
  })
})

describe('presenting items', () => {
  it('gives the same item and choice ids in zh-CN and en, with text in that language and no key', () => {
    for (const item of questionBank) {
      const drawn = { id: item.id, order: choiceOrder(item, seeded(11)) }
      const zh = presentItem(drawn, 'zh-CN')
      const en = presentItem(drawn, 'en')
      expect(zh.id).toBe(en.id)
      expect(zh.choices.map((c) => c.id)).toEqual(en.choices.map((c) => c.id))
      expect(zh.prompt).toBe(item.prompt['zh-CN'])
      expect(en.prompt).toBe(item.prompt.en)
      expect(Object.keys(zh).sort()).toEqual(['choices', 'id', 'module', 'prompt', 'type'])
    }
  })
})
