import fc from 'fast-check'
import { env } from 'cloudflare:workers'
import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { app } from '../../functions/app'
import { isQuickQuote, QUOTE_PATH } from '../../functions/fees/quick-quote'
import { BASE, call } from '../helpers'

// The Worker answers everyday quotes on a quick path (functions/fees/quick-quote.ts); the Hono route is
// the reference. Both must give the caller the same status, headers and body, byte for byte.

let client = 0
function request(body: string, headers: Record<string, string> = {}): Request {
  client += 1
  return new Request(BASE + QUOTE_PATH, {
    method: 'POST', body,
    headers: { 'content-type': 'application/json', 'content-length': String(new TextEncoder().encode(body).length), 'x-request-id': 'parity-1', 'cf-connecting-ip': `192.0.${Math.floor(client / 250)}.${client % 250}`, ...headers },
  })
}

async function both(body: string, headers: Record<string, string> = {}) {
  const viaWorker = await call(QUOTE_PATH, { method: 'POST', body, headers: request(body, headers).headers })
  const ctx = createExecutionContext()
  const viaApp = await app.fetch(request(body, headers), env, ctx)
  await waitOnExecutionContext(ctx)
  const seen = async (res: Response) => ({ status: res.status, headers: [...res.headers].sort(), body: await res.text() })
  return { worker: await seen(viaWorker), app: await seen(viaApp) }
}

const rate = fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 9999 })).map(([w, f]) => `${w}.${String(f).padStart(4, '0').replace(/0+$/, '') || '0'}%`.replace('.0%', '%'))
const validQuote = fc.record({
  amount: fc.integer({ min: 1, max: 1e12 }),
  card: fc.constantFrom('debit', 'credit', 'qr'),
  merchant_rate: rate,
  debit_cap: fc.option(fc.integer({ min: 0, max: 5000 }), { nil: undefined }),
  settlement: fc.option(fc.constantFrom('T1', 'D0'), { nil: undefined }),
  d0_rate: fc.option(rate, { nil: undefined }),
  d0_fixed: fc.option(fc.integer({ min: 0, max: 500 }), { nil: undefined }),
  merchant_class: fc.option(fc.constantFrom('standard', 'preferential', 'nonprofit'), { nil: undefined }),
  date: fc.option(fc.constantFrom('2018-05-01', '2022-01-15', '2026-11-20'), { nil: undefined }),
}, { requiredKeys: ['amount', 'card', 'merchant_rate'] })

describe('the quick quote path', () => {
  it('answers valid quotes exactly as the Hono route does, in both languages', async () => {
    await fc.assert(fc.asyncProperty(validQuote, fc.constantFrom('zh-CN', 'en'), async (quote, lang) => {
      const { worker, app: reference } = await both(JSON.stringify(quote), { 'accept-language': lang })
      expect(worker.status).toBe(200)
      expect(worker).toEqual(reference)
    }), { numRuns: 60 })
  })

  it.each([
    ['malformed JSON', '{"amount": 100,'],
    ['a validation error', JSON.stringify({ amount: -5, card: 'gold', merchant_rate: '0.6' })],
    ['a missing rate', JSON.stringify({ amount: 100, card: 'credit' })],
    ['an unknown plan', JSON.stringify({ amount: 100, card: 'credit', plan_id: 'no-such-plan' })],
    ['a date before any schedule', JSON.stringify({ amount: 100, card: 'credit', merchant_rate: '0.6%', date: '2010-01-01' })],
  ])('hands %s to the route, which answers it', async (_, body) => {
    const { worker, app: reference } = await both(body, { 'accept-language': 'en' })
    expect(worker.status).toBeGreaterThanOrEqual(400)
    expect(worker.headers).toContainEqual(['content-type', 'application/problem+json; charset=utf-8'])
    expect(worker).toEqual(reference)
  })

  it('takes only plain JSON posts with a length and no caller identity', () => {
    const body = JSON.stringify({ amount: 100, card: 'credit', merchant_rate: '0.6%' })
    const everyday = (headers: Record<string, string> = {}, path = QUOTE_PATH, method = 'POST') =>
      new Request(BASE + path, { method, body, headers: { 'content-type': 'application/json', 'content-length': String(body.length), ...headers } })
    expect(isQuickQuote(everyday())).toBe(true)
    expect(isQuickQuote(everyday({ 'content-type': 'application/json; charset=utf-8' }))).toBe(true)
    expect(isQuickQuote(everyday({ 'content-type': 'text/plain' }))).toBe(false)
    expect(isQuickQuote(everyday({ cookie: 'ss_session=abc' }))).toBe(false)
    expect(isQuickQuote(everyday({ authorization: 'Bearer x' }))).toBe(false)
    expect(isQuickQuote(everyday({ 'content-length': String(64 * 1024 + 1) }))).toBe(false)
    expect(isQuickQuote(everyday({}, `${QUOTE_PATH}?x=1`))).toBe(false)
    expect(isQuickQuote(everyday({}, '/api/v1/fees/profit-share'))).toBe(false)
    expect(isQuickQuote(new Request(BASE + QUOTE_PATH, { method: 'POST', body: new Blob([body]).stream(), headers: { 'content-type': 'application/json' } }))).toBe(false)
  })

  it('still refuses a bad admin token on the quote, as every API route does', async () => {
    const res = await call(QUOTE_PATH, { method: 'POST', json: { amount: 100, card: 'credit', merchant_rate: '0.6%' }, headers: { authorization: 'Bearer wrong' } })
    expect(res.status).toBe(401)
  })
})
