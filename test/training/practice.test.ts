import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { fenToYuan } from '../../functions/training/answers'
import { bankByModule, findItem, moduleIds } from '../../functions/training/bank'
import { practicePool } from '../../functions/training/draw'
import { keyOf } from '../../functions/training/grading'
import { call, problem } from '../helpers'
import { assertNoKeys } from './leaks'

interface Quiz { attempt_id: string; module: string; expires_at: string; items: { id: string; type: string; prompt: string; choices: { id: string; text: string }[] }[] }
interface Grading { item_id: string; correct: boolean; correct_answer: unknown; explanation: string }

async function start(module: string, body?: unknown, lang = 'zh-CN') {
  return call(`/api/v1/quizzes/${module}/practice`, { method: 'POST', headers: { 'accept-language': lang }, ...(body === undefined ? {} : { json: body }) })
}
async function quiz(module: string, count?: number, lang = 'zh-CN'): Promise<Quiz> {
  const res = await start(module, count === undefined ? undefined : { count }, lang)
  expect(res.status).toBe(201)
  const body = (await res.json()) as Quiz
  assertNoKeys(body, `practice start ${module}`)
  return body
}
function answer(attempt: string, json: unknown, lang = 'zh-CN') {
  return call(`/api/v1/quizzes/practice/${attempt}/answers`, { method: 'POST', headers: { 'accept-language': lang }, json })
}

describe('practice catalog', () => {
  it('lists the six modules with both titles and item counts, and the exam', async () => {
    const res = await call('/api/v1/quizzes')
    expect(res.status).toBe(200)
    const body = (await res.json()) as { modules: { id: string; title: Record<string, string>; item_count: number }[]; exams: { id: string; items: number; pass_percent: number }[] }
    expect(body.modules.map((m) => m.id)).toEqual(moduleIds)
    for (const m of body.modules) {
      expect(m.item_count).toBe(practicePool(m.id as keyof typeof bankByModule).length)
      expect(m.title['zh-CN']).toBeTruthy()
      expect(m.title.en).toBeTruthy()
    }
    expect(body.exams[0]).toMatchObject({ id: 'pos-staff-2026', items: 24, minutes: 30, pass_percent: 80, attempts_per_24h: 3 })
    assertNoKeys(body, 'catalog')
  })
})

describe('practice quizzes', () => {
  it('draws 5 items by default, 1–20 on request, all from the module, without keys', async () => {
    for (const m of moduleIds) {
      const q = await quiz(m)
      expect(q.items.length).toBe(5)
      expect(q.items.every((i) => findItem(i.id)?.module === m)).toBe(true)
      expect(q.attempt_id).toMatch(/^prc_/)
    }
    expect((await quiz('fees', 20)).items.length).toBe(Math.min(20, practicePool('fees').length))
    expect((await quiz('fees', 1)).items.length).toBe(1)
  })

  it('refuses a count outside 1–20 (400 naming count) and an unknown module (404)', async () => {
    for (const count of [0, 21, 2.5, '5']) {
      const res = await start('fees', { count })
      expect(res.status).toBe(400)
      expect((await problem(res)).errors?.[0]?.path).toBe('count')
    }
    const res = await start('no-such-module', {})
    expect(res.status).toBe(404)
    expect((await problem(res)).detail).toContain('no-such-module')
  })

  it('shows the same item and choice ids in zh-CN and en (a whole module of 18), with prompts in the request language', async () => {
    const zh = await quiz('card-data', 20, 'zh-CN')
    const [row] = await env.DB.prepare('SELECT items FROM practice_attempts WHERE id = ?1').bind(zh.attempt_id).raw<[string]>()
    expect(JSON.parse(row![0]).map((d: { id: string }) => d.id)).toEqual(zh.items.map((i) => i.id))
    const en = await quiz('card-data', 20, 'en')
    const byId = new Map(en.items.map((i) => [i.id, i]))
    expect([...byId.keys()].sort()).toEqual(zh.items.map((i) => i.id).sort())
    for (const item of zh.items) {
      const bank = findItem(item.id)!
      expect(item.prompt).toBe(bank.prompt['zh-CN'])
      expect(byId.get(item.id)!.prompt).toBe(bank.prompt.en)
      expect(byId.get(item.id)!.choices.map((c) => c.id).sort()).toEqual(item.choices.map((c) => c.id).sort())
    }
  })

  it('grades an answer and only then returns the key and explanation, in the request language', async () => {
    const q = await quiz('fees', 20)
    for (const item of q.items) {
      const bank = findItem(item.id)!
      const res = await answer(q.attempt_id, { item_id: item.id, answer: keyOf(bank) }, 'en')
      expect(res.status).toBe(200)
      const g = (await res.json()) as Grading
      expect(g).toEqual({ item_id: item.id, correct: true, correct_answer: keyOf(bank), explanation: bank.explanation.en })
    }
  })

  it('parses amounts as yuan text exactly and returns the key as yuan text', async () => {
    const q = await quiz('fees', 20)
    const amount = q.items.find((i) => i.type === 'amount')!
    const key = findItem(amount.id)!.answer as number
    const wrong = await answer(q.attempt_id, { item_id: amount.id, answer: fenToYuan(key + 1) })
    expect(await wrong.json()).toMatchObject({ correct: false, correct_answer: fenToYuan(key) })
    const number = await answer(q.attempt_id, { item_id: q.items.find((i) => i.type === 'amount' && i.id !== amount.id)?.id ?? amount.id, answer: key / 100 })
    expect(number.status).toBe(400)
    const p = await problem(number)
    expect(p.errors?.[0]?.path).toBe('answer')
  })

  it('returns the first grading when the same item is answered again', async () => {
    const q = await quiz('card-data', 5)
    const item = q.items.find((i) => i.type === 'single' || i.type === 'true_false')!
    const bank = findItem(item.id)!
    const wrongChoice = item.choices.find((c) => c.id !== bank.answer)!.id
    const first = (await (await answer(q.attempt_id, { item_id: item.id, answer: wrongChoice })).json()) as Grading
    expect(first.correct).toBe(false)
    const again = await answer(q.attempt_id, { item_id: item.id, answer: keyOf(bank) })
    expect(again.status).toBe(200)
    expect(((await again.json()) as Grading).correct).toBe(false)
    const [row] = await env.DB.prepare('SELECT count(*) FROM practice_answers WHERE attempt_id = ?1').bind(q.attempt_id).raw<[number]>()
    expect(row![0]).toBe(1)
  })

  it('refuses an item not in the attempt (422), a bad shape (400 naming answer), and an unknown or expired attempt (404)', async () => {
    const q = await quiz('fraud', 5)
    const other = bankByModule.fraud.find((i) => !q.items.some((x) => x.id === i.id))!
    const foreign = await answer(q.attempt_id, { item_id: other.id, answer: 'a' })
    expect(foreign.status).toBe(422)
    expect((await problem(foreign)).errors?.[0]?.path).toBe('item_id')
    expect(JSON.stringify(await (await answer(q.attempt_id, { item_id: other.id, answer: keyOf(other) })).json())).not.toContain('explanation')

    const item = q.items[0]!
    for (const bad of [{ answer: 42 }, { answer: { a: 1 } }, { answer: ['zz'] }, { answer: 'zz' }, {}]) {
      const res = await answer(q.attempt_id, { item_id: item.id, ...bad })
      expect(res.status, JSON.stringify(bad)).toBe(400)
      expect((await problem(res)).errors?.map((e) => e.path)).toContain('answer')
    }
    expect((await answer('prc_nope', { item_id: item.id, answer: 'a' })).status).toBe(404)
    await env.DB.prepare('UPDATE practice_attempts SET expires_at = ?2 WHERE id = ?1').bind(q.attempt_id, Date.now() - 1).run()
    const expired = await answer(q.attempt_id, { item_id: item.id, answer: 'a' })
    expect(expired.status).toBe(404)
    expect((await problem(expired)).detail).toContain('24')
  })
})

describe('the OpenAPI document', () => {
  it('describes the training routes', async () => {
    const res = await call('/api/v1/openapi.json')
    expect(res.status).toBe(200)
    const doc = (await res.json()) as { paths: Record<string, Record<string, unknown>> }
    for (const [path, method] of [
      ['/api/v1/quizzes', 'get'], ['/api/v1/quizzes/{module}/practice', 'post'], ['/api/v1/quizzes/practice/{attempt}/answers', 'post'],
      ['/api/v1/exams/{exam}', 'get'], ['/api/v1/exams/{exam}/attempts', 'post'], ['/api/v1/attempts/{id}', 'get'],
      ['/api/v1/attempts/{id}/answers', 'put'], ['/api/v1/attempts/{id}/submit', 'post'], ['/api/v1/people/{id}/exam-extensions', 'post'],
      ['/api/v1/certificates/{id}', 'get'], ['/api/v1/certificates/{id}/revoke', 'post'], ['/.well-known/jwks.json', 'get'],
      ['/api/v1/merchants/{merchant_no}/roster', 'get'], ['/api/v1/merchants/{merchant_no}/roster.csv', 'get'], ['/api/v1/merchants/{merchant_no}/training-audit', 'get'],
    ] as const) expect(doc.paths[path]?.[method], `${method} ${path}`).toBeTruthy()
  })
})
