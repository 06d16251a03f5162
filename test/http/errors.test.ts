import { describe, expect, it, vi } from 'vitest'
import { ADMIN, admin, call, problem } from '../helpers'

describe('problem+json for every kind of bad request', () => {
  it('404 for an unknown API path, in English when asked', async () => {
    const res = await call('/api/v1/no-such-thing', { headers: { 'accept-language': 'en-US,en;q=0.9' } })
    expect(res.status).toBe(404)
    const body = await problem(res)
    expect(body).toMatchObject({ status: 404, title: 'Not found', detail: 'There is no endpoint GET /api/v1/no-such-thing.' })
    expect(res.headers.get('content-language')).toBe('en')
  })

  it('405 with an Allow header for a known path and the wrong method', async () => {
    const res = await call('/api/v1/health', { method: 'DELETE' })
    expect(res.status).toBe(405)
    expect(res.headers.get('allow')).toBe('GET, HEAD')
    expect((await problem(res)).title).toBe('不支持该请求方法')
  })

  it('405 also for parameterised paths', async () => {
    const res = await call('/api/v1/merchants/898310058120001/people', { method: 'DELETE', headers: ADMIN })
    expect(res.status).toBe(405)
    expect(res.headers.get('allow')).toContain('GET')
  })

  it('400 for malformed JSON', async () => {
    const res = await call('/api/v1/admin/agents', { method: 'POST', headers: { ...ADMIN, 'content-type': 'application/json' }, body: '{"agent_id": "AG1",' })
    expect(res.status).toBe(400)
    expect((await problem(res)).type).toMatch(/malformed-json$/)
  })

  it('415 for a body that is not JSON', async () => {
    const res = await call('/api/v1/admin/agents', { method: 'POST', headers: { ...ADMIN, 'content-type': 'text/plain' }, body: 'agent_id=AG1' })
    expect(res.status).toBe(415)
    const body = await problem(res)
    expect(body.detail).toContain('application/json')
  })

  it('413 for a body over 64 KiB, and nothing is stored', async () => {
    const res = await call('/api/v1/admin/agents', { method: 'POST', headers: ADMIN, json: { agent_id: 'AG-BIG', name: 'x'.repeat(70 * 1024) } })
    expect(res.status).toBe(413)
    expect((await problem(res)).type).toMatch(/payload-too-large$/)
    const again = await admin('/api/v1/admin/agents', { agent_id: 'AG-BIG', name: 'small' })
    expect(again.status).toBe(201)
  })

  it('400 naming every bad field, in zh-CN by default and en on request', async () => {
    const bad = { merchant_no: '12345', name: '', agent_id: '!' }
    const zh = await problem(await admin('/api/v1/admin/merchants', bad))
    expect(zh.status).toBe(400)
    expect(zh.errors?.map((e) => e.path).sort()).toEqual(['agent_id', 'merchant_no', 'name'])
    expect(zh.errors?.find((e) => e.path === 'merchant_no')?.message).toBe('商户号应为 15 位数字')

    const en = await problem(await call('/api/v1/admin/merchants', { method: 'POST', headers: { ...ADMIN, 'accept-language': 'en' }, json: bad }))
    expect(en.errors?.find((e) => e.path === 'merchant_no')?.message).toBe('Merchant no. must be 15 digits')
    expect(en.title).toBe('Invalid input')
  })

  it('names a missing field as required and an unknown field as unknown', async () => {
    const body = await problem(await admin('/api/v1/admin/merchants', { merchant_no: '898310058120099', nmae: 'typo' }))
    expect(body.errors).toEqual(expect.arrayContaining([
      { path: 'name', message: '必填' },
      { path: 'nmae', message: '不认识的字段' },
    ]))
  })
})

describe('headers on every response', () => {
  it('carries a request id, security headers and no-store on API responses', async () => {
    for (const res of [await call('/api/v1/health'), await call('/api/v1/nope')]) {
      expect(res.headers.get('x-request-id')).toBeTruthy()
      expect(res.headers.get('x-content-type-options')).toBe('nosniff')
      expect(res.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin')
      expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'")
      expect(res.headers.get('cache-control')).toBe('no-store')
    }
  })

  it('keeps a caller-supplied request id so terminals can correlate logs', async () => {
    const res = await call('/api/v1/health', { headers: { 'x-request-id': 'pos-T0000001-42' } })
    expect(res.headers.get('x-request-id')).toBe('pos-T0000001-42')
  })
})

describe('OpenAPI and the reference', () => {
  it('publishes an OpenAPI 3.1 document listing the routes', async () => {
    const res = await call('/api/v1/openapi.json')
    expect(res.status).toBe(200)
    const doc = (await res.json()) as { openapi: string; paths: Record<string, unknown> }
    expect(doc.openapi).toBe('3.1.0')
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/v1/health', '/api/v1/admin/terminals', '/api/v1/terminal/whoami', '/api/v1/auth/sign-in']))
  })

  it('serves the Scalar reference with its script from our own origin only', async () => {
    const res = await call('/api/docs')
    expect(res.status).toBe(200)
    const html = await res.text()
    expect(html).toContain('src="/scalar/standalone.js"')
    expect(html).not.toMatch(/https?:\/\/(cdn|fonts|unpkg)/)
    const csp = res.headers.get('content-security-policy') ?? ''
    expect(csp).toMatch(/script-src 'self' 'nonce-[0-9a-f]+'/)
    expect(csp).not.toMatch(/https?:/)
  })
})


describe('access log', () => {
  async function logged(run: () => Promise<Response>): Promise<Record<string, unknown>[]> {
    const spy = vi.spyOn(console, 'log').mockImplementation(() => {})
    try {
      await (await run()).text()
      return spy.mock.calls.map((args) => JSON.parse(String(args[0]))).filter((line) => line.msg === 'request')
    } finally {
      spy.mockRestore()
    }
  }

  it('writes one line per request with the route pattern, never the raw path or query', async () => {
    const lines = await logged(() => call('/api/v1/incidents/inc_6222020000001234?q=6222020000001234', { headers: ADMIN }))
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatchObject({ level: 'info', method: 'GET', route: '/api/v1/incidents/:id', principal: 'admin' })
    expect(JSON.stringify(lines)).not.toContain('6222020000001234')
  })

  it('never echoes or logs a card number sent as the request id or in an unknown path', async () => {
    const number = '4111111111111111' // a well-known test number, Luhn-valid
    const spy = vi.spyOn(console, 'log').mockImplementation(() => {})
    try {
      const res = await call(`/api/v1/no-such/${number}`, { headers: { 'x-request-id': number } })
      expect(res.status).toBe(404)
      expect(res.headers.get('x-request-id')).not.toContain(number)
      const body = await res.text()
      expect(body).not.toContain(number)
      expect(body).toContain('411111******1111')
      expect(spy.mock.calls.length).toBeGreaterThan(0)
      expect(JSON.stringify(spy.mock.calls)).not.toContain(number)
    } finally {
      spy.mockRestore()
    }
  })

  it('leaves successful public computations to the platform log, but logs their failures', async () => {
    const ok = { amount: 100, card: 'credit', merchant_rate: '0.6%' }
    expect(await logged(() => call('/api/v1/fees/quote', { method: 'POST', json: ok }))).toHaveLength(0)
    expect(await logged(() => call('/api/v1/health'))).toHaveLength(0)
    const failed = await logged(() => call('/api/v1/fees/quote', { method: 'POST', json: { ...ok, amount: -1 } }))
    expect(failed).toEqual([expect.objectContaining({ route: '/api/v1/fees/quote', status: 400 })])
  })
})
