import { Scalar } from '@scalar/hono-api-reference'
import type { MiddlewareHandler } from 'hono'
import type { AppEnv } from './env'

/** Scalar's API reference, loading its script from our own assets (built into site/public/scalar). */
export const apiReference: MiddlewareHandler<AppEnv> = async (c, next) => {
  const nonce = crypto.randomUUID().replace(/-/g, '')
  const config = {
    url: '/api/v1/openapi.json', pageTitle: 'SwipeSafe API', cdn: '/scalar/standalone.js', nonce,
    withDefaultFonts: false, hideClientButton: true, telemetry: false,
  }
  const handler = Scalar<AppEnv>(config as never)
  const res = (await handler(c, next)) as Response
  const out = new Response(res.body, res)
  out.headers.set('content-security-policy',
    `default-src 'self'; script-src 'self' 'nonce-${nonce}'; style-src 'self' 'unsafe-inline' 'nonce-${nonce}'; img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; worker-src 'self' blob:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'`)
  out.headers.set('cache-control', 'no-store')
  return out
}
