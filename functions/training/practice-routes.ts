import { createRoute } from '@hono/zod-openapi'
import { json, jsonBody, newApp, problemResponses } from '../http/openapi'
import { problems } from '../http/problem'
import { newId } from '../ids'
import { findItem, isModule, modules } from './bank'
import { checkAnswer } from './answers'
import { drawPractice, practicePool, presentItem } from './draw'
import { exams } from './exams'
import { isCorrect, keyOf } from './grading'
import * as s from './schema'
import { DAY_MS, findPractice, insertPractice, recordPracticeAnswer } from './store'
import { examSummary } from './view'

// Public practice (no sign-in): draw items, answer one at a time, learn from the explanation.
export const quizRoutes = newApp()

quizRoutes.openapi(
  createRoute({
    method: 'get', path: '/', tags: ['Quizzes'], summary: 'Practice modules (with item counts) and certification exams',
    responses: { 200: json(s.QuizCatalog, 'Catalog') },
  }),
  (c) => {
    c.header('cache-control', 'public, max-age=300')
    return c.json({
      modules: modules.map((m) => ({ id: m.id, title: m.title, item_count: practicePool(m.id).length })),
      exams: exams.map(examSummary),
    }, 200)
  },
)

quizRoutes.openapi(
  createRoute({
    method: 'post', path: '/{module}/practice', tags: ['Quizzes'],
    summary: 'Draw a practice quiz: items at random in the request language, choices shuffled, no keys',
    request: { params: s.ModuleParam, body: { ...jsonBody(s.StartPractice), required: false } },
    responses: { 201: json(s.PracticeQuiz, 'Drawn; valid for 24 hours'), ...problemResponses(400, 404) },
  }),
  async (c) => {
    const { module } = c.req.valid('param')
    if (!isModule(module)) throw problems.notFound('training.unknown_module', { module })
    const count = c.req.valid('json')?.count ?? 5
    const now = Date.now()
    const items = drawPractice(module, count)
    const attempt = { id: newId('prc'), module, items, expires_at: now + DAY_MS }
    await insertPractice(c.env.DB, attempt, now)
    const lang = c.get('lang')
    return c.json({
      attempt_id: attempt.id, module, expires_at: new Date(attempt.expires_at).toISOString(),
      items: items.map((d) => presentItem(d, lang)),
    }, 201)
  },
)

quizRoutes.openapi(
  createRoute({
    method: 'post', path: '/practice/{attempt}/answers', tags: ['Quizzes'],
    summary: 'Grade one practice answer; the key and explanation come back only now. A repeat returns the first grading.',
    request: { params: s.PracticeParam, body: jsonBody(s.PracticeAnswer) },
    responses: { 200: json(s.PracticeGrading, 'Graded'), ...problemResponses(400, 404, 422) },
  }),
  async (c) => {
    const { attempt: attemptId } = c.req.valid('param')
    const input = c.req.valid('json')
    const now = Date.now()
    const attempt = await findPractice(c.env.DB, attemptId, now)
    if (!attempt) throw problems.notFound('training.unknown_practice')
    const item = attempt.items.some((d) => d.id === input.item_id) ? findItem(input.item_id) : undefined
    if (!item) throw problems.unprocessable([{ path: 'item_id', message: 'training.item_not_in_attempt' }])
    const check = checkAnswer(item, input.answer)
    if (!check.ok) throw problems.validation([{ path: 'answer', message: check.message, params: check.params }])
    const stored = await recordPracticeAnswer(c.env.DB, attempt.id, item.id, check.value, isCorrect(item, check.value), now)
    return c.json({ item_id: item.id, correct: stored.correct, correct_answer: keyOf(item), explanation: item.explanation[c.get('lang')] }, 200)
  },
)
