import { createRoute, z } from '@hono/zod-openapi'
import { assertOwnMerchant, requireRole } from '../http/auth'
import { json, newApp, problemResponses } from '../http/openapi'
import { t, type MessageKey } from '../i18n'
import { listAudit, rosterRows } from './certificate-store'
import { examIds, exams, findExam } from './exams'
import { buildRoster, rosterCsv } from './roster'
import * as s from './schema'

// A manager's staff roster with certification status, and the training audit trail of the merchant.
export const rosterRoutes = newApp()
// Guards are per route, not use('*'): other capabilities mount routes under the same prefix.
const managers = requireRole('manager', 'admin')

const RosterQuery = z.object({ exam: z.enum(examIds).optional().openapi({ description: `Default ${exams[0]!.id}` }) })

async function loadRoster(db: D1Database, merchantNo: string, examId: string | undefined, now: Date) {
  const exam = findExam(examId ?? exams[0]!.id)!
  const rows = await rosterRows(db, merchantNo, exam.id, now.getTime())
  const people = buildRoster({
    people: rows.people, certificates: rows.certificates, attemptsPer24h: exam.attemptsPer24h,
    attempts: new Map(rows.attempts.map((r) => [r.person_id, r.n])),
    openAttempts: new Map(rows.open.map((r) => [r.person_id, r.id])),
    pendingExtensions: new Map(rows.pending.map((r) => [r.person_id, r.minutes])),
  }, now)
  return { exam, people }
}

rosterRoutes.openapi(
  createRoute({
    method: 'get', path: '/{merchant_no}/roster', tags: ['Merchants'],
    summary: 'Staff with certification status (valid / expiring within 30 days / expired / revoked / none), starts used in 24 h, pending extensions',
    security: s.SESSION_OR_ADMIN,
    middleware: managers,
    request: { params: s.MerchantParam, query: RosterQuery },
    responses: { 200: json(s.Roster, 'Roster'), ...problemResponses(400, 401, 403) },
  }),
  async (c) => {
    const { merchant_no } = c.req.valid('param')
    assertOwnMerchant(c.get('principal'), merchant_no)
    const now = new Date()
    const { exam, people } = await loadRoster(c.env.DB, merchant_no, c.req.valid('query').exam, now)
    return c.json({ merchant_no, exam: exam.id, as_of: now.toISOString(), people }, 200)
  },
)

rosterRoutes.openapi(
  createRoute({
    method: 'get', path: '/{merchant_no}/roster.csv', tags: ['Merchants'],
    summary: 'The roster as CSV (UTF-8 with BOM for Excel; header row in the request language)',
    security: s.SESSION_OR_ADMIN,
    middleware: managers,
    request: { params: s.MerchantParam, query: RosterQuery },
    responses: { 200: { description: 'CSV attachment', content: { 'text/csv': { schema: z.string() } } }, ...problemResponses(400, 401, 403) },
  }),
  async (c) => {
    const { merchant_no } = c.req.valid('param')
    assertOwnMerchant(c.get('principal'), merchant_no)
    const lang = c.get('lang')
    const now = new Date()
    const { people } = await loadRoster(c.env.DB, merchant_no, c.req.valid('query').exam, now)
    const role = (r: string) => (r === 'staff' || r === 'manager' ? t(lang, `training.role.${r}`) : r)
    const csv = rosterCsv(people.map((p) => ({ ...p, role: role(p.role) })), (col) => t(lang, `training.csv.${col}` as MessageKey), (st) => t(lang, `training.status.${st}`))
    return c.body(csv, 200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="roster-${merchant_no}-${now.toISOString().slice(0, 10)}.csv"`,
    })
  },
)

rosterRoutes.openapi(
  createRoute({
    method: 'get', path: '/{merchant_no}/training-audit', tags: ['Merchants'],
    summary: 'Who issued, revoked or extended what, and when (latest 200)',
    security: s.SESSION_OR_ADMIN,
    middleware: managers,
    request: { params: s.MerchantParam },
    responses: { 200: json(s.AuditTrail, 'Audit trail'), ...problemResponses(400, 401, 403) },
  }),
  async (c) => {
    const { merchant_no } = c.req.valid('param')
    assertOwnMerchant(c.get('principal'), merchant_no)
    return c.json({ entries: await listAudit(c.env.DB, merchant_no) }, 200)
  },
)

