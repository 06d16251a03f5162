import { createRoute, z } from '@hono/zod-openapi'
import type { Context } from 'hono'
import type { AppEnv, Principal } from '../env'
import { requireRole } from '../http/auth'
import { json, jsonBody, newApp, problemResponses } from '../http/openapi'
import { Problem, problems } from '../http/problem'
import { t } from '../i18n'
import { newId } from '../ids'
import { dataKeys } from '../security/keys'
import { open } from '../security/sealed'
import { decideResolution, type IncidentFacts } from './guidance'
import { amountIssues, assertTransition, escalationDueBy, isIncidentStatus } from './lifecycle'
import { IncidentEventRequest, IncidentKind, IncidentStatus } from './schema'
import * as store from './store'
import { toIncident } from './view'
import { incidentsCsv } from './csv'

// The desk: managers follow their merchant's incidents, staff what they reported, admins everything.
export const deskRoutes = newApp()
const people = requireRole('staff', 'manager', 'admin')

const IncidentId = z.string().regex(/^inc_[0-9a-z]{16}$/, { error: 'incidents.not_found' })
const ListQuery = z.object({
  status: IncidentStatus.optional(), kind: IncidentKind.optional(), terminal_id: z.string().max(8).optional(),
  from: z.iso.date().optional().openapi({ description: 'Occurred on or after (Asia/Shanghai date)' }),
  to: z.iso.date().optional().openapi({ description: 'Occurred before the end of this date' }),
  overdue: z.enum(['true', 'false']).optional(), q: z.string().max(100).optional().openapi({ description: 'Text in the description' }),
  merchant_no: z.string().regex(/^\d{15}$/, { error: 'field.merchant_no' }).optional().openapi({ description: 'Admins only' }),
  cursor: z.string().max(200).optional(), limit: z.coerce.number().int().min(1).max(100).default(20),
})

/** Which incidents the caller may see: their merchant's (manager), their own reports (staff), any (admin). */
function scopeFilter(p: Principal, merchantNo?: string) {
  if (p.kind === 'admin') return { merchantNo }
  if (p.kind === 'person' && p.role === 'manager') return { merchantNo: p.merchantNo ?? '-' }
  if (p.kind === 'person') return { merchantNo: p.merchantNo ?? '-', reportedBy: p.personId }
  return { merchantNo: '-' }
}

const SHANGHAI = 8 * 3_600_000
const dayStartUtc = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) - SHANGHAI).toISOString()

function filterFrom(c: Context<AppEnv>, q: z.infer<typeof ListQuery>): store.IncidentFilter {
  let cursor: store.IncidentFilter['cursor']
  if (q.cursor) {
    let decoded: unknown
    try {
      decoded = JSON.parse(atob(q.cursor))
    } catch {}
    // Only what `next_cursor` gives out: two strings. Anything else would reach D1's bind and be a 500.
    if (!Array.isArray(decoded) || decoded.length !== 2 || !decoded.every((v) => typeof v === 'string')) {
      throw problems.validation([{ path: 'cursor', message: 'incidents.bad_cursor' }])
    }
    cursor = { reported_at: decoded[0] as string, id: decoded[1] as string }
  }
  return {
    ...scopeFilter(c.get('principal')!, q.merchant_no), status: q.status, kind: q.kind, terminalId: q.terminal_id?.toUpperCase(),
    from: q.from && dayStartUtc(q.from), to: q.to && new Date(Date.parse(dayStartUtc(q.to)) + 86_400_000).toISOString(),
    overdueAt: q.overdue === 'true' ? new Date().toISOString() : undefined, q: q.q, cursor, limit: q.limit,
  }
}

async function loadVisible(c: Context<AppEnv>, id: string) {
  const row = await store.findIncident(c.env.DB, id)
  const scope = scopeFilter(c.get('principal')!)
  // Another merchant's incident looks exactly like a missing one.
  if (!row || (scope.merchantNo && row.merchant_no !== scope.merchantNo) || ('reportedBy' in scope && row.reported_by !== scope.reportedBy)) {
    throw problems.notFound('incidents.not_found')
  }
  return row
}

const IncidentView = z.record(z.string(), z.unknown()).openapi('Incident')

deskRoutes.openapi(
  createRoute({
    method: 'get', path: '/', tags: ['Incidents'], middleware: people, summary: 'Incidents, newest first, with filters and cursor pagination',
    request: { query: ListQuery },
    responses: { 200: json(z.object({ items: z.array(IncidentView), next_cursor: z.string().nullable() }), 'A page of incidents'), ...problemResponses(400, 401, 403) },
  }),
  async (c) => {
    const q = c.req.valid('query')
    const rows = await store.listIncidents(c.env.DB, { ...filterFrom(c, q), limit: q.limit + 1 })
    const page = rows.slice(0, q.limit)
    const last = page.at(-1)
    const next = rows.length > q.limit && last ? btoa(JSON.stringify([last.reported_at, last.id])) : null
    const now = new Date()
    return c.json({ items: page.map((r) => toIncident(r, c.get('lang'), now)), next_cursor: next }, 200)
  },
)

deskRoutes.openapi(
  createRoute({
    method: 'get', path: '/export.csv', tags: ['Incidents'], middleware: people, summary: 'CSV export (masked card and cardholder; UTF-8 with BOM for Excel)',
    request: { query: ListQuery.omit({ cursor: true, limit: true }) },
    responses: { 200: { description: 'CSV', content: { 'text/csv': { schema: z.string() } } }, ...problemResponses(400, 401) },
  }),
  async (c) => {
    const rows = await store.listIncidents(c.env.DB, { ...filterFrom(c, { ...c.req.valid('query'), limit: 5000 }), limit: 5000 })
    const day = new Date().toISOString().slice(0, 10)
    return c.body(incidentsCsv(rows, c.get('lang'), new Date()), 200, {
      'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="incidents-${day}.csv"`,
    })
  },
)

deskRoutes.openapi(
  createRoute({
    method: 'get', path: '/stats/weekly', tags: ['Incidents'], middleware: people, summary: 'Incidents per week by kind (last 12 weeks), for the console chart',
    responses: { 200: json(z.object({ weeks: z.array(z.object({ week: z.string(), kind: z.string(), count: z.number().int() })) }), 'Counts'), ...problemResponses(401) },
  }),
  async (c) => {
    // Same scope as the list: staff count only what they reported.
    const since = new Date(Date.now() - 84 * 86_400_000 + SHANGHAI).toISOString().slice(0, 10)
    const rows = await store.weeklyCounts(c.env.DB, scopeFilter(c.get('principal')!), since)
    return c.json({ weeks: rows.map((r) => ({ week: r.week, kind: r.kind, count: r.n })) }, 200)
  },
)

deskRoutes.openapi(
  createRoute({
    method: 'get', path: '/{id}', tags: ['Incidents'], middleware: people, summary: 'One incident with its event timeline; ?reveal=personal shows the cardholder in clear (managers, audited)',
    request: { params: z.object({ id: IncidentId }), query: z.object({ reveal: z.enum(['personal']).optional() }) },
    responses: { 200: json(IncidentView, 'The incident'), ...problemResponses(401, 403, 404) },
  }),
  async (c) => {
    const row = await loadVisible(c, c.req.valid('param').id)
    const p = c.get('principal')!
    const events = await store.listEvents(c.env.DB, row.id)
    const view: Record<string, unknown> = {
      ...toIncident(row, c.get('lang'), new Date()),
      events: events.map((e) => ({ at: e.at, actor: { kind: e.actor_kind, id: e.actor_id, role: e.actor_role }, from: e.from_status, to: e.to_status, note: e.note, amounts: e.amounts_json ? JSON.parse(e.amounts_json) : null })),
    }
    if (c.req.valid('query').reveal === 'personal') {
      if (!(p.kind === 'admin' || (p.kind === 'person' && p.role === 'manager'))) throw problems.forbidden('auth.role_required', { roles: 'manager, admin' })
      if (row.cardholder_sealed) {
        view.cardholder_clear = JSON.parse(await open(row.cardholder_sealed, dataKeys(c.env)))
        const viewer = p.kind === 'person' ? p.personId : 'admin'
        await store.recordPersonalDataView(c.env.DB, newId('pdv'), row.id, p.kind, viewer, new Date().toISOString()).run()
      }
    }
    return c.json(view, 200)
  },
)

const FactsRequest = z.strictObject({ batch_settled: z.boolean().optional(), cardholder_contacted: z.boolean().optional() })
  // An empty body would record "facts changed" with nothing in it.
  .refine((f) => f.batch_settled !== undefined || f.cardholder_contacted !== undefined, { error: 'incidents.facts.none' })
  .openapi('IncidentFacts')

deskRoutes.openapi(
  createRoute({
    method: 'post', path: '/{id}/events', tags: ['Incidents'], middleware: people, summary: 'Move an incident along its lifecycle (append-only event)',
    request: { params: z.object({ id: IncidentId }), body: jsonBody(IncidentEventRequest) },
    responses: { 201: json(IncidentView, 'The incident after the event'), ...problemResponses(400, 401, 404, 409, 422) },
  }),
  async (c) => {
    const row = await loadVisible(c, c.req.valid('param').id)
    const input = c.req.valid('json')
    if (!isIncidentStatus(row.status)) throw new Error(`stored status ${row.status}`)
    const illegal = assertTransition(row.status, input.to)
    if (illegal) {
      throw new Problem({ type: 'illegal-transition', status: 409, title: 'problem.conflict', detail: illegal.message, params: illegal.params, extra: { allowed: illegal.allowed } })
    }
    // An inspection has no sale: nothing can have gone back to a card.
    const issues = amountIssues(input.to, input.amounts, row.source === 'inspection' ? 0 : row.amount)
    if (issues.length) throw problems.unprocessable(issues)
    const now = new Date()
    const due = input.to === 'escalated' ? { action: row.action, json: row.guidance_json, due_by: escalationDueBy(now) } : null
    return c.json(await applyChange(c, row, input.to, input.note ?? null, input.amounts ?? null, due, {}, now), 201)
  },
)

deskRoutes.openapi(
  createRoute({
    method: 'post', path: '/{id}/facts', tags: ['Incidents'], middleware: people, summary: 'Record a changed fact (the batch got settled, the cardholder was reached); the guidance is recomputed',
    request: { params: z.object({ id: IncidentId }), body: jsonBody(FactsRequest) },
    responses: { 201: json(IncidentView, 'The incident with fresh guidance'), ...problemResponses(400, 401, 404, 409) },
  }),
  async (c) => {
    const row = await loadVisible(c, c.req.valid('param').id)
    const input = c.req.valid('json')
    // Closed is final and a resolved incident has its outcome: new facts change nothing there.
    if (row.status === 'resolved' || row.status === 'closed') throw problems.conflict('incidents.facts.finished', { status: t(c.get('lang'), `incidents.status.${row.status}`) })
    // Settlement cannot be undone; "false" would bring back a void the host now refuses.
    if (input.batch_settled === false && row.batch_settled === 1) throw problems.unprocessable([{ path: 'batch_settled', message: 'incidents.facts.settled_stays' }])
    const now = new Date()
    const facts: IncidentFacts = {
      kind: row.kind as IncidentFacts['kind'], occurred_at: row.occurred_at, settlement: row.settlement as IncidentFacts['settlement'],
      batch_settled: input.batch_settled ?? row.batch_settled === 1, amount_direction: (row.amount_direction ?? undefined) as IncidentFacts['amount_direction'],
      cardholder_contacted: input.cardholder_contacted ?? row.cardholder_contacted === 1,
    }
    // Deadlines that run from the report stay where they were (see decideResolution's `since`); an escalated
    // incident keeps its follow-up date.
    const g = decideResolution(facts, now, new Date(row.reported_at))
    const guidance = { action: g.action, json: JSON.stringify(g), due_by: row.status === 'escalated' ? row.due_by : g.deadline ?? null }
    const note = t(c.get('lang'), 'incidents.facts.changed', { facts: Object.entries(input).map(([k, v]) => `${k}=${v}`).join(', ') })
    const changed = { batchSettled: input.batch_settled, cardholderContacted: input.cardholder_contacted }
    return c.json(await applyChange(c, row, row.status, note, null, guidance, changed, now), 201)
  },
)

/** Status (or guidance) change plus its event, in one batch guarded by the status we read. */
async function applyChange(c: Context<AppEnv>, row: store.IncidentRow, to: string, note: string | null, amounts: object | null, guidance: { action: string; json: string; due_by: string | null } | null, facts: store.ChangedFacts, now: Date) {
  const p = c.get('principal')!
  const actor = p.kind === 'person' ? { kind: 'person', id: p.personId, role: p.role } : { kind: p.kind, id: p.kind, role: p.kind }
  const at = now.toISOString()
  const amountsJson = amounts ? JSON.stringify(amounts) : null
  const [update] = await c.env.DB.batch([
    store.updateStatus(c.env.DB, row.id, row.status, to, at, guidance, amountsJson, facts),
    store.insertEventIfChanged(c.env.DB, { id: newId('evt'), incident_id: row.id, at, actor_kind: actor.kind, actor_id: actor.id, actor_role: actor.role, from_status: row.status, to_status: to, note, amounts_json: amountsJson }),
  ])
  if (!update?.meta.changes) throw problems.conflict('incidents.changed_meanwhile')
  const fresh = (await store.findIncident(c.env.DB, row.id))!
  return toIncident(fresh, c.get('lang'), now)
}
