import { describe, expect, it } from 'vitest'
import { canonicalRequest, checkTimestamp, signRequest } from '../../functions/terminal/signature'
import { admin, call, makeMerchant, problem, signed } from '../helpers'

describe('signature contract (pure)', () => {
  it('hashes the empty body to the well-known SHA-256 and joins five lines', () => {
    expect(canonicalRequest('get', '/api/v1/terminal/whoami', '1700000000', 'n'.repeat(16), 'e3b0'))
      .toBe('GET\n/api/v1/terminal/whoami\n1700000000\nnnnnnnnnnnnnnnnn\ne3b0')
  })

  it('matches a signature computed independently (openssl dgst -sha256 -hmac)', async () => {
    // printf 'GET\n/api/v1/terminal/whoami\n1700000000\nabcdefghijklmnop\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855' | openssl dgst -sha256 -hmac 'demo-secret'
    expect(await signRequest('demo-secret', 'GET', '/api/v1/terminal/whoami', '1700000000', 'abcdefghijklmnop', ''))
      .toBe('1cc608b83e0728a11a30350e710cc4e41965884b4664d1c8947797298ea4a3ce')
  })

  it('accepts timestamps within 300 s either way', () => {
    expect(checkTimestamp('1000', 1300)).toBe('ok')
    expect(checkTimestamp('1000', 1301)).toBe('stale')
    expect(checkTimestamp('1301', 1000)).toBe('stale')
    expect(checkTimestamp('12.5', 1000)).toBe('malformed')
  })
})

describe('signed terminal requests', async () => {
  const shop = await makeMerchant()

  it('whoami answers the terminal and its merchant', async () => {
    const res = await signed(shop.terminal, '/api/v1/terminal/whoami')
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({ terminal_id: shop.terminal.id, merchant_no: shop.merchantNo, merchant_name: expect.stringContaining('测试商户') })
  })

  it('signs the query string too', async () => {
    expect((await signed(shop.terminal, '/api/v1/terminal/whoami?lang=en')).status).toBe(200)
    const res = await signed(shop.terminal, '/api/v1/terminal/whoami?lang=en', { signPath: '/api/v1/terminal/whoami' })
    expect(res.status).toBe(401)
  })

  it('refuses an altered body', async () => {
    const ts = Math.floor(Date.now() / 1000)
    const nonce = crypto.randomUUID().replace(/-/g, '')
    const good = await signRequest(shop.terminal.secret, 'POST', '/api/v1/terminal/whoami', String(ts), nonce, '{"amount":100}')
    const res = await call('/api/v1/terminal/whoami', {
      method: 'POST', body: '{"amount":10000}',
      headers: { 'content-type': 'application/json', 'x-terminal-id': shop.terminal.id, 'x-timestamp': String(ts), 'x-nonce': nonce, 'x-signature': good },
    })
    expect(res.status).toBe(401)
    expect((await problem(res)).detail).toMatch(/签名不正确/)
  })

  it('refuses an altered path', async () => {
    const res = await signed(shop.terminal, '/api/v1/terminal/whoami', { signPath: '/api/v1/terminal/other' })
    expect(res.status).toBe(401)
  })

  it('refuses a stale timestamp, in the caller’s language', async () => {
    const res = await signed(shop.terminal, '/api/v1/terminal/whoami', { timestamp: Math.floor(Date.now() / 1000) - 301, headers: { 'accept-language': 'en' } })
    expect(res.status).toBe(401)
    expect((await problem(res)).detail).toBe('The terminal clock is more than 300 s off the server; correct the time and retry.')
  })

  it('refuses a replayed nonce', async () => {
    const nonce = 'replay-' + crypto.randomUUID().slice(0, 12)
    expect((await signed(shop.terminal, '/api/v1/terminal/whoami', { nonce })).status).toBe(200)
    const again = await signed(shop.terminal, '/api/v1/terminal/whoami', { nonce })
    expect(again.status).toBe(401)
    expect((await problem(again)).detail).toMatch(/nonce 已使用过/)
  })

  it('refuses an unknown terminal and a wrong secret', async () => {
    expect((await signed({ id: 'ZZZZ9999', secret: shop.terminal.secret }, '/api/v1/terminal/whoami')).status).toBe(401)
    expect((await signed(shop.terminal, '/api/v1/terminal/whoami', { secret: 'not-the-secret' })).status).toBe(401)
  })

  it('names the missing headers', async () => {
    const body = await problem(await call('/api/v1/terminal/whoami', { headers: { 'x-terminal-id': shop.terminal.id } }))
    expect(body.detail).toBe('缺少终端签名头：x-timestamp, x-nonce, x-signature。')
  })

  it('does not let another merchant’s terminal secret sign for this terminal', async () => {
    const other = await makeMerchant()
    expect((await signed({ id: shop.terminal.id, secret: other.terminal.secret }, '/api/v1/terminal/whoami')).status).toBe(401)
    expect((await admin('/api/v1/health')).status).toBe(200)
  })
})
