import { createRoute } from '@hono/zod-openapi'
import { requireRole } from '../http/auth'
import { json, newApp, problemResponses } from '../http/openapi'
import { Problem, problems } from '../http/problem'
import { newId } from '../ids'
import { personCertificates } from './certificate-store'
import { drawExam } from './draw'
import { examinee } from './examinee'
import { findExam, type ExamDefinition } from './exams'
import { standing } from './roster'
import * as s from './schema'
import { attemptAnswers, DAY_MS, findAttempt, findOpenAttempt, pendingExtensionMinutes, startAttempt, startsInWindow } from './store'
import { attemptView, certificateRef, examSummary } from './view'

// Certification exams for signed-in staff and managers.
export const examRoutes = newApp()
examRoutes.use('*', requireRole('staff', 'manager'))

function examOr404(id: string): ExamDefinition {
  const exam = findExam(id)
  if (!exam) throw problems.notFound('training.unknown_exam', { exam: id })
  return exam
}

examRoutes.openapi(
  createRoute({
    method: 'get', path: '/{exam}', tags: ['Exams'], summary: 'My standing in an exam: starts left in the rolling 24 h, open attempt, certificate',
    security: [{ session: [] }],
    request: { params: s.ExamParam },
    responses: { 200: json(s.ExamStanding, 'Standing'), ...problemResponses(401, 403, 404) },
  }),
  async (c) => {
    const me = examinee(c.get('principal'))
    const exam = examOr404(c.req.valid('param').exam)
    const now = Date.now()
    const [starts, open, pending, certs] = await Promise.all([
      startsInWindow(c.env.DB, me.personId, exam.id, now), findOpenAttempt(c.env.DB, me.personId, exam.id, now),
      pendingExtensionMinutes(c.env.DB, me.personId, exam.id), personCertificates(c.env.DB, me.personId, exam.id),
    ])
    const full = starts.length >= exam.attemptsPer24h
    const { cert } = standing(certs, new Date(now))
    const best = cert ? certs.find((x) => x.id === cert.id)! : null
    return c.json({
      exam: examSummary(exam), attempts_24h: starts.length, attempts_left: Math.max(0, exam.attemptsPer24h - starts.length),
      next_start_at: full ? new Date(starts[0]! + DAY_MS).toISOString() : null,
      open_attempt_id: open?.id ?? null, pending_extension_minutes: pending,
      certificate: best ? certificateRef(best, new URL(c.req.url).origin, new Date(now)) : null,
    }, 200)
  },
)

examRoutes.openapi(
  createRoute({
    method: 'post', path: '/{exam}/attempts', tags: ['Exams'],
    summary: 'Start an attempt (201), or resume the open one (200). Items drawn per blueprint, choices shuffled, no keys.',
    description: 'Starts are limited per rolling 24 hours; the limit holds under concurrent requests. Extensions granted by a manager and not yet used lengthen the new attempt.',
    security: [{ session: [] }],
    request: { params: s.ExamParam },
    responses: {
      201: json(s.AttemptView, 'Started'), 200: json(s.AttemptView, 'An attempt was already open: resumed'),
      ...problemResponses(401, 403, 404, 429),
    },
  }),
  async (c) => {
    const me = examinee(c.get('principal'))
    const exam = examOr404(c.req.valid('param').exam)
    const db = c.env.DB
    const origin = new URL(c.req.url).origin
    const lang = c.get('lang')
    let now = Date.now()
    // Two rounds: an open attempt may close between the insert that saw it and the read that looks for it.
    for (let round = 0; round < 2; round++, now = Date.now()) {
      const id = newId('att')
      if (await startAttempt(db, { id, examId: exam.id, personId: me.personId, merchantNo: me.merchantNo, items: drawExam(exam), now, minutes: exam.minutes, limit: exam.attemptsPer24h })) {
        return c.json(attemptView((await findAttempt(db, id))!, exam, new Map(), null, lang, origin, new Date(now)), 201)
      }
      const open = await findOpenAttempt(db, me.personId, exam.id, now)
      if (open) return c.json(attemptView(open, exam, await attemptAnswers(db, open.id), null, lang, origin, new Date(now)), 200)
      if ((await startsInWindow(db, me.personId, exam.id, now)).length >= exam.attemptsPer24h) break
    }
    // Not inserted and nothing open: the rolling window is full. The oldest start leaving it frees a slot.
    const starts = await startsInWindow(db, me.personId, exam.id, now)
    const seconds = Math.max(1, Math.ceil(((starts[0] ?? now) + DAY_MS - now) / 1000))
    throw new Problem({
      type: 'too-many-requests', status: 429, title: 'problem.too_many_requests', detail: 'training.attempt_limit',
      params: { limit: exam.attemptsPer24h, seconds }, headers: { 'retry-after': String(seconds) },
    })
  },
)
