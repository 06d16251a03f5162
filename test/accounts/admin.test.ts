import { env } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { admin, call, problem, uniq } from '../helpers'

describe('admin bootstrap', () => {
  it('refuses admin endpoints without the token, or with a wrong one', async () => {
    const none = await call('/api/v1/admin/agents', { method: 'POST', json: { agent_id: 'AG-X', name: 'x' } })
    expect(none.status).toBe(401)
    const wrong = await call('/api/v1/admin/agents', { method: 'POST', headers: { authorization: 'Bearer nope' }, json: { agent_id: 'AG-X', name: 'x' } })
    expect(wrong.status).toBe(401)
    expect((await problem(wrong)).detail).toContain('Authorization: Bearer')
  })

  it('creates an agent under a parent; a duplicate is 409 and an unknown parent 422', async () => {
    expect((await admin('/api/v1/admin/agents', { agent_id: 'AG-TOP', name: '华东总代' })).status).toBe(201)
    const sub = await admin('/api/v1/admin/agents', { agent_id: 'AG-SUB', name: '杭州代理', parent_agent_id: 'AG-TOP' })
    expect(sub.status).toBe(201)
    expect(await sub.json()).toMatchObject({ agent_id: 'AG-SUB', parent_agent_id: 'AG-TOP' })
    const dup = await admin('/api/v1/admin/agents', { agent_id: 'AG-TOP', name: 'again' })
    expect(dup.status).toBe(409)
    expect((await problem(dup)).detail).toBe('代理商 AG-TOP 已存在')
    const orphan = await admin('/api/v1/admin/agents', { agent_id: 'AG-ORPHAN', name: 'x', parent_agent_id: 'AG-NONE' })
    expect(orphan.status).toBe(422)
    expect((await problem(orphan)).errors).toEqual([{ path: 'parent_agent_id', message: '代理商 AG-NONE 不存在' }])
  })

  it('creates a merchant; duplicates are 409, an unknown agent 422', async () => {
    const no = '898' + uniq(12)
    expect((await admin('/api/v1/admin/merchants', { merchant_no: no, name: '便利店' })).status).toBe(201)
    expect((await admin('/api/v1/admin/merchants', { merchant_no: no, name: '便利店' })).status).toBe(409)
    const res = await admin('/api/v1/admin/merchants', { merchant_no: '898' + uniq(12), name: 'x', agent_id: 'AG-GHOST' })
    expect(res.status).toBe(422)
  })

  it('registers a terminal and shows its secret once, storing it sealed', async () => {
    const no = '898' + uniq(12)
    await admin('/api/v1/admin/merchants', { merchant_no: no, name: '超市' })
    const id = 't' + uniq(7)
    const res = await admin('/api/v1/admin/terminals', { terminal_id: id, merchant_no: no, model: 'N910', serial_no: 'SN-1' })
    expect(res.status).toBe(201)
    const body = (await res.json()) as { terminal_id: string; secret: string }
    expect(body.terminal_id).toBe(id.toUpperCase())
    expect(body.secret).toMatch(/^[A-Za-z0-9_-]{43}$/)
    const row = await env.DB.prepare('SELECT secret_sealed FROM terminals WHERE terminal_id = ?1').bind(body.terminal_id).first<{ secret_sealed: string }>()
    expect(row?.secret_sealed).toMatch(/^v1\.test1\./)
    expect(row?.secret_sealed).not.toContain(body.secret)
    expect((await admin('/api/v1/admin/terminals', { terminal_id: id, merchant_no: no })).status).toBe(409)
    expect((await admin('/api/v1/admin/terminals', { terminal_id: 'T' + uniq(7), merchant_no: '898' + uniq(12) })).status).toBe(422)
    const list = await admin(`/api/v1/merchants/${no}/terminals`)
    expect(((await list.json()) as { terminals: unknown[] }).terminals).toEqual([expect.objectContaining({ terminal_id: body.terminal_id, serial_no: 'SN-1', model: 'N910' })])
    expect(JSON.stringify(await (await admin(`/api/v1/merchants/${no}/terminals`)).json())).not.toContain('secret')
  })

  it('creates people with a one-time access code stored only as a slow hash', async () => {
    const no = '898' + uniq(12)
    await admin('/api/v1/admin/merchants', { merchant_no: no, name: '餐厅' })
    const res = await admin('/api/v1/admin/people', { role: 'manager', staff_no: 'M1', name: '李店长', merchant_no: no })
    expect(res.status).toBe(201)
    const { id, access_code } = (await res.json()) as { id: string; access_code: string }
    expect(id).toMatch(/^per_[0-9a-z]{16}$/)
    expect(access_code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{2}$/)
    const row = await env.DB.prepare('SELECT access_code_hash FROM people WHERE id = ?1').bind(id).first<{ access_code_hash: string }>()
    expect(row?.access_code_hash).toMatch(/^pbkdf2-sha256\$100000\$/)
    expect(row?.access_code_hash).not.toContain(access_code.replace(/-/g, ''))
    expect((await admin('/api/v1/admin/people', { role: 'staff', staff_no: 'M1', name: '重号', merchant_no: no })).status).toBe(409)
  })

  it('requires the scope that fits the role', async () => {
    const staffWithoutMerchant = await problem(await admin('/api/v1/admin/people', { role: 'staff', staff_no: '1', name: 'x' }))
    expect(staffWithoutMerchant.errors).toEqual([{ path: 'role', message: '店员和店长必须指定商户号；代理商必须指定代理商编号；管理员不能指定二者' }])
    expect((await admin('/api/v1/admin/people', { role: 'agent', staff_no: '1', name: 'x', agent_id: 'AG-NOBODY' })).status).toBe(422)
  })
})

describe('admin recovery', () => {
  it('rotates a terminal secret: the old one stops signing, the new one works', async () => {
    const { makeMerchant, signed } = await import('../helpers')
    const shop = await makeMerchant()
    const res = await admin(`/api/v1/admin/terminals/${shop.terminal.id}/secret`, {})
    expect(res.status).toBe(200)
    const { secret } = (await res.json()) as { secret: string }
    expect(secret).not.toBe(shop.terminal.secret)
    expect((await signed(shop.terminal, '/api/v1/terminal/whoami')).status).toBe(401)
    expect((await signed({ id: shop.terminal.id, secret }, '/api/v1/terminal/whoami')).status).toBe(200)
    expect((await admin('/api/v1/admin/terminals/NOPE0000/secret', {})).status).toBe(404)
  })

  it('lists people without any code or hash', async () => {
    const res = await admin('/api/v1/admin/people')
    const text = await res.text()
    expect(res.status).toBe(200)
    expect(text).toContain('李店长')
    expect(text).not.toMatch(/pbkdf2|access_code/)
  })
})
