import type { MiddlewareHandler } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import type { AppEnv } from '../env'
import { pickLang } from '../i18n'
import { Problem } from './problem'

export const JSON_BODY_LIMIT = 64 * 1024

/** Language of messages: Accept-Language, zh-CN by default. */
export const language: MiddlewareHandler<AppEnv> = async (c, next) => {
  c.set('lang', pickLang(c.req.header('accept-language')))
  await next()
  c.header('vary', 'Accept-Language', { append: true })
}

/**
 * One JSON log line per request. It names the matched route pattern, never the raw path or query,
 * so nothing a caller typed (a card number in a query string, say) reaches the logs.
 */
export const accessLog: MiddlewareHandler<AppEnv> = async (c, next) => {
  const started = Date.now()
  await next()
  const p = c.get('principal')
  console.log(JSON.stringify({
    level: c.res.status >= 500 ? 'error' : 'info', msg: 'request', request_id: c.get('requestId'),
    method: c.req.method, route: c.req.routePath, status: c.res.status, ms: Date.now() - started,
    principal: p ? (p.kind === 'person' ? `${p.role}:${p.personId}` : p.kind === 'terminal' ? `terminal:${p.terminalId}` : 'admin') : null,
  }))
}

const API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"

/** Security headers for every Worker response (static pages get theirs from site/public/_headers). */
export const securityHeaders: MiddlewareHandler<AppEnv> = async (c, next) => {
  await next()
  // Responses passed through from ASSETS (e.g. a 404 under /.well-known/) have immutable headers.
  try {
    c.res.headers.set('x-content-type-options', 'nosniff')
  } catch {
    c.res = new Response(c.res.body, c.res)
  }
  const h = c.res.headers
  if (!h.has('content-security-policy')) h.set('content-security-policy', API_CSP)
  h.set('x-content-type-options', 'nosniff')
  h.set('referrer-policy', 'strict-origin-when-cross-origin')
  h.set('x-frame-options', 'DENY')
  h.set('strict-transport-security', 'max-age=31536000; includeSubDomains')
  h.set('cross-origin-opener-policy', 'same-origin')
  if (!h.has('cache-control') && c.req.path.startsWith('/api/')) h.set('cache-control', 'no-store')
}

/** Bodies sent to the API must say what they are; CSV only where a route takes CSV. */
export function requireContentType(csvPaths: RegExp[] = []): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const method = c.req.method
    if (method === 'POST' || method === 'PUT' || method === 'PATCH') {
      const hasBody = c.req.header('content-length') ? c.req.header('content-length') !== '0' : c.req.raw.body !== null
      if (hasBody) {
        const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase()
        const csv = csvPaths.some((re) => re.test(c.req.path))
        const ok = csv ? type === 'text/csv' : /^application\/([\w.-]+\+)?json$/.test(type)
        if (!ok) {
          throw new Problem({
            type: 'unsupported-media-type', status: 415, title: 'problem.unsupported_media_type',
            detail: 'problem.unsupported_media_type.detail', params: { expected: csv ? 'text/csv' : 'application/json' },
          })
        }
      }
    }
    await next()
  }
}

export function limitBody(maxSize = JSON_BODY_LIMIT): MiddlewareHandler<AppEnv> {
  return bodyLimit({
    maxSize,
    onError: () => {
      throw new Problem({ type: 'payload-too-large', status: 413, title: 'problem.payload_too_large', detail: 'problem.payload_too_large.detail', params: { limit: maxSize } })
    },
  })
}
