import type { Bindings } from '../env'
import { envelopeHeaders, JSON_BODY_LIMIT, requestIdFrom } from '../http/middleware'
import { pickLang } from '../i18n'
import { businessDay } from '../time/business-day'
import { answerQuote, quoteAllowed, sameQuote } from './routes'
import { QuoteRequest } from './schema'

// The fee quote is the one public endpoint called per sale (the calculators, POS integrations quoting
// before each swipe). Through the router and the middleware chain it ran at half the rate of a bare
// Worker, so its everyday case is answered here: a JSON body with a Content-Length, no caller identity,
// valid, without a plan. Anything else (bad input, plan_id, a session or token, a chunked body, a
// throttled client) goes to the Hono route, which stays the one place a quote error is rendered.
// test/fees/quick-quote.test.ts holds the two answers equal, header for header.

export const QUOTE_PATH = '/api/v1/fees/quote'
const JSON_TYPE = /^application\/json\s*(;|$)/i

type Fallback = (request: Request) => Response | Promise<Response>

/** Whether `request` may take the quick path at all (checked on headers only, before any body is read). */
export function isQuickQuote(request: Request): boolean {
  if (request.method !== 'POST') return false
  const url = request.url
  if (url.slice(url.indexOf('/', url.indexOf('//') + 2)) !== QUOTE_PATH) return false
  const h = request.headers
  const length = h.get('content-length')
  return length !== null && Number(length) <= JSON_BODY_LIMIT && !h.has('transfer-encoding')
    && JSON_TYPE.test(h.get('content-type') ?? '') && !h.has('authorization') && !h.has('cookie')
}

/** Answers a quote that passed `isQuickQuote`, or hands it (body intact) to `fallback`. */
export async function quickQuote(request: Request, env: Bindings, fallback: Fallback): Promise<Response> {
  // A throttled client is handed over before its body is read; the route answers 429. Either way the
  // limiter is asked once per request (the route reuses its answer).
  if (!(await quoteAllowed(env, request))) return fallback(request)
  const text = await request.text()
  const handOver = () => fallback(sameQuote(request, new Request(request, { body: text })))
  let body: unknown
  try {
    body = JSON.parse(text)
  } catch {
    return handOver()
  }
  const parsed = QuoteRequest.safeParse(body)
  if (!parsed.success || parsed.data.plan_id !== undefined) return handOver()
  const input = parsed.data
  let answer
  try {
    answer = answerQuote({ ...input, merchant_rate: input.merchant_rate! }, input.date ?? businessDay(new Date()), pickLang(request.headers.get('accept-language')))
  } catch {
    // No schedule on that date (a 422), or anything unexpected: the route renders it, and logs a failure.
    return handOver()
  }
  const headers = envelopeHeaders(requestIdFrom(request.headers.get('x-request-id')), true)
  headers['content-type'] = 'application/json'
  return new Response(JSON.stringify(answer), { headers })
}
