import { createRoute } from '@hono/zod-openapi'
import { requireRole } from '../http/auth'
import { json, jsonBody, newApp, problemResponses } from '../http/openapi'
import { problems } from '../http/problem'
import { newId } from '../ids'
import * as s from './schema'
import { findAttempt, findPersonRef, grantExtension } from './store'

// Extra exam time a manager grants to a person of their own merchant (an admin to anyone).
export const extensionRoutes = newApp()
// Guards are per route, not use('*'): other capabilities mount routes under the same prefix.
const managers = requireRole('manager', 'admin')

extensionRoutes.openapi(
  createRoute({
    method: 'post', path: '/{id}/exam-extensions', tags: ['Exams'],
    summary: 'Grant extra exam time: lengthens the running attempt at once, or else the person’s next attempt',
    description: 'Extensions add up. One granted while an attempt runs (before its deadline) moves that deadline; otherwise it waits, and the next start includes it. Another merchant’s person answers 404.',
    security: s.SESSION_OR_ADMIN,
    middleware: managers,
    request: { params: s.PersonParam, body: jsonBody(s.GrantExtension) },
    responses: { 201: json(s.ExtensionView, 'Granted'), ...problemResponses(400, 401, 403, 404, 422) },
  }),
  async (c) => {
    const principal = c.get('principal')!
    const { id } = c.req.valid('param')
    const input = c.req.valid('json')
    const person = await findPersonRef(c.env.DB, id)
    // Another merchant's person looks exactly like a missing one: no probing across merchants.
    if (!person || !person.merchant_no || (principal.kind === 'person' && person.merchant_no !== principal.merchantNo)) throw problems.notFound('accounts.unknown_person')
    if (person.role !== 'staff' && person.role !== 'manager') throw problems.unprocessable([{ path: 'id', message: 'training.not_examinee' }])
    if (principal.kind === 'person' && principal.personId === person.id) throw problems.forbidden('training.no_self_extension')
    const granted = await grantExtension(c.env.DB, {
      id: newId('ext'), person_id: person.id, exam_id: input.exam, extra_minutes: input.extra_minutes,
      granted_by: principal.kind === 'person' ? principal.personId : 'admin', granted_at: Date.now(),
    }, person.merchant_no, newId('aud'))
    const attempt = granted.attempt_id ? await findAttempt(c.env.DB, granted.attempt_id) : null
    return c.json({
      id: granted.id, person_id: granted.person_id, exam: granted.exam_id, extra_minutes: granted.extra_minutes, granted_by: granted.granted_by,
      granted_at: new Date(granted.granted_at).toISOString(), applied_to_attempt: granted.attempt_id,
      deadline: attempt ? new Date(attempt.deadline_at).toISOString() : null,
    }, 201)
  },
)
