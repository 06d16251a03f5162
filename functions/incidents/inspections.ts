import { createRoute, z } from '@hono/zod-openapi'
import type { Context } from 'hono'
import { MerchantNo } from '../accounts/schema'
import { findTerminalWithSecret } from '../accounts/store'
import type { AppEnv, Principal } from '../env'
import { assertOwnMerchant, requireRole } from '../http/auth'
import { headerKey, keyScope, writeOnce, type PreparedWrite } from '../http/idempotency'
import { json, jsonBody, newApp, problemResponses } from '../http/openapi'
import { problems } from '../http/problem'
import { newId } from '../ids'
import { currentDataKey } from '../security/keys'
import { redactCardNumbers } from './card'
import { evaluateInspection, inspectionIncidentDescription, inspectionOverdue } from './inspection'
import { prepareIncident } from './intake'
import { InspectionRequest } from './schema'
import * as store from './store'

// Per-shift terminal inspections (PCI DSS 9.5.1.2). A failed item or a serial that does not match the
// inventory opens a suspected_fraud incident in the same batch as the inspection.
export const inspectionRoutes = newApp()
inspectionRoutes.use('*', requireRole('staff', 'manager', 'admin'))

/** The inspection's rows (and, when it failed, its suspected-fraud incident's), and the answer. */
async function prepareInspection(c: Context<AppEnv>, p: Extract<Principal, { kind: 'person' }>, input: z.infer<typeof InspectionRequest>): Promise<PreparedWrite> {
  const terminalId = input.terminal_id.toUpperCase()
  const terminal = await findTerminalWithSecret(c.env.DB, terminalId)
  if (!terminal || terminal.merchant_no !== p.merchantNo) throw problems.forbidden('incidents.inspection.terminal_unknown', { terminal_id: terminalId })
  const result = evaluateInspection(input, terminal.serial_no)
  const now = new Date()
  const id = newId('ins')
  let incident: Record<string, unknown> | null = null
  const statements: D1PreparedStatement[] = []
  if (!result.passed) {
    // No sale is involved: the sale fields get neutral filler, stored as source 'inspection' and shown as null.
    const prepared = await prepareIncident(c.env.DB, currentDataKey(c.env), p, {
      kind: 'suspected_fraud', occurred_at: now.toISOString(), amount: 1, card: { last4: '0000' }, card_type: 'debit', settlement: 'T1',
      terminal_id: terminalId, trace_no: '000001', batch_no: '000000',
      description: inspectionIncidentDescription(input, result, terminal.serial_no, c.get('lang')),
    }, { lang: c.get('lang'), now, source: 'inspection' })
    statements.push(...prepared.statements)
    incident = { id: prepared.body.id, guidance: prepared.body.guidance }
  }
  statements.push(store.insertInspection(c.env.DB, {
    id, terminal_id: terminalId, merchant_no: terminal.merchant_no, inspected_at: now.toISOString(), inspected_by: p.personId,
    items_json: JSON.stringify(input.items), serial_no_read: redactCardNumbers(input.serial_no_read).text, serial_matches: result.serial_matches ? 1 : 0,
    passed: result.passed ? 1 : 0, incident_id: (incident?.id as string | undefined) ?? null,
  }))
  return { statements, res: { status: 201, body: { id, terminal_id: terminalId, inspected_at: now.toISOString(), passed: result.passed, failures: result.failures, serial: result.serial, incident } } }
}

inspectionRoutes.openapi(
  createRoute({
    method: 'post', path: '/', tags: ['Inspections'], summary: 'Record a terminal inspection; a failure opens a suspected-fraud incident',
    description: 'With an Idempotency-Key header, a resend of the same inspection replays the first answer (Idempotent-Replayed: true) and records nothing twice; the same key with another body is 409.',
    request: { body: jsonBody(InspectionRequest) },
    responses: { 201: json(z.record(z.string(), z.unknown()).openapi('InspectionResult'), 'Recorded (or the first answer replayed for a resent key)'), ...problemResponses(400, 401, 403, 409) },
  }),
  async (c) => {
    const p = c.get('principal')!
    if (p.kind !== 'person') throw problems.forbidden('incidents.admin_cannot_report')
    const input = c.req.valid('json')
    // A failed inspection opens an incident: a resend after a lost answer must not open a second one.
    const out = await writeOnce(c.env.DB, c.env.DATA_KEY, keyScope('inspections', p), headerKey(c), JSON.stringify(input), () => prepareInspection(c, p, input))
    if (out.replayed) c.header('idempotent-replayed', 'true')
    return c.json(out.body as Record<string, unknown>, 201)
  },
)

inspectionRoutes.openapi(
  createRoute({
    method: 'get', path: '/status', tags: ['Inspections'], summary: 'Each terminal of a merchant with its last inspection and whether one is overdue',
    request: { query: z.object({ merchant_no: MerchantNo.optional() }) },
    responses: { 200: json(z.object({ terminals: z.array(z.record(z.string(), z.unknown())) }), 'Terminals'), ...problemResponses(400, 401, 403) },
  }),
  async (c) => {
    const p = c.get('principal')!
    const merchantNo = c.req.valid('query').merchant_no ?? (p.kind === 'person' ? p.merchantNo : null)
    if (!merchantNo) throw problems.validation([{ path: 'merchant_no', message: 'validation.required' }])
    assertOwnMerchant(p, merchantNo)
    const now = new Date()
    const rows = await store.lastInspections(c.env.DB, merchantNo)
    return c.json({
      terminals: rows.map((r) => ({
        terminal_id: r.terminal_id, model: r.model, serial_no: r.serial_no,
        last_inspection: r.inspection_id ? { id: r.inspection_id, at: r.inspected_at, passed: r.passed === 1, serial_matches: r.serial_matches === 1, incident_id: r.incident_id } : null,
        overdue: inspectionOverdue(r.inspected_at, now),
      })),
    }, 200)
  },
)
