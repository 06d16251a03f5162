import { describe, expect, it } from 'vitest'
import { call, problem } from '../helpers'

describe('GET /api/v1/health', () => {
  it('reports ok with the version after reading D1', async () => {
    const res = await call('/api/v1/health')
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ status: 'ok', version: expect.stringMatching(/^\d+\.\d+\.\d+/), database: 'ok' })
    expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/)
  })

  it('answers an unknown API path with a 404 problem', async () => {
    const res = await call('/api/v1/nothing-here')
    expect(res.status).toBe(404)
    const body = await problem(res)
    expect(body.title).toBe('找不到该资源')
  })
})
