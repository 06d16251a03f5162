import { createRoute, z } from '@hono/zod-openapi'
import type { Context, MiddlewareHandler } from 'hono'
import type { AppEnv } from '../env'
import { requireRole, requireTerminal } from '../http/auth'
import { badKey, headerKey, IDEMPOTENCY_KEY_PATTERN, keyScope, writeOnce } from '../http/idempotency'
import { json, newApp, problemResponses } from '../http/openapi'
import { Problem, problemBody, problems } from '../http/problem'
import { currentDataKey } from '../security/keys'
import { prepareIncident } from './intake'
import { GuidanceView, IncidentIntake } from './schema'

// Intake: POST /api/v1/incidents (signed terminal with Idempotency-Key, or a signed-in staff/manager)
// and POST /api/v1/incidents/batch for terminals that were offline.
export const intakeRoutes = newApp()

/** Terminals sign; people use their session. Both paths end with a principal that has a merchant. */
const terminalOrStaff: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (c.req.header('x-signature') || c.req.header('x-terminal-id')) return requireTerminal(c, next)
  return requireRole('staff', 'manager')(c, next)
}
// Per-route middleware (not use()): the desk shares this path prefix with other methods and callers.
intakeRoutes.openAPIRegistry.register('IncidentIntake', IncidentIntake)

const Created = z.object({
  id: z.string(), status: z.literal('reported'), merchant_no: z.string(), terminal_id: z.string(), occurred_at: z.string(), reported_at: z.string(),
  card: z.object({ bin: z.string().nullable(), last4: z.string() }), guidance: GuidanceView,
  fee_effect: z.object({
    correction: z.enum(['void', 'refund']).nullable(), amount_back: z.number().int().nullable(), fee_reversed: z.number().int().nullable(),
    fee_lost: z.number().int().nullable(), known: z.boolean(), explanation: z.array(z.string()),
  }),
}).openapi('IncidentCreated')

interface Outcome { status: number; body: unknown; replayed: boolean }

/** One submission, idempotent when a key is given: the same key and body replay; another body is 409. */
async function submit(c: Context<AppEnv>, raw: unknown, canonical: string, key: string | undefined, prefix = ''): Promise<Outcome> {
  const principal = c.get('principal')!
  return writeOnce(c.env.DB, c.env.DATA_KEY, keyScope('incidents', principal), key, canonical, async () => {
    const prepared = await prepareIncident(c.env.DB, currentDataKey(c.env), principal, raw, { lang: c.get('lang'), now: new Date(), prefix })
    return { statements: prepared.statements, res: { status: 201, body: prepared.body } }
  })
}

function idempotencyKey(c: Context<AppEnv>): string | undefined {
  const key = headerKey(c)
  if (key === undefined && c.get('principal')?.kind === 'terminal') {
    throw new Problem({ type: 'validation', status: 400, title: 'problem.validation', detail: 'incidents.key_required', errors: [{ path: 'Idempotency-Key', message: 'validation.required' }] })
  }
  return key
}

intakeRoutes.openapi(
  createRoute({
    method: 'post', path: '/', tags: ['Incidents'], middleware: terminalOrStaff,
    summary: 'Report a wrong swipe or failed transaction; answers the guidance the cashier sees',
    description: 'From a signed terminal (Idempotency-Key required) or a signed-in staff member or manager (key optional). A full card number is reduced to BIN + last 4 before anything else sees it; CVV/PIN/track/expiry fields are refused.',
    // A $ref rather than the zod schema: card secrets must be refused before any parsing, so the handler
    // validates (prepareIncident) instead of the route's automatic validator.
    request: { body: { content: { 'application/json': { schema: { $ref: '#/components/schemas/IncidentIntake' } } }, required: true } },
    responses: { 201: json(Created, 'Reported (or the first response replayed for a retried key)'), ...problemResponses(400, 401, 403, 409, 415, 422) },
  }),
  // The body is validated inside (card secrets are refused before any parsing), not by the route's hook.
  async (c) => {
    const key = idempotencyKey(c)
    const text = await c.req.text()
    let raw: unknown
    try { raw = JSON.parse(text) } catch { throw new Problem({ type: 'malformed-json', status: 400, title: 'problem.malformed_json', detail: 'problem.malformed_json.detail' }) }
    // Hashed as re-serialised, like a batch item: a report queued offline and sent again through /batch
    // replays whatever spacing or number format the terminal's first send used.
    const out = await submit(c, raw, JSON.stringify(raw), key)
    if (out.replayed) c.header('idempotent-replayed', 'true')
    return c.json(out.body as z.infer<typeof Created>, 201)
  },
)

const BatchItem = z.object({ idempotency_key: z.string(), incident: z.unknown() })
const BatchRequest = z.object({ items: z.array(BatchItem).min(1).max(100, { error: 'incidents.batch.too_many' }) }).openapi('IncidentBatch')
const BatchResult = z.object({
  results: z.array(z.object({ index: z.number().int(), idempotency_key: z.string(), status: z.number().int(), replayed: z.boolean(), body: z.unknown() })),
}).openapi('IncidentBatchResult')

intakeRoutes.openapi(
  createRoute({
    method: 'post', path: '/batch', tags: ['Incidents'], middleware: requireTerminal,
    summary: 'Up to 100 queued incidents from a terminal that was offline; each item answered on its own',
    request: { body: { content: { 'application/json': { schema: BatchRequest } }, required: true } },
    responses: { 200: json(BatchResult, 'Per-item results: 201 created, 201 replayed, or the item’s problem'), ...problemResponses(400, 401, 415) },
  }),
  async (c) => {
    const { items } = c.req.valid('json')
    const results = []
    for (const [index, item] of items.entries()) {
      try {
        if (!IDEMPOTENCY_KEY_PATTERN.test(item.idempotency_key)) throw badKey()
        const out = await submit(c, item.incident, JSON.stringify(item.incident ?? null), item.idempotency_key)
        results.push({ index, idempotency_key: item.idempotency_key, status: out.status, replayed: out.replayed, body: out.body })
      } catch (err) {
        if (!(err instanceof Problem)) throw err
        results.push({ index, idempotency_key: item.idempotency_key, status: err.init.status, replayed: false, body: problemBody(err.init, c.get('lang')) })
      }
    }
    return c.json({ results }, 200)
  },
)

