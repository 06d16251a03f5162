import { createRoute } from '@hono/zod-openapi'
import type { Context } from 'hono'
import type { AppEnv } from '../env'
import { requireRole } from '../http/auth'
import { json, jsonBody, newApp, problemResponses } from '../http/openapi'
import { problems } from '../http/problem'
import { checkAnswerSet, type Answer } from './answers'
import { findItem } from './bank'
import { findCertificate } from './certificate-store'
import { examinee } from './examinee'
import { findExam } from './exams'
import * as s from './schema'
import { signingSecret } from './signing'
import { attemptAnswers, findAttempt, saveAnswers, type Attempt } from './store'
import { submitAttempt } from './submission'
import { answersObject, attemptView, resultView } from './view'

// One exam attempt: resume, autosave, submit. Only its owner can see or touch it.
export const attemptRoutes = newApp()
attemptRoutes.use('*', requireRole('staff', 'manager'))

/** Someone else's attempt is answered exactly like a missing one. */
async function ownAttempt(c: Context<AppEnv>, id: string): Promise<Attempt> {
  const me = examinee(c.get('principal'))
  const attempt = await findAttempt(c.env.DB, id)
  if (!attempt || attempt.person_id !== me.personId) throw problems.notFound('training.unknown_attempt')
  return attempt
}

function examOf(a: Attempt) {
  const exam = findExam(a.exam_id)
  if (!exam) throw new Error(`attempt ${a.id} names unknown exam ${a.exam_id}`)
  return exam
}

/** Validated answers for this attempt, or one 400 (bad shapes) / 422 (items not in it) naming every field. */
function checkedAnswers(a: Attempt, raw: Record<string, unknown>): Record<string, Answer> {
  const check = checkAnswerSet(a.items.map((i) => i.id), raw, findItem)
  if (check.malformed.length) throw problems.validation([...check.malformed, ...check.foreign])
  if (check.foreign.length) throw problems.unprocessable(check.foreign)
  return check.answers
}

attemptRoutes.openapi(
  createRoute({
    method: 'get', path: '/{id}', tags: ['Exams'], summary: 'Resume an attempt: its items (no keys), answers saved so far, deadline; the result once submitted',
    security: [{ session: [] }],
    request: { params: s.AttemptParam },
    responses: { 200: json(s.AttemptView, 'The attempt'), ...problemResponses(401, 403, 404) },
  }),
  async (c) => {
    const a = await ownAttempt(c, c.req.valid('param').id)
    const cert = a.certificate_id ? await findCertificate(c.env.DB, a.certificate_id) : null
    return c.json(attemptView(a, examOf(a), await attemptAnswers(c.env.DB, a.id), cert, c.get('lang'), new URL(c.req.url).origin, new Date()), 200)
  },
)

attemptRoutes.openapi(
  createRoute({
    method: 'put', path: '/{id}/answers', tags: ['Exams'],
    summary: 'Autosave answers (merged with those saved before). Refused with 409 after the deadline; nothing is saved then.',
    security: [{ session: [] }],
    request: { params: s.AttemptParam, body: jsonBody(s.SaveAnswers) },
    responses: { 200: json(s.SavedAnswers, 'Saved'), ...problemResponses(400, 401, 403, 404, 409, 422) },
  }),
  async (c) => {
    const a = await ownAttempt(c, c.req.valid('param').id)
    const answers = checkedAnswers(a, c.req.valid('json').answers)
    if (a.submitted_at !== null) throw problems.conflict('training.already_submitted')
    const now = Date.now()
    if (!(await saveAnswers(c.env.DB, a.id, answers, now))) {
      const current = await findAttempt(c.env.DB, a.id)
      if (current?.submitted_at !== null) throw problems.conflict('training.already_submitted')
      throw problems.conflict('training.attempt_closed', { deadline: new Date(current.deadline_at).toISOString() })
    }
    const saved = await attemptAnswers(c.env.DB, a.id)
    return c.json({
      attempt_id: a.id, saved: Object.keys(answers).length, saved_at: new Date(now).toISOString(),
      deadline: new Date(a.deadline_at).toISOString(), answers: answersObject(saved),
    }, 200)
  },
)

attemptRoutes.openapi(
  createRoute({
    method: 'post', path: '/{id}/submit', tags: ['Exams'],
    summary: 'Submit and grade: score, pass at ≥ 80 %, results per module and topic, missed topics (never keys); a pass issues the certificate',
    description: 'Idempotent: a second submit returns the first result. After deadline + grace the attempt is still graded, counting only answers saved by the deadline (`late: true`).',
    security: [{ session: [] }],
    request: { params: s.AttemptParam, body: { ...jsonBody(s.SubmitAttempt), required: false } },
    responses: { 200: json(s.ExamResult, 'Graded'), ...problemResponses(400, 401, 403, 404, 422) },
  }),
  async (c) => {
    const a = await ownAttempt(c, c.req.valid('param').id)
    const exam = examOf(a)
    const origin = new URL(c.req.url).origin
    let done = a
    if (a.submitted_at === null) {
      const finalAnswers = checkedAnswers(a, c.req.valid('json')?.answers ?? {})
      done = await submitAttempt({ db: c.env.DB, signingSecret: signingSecret(c.env), origin, attempt: a, exam, finalAnswers, now: Date.now() })
    }
    const cert = done.certificate_id ? await findCertificate(c.env.DB, done.certificate_id) : null
    return c.json(resultView(done, exam, cert, c.get('lang'), origin, new Date()), 200)
  },
)
