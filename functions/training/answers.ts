/**
 * What a client may send as an answer, per item type, and the exact yuan → fen parse. Pure.
 *   single, true_false  "b"                     one choice id
 *   multiple            ["a", "c"]              a set of choice ids (order irrelevant)
 *   ordering            ["c", "d", "a", "b"]    every choice id, once, in order
 *   amount              "1.27"                  yuan as text, up to 2 decimals (never a JSON number:
 *                                               binary floats cannot hold 0.1 exactly)
 * A reply of the wrong shape is a client error (400), not a wrong answer: the grader only ever sees
 * well-formed answers.
 */
import type { QuestionItem } from './bank'

export type Answer = string | string[]

export type AnswerCheck =
  | { ok: true; value: Answer }
  | { ok: false; message: string; params?: Record<string, string | number> }

/** Largest amount anywhere in the API: 10^12 fen. */
const MAX_FEN = 10 ** 12
const YUAN = /^(\d{1,10})(?:\.(\d{1,2}))?$/

/** "1.27" → 127, "8" → 800, "0.5" → 50; null for anything else (signs, commas, 3 decimals, "1."). */
export function parseYuan(text: string): number | null {
  const m = YUAN.exec(text.trim())
  if (!m) return null
  // Integer arithmetic on the two digit strings; both parts stay far below 2^53.
  const fen = Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'))
  return fen <= MAX_FEN ? fen : null
}

/** 127 → "1.27", 800 → "8.00". */
export function fenToYuan(fen: number): string {
  const s = String(fen).padStart(3, '0')
  return `${s.slice(0, -2)}.${s.slice(-2)}`
}

export function checkAnswer(item: QuestionItem, raw: unknown): AnswerCheck {
  const ids = (item.choices ?? []).map((c) => c.id)
  const options = ids.join(', ')
  switch (item.type) {
    case 'single':
    case 'true_false':
      if (typeof raw !== 'string') return { ok: false, message: 'training.answer.one_choice', params: { options } }
      if (!ids.includes(raw)) return { ok: false, message: 'training.answer.not_a_choice', params: { options } }
      return { ok: true, value: raw }
    case 'multiple': {
      if (!Array.isArray(raw) || raw.length === 0) return { ok: false, message: 'training.answer.some_choices', params: { options } }
      if (raw.some((id) => typeof id !== 'string' || !ids.includes(id))) return { ok: false, message: 'training.answer.not_a_choice', params: { options } }
      if (new Set(raw).size !== raw.length) return { ok: false, message: 'training.answer.repeated_choice' }
      return { ok: true, value: raw as string[] }
    }
    case 'ordering': {
      const complete = Array.isArray(raw) && raw.length === ids.length && new Set(raw).size === ids.length
        && raw.every((id) => typeof id === 'string' && ids.includes(id))
      return complete ? { ok: true, value: raw as string[] } : { ok: false, message: 'training.answer.full_order', params: { options } }
    }
    case 'amount':
      if (typeof raw !== 'string' || parseYuan(raw) === null) return { ok: false, message: 'training.answer.yuan' }
      return { ok: true, value: raw.trim() }
  }
}

export interface AnswerSetCheck {
  answers: Record<string, Answer>
  /** Well-formed JSON but not an answer this item accepts: 400. */
  malformed: { path: string; message: string; params?: Record<string, string | number> }[]
  /** Items that are not in the attempt: 422. */
  foreign: { path: string; message: string }[]
}

/** Checks a map of answers against the items of one attempt; `prefix` names the field in errors. */
export function checkAnswerSet(itemIds: readonly string[], raw: Record<string, unknown>, find: (id: string) => QuestionItem | undefined, prefix = 'answers'): AnswerSetCheck {
  const result: AnswerSetCheck = { answers: {}, malformed: [], foreign: [] }
  for (const [id, value] of Object.entries(raw)) {
    const item = itemIds.includes(id) ? find(id) : undefined
    if (!item) {
      result.foreign.push({ path: `${prefix}.${id}`, message: 'training.item_not_in_attempt' })
      continue
    }
    const check = checkAnswer(item, value)
    if (check.ok) result.answers[id] = check.value
    else result.malformed.push({ path: `${prefix}.${id}`, message: check.message, params: check.params })
  }
  return result
}
