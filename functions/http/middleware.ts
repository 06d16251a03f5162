import type { Context, MiddlewareHandler } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import type { AppEnv } from '../env'
import { pickLang } from '../i18n'
import { redactCardNumbers } from '../incidents/card'
import { Problem } from './problem'

export const JSON_BODY_LIMIT = 64 * 1024

const API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"

// Security headers for every Worker response (static pages get theirs from site/public/_headers).
const SECURITY_HEADERS: [string, string][] = [
  ['content-security-policy', API_CSP],
  ['x-content-type-options', 'nosniff'],
  ['referrer-policy', 'strict-origin-when-cross-origin'],
  ['x-frame-options', 'DENY'],
  ['strict-transport-security', 'max-age=31536000; includeSubDomains'],
  ['cross-origin-opener-policy', 'same-origin'],
]

const REQUEST_ID = /^[\w\-=]{1,255}$/

/**
 * The caller's `x-request-id` when it is well-formed (a POS may send its own), else a fresh UUID. An id that
 * holds a card number is replaced: it would be echoed in a header and written to the log.
 */
export function requestIdFrom(incoming: string | null | undefined): string {
  return incoming && REQUEST_ID.test(incoming) && redactCardNumbers(incoming).redacted === 0 ? incoming : crypto.randomUUID()
}

const API_HEADERS: Record<string, string> = { vary: 'Accept-Language', ...Object.fromEntries(SECURITY_HEADERS), 'cache-control': 'no-store' }
const OTHER_HEADERS: Record<string, string> = { vary: 'Accept-Language', ...Object.fromEntries(SECURITY_HEADERS) }

/** Headers every response of the Worker carries (a fresh object: callers add their own). */
export function envelopeHeaders(requestId: string, api: boolean): Record<string, string> {
  return { 'x-request-id': requestId, ...(api ? API_HEADERS : OTHER_HEADERS) }
}

/**
 * What every request gets, in one step because it runs on every request: an id, the message language,
 * the envelope headers, and one JSON access-log line (see `quietOnSuccess`).
 *
 * Headers go on before the handler runs, so Hono builds them into the response it creates; only a
 * response made elsewhere (ASSETS, a stream) is patched afterwards.
 */
export const envelope: MiddlewareHandler<AppEnv> = async (c, next) => {
  const started = Date.now()
  const requestId = requestIdFrom(c.req.header('x-request-id'))
  const api = c.req.path.startsWith('/api/')
  c.set('requestId', requestId)
  c.set('lang', pickLang(c.req.header('accept-language')))
  const headers = envelopeHeaders(requestId, api)
  for (const name in headers) c.header(name, headers[name])
  await next()
  if (!c.res.headers.has('x-content-type-options')) patchHeaders(c, requestId, api)
  if (!c.get('quiet') || c.res.status >= 400) accessLine(c, started)
}

/**
 * For public, anonymous computations (a fee quote, the health probe, the JWKS): a success gets no
 * access-log line. Workers Logs already records every invocation with its status, and our line would
 * name no caller; at one console line per request it was the largest single cost of a quote.
 * Failures are still logged.
 */
export const quietOnSuccess: MiddlewareHandler<AppEnv> = (c, next) => {
  c.set('quiet', true)
  return next()
}

/** Adds the envelope's headers to a response the handler did not build through `c` (keeping its own CSP and caching). */
function patchHeaders(c: Context<AppEnv>, requestId: string, api: boolean) {
  // Responses passed through from ASSETS (e.g. a 404 under /.well-known/) have immutable headers.
  try {
    c.res.headers.set('x-request-id', requestId)
  } catch {
    c.res = new Response(c.res.body, c.res)
  }
  const h = c.res.headers
  h.set('x-request-id', requestId)
  h.append('vary', 'Accept-Language')
  for (const [name, value] of SECURITY_HEADERS) if (!h.has(name)) h.set(name, value)
  if (api && !h.has('cache-control')) h.set('cache-control', 'no-store')
}

/**
 * One JSON log line per request. It names the matched route pattern, never the raw path or query,
 * so nothing a caller typed (a card number in a query string, say) reaches the logs.
 */
function accessLine(c: Context<AppEnv>, started: number) {
  const p = c.get('principal')
  console.log(JSON.stringify({
    level: c.res.status >= 500 ? 'error' : 'info', msg: 'request', request_id: c.get('requestId'),
    method: c.req.method, route: c.req.routePath, status: c.res.status, ms: Date.now() - started,
    principal: p ? (p.kind === 'person' ? `${p.role}:${p.personId}` : p.kind === 'terminal' ? `terminal:${p.terminalId}` : 'admin') : null,
  }))
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

/**
 * Refuses bodies over `maxSize` with a 413. A declared Content-Length is checked without touching the
 * body (reading `request.body` costs a stream object per request); only a chunked body is counted as it
 * is read, by Hono's bodyLimit.
 */
export function limitBody(maxSize = JSON_BODY_LIMIT): MiddlewareHandler<AppEnv> {
  const tooLarge = () => {
    throw new Problem({ type: 'payload-too-large', status: 413, title: 'problem.payload_too_large', detail: 'problem.payload_too_large.detail', params: { limit: maxSize } })
  }
  const counted = bodyLimit({ maxSize, onError: tooLarge })
  return async (c, next) => {
    const method = c.req.method
    if (method === 'GET' || method === 'HEAD' || method === 'OPTIONS') return next()
    const length = c.req.header('content-length')
    if (length !== undefined && c.req.header('transfer-encoding') === undefined) {
      if (Number(length) > maxSize) tooLarge()
      return next()
    }
    return counted(c, next)
  }
}
