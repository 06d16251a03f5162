import { createRoute, z } from '@hono/zod-openapi'
import { listTerminalIncidents } from '../incidents/store'
import { toIncident } from '../incidents/view'
import { requireTerminal } from '../http/auth'
import { json, newApp, problemResponses } from '../http/openapi'

/** Requests from POS terminals: every one is HMAC-signed (see terminal/signature.ts). */
export const terminalRoutes = newApp()
terminalRoutes.use('*', requireTerminal)

const WhoAmI = z.object({
  terminal_id: z.string(), merchant_no: z.string(), merchant_name: z.string(),
  server_time: z.string().openapi({ description: 'UTC; a terminal can compare its clock with it' }),
}).openapi('WhoAmI')

terminalRoutes.openapi(
  createRoute({
    method: 'get', path: '/whoami', tags: ['Terminal'], summary: 'The signed terminal and its merchant: an integrator’s first call',
    responses: { 200: json(WhoAmI, 'The terminal'), ...problemResponses(401) },
  }),
  async (c) => {
    const p = c.get('principal')
    if (p?.kind !== 'terminal') throw new Error('requireTerminal did not run')
    return c.json({ terminal_id: p.terminalId, merchant_no: p.merchantNo, merchant_name: p.merchantName, server_time: new Date().toISOString() }, 200)
  },
)

terminalRoutes.openapi(
  createRoute({
    method: 'get', path: '/incidents', tags: ['Terminal'], summary: 'This terminal’s recent incidents and their status, for the cashier’s screen',
    responses: { 200: json(z.object({ items: z.array(z.record(z.string(), z.unknown())) }), 'Recent incidents, newest first'), ...problemResponses(401) },
  }),
  async (c) => {
    const p = c.get('principal')
    if (p?.kind !== 'terminal') throw new Error('requireTerminal did not run')
    const rows = await listTerminalIncidents(c.env.DB, p.terminalId, 20)
    const now = new Date()
    // Terminals never get personal data, not even masked.
    return c.json({ items: rows.map((r) => { const { cardholder: _, ...rest } = toIncident(r, c.get('lang'), now); return rest }) }, 200)
  },
)
