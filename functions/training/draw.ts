/**
 * Drawing items and presenting them. Pure: randomness comes in as a function so tests can pin it.
 * What leaves here for a client is a `PublicItem`, which has no `answer` and no `explanation` by type.
 */
import type { Lang } from '../env'
import type { Module, QuestionBank, QuestionItem } from './bank'
import { bankByModule, findItem } from './bank'
import type { ExamDefinition } from './exams'

/** Uniform in [0, 1). */
export type Random = () => number

export const cryptoRandom: Random = () => crypto.getRandomValues(new Uint32Array(1))[0]! / 2 ** 32

export function shuffle<T>(xs: readonly T[], random: Random = cryptoRandom): T[] {
  const out = [...xs]
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1))
    ;[out[i], out[j]] = [out[j]!, out[i]!]
  }
  return out
}

/** An item as drawn into an attempt: its id and the order its choices are shown in. */
export interface DrawnItem {
  id: string
  order: string[]
}

export interface PublicItem {
  id: string
  module: Module
  type: QuestionItem['type']
  prompt: string
  choices: { id: string; text: string }[]
}

/**
 * `n` items from `pool`, spread over as many topics as possible (one per topic before a second), so
 * a short quiz or a module's share of the exam is not four questions on the same rule.
 */
export function pickItems(pool: QuestionBank, n: number, random: Random = cryptoRandom): QuestionItem[] {
  const byTopic = new Map<string, QuestionItem[]>()
  for (const item of shuffle(pool, random)) byTopic.set(item.topic, [...(byTopic.get(item.topic) ?? []), item])
  const queues = shuffle([...byTopic.values()], random)
  const picked: QuestionItem[] = []
  while (picked.length < n && queues.some((q) => q.length)) {
    for (const q of queues) {
      const next = q.shift()
      if (next && picked.length < n) picked.push(next)
    }
  }
  return shuffle(picked, random)
}

/**
 * The order choices are shown in. Single and multiple: shuffled per attempt. Ordering: shuffled and
 * never the answer order, or the question answers itself. True/false keeps "true, false".
 */
export function choiceOrder(item: QuestionItem, random: Random = cryptoRandom): string[] {
  const ids = (item.choices ?? []).map((c) => c.id)
  if (item.type === 'true_false' || item.type === 'amount') return ids
  let order = shuffle(ids, random)
  if (item.type === 'ordering') {
    const key = item.answer.join()
    for (let tries = 0; order.join() === key && tries < 8; tries++) order = shuffle(ids, random)
    // A rigged or very unlucky random source: rotating by one always differs from the key (≥ 3 choices).
    if (order.join() === key) order = [...order.slice(1), order[0]!]
  }
  return order
}

/**
 * Practice is public and shows the key once an item is answered, so an item practice can draw must never be
 * on an exam: anyone could collect every key and pass without learning. Each topic's items alternate in bank
 * order (1st, 3rd … practice; 2nd, 4th … exam), so both pools cover the module's topics; a topic with a
 * single item is practice only.
 */
function splitByTopic(items: QuestionBank): { practice: QuestionBank; exam: QuestionBank } {
  const seen = new Map<string, number>()
  const practice: QuestionItem[] = [], exam: QuestionItem[] = []
  for (const item of items) {
    const n = seen.get(item.topic) ?? 0
    seen.set(item.topic, n + 1)
    ;(n % 2 === 0 ? practice : exam).push(item)
  }
  return { practice, exam }
}

const pools = Object.fromEntries(Object.entries(bankByModule).map(([m, items]) => [m, splitByTopic(items)])) as Record<Module, { practice: QuestionBank; exam: QuestionBank }>
export const practicePool = (m: Module): QuestionBank => pools[m].practice
export const examPool = (m: Module): QuestionBank => pools[m].exam

export function drawPractice(module: Module, count: number, random: Random = cryptoRandom): DrawnItem[] {
  return pickItems(practicePool(module), count, random).map((item) => ({ id: item.id, order: choiceOrder(item, random) }))
}

/** k items per module by the blueprint, modules in curriculum order, from the exam pool only. */
export function drawExam(exam: ExamDefinition, random: Random = cryptoRandom): DrawnItem[] {
  return (Object.keys(exam.blueprint) as Module[]).flatMap((m) =>
    pickItems(examPool(m), exam.blueprint[m], random).map((item) => ({ id: item.id, order: choiceOrder(item, random) })))
}

/** The client's view of a drawn item in one language: no key, no explanation. */
export function presentItem(drawn: DrawnItem, lang: Lang): PublicItem {
  const item = findItem(drawn.id)
  if (!item) throw new Error(`unknown item ${drawn.id}`)
  const texts = new Map((item.choices ?? []).map((c) => [c.id, c.text[lang]]))
  return {
    id: item.id,
    module: item.module,
    type: item.type,
    prompt: item.prompt[lang],
    choices: drawn.order.map((id) => ({ id, text: texts.get(id) ?? '' })),
  }
}
