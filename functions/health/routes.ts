import { createRoute, z } from '@hono/zod-openapi'
import { quietOnSuccess } from '../http/middleware'
import { json, newApp } from '../http/openapi'

export const healthRoutes = newApp()
healthRoutes.use('*', quietOnSuccess) // uptime probes

const Health = z.object({
  status: z.enum(['ok', 'degraded']), version: z.string(), database: z.enum(['ok', 'error']),
}).openapi('Health')

healthRoutes.openapi(
  createRoute({
    method: 'get', path: '/', tags: ['Health'], summary: 'Liveness, and whether D1 answers',
    responses: { 200: json(Health, 'Healthy'), 503: json(Health, 'The database does not answer') },
  }),
  async (c) => {
    let database: 'ok' | 'error' = 'ok'
    try {
      await c.env.DB.prepare('SELECT 1 AS ok').first()
    } catch {
      database = 'error'
    }
    const body = { status: database === 'ok' ? ('ok' as const) : ('degraded' as const), version: c.env.APP_VERSION ?? '0.0.0', database }
    return c.json(body, database === 'ok' ? 200 : 503)
  },
)
