// Proof helpers: does a quiz or exam response give any key away before grading?
import { expect } from 'vitest'
import { findItem, questionBank } from '../../functions/training/bank'
import type { QuestionItem } from '../../functions/training/bank'
import { fenToYuan } from '../../functions/training/answers'

const FORBIDDEN_FIELDS = ['answer', 'correct_answer', 'explanation', 'key', 'keys', 'solution']

/** Every object in a JSON value, depth first. */
function* objects(value: unknown): Generator<Record<string, unknown>> {
  if (Array.isArray(value)) for (const v of value) yield* objects(v)
  else if (value && typeof value === 'object') {
    yield value as Record<string, unknown>
    for (const v of Object.values(value)) yield* objects(v)
  }
}

/** Item objects in a response (anything with a bank id and a choices array), with the bank item. */
export function itemsIn(body: unknown): { shown: { id: string; choices: { id: string; text: string }[] }; item: QuestionItem }[] {
  const out = []
  for (const o of objects(body)) {
    const item = typeof o.id === 'string' && Array.isArray(o.choices) ? findItem(o.id) : undefined
    if (item) out.push({ shown: o as { id: string; choices: { id: string; text: string }[] }, item })
  }
  return out
}

/**
 * Fails if the response could reveal a key: a field named like a key or explanation anywhere, an
 * explanation text of any bank item, an ordering item shown in answer order, or the yuan answer of
 * an amount item shown in the same response.
 */
export function assertNoKeys(body: unknown, where: string): void {
  for (const o of objects(body)) {
    for (const f of FORBIDDEN_FIELDS) expect(Object.keys(o), `${where}: field "${f}"`).not.toContain(f)
  }
  const text = JSON.stringify(body)
  for (const item of questionBank) {
    expect(text.includes(item.explanation['zh-CN']) || text.includes(item.explanation.en), `${where}: explanation of ${item.id}`).toBe(false)
  }
  for (const { shown, item } of itemsIn(body)) {
    if (item.type === 'ordering') expect(shown.choices.map((c) => c.id), `${where}: ${item.id} in answer order`).not.toEqual(item.answer)
    if (item.type === 'amount') expect(JSON.stringify(shown), `${where}: ${item.id} amount key`).not.toContain(fenToYuan(item.answer))
    expect(Object.keys(shown).sort(), `${where}: ${item.id} fields`).toEqual(expect.arrayContaining(['id', 'type', 'prompt', 'choices']))
  }
}
