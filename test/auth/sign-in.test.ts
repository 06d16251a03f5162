import { env } from 'cloudflare:workers'
import { beforeAll, describe, expect, it } from 'vitest'
import { call, makeMerchant, problem, signIn, type Fixture } from '../helpers'

let shop: Fixture
beforeAll(async () => {
  shop = await makeMerchant()
})

function attempt(code: string, staffNo = shop.staff.staffNo, ip = '203.0.113.7') {
  return call('/api/v1/auth/sign-in', {
    method: 'POST', headers: { 'cf-connecting-ip': ip },
    json: { merchant_no: shop.merchantNo, staff_no: staffNo, access_code: code },
  })
}

describe('sign-in', () => {
  it('sets an HttpOnly, Secure, SameSite=Lax session cookie and /me answers who it is', async () => {
    const res = await attempt(shop.staff.code.toLowerCase().replace(/-/g, ''))
    expect(res.status).toBe(200)
    const cookie = res.headers.get('set-cookie') ?? ''
    expect(cookie).toMatch(/^ss_session=[A-Za-z0-9_-]{43};/)
    expect(cookie).toMatch(/HttpOnly/)
    expect(cookie).toMatch(/Secure/)
    expect(cookie).toMatch(/SameSite=Lax/)
    const me = await call('/api/v1/auth/me', { headers: { cookie: cookie.split(';')[0]! } })
    expect(await me.json()).toMatchObject({ id: shop.staff.id, role: 'staff', merchant_no: shop.merchantNo })
  })

  it('refuses a wrong code with one message that does not say which part was wrong', async () => {
    const wrongCode = await problem(await attempt('AAAA-AAAA-AA', shop.staff.staffNo, '198.51.100.1'))
    const wrongStaff = await problem(await attempt(shop.staff.code, '777', '198.51.100.1'))
    expect(wrongCode.status).toBe(401)
    expect(wrongCode.detail).toBe(wrongStaff.detail)
  })

  it('throttles an account after 5 failures, even with the right code, and says how long to wait', async () => {
    for (let i = 0; i < 5; i++) expect((await attempt('BBBB-BBBB-BB', shop.manager.staffNo, `192.0.2.${i}`)).status).toBe(401)
    const locked = await attempt(shop.manager.code, shop.manager.staffNo, '192.0.2.99')
    expect(locked.status).toBe(429)
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(800)
    expect((await problem(locked)).detail).toMatch(/登录失败次数过多，请 \d+ 秒后再试/)
    // The window passes: the right code works again.
    await env.DB.prepare('UPDATE signin_failures SET window_start = window_start - 901').run()
    expect((await attempt(shop.manager.code, shop.manager.staffNo, '192.0.2.99')).status).toBe(200)
  })

  it('keeps the account locked when the request adds an agent id the lookup ignores', async () => {
    const other = await makeMerchant()
    const as = (json: object, ip: string) => call('/api/v1/auth/sign-in', { method: 'POST', headers: { 'cf-connecting-ip': ip }, json: { merchant_no: other.merchantNo, staff_no: other.staff.staffNo, ...json } })
    for (let i = 0; i < 5; i++) expect((await as({ access_code: 'DDDD-DDDD-DD', agent_id: `ZZ${i}` }, `192.0.2.${110 + i}`)).status).toBe(401)
    expect((await as({ access_code: other.staff.code, agent_id: 'ZZ9' }, '192.0.2.120')).status).toBe(429)
  })

  it('holds the account limit against simultaneous guesses: at most 5 are checked', async () => {
    const other = await makeMerchant()
    const guesses = await Promise.all(Array.from({ length: 20 }, (_, i) => call('/api/v1/auth/sign-in', {
      method: 'POST', headers: { 'cf-connecting-ip': `198.18.0.${i + 1}` },
      json: { merchant_no: other.merchantNo, staff_no: other.staff.staffNo, access_code: 'EEEE-EEEE-EE' },
    })))
    const statuses = guesses.map((r) => r.status)
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(5)
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(15)
  })

  it('throttles a client after 20 failures across accounts', async () => {
    for (let i = 0; i < 20; i++) await attempt('CCCC-CCCC-CC', `X${i}`, '198.51.100.200')
    expect((await attempt(shop.staff.code, shop.staff.staffNo, '198.51.100.200')).status).toBe(429)
    expect((await attempt(shop.staff.code, shop.staff.staffNo, '198.51.100.201')).status).toBe(200)
  })

  it('refuses an expired session and ends a session on sign-out', async () => {
    const cookie = await signIn(shop.merchantNo, shop.staff.staffNo, shop.staff.code)
    await env.DB.prepare('UPDATE sessions SET expires_at = 1').run()
    const expired = await call('/api/v1/auth/me', { headers: { cookie } })
    expect(expired.status).toBe(401)
    expect((await problem(expired)).detail).toBe('登录已过期，请重新登录。')

    const fresh = await signIn(shop.merchantNo, shop.staff.staffNo, shop.staff.code)
    const out = await call('/api/v1/auth/sign-out', { method: 'POST', headers: { cookie: fresh } })
    expect(out.status).toBe(204)
    expect(out.headers.get('set-cookie')).toMatch(/ss_session=;.*Max-Age=0/)
    expect((await call('/api/v1/auth/me', { headers: { cookie: fresh } })).status).toBe(401)
  })

  it('validates the sign-in form fields', async () => {
    const body = await problem(await call('/api/v1/auth/sign-in', { method: 'POST', headers: { 'accept-language': 'en' }, json: { merchant_no: '12', staff_no: '', access_code: 'x' } }))
    expect(body.errors?.map((e) => e.path).sort()).toEqual(['access_code', 'merchant_no', 'staff_no'])
  })
})
